"""engine/lender.py ``year_phases``: the one definition of the fiscal years the verdict tests DSCR in (full
years starting at or after the plan operates: fill-up and stable) and of the years it does not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.engine.lender import PHASES, fiscal_of, year_phases


def _names(start: str, months: int, operating: float, stable: float) -> tuple[list[int], list[str]]:
    dates = pd.date_range(start, periods=months, freq="MS")
    years, phase = year_phases(fiscal_of(dates), np.array([[operating]]), np.array([[stable]]))
    return years, [PHASES[int(p)] for p in phase[0]]


def test_construction_opening_fill_up_and_stable_years():
    # 48 months from 2026-04: FY2026 = months 0–11, FY2027 = 12–23, FY2028 = 24–35, FY2029 = 36–47.
    # Opening in month 14 (2027-06): FY2026 ends before it (construction), FY2027 holds it (opening year);
    # the ramp is at its ceiling from month 30, so FY2028 (starts 24) fills up and FY2029 (starts 36) is stable.
    years, names = _names("2026-04-01", 48, 14, 30)
    assert years == [2026, 2027, 2028, 2029]
    assert names == ["before", "opening", "fill_up", "stable"]


def test_an_opening_on_the_first_month_of_a_year_makes_it_an_operating_year():
    # opening in month 24 = 2028-04: FY2027 (months 12–23) ends at month 23 < 24 → construction
    _, names = _names("2026-04-01", 48, 24, 30)
    assert names == ["before", "before", "fill_up", "stable"]


def test_part_years_are_never_tested_and_a_late_plan_is_tested_in_its_last_full_year():
    # 2026-10 start, 30 months: FY2026 has 6 months, FY2027 12, FY2028 12; opening in month 28 (2029-02)
    # leaves no full year starting after it, so the last full year (FY2028) is the operating and stable one
    years, names = _names("2026-10-01", 30, 28, 28)
    assert years == [2026, 2027, 2028]
    assert names == ["part_year", "before", "stable"]


def test_without_a_path_every_full_year_is_stable():
    _, names = _names("2026-04-01", 36, 0, 0)
    assert names == ["stable", "stable", "stable"]
