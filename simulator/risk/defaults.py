"""Default uncertainty: ranges per path and correlations, each marked with where it comes from.

``uncertain_inputs(scenario)`` returns the distributions and rank correlations a Monte Carlo or a
tornado uses: the user's own ``uncertainty.inputs`` first, then (if ``use_path_defaults``) a default
range for every input the user did not list, then the default correlations (if
``use_default_correlations``) overridden pair by pair by the user's. A range is centred on the
scenario's own value (its mode), so the base case stays the most likely case. The widths and the
correlations are reference data (``simulator/reference/risk_ranges.toml``, each with its source or marked
``assumption``), read on the scenario's start date; the range's ``source`` is that entry's title. A range
stays within the bounds the schema allows for its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator import reference
from simulator.risk.edits import bounds
from simulator.scenario import (
    BusinessTransfer,
    CapacityIncrease,
    Collaboration,
    Distribution,
    Merger,
    NewService,
    Scenario,
)

# Sampled only to drive the inputs correlated with them: the engine reads neither (they raise market
# warnings), so alone they move no result, and a tornado leaves them out unless the user listed them.
DRIVERS = frozenset({"market.labour_tightness", "market.demand_growth_per_year"})


def source_text(found: Any) -> str:
    """A range's ``source`` in the reports: the entry's title, an assumption saying so and where to change it."""
    title = found.source.title
    if found.confidence == "assumption" and "assumption" not in title:
        return f"assumption (仮定): {title.removeprefix('仮定：')}; editable in [[uncertainty.inputs]]"
    return title


class _Ranges:
    """The reference ranges in force on one date: ``width(name)`` -> (value dict, source text)."""

    def __init__(self, scenario: Scenario) -> None:
        self.on = scenario.assumptions.start_date

    def __call__(self, name: str) -> tuple[dict[str, Any], str]:
        found = reference.lookup(f"risk.range.{name}", self.on)
        return dict(found.value), source_text(found)

    def additive(self, name: str, target: str, mode: float) -> Distribution | None:
        """``mode − below`` … ``mode + above``."""
        w, source = self(name)
        return _tri(target, mode - w["below"], mode, mode + w["above"], source)

    def factor(self, name: str, target: str, mode: float) -> Distribution | None:
        """``mode × low_factor`` … ``mode × high_factor + high_add`` (high_factor 1 when not given)."""
        w, source = self(name)
        return _tri(target, mode * w["low_factor"], mode, mode * w.get("high_factor", 1.0) + w.get("high_add", 0.0),
                    source)


def _tri(target: str, low: float, mode: float, high: float, source: str) -> Distribution | None:
    floor, cap = bounds(target)
    low, high = max(low, floor), min(high, cap)
    mode = min(max(mode, low), high)
    if not low < high:
        return None
    return Distribution(target=target, kind="triangular", low=low, mode=mode, high=high, source=source)


def path_defaults(scenario: Scenario) -> list[Distribution]:
    """Default ranges for the market, the assumptions, the financing and each path (fields with a value)."""
    a, m = scenario.assumptions, scenario.market
    r = _Ranges(scenario)
    wage, wage_source = r("wage_growth")
    last = reference.lookup("risk.wage_rise_last_year", r.on).value
    wage_high = max(last["rise"] / (last["average_after"] - last["rise"]), a.wage_growth_per_year + wage["above"])
    out: list[Distribution | None] = [
        r.additive("labour_tightness", "market.labour_tightness", m.labour_tightness),
        r.additive("hiring_delay_months", "market.hiring_delay_months", m.hiring_delay_months),
        _tri("assumptions.wage_growth_per_year", a.wage_growth_per_year - wage["below"], a.wage_growth_per_year,
             wage_high, wage_source),
        r.additive("demand_growth", "market.demand_growth_per_year", m.demand_growth_per_year),
    ]
    if a.turnover_rate_per_year is not None:
        out.append(r.additive("turnover_rate", "assumptions.turnover_rate_per_year", a.turnover_rate_per_year))
    for j, revision in enumerate(a.fee_revisions):
        out.append(r.additive("fee_revision_change", f"assumptions.fee_revisions.{j}.change", revision.change))
    for j, loan in enumerate(scenario.financing.loans):
        out.append(r.additive("loan_rate", f"financing.loans.{j}.annual_rate", loan.annual_rate))
    for i, path in enumerate(scenario.paths):
        out += _one_path(r, i, path, _path_service(scenario, path))
    return [d for d in out if d is not None]


def _path_service(scenario: Scenario, path: object) -> str:
    """The service a capacity increase or new service opens places of ("" for other paths)."""
    if isinstance(path, NewService):
        return path.operation.service.value
    if isinstance(path, CapacityIncrease) and path.service_index < len(scenario.organisation.services):
        return scenario.organisation.services[path.service_index].service.value
    return ""


# The occupancy-ceiling range by service: only GH has a cited spread; 特養-type homes keep waiting lists, so
# their downside is narrower; the other services' spread is an assumption. A 特養 range must not cite a GH figure.
CEILING_RANGE = {"group_home": "occupancy_ceiling", "tokuyo": "occupancy_ceiling_residential",
                 "community_tokuyo": "occupancy_ceiling_residential", "roken": "occupancy_ceiling_residential"}


def _one_path(r: _Ranges, i: int, path: object, service: str = "") -> list[Distribution | None]:
    p = f"paths.{i}"
    out: list[Distribution | None] = []
    if isinstance(path, CapacityIncrease | NewService):
        c = path.ramp.ceiling
        name = CEILING_RANGE.get(service, "occupancy_ceiling_other")
        w, source = r(name)
        below = w["profitable_year2"] - w["loss_making_year2"] if name == "occupancy_ceiling" else w["below"]
        out.append(_tri(f"{p}.ramp.ceiling", c - below, c, c + w["above"], source))
        out.append(r.factor("months_to_ceiling", f"{p}.ramp.months_to_ceiling", path.ramp.months_to_ceiling))
        cost = path.construction.cost_per_m2_yen
        if cost is not None and path.construction.kind != "none":
            out.append(r.factor("construction_cost", f"{p}.construction.cost_per_m2_yen", cost))
    elif isinstance(path, Merger):
        out.append(r.factor("synergy_realisation", f"{p}.synergies.realisation", path.synergies.realisation))
        out.append(r.factor("extra_attrition", f"{p}.extra_attrition_first_year", path.extra_attrition_first_year))
    elif isinstance(path, BusinessTransfer):
        out.append(r.additive("staff_retention", f"{p}.staff_retention", path.staff_retention))
    elif isinstance(path, Collaboration):  # savings realised (as a merger's synergies) and how fast
        out.append(r.factor("synergy_realisation", f"{p}.realisation", path.realisation))
        out.append(r.factor("phase_in_months", f"{p}.phase_in_months", path.phase_in_months))
    return out


def default_correlations(scenario: Scenario) -> list[tuple[str, str, float]]:
    """Labour-market tightness ↔ hiring delay ↔ wage growth; local demand ↔ occupancy ceiling and ramp."""
    on = scenario.assumptions.start_date
    labour = reference.lookup("risk.correlation.labour", on).value
    demand = reference.lookup("risk.correlation.demand", on).value
    pairs = [
        ("market.labour_tightness", "market.hiring_delay_months", float(labour["tightness_hiring_delay"])),
        ("market.labour_tightness", "assumptions.wage_growth_per_year", float(labour["tightness_wage_growth"])),
        ("market.hiring_delay_months", "assumptions.wage_growth_per_year", float(labour["hiring_delay_wage_growth"])),
    ]
    for i, path in enumerate(scenario.paths):
        if isinstance(path, CapacityIncrease | NewService):
            ceiling, months = f"paths.{i}.ramp.ceiling", f"paths.{i}.ramp.months_to_ceiling"
            pairs += [
                ("market.demand_growth_per_year", ceiling, float(demand["demand_ceiling"])),
                ("market.demand_growth_per_year", months, float(demand["demand_ramp_months"])),
                (ceiling, months, float(demand["ceiling_ramp_months"])),
            ]
    return pairs


def uncertain_inputs(
    scenario: Scenario, extra_defaults: Callable[[Scenario], list[Distribution]] | None = None
) -> tuple[list[Distribution], list[tuple[str, str, float]]]:
    """(distributions, rank correlations) for this scenario: the user's, then the defaults not overridden."""
    u = scenario.uncertainty
    inputs = list(u.inputs)
    listed = {d.target for d in inputs}
    if u.use_path_defaults:
        defaults = path_defaults(scenario) + (extra_defaults(scenario) if extra_defaults else [])
        for d in defaults:
            if d.target not in listed:
                inputs.append(d)
                listed.add(d.target)
    pairs: dict[frozenset[str], tuple[str, str, float]] = {}
    if u.use_default_correlations:
        pairs |= {frozenset((a, b)): (a, b, r) for a, b, r in default_correlations(scenario)}
    pairs |= {frozenset((a, b)): (a, b, float(r)) for a, b, r in u.correlations}
    return inputs, [pair for pair in pairs.values() if pair[0] in listed and pair[1] in listed]


def user_pairs(scenario: Scenario) -> set[frozenset[str]]:
    """The correlations the user set in the file (kept exactly when they contradict the defaults)."""
    return {frozenset((a, b)) for a, b, _ in scenario.uncertainty.correlations}
