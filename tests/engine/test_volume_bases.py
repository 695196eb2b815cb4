"""Volumes the fees and incomes are billed on: per registered user for a day service's monthly 加算, and the
小多機's 食費・宿泊費 default (model review 2026-12, item 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference
from simulator.engine import simulate
from simulator.scenario import Scenario

ON = dt.date(2025, 4, 1)


def _first_month(service: str, **extra) -> dict:
    s = Scenario.model_validate({
        "assumptions": {"start_date": ON, "horizon_months": 12},
        "organisation": {"region_grade": 8, "services": [{"service": service, "capacity": 30, "occupancy": 0.7,
                                                          **extra}]}})
    return simulate(s).monthly.iloc[0]


def test_a_day_services_monthly_add_on_is_billed_per_registered_user():
    # 科学的介護推進体制加算 40 units a month per registered user; 21 daily users × 4.0 registered per daily user
    # (WAM 2023 通所介護: ≈ 2.6 registered per place at 60–70 % utilisation), × (1 + 処遇改善 Ⅰ) × 10.00 yen
    without = _first_month("day_service", add_ons=[])["revenue_fee_yen"]
    with_it = _first_month("day_service", add_ons=["science_care"])["revenue_fee_yen"]
    registered = reference.service_info("day_service", on=ON).registered_per_daily_user
    assert registered == 4.0
    rate = reference.wage_improvement_rate("day_service", "I", on=ON)
    units = reference.add_on("day_service", "science_care", on=ON).units
    assert with_it - without == pytest.approx(21 * registered * units * (1 + rate) * 10.0, abs=1.0)


def test_small_multi_earns_its_default_food_and_lodging_income():
    # benchmark 500 yen a registered user-day (ASSUMPTION in the data) × 30.42 days × 21 registered users;
    # before, the service had no default days, so the income was 0 unless the file set days
    got = _first_month("small_multi")["revenue_hotel_yen"]
    rate = reference.benchmark("small_multi", "hotel_yen_per_user_day", on=ON)
    assert got == pytest.approx(21 * 30.42 * rate, abs=1.0)
    assert got > 0


def test_initial_investment_includes_the_opening_preparation_cost():
    # 初期投資額 = capital spending + 開設準備経費 (reference construction.opening_prep_yen_per_place × places);
    # the preparation cost is expensed (one-off), so it was missing from the figure a lender reads
    from pathlib import Path

    from simulator.files import load_scenario

    s = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "capacity_tokuyo_30beds.toml")
    r = simulate(s)
    prep = 30 * reference.construction("opening_prep_yen_per_place", "tokuyo", on=s.assumptions.start_date)
    capex = r.monthly["capex_yen"].sum()
    assert r.metrics["initial_investment_yen"] == pytest.approx(capex + prep, rel=1e-6)
