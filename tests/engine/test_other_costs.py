"""Other costs (経費) behave like a care business's: fixed per place and site, variable per user-day or visit;
inflation moves them, fee revisions do not (reference other_costs.toml, each figure cited there)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference
from simulator.engine import simulate
from simulator.scenario import Scenario

ON = dt.date(2025, 4, 1)


def _monthly(service: str = "tokuyo", occupancy: float = 0.93, **assumptions):
    s = Scenario.model_validate({
        "assumptions": {"start_date": ON, "horizon_months": 24, "wage_growth_per_year": 0.0,
                        "inflation_per_year": 0.0, **assumptions},
        "organisation": {"region_grade": 6, "services": [{"service": service, "capacity": 60,
                                                          "occupancy": occupancy}]}})
    return simulate(s).monthly


def test_a_fee_revision_moves_fees_not_other_costs():
    flat = _monthly()
    revised = _monthly(fee_revisions=[{"date": dt.date(2025, 10, 1), "change": 0.10}])
    assert revised["revenue_fee_yen"].iloc[12] > flat["revenue_fee_yen"].iloc[12] * 1.09
    assert (revised["other_costs_yen"] == flat["other_costs_yen"]).all()


def test_inflation_moves_other_costs_from_the_next_fiscal_year():
    flat, inflated = _monthly(), _monthly(inflation_per_year=0.02)
    assert inflated["other_costs_yen"].iloc[0] == pytest.approx(flat["other_costs_yen"].iloc[0])
    assert inflated["other_costs_yen"].iloc[12] == pytest.approx(flat["other_costs_yen"].iloc[12] * 1.02)


def test_an_empty_place_saves_only_the_variable_part():
    # 60 places, 93 % → 83 % occupancy: 6 fewer users × 30.42 days × (給食 + 介護用品) a month; the fixed part
    # (水道光熱 + fixed per place) does not move
    cs = reference.other_cost_structure("tokuyo", on=ON)
    full, fewer = _monthly(occupancy=0.93), _monthly(occupancy=0.83)
    saved = full["other_costs_yen"].iloc[0] - fewer["other_costs_yen"].iloc[0]
    per_day = cs["food_yen_per_user_day"] + cs["supplies_yen_per_user_day"]
    assert saved == pytest.approx(60 * 0.10 * 30.42 * per_day, abs=2.0)  # the monthly table is in whole yen
    fixed = 60 * (cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"]) / 12
    assert fewer["other_costs_yen"].iloc[0] > fixed > 0.6 * full["other_costs_yen"].iloc[0]
