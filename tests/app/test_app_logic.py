"""The app's plain helpers: number formats and the re-forecast (the path-fit rules: tests/diagnosis)."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator import format as fmt
from simulator import pdca as reforecast


def test_money_in_japanese_units():
    assert fmt.money(12_345_678, "man") == "1,235万円"
    assert fmt.money(12_345_678, "thousand") == "12,346千円"
    assert fmt.money(12_345_678, "yen") == "12,345,678円"
    assert fmt.money(-5_000_000, "man") == "-500万円"
    assert fmt.money(float("nan"), "man") == fmt.DASH
    assert fmt.money(12_345_678, "man", "en") == "1,235 ×10k yen"


def test_other_units():
    assert fmt.percent(0.1234) == "12.3%"
    assert fmt.people(12.34, "ja") == "12.3人"
    assert fmt.places(80) == "80床"
    assert fmt.months(float("nan"), "ja") == "回収せず"
    assert fmt.months(38, "en") == "38 months"


def _plan(n: int = 6) -> pd.DataFrame:
    return pd.DataFrame({"users": [10.0] * n, "revenue_yen": [100.0] * n, "costs_yen": [80.0] * n,
                         "staff_fte": [5.0] * n}, index=range(n))


def test_reforecast_scales_the_rest_by_recent_ratio():
    plan = _plan()
    # revenue 90 and 60 in months 0-1: ratio over both = 150 / 200 = 0.75 (hand-computed)
    actuals = pd.DataFrame({"revenue_yen": [90.0, 60.0]}, index=[0, 1])
    assert reforecast.ratios(plan, actuals, window=3)["revenue_yen"] == pytest.approx(0.75)
    out = reforecast.reforecast(plan, actuals, window=3)
    assert list(out["revenue_yen"]) == [90.0, 60.0, 75.0, 75.0, 75.0, 75.0]
    assert list(out["users"]) == [10.0] * 6  # no actuals: the plan stays


def test_reforecast_window_uses_only_recent_months():
    plan = _plan()
    actuals = pd.DataFrame({"revenue_yen": [10.0, 100.0, 110.0]}, index=[0, 1, 2])
    assert reforecast.ratios(plan, actuals, window=2)["revenue_yen"] == pytest.approx(1.05)


def test_variance_table():
    plan = _plan()
    actuals = pd.DataFrame({"costs_yen": [88.0]}, index=[3])
    var = reforecast.variance(plan, actuals)
    row = var.iloc[0]
    assert (row["kpi"], row["month"], row["difference"]) == ("costs_yen", 3, 8.0)
    assert row["difference_share"] == pytest.approx(0.1)
