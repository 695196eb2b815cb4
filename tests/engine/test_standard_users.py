"""The 人員基準 counts the 前年度平均 users, and new or added places by the estimate of the 留意事項通知
(reference posts.standard_users: 90 % of the places for 6 months from the opening, then the last 6 months'
mean, after a year the last 12 months', until a whole 前年度 lies after the opening; quoted on
https://star-gyousei.com/2020/12/10/2020-12-10-guru-suiteiti/). Hand figures in each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from simulator.engine import project
from simulator.engine.standard_users import new_place_users, prior_year_mean, trailing_mean
from simulator.engine.timeline import Timeline
from simulator.files import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_prior_year_mean_counts_last_fiscal_years_average():
    # horizon 2025-04 .. 2027-03 (two fiscal years); users 10 in FY2025's months 0-5, 16 in months 6-11, 30 after
    tl = Timeline.build(dt.date(2025, 4, 1), 24)
    users = np.array([[10.0] * 6 + [16.0] * 6 + [30.0] * 12])
    got = prior_year_mean(tl, users)
    assert got[0, :12].tolist() == [10.0] * 12  # FY2025: the first month's users stand for the year before
    assert got[0, 12:].tolist() == [13.0] * 12  # FY2026: (6 × 10 + 6 × 16) / 12 = 13, not the 30 of the month


def test_a_horizon_starting_mid_year_averages_the_months_it_has():
    # start 2025-10: FY2025 has 6 months in the horizon (Oct–Mar) at 20, FY2026 counts their mean 20
    tl = Timeline.build(dt.date(2025, 10, 1), 9)
    got = prior_year_mean(tl, np.array([[20.0] * 6 + [5.0] * 3]))
    assert got[0].tolist() == [20.0] * 9


def test_trailing_mean_of_the_months_before():
    x = np.array([[0.0, 6.0, 12.0, 18.0]])
    # month 0: none before (0); month 1: 0; month 2: (0 + 6) / 2 = 3; month 3 with a 2-month window: (6 + 12) / 2 = 9
    assert trailing_mean(x, 2)[0].tolist() == [0.0, 0.0, 3.0, 9.0]


def test_new_places_count_ninety_percent_then_recent_means():
    # 20 new places admitting from month 2 (April start), users 5, 10, 15, 20, 20, … from month 2
    tl = Timeline.build(dt.date(2025, 4, 1), 36)
    admit = np.array([[2.0]])
    users = np.array([[0.0, 0.0, 5.0, 10.0, 15.0] + [20.0] * 31])
    places = np.array([[0.0, 0.0] + [20.0] * 34])
    got = new_place_users(tl, users, places, admit, 0.9, 6, 12)[0]
    assert got[:2].tolist() == [0.0, 0.0]  # before admissions: nothing counted
    assert got[2:8].tolist() == [18.0] * 6  # months 2-7: 0.9 × 20 places, whatever the users
    # month 8: the last 6 months (2-7): (5 + 10 + 15 + 20 + 20 + 20) / 6 = 15
    assert got[8] == pytest.approx(15.0)
    # month 14 (a year after admitting): the last 12 months (2-13): (5 + 10 + 15 + 9 × 20) / 12 = 17.5
    assert got[14] == pytest.approx(17.5)
    # FY2027 (months 24-35): FY2026 (months 12-23) lies wholly after month 2: its average, 20
    assert got[24:].tolist() == [20.0] * 12


def test_a_new_small_multi_is_held_to_the_standard_on_ninety_percent_of_its_places():
    # the 小多機 example opens month 12 (+ hiring delay) with 29 registered places, ramp from 25 %: for its first
    # 6 months the standard counts 0.9 × 29 = 26.1 registered users, so the required FTE stay flat while users grow
    s = load_scenario(ROOT / "scenarios" / "new_service_small_multi.toml")
    proj = project(s)
    # the new service's own users and standard: the plan minus the do-nothing organisation
    users, required = (proj.arrays[name][0] - proj.baseline[name][0] for name in ("users", "fte_required"))
    admit = int(np.argmax(users > 0))
    first = required[admit:admit + 6]
    assert users[admit + 5] > users[admit] * 1.5  # the users do grow in those months
    np.testing.assert_allclose(first, first[0])
    assert required[admit + 6] < first[0]  # then the last 6 months' mean (below 26.1) counts
    assert proj.arrays["staff_shortfall"][0].max() == 0.0  # staffed to it: no 減算
