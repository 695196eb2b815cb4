"""改修 (renovation) has its own cost basis: the WAM new-build cost per m² × the renovation share, an
explicit assumption in simulator/reference/costs.toml (construction.renovation_cost_share = 0.5), not the
full new-build cost (issue 19, point 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference
from simulator.engine import project
from simulator.risk.stress import reference_default
from simulator.scenario import Scenario

START = dt.date(2026, 4, 1)


def _capex(kind: str, **construction) -> float:
    s = Scenario.model_validate({
        "organisation": {"services": [{"service": "tokuyo", "capacity": 50}]},
        "paths": [{"kind": "capacity_increase", "added_capacity": 10, "opening_month": 12,
                   "construction": {"kind": kind, "equipment_yen": 0, "months_to_build": 6, **construction}}],
        "assumptions": {"start_date": START, "horizon_months": 36}})
    p = project(s)
    return float((p.arrays["capex_yen"] - p.baseline["capex_yen"])[0].sum())


def test_the_renovation_share_is_a_visible_assumption():
    found = reference.construction_entry("renovation_cost_share", on=START)
    assert found.confidence == "assumption"
    assert 0 < float(found.value) < 1
    assert found.source is not None and "仮定" in found.source.title


def test_renovation_costs_the_share_of_a_new_build():
    new = reference.construction("cost_per_m2_yen", service="tokuyo", on=START)  # WAM 2024: 387,000 円/m²
    share = reference.construction("renovation_cost_share", on=START)
    area = 10 * reference.construction("m2_per_place", service="tokuyo", on=START)  # 468 m²
    assert _capex("new_build") == pytest.approx(area * new, rel=1e-9)
    assert _capex("renovation") == pytest.approx(area * new * share, rel=1e-9)
    assert _capex("renovation") < _capex("extension")
    assert reference.building_cost_per_m2("tokuyo", "renovation", on=START) == pytest.approx(new * share)


def test_a_given_cost_per_m2_is_used_as_typed_for_a_renovation():
    assert _capex("renovation", floor_area_m2=300, cost_per_m2_yen=120_000) == pytest.approx(36_000_000)


def test_a_stress_case_scales_the_renovation_default():
    s = Scenario.model_validate({
        "organisation": {"services": [{"service": "tokuyo", "capacity": 50}]},
        "paths": [{"kind": "capacity_increase", "added_capacity": 10, "construction": {"kind": "renovation"}}],
        "assumptions": {"start_date": START}})
    assert reference_default(s, "paths.0.construction.cost_per_m2_yen") == pytest.approx(
        reference.building_cost_per_m2("tokuyo", "renovation", on=START))
