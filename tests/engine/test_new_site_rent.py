"""A rented new site of a capacity increase (事業所増設, ``new_site = true``) pays its rent from its opening, and the
rent replaces the average rent inside the survey's 経費 there, as for a new service or an organisation service
(engine/other_costs.py, commit 54fb662). A capacity increase at the same site has no rent of its own.

Reference values used (simulator/reference/other_costs.toml, read at the start date 2026-04-01; asserted in
tests/engine/test_rent_replaces_survey_rent.py::test_the_reference_figures_the_hand_calculations_use and again
below so that a change of data shows here):
- other_costs.day_service (R7 概況調査 第54表 社会福祉法人): fixed 222,300 円 per place and 6,670,000 円 per site a
  year, no 水道光熱費 item of its own;
- other_costs.rent.day_service (ASSUMPTION, 2.0 % of the table's revenue): 43,680 円 per place a year, none per site.
In the opening month the new site's ramp starts at 0 users (ramp.start = 0, no hiring delay), so that month's other
costs are its fixed part alone; with zero inflation and no other_cost_ratio the structure is unscaled. The existing
30-place day service states no accounts (no calibration) and is the same block in plan and baseline, so plan − do
nothing is the new site's own.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator import reference
from simulator.engine import project
from simulator.errors import ScenarioError
from simulator.files import loads
from simulator.scenario import Scenario

START = dt.date(2026, 4, 1)
FLAT = {"start_date": START, "horizon_months": 36, "wage_growth_per_year": 0.0, "inflation_per_year": 0.0}
OPENING = 6
ADDED = 20
RENT = 250_000.0


def _second_site(rent: float, new_site: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(other costs, rent) a month that a capacity increase of 20 places adds to the plan (plan − do nothing)."""
    s = Scenario.model_validate({
        "organisation": {"services": [{"service": "day_service", "capacity": 30, "occupancy": 0.7}]},
        "market": {"hiring_delay_months": 0},
        "paths": [{"kind": "capacity_increase", "service_index": 0, "added_capacity": ADDED, "new_site": new_site,
                   "opening_month": OPENING, "hiring_lead_months": 2, "rent_yen_per_month": rent,
                   "ramp": {"start": 0.0, "ceiling": 0.9, "months_to_ceiling": 12},
                   "construction": {"kind": "none"}}],
        "assumptions": FLAT})
    p = project(s)
    plan, base = p.arrays, p.baseline
    return ((plan["other_costs_yen"] - base["other_costs_yen"])[0], (plan["rent_yen"] - base["rent_yen"])[0])


def test_the_reference_figures_the_hand_calculations_use():
    day = reference.other_cost_structure("day_service", on=START)
    assert (day["utilities_yen_per_place_year"], day["fixed_yen_per_place_year"],
            day["fixed_yen_per_site_year"]) == (0, 222_300, 6_670_000)
    assert reference.survey_rent("day_service", on=START) == {"yen_per_place_year": 43_680, "yen_per_site_year": 0}


def test_a_rented_new_site_pays_its_rent_instead_of_the_survey_average():
    # New site of 20 places, opening month (0 users): survey fixed = 20 × 222,300 / 12 + 6,670,000 / 12
    #   = 370,500 + 555,833.33 = 926,333.33 円; average rent inside it = 20 × 43,680 / 12 = 72,800 円.
    # With rent R = 250,000: other + rent = 926,333.33 − 72,800 + 250,000 = 1,103,533.33 円 (before this change the
    # new site had no rent field: its rent was 0 and its other costs 926,333.33 円 whatever the site cost).
    other, rent = _second_site(RENT)
    assert rent[OPENING] == RENT
    assert other[OPENING] == pytest.approx(926_333.33 - 72_800, abs=0.01)
    assert other[OPENING] + rent[OPENING] == pytest.approx(1_103_533.33, abs=0.01)
    # every open month (users filling up): the rent replaces 72,800 円 of the survey's costs; the variable part
    # (user-days × 550 円) is the same with and without the rent
    other_0, rent_0 = _second_site(0)
    assert np.all(rent[OPENING:] == RENT)
    assert np.allclose((other + rent - other_0 - rent_0)[OPENING:], RENT - 72_800, atol=0.01)
    assert np.all(other[:OPENING] == 0) and np.all(rent[:OPENING] == 0)  # nothing before the site opens


def test_a_new_site_without_rent_keeps_the_survey_costs():
    # R = 0: the new site's survey fixed costs stay whole, 926,333.33 円 in the opening month, and no rent line
    other, rent = _second_site(0)
    assert other[OPENING] == pytest.approx(926_333.33, abs=0.01)
    assert np.all(rent == 0)


def test_places_at_the_same_site_add_no_rent_and_keep_the_survey_costs():
    # 20 places at the existing site, opening month: 20 × 222,300 / 12 = 370,500 円 more fixed costs (the site's
    # 6,670,000 円 a year is paid already), no rent of their own (the service's rent_yen_per_month is 0)
    other, rent = _second_site(0, new_site=False)
    assert other[OPENING] == pytest.approx(370_500, abs=0.01)
    assert np.all(rent == 0)


@pytest.mark.parametrize(("lang", "words"), [("ja", "新しい事業所"), ("en", "new site")])
def test_a_rent_at_the_same_site_is_refused_naming_the_field(lang, words):
    text = ('[[organisation.services]]\nservice = "day_service"\ncapacity = 30\n'
            '[[paths]]\nkind = "capacity_increase"\nadded_capacity = 10\nrent_yen_per_month = 200000\n')
    with pytest.raises(ScenarioError) as caught:
        loads(text, "toml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("paths[0].rent_yen_per_month", "site_rent_without_new_site")
    message = problem.message(lang)
    assert "rent_yen_per_month" in message and words in message
    line = problem.line(lang)
    assert line.startswith("paths[0].rent_yen_per_month")
    assert ("地代家賃" in line) == (lang == "ja")  # the field's label in the file's error line, in its language
    loads(text.replace("added_capacity = 10\n", "added_capacity = 10\nnew_site = true\n"), "toml")  # a new site: ok
