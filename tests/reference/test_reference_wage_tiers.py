"""The 2026-06 処遇改善加算 tiers: the rate lookup by service, tier and date, and the routes to ロ.

Routes (令和8年度特例要件, 第253回介護給付費分科会 資料1 p.6 注2, https://www.wic-net.com/material/document/23124/6;
関シル https://shwari.sakura.ne.jp/?p=1085): ケアプランデータ連携 for visit/day services, 生産性向上推進体制加算 for
facilities, 社会福祉連携推進法人 for any service.
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reference import (
    qualifies_for_tier_b,
    tier_b_routes,
    tier_for,
    wage_improvement_rate,
    wage_rate_entry,
)
from simulator.reference._common import SERVICES

R6, R8 = dt.date(2026, 5, 31), dt.date(2026, 6, 1)
SERVICES_WITH_TIERS = tuple(s for s in SERVICES if s != "care_management")  # 居宅介護支援: one rate


def test_rate_entry_carries_value_source_and_confidence():
    found = wage_rate_entry("day_service", "I_b", R8)
    assert found.value == 0.12 and found.confidence == "verified" and "comimi" in str(found.source.url)
    assert wage_rate_entry("group_home", "I_a", R8).confidence == "assumption"
    assert wage_rate_entry("tokuyo", "none", R8).value == 0.0


def test_a_2026_plan_picks_the_2026_rates():
    # the day the R8 table starts, Ⅰ means Ⅰイ and the rate rises (訪問介護 24.5 % → 27.0 %, comimi)
    assert wage_improvement_rate("home_help", "I", R6) == 0.245
    assert wage_improvement_rate("home_help", "I", R8) == 0.27
    assert wage_rate_entry("home_help", "I", R8).valid_from == R8


@pytest.mark.parametrize("service", SERVICES_WITH_TIERS)
def test_every_modelled_service_has_both_tiers_from_2026_06(service):
    a, b = wage_improvement_rate(service, "I_a", R8), wage_improvement_rate(service, "I_b", R8)
    assert 0.05 < a <= b < 0.35


def test_routes_by_service_group():
    assert set(tier_b_routes("tokuyo", R8)) == {"collaboration_corporation", "productivity_addon"}
    assert set(tier_b_routes("home_help", R8)) == {"collaboration_corporation", "careplan_data_link"}
    assert set(tier_b_routes("day_service", R8)) == {"collaboration_corporation", "careplan_data_link"}
    assert tier_b_routes("care_management", R8) == ()  # one rate, no ロ
    assert tier_b_routes("tokuyo", R6) == ()  # no ロ before 2026-06


def test_membership_of_a_collaboration_corporation_qualifies_any_service():
    for service in SERVICES_WITH_TIERS:
        assert qualifies_for_tier_b(service, {"collaboration_corporation"}, R8), service


def test_a_facility_does_not_qualify_by_careplan_data_link_nor_a_day_service_by_the_productivity_addon():
    assert not qualifies_for_tier_b("tokuyo", {"careplan_data_link"}, R8)
    assert qualifies_for_tier_b("tokuyo", {"productivity_addon"}, R8)
    assert not qualifies_for_tier_b("day_service", {"productivity_addon"}, R8)
    assert qualifies_for_tier_b("day_service", {"careplan_data_link"}, R8)


def test_tier_for():
    assert tier_for("tokuyo", "I", {"productivity_addon"}, R8) == "I_b"
    assert tier_for("tokuyo", "II", set(), R8) == "II_a"
    assert tier_for("tokuyo", "I_b", set(), R8) == "I_a"  # ロ without a route is not claimable
    assert tier_for("tokuyo", "III", {"productivity_addon"}, R8) == "III"
    assert tier_for("tokuyo", "I", {"productivity_addon"}, R6) == "I"
    assert tier_for("care_management", "I", {"careplan_data_link"}, R8) == "I"


def test_unknown_route_is_named():
    with pytest.raises(ValueError, match="teleport"):
        qualifies_for_tier_b("tokuyo", {"teleport"}, R8)
