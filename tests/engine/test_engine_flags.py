"""Market warnings (simulator/engine/flags.py): each raised exactly when its condition holds, and shown in Result.flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import simulate
from simulator.engine.flags import market_flags
from simulator.engine.tables import role_status
from simulator.files import load_scenario
from simulator.i18n import t
from simulator.scenario import Scenario


def plan(market: dict, added: int = 30) -> Scenario:
    return Scenario.model_validate({
        "assumptions": {"horizon_months": 36},
        "organisation": {"services": [{"service": "tokuyo", "capacity": 50}]},
        "market": market,
        "paths": [{"kind": "capacity_increase", "added_capacity": added, "opening_month": 12}],
    })


def test_the_warning_levels_are_the_reference_datas():
    # rules.flag.* in simulator/reference/rules.toml (assumptions of this tool, shown with their reasons)
    from simulator import reference

    on = plan({}).assumptions.start_date
    assert reference.get("rules.flag.low_demand_growth", on) == 0.02  # the edges tested below
    assert reference.get("rules.flag.tight_labour", on) == 0.7


@pytest.mark.parametrize("volume,raised", [(29, True), (30, False), (None, False)])
def test_plan_volume_exceeded(volume, raised):
    s = plan({"municipal_plan_volume": volume})
    assert ("engine.flag_plan_volume_exceeded" in market_flags(s)) is raised


@pytest.mark.parametrize("competing,growth,raised", [(30, 0.01, True), (29, 0.01, False), (30, 0.02, False)])
def test_competition(competing, growth, raised):
    s = plan({"competing_places_planned": competing, "demand_growth_per_year": growth})
    assert ("engine.flag_competition" in market_flags(s)) is raised


@pytest.mark.parametrize("tight,delay,raised", [(0.7, 0, True), (0.69, 0, False), (0.9, 1, False)])
def test_tight_labour_with_on_time_hiring(tight, delay, raised):
    s = plan({"labour_tightness": tight, "hiring_delay_months": delay})
    assert ("engine.flag_tight_labour" in market_flags(s)) is raised


def test_no_path_no_market_flags():
    s = Scenario.model_validate({"organisation": {"services": [{"service": "tokuyo", "capacity": 50}]},
                                 "market": {"labour_tightness": 1.0, "municipal_plan_volume": 0,
                                            "competing_places_planned": 100, "demand_growth_per_year": 0.0}})
    assert market_flags(s) == []


def test_flags_reach_the_result_with_messages_in_both_languages():
    s = plan({"municipal_plan_volume": 10, "competing_places_planned": 40, "demand_growth_per_year": 0.0,
              "labour_tightness": 0.8, "hiring_delay_months": 0})
    flags = simulate(s).flags
    for key in ("engine.flag_plan_volume_exceeded", "engine.flag_competition", "engine.flag_tight_labour"):
        assert key in flags
        assert t(key, "ja") != key and t(key, "en") != key



def test_role_status_agrees_with_the_staffing_flag():
    """The example's home staffs its posts (night posts ≈ 2.8 FTE each, far above the 告示29号 persons on
    night duty): no role is below its standard, and all read "ok". The same plan as a new site, its staff
    6 months late, waits with its admissions for them (staffing.admission_month): still no month flagged."""
    s = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "capacity_tokuyo_30beds.toml")
    same_site = simulate(s)
    table = same_site.staffing
    status = role_status(table, same_site.monthly["staff_shortfall"])
    assert same_site.metrics["months_below_staffing_standard"] == 0
    assert set(status.values()) == {"ok"}
    s.paths[0].new_site = True
    s.market.hiring_delay_months = 6
    late = simulate(s)
    status = role_status(late.staffing, late.monthly["staff_shortfall"])
    assert late.metrics["months_below_staffing_standard"] == 0 and set(status.values()) == {"ok"}
