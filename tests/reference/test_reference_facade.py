"""The facade other modules call: every service answers, every default can show its source."""

from __future__ import annotations

import datetime as dt

import pytest

import simulator
import simulator.reference as ref
from simulator.scenario import CorpType, ServiceId

ON = dt.date(2026, 7, 1)
SERVICES = [s.value for s in ServiceId]


def test_every_scenario_service_is_in_the_catalogue():
    assert set(SERVICES) == set(ref._common.SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_service_info_and_defaults(service):
    info = ref.service_info(service, on=ON)
    assert info.id == service and info.name_ja and info.name_en
    assert info.billing in {"day", "visit", "month"}
    assert info.labour_share_class in {"70", "55", "45"}
    for key, option in info.default_variant.items():
        assert option in info.variant_options[key]
    for level in info.care_levels:
        assert ref.fee_units(service, level, on=ON) > 0
    assert ref.mean_units(service, None, on=ON) > 0
    assert 0 <= ref.wage_improvement_rate(service, "I", on=ON) < 0.3
    for name in ref.BENCHMARK_NAMES:
        found = ref.benchmark_entry(service, name, on=ON)
        assert found.source.url and found.confidence
    if info.billing == "day":
        assert info.default_service_days_per_month
    assert ref.construction("m2_per_place", service, on=ON) >= 0


def test_top_level_api_is_exported():
    assert simulator.yen_per_unit("day_service", 1) == 10.90
    assert simulator.fee_units("day_service", "care_1", hours="7-8") == 658
    assert simulator.required_staff("tokuyo", 80, room_type="conventional")["care_worker"] == 24


@pytest.mark.parametrize("service", ["tokuyo", "community_tokuyo", "group_home", "day_service"])
def test_other_cost_ratio_comes_from_the_same_table_as_margin_personnel_and_depreciation(service):
    # one consistent survey set per service (WAM 2023 ユニット型 図表5, WAM 2022 GH, R7 概況 第54表 社福):
    # margin + 人件費率 + 減価償却費率 + 経費率 ≈ 100 % of revenue, within the tables' rounding and the few
    # tenths of 特別損益 they leave out
    found = ref.benchmark_entry(service, "other_cost_ratio", on=ON)
    parts = [ref.benchmark_entry(service, n, on=ON) for n in ("margin", "personnel_ratio", "depreciation_ratio")]
    assert found.value + sum(p.value for p in parts) == pytest.approx(1.0, abs=0.007)
    assert {p.source.url for p in parts} == {found.source.url}


def test_wam_size_class_lookup():
    # WAM 2023 ユニット型特養 (https://wic-net.com/material/document/19342/5): 80–99 places → 人件費率 62.0 %,
    # 差額比率 5.2 %, 10人当たり従事者 7.47; ≥100 → 60.6 %, 7.1 %
    row = ref.wam_tokuyo_size_class(80, on=ON)
    assert (row["personnel_ratio"], row["margin"], row["staff_per_10_users"]) == (0.620, 0.052, 7.47)
    assert ref.wam_tokuyo_size_class(150, on=ON)["margin"] == 0.071
    assert ref.wam_tokuyo_size_class(29, on=ON)["label"] == "29人以下"
    assert "19342" in str(row["source"].url)


def test_hotel_costs_follow_the_room_type_and_date():
    # 基準費用額: 食費 1,445 + ユニット型個室 2,006 (→ 2,066 from 2024-08-01) (kaigoways; seinenkan +60円)
    assert ref.benchmark("tokuyo", "hotel_yen_per_user_day", on=dt.date(2024, 7, 1), room_type="unit") == 3451
    assert ref.benchmark("tokuyo", "hotel_yen_per_user_day", on=ON, room_type="unit") == 3511
    assert ref.benchmark("tokuyo", "hotel_yen_per_user_day", on=ON, room_type="conventional") == 2360


def test_wages_labour_and_costs():
    # 処遇状況等調査 R6: 介護職員 338,200円; 介護労働実態調査 R6: 離職 12.8 %, 採用 14.4 %; 紹介手数料 55.1万円
    assert ref.wage("care_worker", on=ON) == 338200
    assert ref.labour("turnover_rate", on=ON) == 0.128
    assert ref.labour("turnover_rate", on=dt.date(2024, 1, 1)) == 0.136
    assert ref.labour("hiring_rate", on=ON) == 0.144
    assert ref.labour("agency_fee_yen", on=ON) == 551000
    assert 0.10 < ref.social_insurance_rate(on=ON) < 0.2
    with pytest.raises(ValueError, match="pilot"):
        ref.wage("pilot", on=ON)


def test_construction_by_year_and_argument_order():
    # WAM 平米単価 全国: 2020 312千, 2022 327千, 2023 342千, 2024 387千
    assert ref.construction("cost_per_m2_yen", on=dt.date(2021, 1, 1)) == 312000
    assert ref.construction("cost_per_m2_yen", on=dt.date(2022, 6, 1)) == 327000
    assert ref.construction("cost_per_m2_yen", on=dt.date(2023, 6, 1)) == 342000
    assert ref.construction("cost_per_m2_yen", on=ON) == 387000
    assert ref.construction("m2_per_place", ON, "tokuyo") == ref.construction("m2_per_place", "tokuyo", on=ON) == 44.1
    with pytest.raises(ValueError, match="service"):
        ref.construction("m2_per_place", on=ON)


def test_loans_subsidies_tax():
    # WAM R6.2.1 (https://wic-net.com/material/document/13217/1): 介護関連 ≤10y 0.8 %, 15–16y 1.2 %, 29–30y 1.7 %;
    # 社会福祉事業 ≤10y 0.7 %, 20–21y 1.3 %, 29–30y 1.6 %
    r6 = dt.date(2025, 6, 1)
    assert ref.loan_rate(10, on=r6, facility="care_related") == 0.008
    assert ref.loan_rate(16, on=r6, facility="care_related") == 0.012
    assert ref.loan_rate(30, on=r6, facility="care_related") == 0.017
    assert ref.loan_rate(10, on=r6) == 0.007
    assert ref.loan_rate(21, on=r6) == 0.013
    with pytest.raises(ValueError, match="30"):
        ref.loan_rate(35, on=ON)
    assert ref.subsidy_per_place("tokuyo", on=ON) == (2_000_000, 5_530_000)  # Vol.1423
    assert ref.subsidy_per_place("group_home", on=ON) is None
    assert ref.corporate_tax_rate(CorpType.social_welfare, on=ON) == 0.0
    assert ref.corporate_tax_rate("company", on=ON) == 0.2974


def test_vintage_names_the_tables_in_force():
    before, after = ref.vintage(dt.date(2025, 1, 1)), ref.vintage(ON)
    assert "令和6年度" in before["fee_table"] and "令和8年度臨時改定" in after["fee_table"]
    assert before["wage_improvement_table"] != after["wage_improvement_table"]
