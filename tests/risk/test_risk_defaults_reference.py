"""The default uncertainty ranges and correlations are reference data (risk_ranges.toml), not numbers in
the risk code: every ``risk.*`` parameter is read when the examples' defaults are built, each carries a
source or says ``assumption``, and a range is the scenario's value moved by the widths the data gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import reference
from simulator.files import load_scenario
from simulator.reference.loader import catalogue, recording
from simulator.risk.defaults import CEILING_RANGE, _path_service, uncertain_inputs
from simulator.scenario import CapacityIncrease, NewService

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
RISK_IDS = {i for i in catalogue() if i.startswith("risk.")}


def test_every_risk_parameter_is_read_by_the_defaults():
    assert len(RISK_IDS) >= 10
    scenarios = [load_scenario(path) for path in EXAMPLES]
    first = scenarios[0]  # with a turnover rate of its own, so that its range is built too
    scenarios.append(first.model_copy(update={"assumptions": first.assumptions.model_copy(
        update={"turnover_rate_per_year": 0.15})}))
    with recording() as used:
        for scenario in scenarios:
            uncertain_inputs(scenario)
    assert RISK_IDS <= used, f"never read: {sorted(RISK_IDS - used)}"


def test_each_range_has_a_source_and_an_assumption_says_so():
    for param_id in RISK_IDS:
        found = reference.lookup(param_id, load_scenario(EXAMPLES[0]).assumptions.start_date)
        assert found.source.url and found.confidence in {"single_source", "assumption", "verified"}


def test_the_occupancy_ceiling_range_follows_the_service():
    """GH: the published gap between profitable and loss-making homes; 特養-type: the narrower cited range;
    others: the assumption. Checked on every example path that opens places."""
    checked = 0
    for path in EXAMPLES:
        s = load_scenario(path)
        inputs, pairs = uncertain_inputs(s)
        for i, spec in enumerate(s.paths):
            if not isinstance(spec, CapacityIncrease | NewService):
                continue
            name = CEILING_RANGE.get(_path_service(s, spec), "occupancy_ceiling_other")
            width = reference.lookup(f"risk.range.{name}", s.assumptions.start_date).value
            below = (width["profitable_year2"] - width["loss_making_year2"] if name == "occupancy_ceiling"
                     else width["below"])
            ceiling = next(d for d in inputs if d.target == f"paths.{i}.ramp.ceiling")
            c = spec.ramp.ceiling
            assert ceiling.low == pytest.approx(max(0.0, c - below)), (path.stem, name)
            assert ceiling.high == pytest.approx(min(1.0, c + width["above"]))
            demand = reference.lookup("risk.correlation.demand", s.assumptions.start_date).value
            assert ("market.demand_growth_per_year", ceiling.target, demand["demand_ceiling"]) in pairs
            checked += 1
    assert checked >= 3
