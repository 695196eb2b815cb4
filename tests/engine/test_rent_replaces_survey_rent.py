"""A rent the user enters replaces the average rent inside the survey's 経費; it never adds to it.

Reference values used (simulator/reference/other_costs.toml, read at the start date 2026-04-01; each asserted below
so that a change of data shows here):
- other_costs.day_service (R7 概況調査 第54表 社会福祉法人): fixed 222,300 円 per place and 6,670,000 円 per site a
  year, no 水道光熱費 item of its own; other_costs.rent.day_service (ASSUMPTION, 2.0 % of the table's revenue):
  43,680 円 per place a year.
- other_costs.home_help (R7 概況調査): fixed 13,060,000 円 per office a year; other_costs.rent.home_help (ASSUMPTION,
  1.5 % of a typical office's revenue): 1,084,500 円 per office a year.
- other_costs.rent.group_home: 0 (the WAM GH structure treats the site's rent as a separate line).
In the opening month the ramp starts at 0 users (ramp.start = 0, no hiring delay), so that month's other costs are
the fixed part alone; with zero inflation and no other_cost_ratio the structure is unscaled.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator import reference
from simulator.engine import project
from simulator.scenario import Scenario

START = dt.date(2026, 4, 1)
FLAT = {"start_date": START, "horizon_months": 36, "wage_growth_per_year": 0.0, "inflation_per_year": 0.0}
OPENING = 6
RENT = 250_000.0


def _new_service(operation: dict) -> tuple[np.ndarray, np.ndarray]:
    """(other costs, rent) a month that the new service adds to the plan (plan − do nothing), trial 0."""
    s = Scenario.model_validate({
        "organisation": {"services": [{"service": "tokuyo", "capacity": 50}]},
        "market": {"hiring_delay_months": 0},
        "paths": [{"kind": "new_service", "opening_month": OPENING, "hiring_lead_months": 2,
                   "ramp": {"start": 0.0, "ceiling": 0.9, "months_to_ceiling": 12},
                   "operation": operation, "construction": {"kind": "none"}}],
        "assumptions": FLAT})
    p = project(s)
    plan, base = p.arrays, p.baseline
    return ((plan["other_costs_yen"] - base["other_costs_yen"])[0],
            (plan["rent_yen"] - base["rent_yen"])[0])


def test_the_reference_figures_the_hand_calculations_use():
    day = reference.other_cost_structure("day_service", on=START)
    assert (day["utilities_yen_per_place_year"], day["fixed_yen_per_place_year"],
            day["fixed_yen_per_site_year"]) == (0, 222_300, 6_670_000)
    assert reference.survey_rent("day_service", on=START) == {"yen_per_place_year": 43_680, "yen_per_site_year": 0}
    assert reference.other_cost_structure("home_help", on=START)["fixed_yen_per_site_year"] == 13_060_000
    assert reference.survey_rent("home_help", on=START) == {"yen_per_place_year": 0, "yen_per_site_year": 1_084_500}
    assert reference.survey_rent("group_home", on=START) == {"yen_per_place_year": 0, "yen_per_site_year": 0}


def test_a_new_day_service_with_rent_pays_its_rent_instead_of_the_survey_average():
    # 30 places, opening month (0 users): survey fixed = 30 × 222,300 / 12 + 6,670,000 / 12
    #   = 555,750 + 555,833.33 = 1,111,583.33 円; average rent inside it = 30 × 43,680 / 12 = 109,200 円.
    # With rent R = 250,000: other + rent = 1,111,583.33 − 109,200 + 250,000 = 1,252,383.33 円 (the old engine
    # gave 1,361,583.33: the survey's average rent and R both).
    operation = {"service": "day_service", "capacity": 30, "rent_yen_per_month": RENT}
    other, rent = _new_service(operation)
    assert rent[OPENING] == RENT
    assert other[OPENING] == pytest.approx(1_111_583.33 - 109_200, abs=0.01)
    assert other[OPENING] + rent[OPENING] == pytest.approx(1_252_383.33, abs=0.01)
    # every open month (users filling up): the rent replaces 109,200 円 of the survey's costs, the variable part
    # (user-days × 550 円) is the same with and without rent
    other_0, rent_0 = _new_service({**operation, "rent_yen_per_month": 0})
    open_months = slice(OPENING, None)
    assert np.allclose((other + rent - other_0 - rent_0)[open_months], RENT - 109_200, atol=0.01)
    assert np.all(other[:OPENING] == 0) and np.all(rent[:OPENING] == 0)  # nothing before the places exist


def test_a_new_day_service_without_rent_keeps_the_survey_costs():
    # R = 0: the survey's fixed costs stay whole, 1,111,583.33 円 in the opening month, and no rent line
    other, rent = _new_service({"service": "day_service", "capacity": 30})
    assert other[OPENING] == pytest.approx(1_111_583.33, abs=0.01)
    assert np.all(rent == 0)


def test_a_new_home_help_office_with_rent_replaces_the_survey_office_rent():
    # 60 users, opening month (0 visits): survey fixed = 13,060,000 / 12 = 1,088,333.33 円 per office; average rent
    # = 1,084,500 / 12 = 90,375 円. With R = 250,000: other + rent = 1,088,333.33 − 90,375 + 250,000
    # = 1,247,958.33 円; with R = 0: 1,088,333.33 円.
    operation = {"service": "home_help", "capacity": 60, "rent_yen_per_month": RENT}
    other, rent = _new_service(operation)
    assert other[OPENING] + rent[OPENING] == pytest.approx(1_247_958.33, abs=0.01)
    other_0, rent_0 = _new_service({**operation, "rent_yen_per_month": 0})
    assert other_0[OPENING] == pytest.approx(1_088_333.33, abs=0.01)
    assert np.allclose((other - other_0)[OPENING:], -90_375, atol=0.01)


def test_a_service_whose_survey_holds_no_rent_adds_the_rent():
    # group home: other_costs.rent.group_home = 0, so the other costs do not move and the rent comes on top
    operation = {"service": "group_home", "capacity": 9, "rent_yen_per_month": RENT}
    other, rent = _new_service(operation)
    other_0, _ = _new_service({**operation, "rent_yen_per_month": 0})
    assert np.array_equal(other, other_0)
    assert np.all(rent[OPENING:] == RENT)


def test_a_calibrated_service_absorbs_the_rent_in_its_stated_accounts():
    # A running day service stated with its accounts (costs 56,000,000 円 a year, rent included): calibration makes
    # the first year's personnel + recruiting + other + rent the accounts' figure whatever rent is entered (the
    # 処遇改善 payout on the calibrated revenue, the same in both runs, comes on top), so the entered rent moves
    # only the split: with 350,000 円 a month the other costs before calibration drop by the survey's average
    # rent (25 × 43,680 / 12 = 91,000 円 a month) and the rest is scaled to the accounts less the rent.
    svc = {"service": "day_service", "capacity": 25, "occupancy": 0.7,
           "actual_revenue_yen_per_year": 58_600_000, "actual_costs_yen_per_year": 56_000_000}

    def first_year(rent: float) -> dict[str, float]:
        s = Scenario.model_validate({"organisation": {"services": [{**svc, "rent_yen_per_month": rent}]},
                                     "assumptions": FLAT})
        a = project(s).arrays
        return {c: float(a[c][0, :12].sum()) for c in ("personnel_yen", "recruiting_yen", "other_costs_yen",
                                                        "rent_yen", "revenue_yen")}

    rented, owned = first_year(350_000), first_year(0)
    assert rented["rent_yen"] == pytest.approx(350_000 * 12) and owned["rent_yen"] == 0
    assert rented["revenue_yen"] == pytest.approx(owned["revenue_yen"])
    assert sum(rented[c] for c in rented if c != "revenue_yen") == pytest.approx(
        sum(owned[c] for c in owned if c != "revenue_yen"), rel=1e-9)
