"""The size of a unit (ユニット, GH 共同生活住居) sets the number of units, and the night posts follow the units.

posts.toml: a ユニット型特養 staffs a 16-hour night post per two units (告示29号: 2ユニットごとに1), units =
ceil(places ÷ places per unit), 10 by reference. A 66-place home of 10-place units has 7 units and 4 night
posts; the same home built as 6 units of 11 has 3 (the ユニット定員 may be up to 15 since R3). Day shifts are per
10 places whatever the units, and the calibration to WAM's size classes is done in the reference's 10-place
units (the surveyed homes), so only the night posts move.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from simulator.engine import simulate
from simulator.scenario import Scenario

START = dt.date(2025, 4, 1)  # before 2026-06: no 処遇改善 payout, so 人件費 is the staff's pay only


def _home(service: str, places: int, per_unit: int | None) -> Scenario:
    return Scenario.model_validate({
        "assumptions": {"start_date": START, "horizon_months": 12, "wage_growth_per_year": 0.0},
        "organisation": {"region_grade": 6, "services": [{"service": service, "capacity": places, "occupancy": 0.93,
                                                          "places_per_unit": per_unit}]}})


def test_eleven_place_units_need_one_night_post_fewer_at_66_places():
    ten, eleven = (simulate(_home("tokuyo", 66, size)) for size in (None, 11))
    night = [r.staffing["night_staff_planned"].iloc[0] for r in (ten, eleven)]
    assert night[1] / night[0] == pytest.approx(3 / 4, rel=1e-9)  # ceil(7/2) = 4 → ceil(6/2) = 3 posts
    care = [r.staffing["care_worker_planned"].iloc[0] for r in (ten, eleven)]
    assert care[1] == pytest.approx(care[0], rel=1e-12)
    # the saving is one post's FTE at a night worker's cost (the other roles' pay does not move)
    saved_fte = night[0] - night[1]
    personnel = [r.monthly["personnel_yen"].iloc[0] for r in (ten, eleven)]
    per_night_fte = personnel[0] - personnel[1]
    assert per_night_fte / saved_fte == pytest.approx(
        (personnel[0] / ten.monthly["fte_planned"].iloc[0]) * 338_200 / _mean_wage(ten), rel=0.01)


def _mean_wage(result) -> float:
    from simulator import reference

    roles = [c.removesuffix("_planned") for c in result.staffing.columns if c.endswith("_planned")]
    fte = {r: result.staffing[f"{r}_planned"].iloc[0] for r in roles}
    return sum(fte[r] * reference.wage(r, on=START) for r in roles) / sum(fte.values())


def test_the_reference_unit_size_is_the_default():
    assert (simulate(_home("tokuyo", 66, None)).monthly["personnel_yen"].iloc[0]
            == simulate(_home("tokuyo", 66, 10)).monthly["personnel_yen"].iloc[0])


def test_smaller_group_home_dwellings_need_a_night_post_each():
    # GH: a night post per dwelling (ユニットごとに夜勤1); 18 places as 3 dwellings of 6 instead of 2 of 9
    two, three = (simulate(_home("group_home", 18, size)) for size in (None, 6))
    night = [r.staffing["night_staff_planned"].iloc[0] for r in (two, three)]
    assert night[1] / night[0] == pytest.approx(3 / 2, rel=1e-9)


@pytest.mark.parametrize(("service", "size", "code"), [
    ("day_service", 10, "places_per_unit_not_used"),  # a day service is not staffed by unit
    ("tokuyo", 16, "less_than_equal"),  # ユニット定員: 15人を超えない (the field's own bound)
    ("group_home", 10, "places_per_unit_too_many"),  # 共同生活住居: 5〜9人
])
def test_a_unit_size_that_cannot_apply_is_refused(service, size, code):
    with pytest.raises(ValidationError) as caught:
        _home(service, 30, size)
    assert code in {e["type"] for e in caught.value.errors()}


def test_a_conventional_home_has_no_units():
    with pytest.raises(ValidationError) as caught:
        Scenario.model_validate({"organisation": {"services": [{"service": "tokuyo", "capacity": 50,
                                                                "variant": {"room_type": "conventional"},
                                                                "places_per_unit": 10}]}})
    assert "places_per_unit_not_used" in {e["type"] for e in caught.value.errors()}


def test_the_refusal_names_the_field_in_both_languages():
    from simulator.errors import from_validation_error

    with pytest.raises(ValidationError) as caught:
        _home("group_home", 18, 10)
    problem = from_validation_error(caught.value).problems[0]
    assert problem.path == "organisation.services[0].places_per_unit"
    assert "1ユニットの定員" in problem.ja and "9 人まで" in problem.ja
    assert "places per unit can be at most 9" in problem.en
