"""人員基準: worked examples computed by hand from the 省令/告示 text, and vectorisation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.reference import required_fte_total, required_staff, service_info

ON = dt.date(2025, 4, 1)


def test_tokuyo_80_conventional():
    # 指定介護老人福祉施設 基準 第2条 (http://cina-jp.com/ippan/unei/shisetsu03.html), 告示29号 (night):
    # 介護+看護 ceil(80/3) = 27; 看護 51–130 → 3; so 介護 27 − 3 = 24
    # 生活相談員 ceil(80/100) = 1; 介護支援専門員 ceil(80/100) = 1; 栄養士 1; 機能訓練指導員 1; 管理者 1
    # 夜勤 (従来型) 61–80 → 3
    staff = required_staff("tokuyo", 80, on=ON, room_type="conventional")
    assert staff == {"nurse": 3, "care_worker": 24, "counsellor": 1, "care_manager": 1, "therapist": 1,
                     "nutritionist": 1, "manager": 1, "night_staff": 3}


def test_tokuyo_tiers_at_the_edges():
    # 看護: ≤30 → 1, 31–50 → 2, 51–130 → 3, then 3 + ceil((n−130)/50): n = 131 → 4, 180 → 4, 181 → 5
    # 夜勤: ≤25 → 1, 26–60 → 2, 61–80 → 3, 81–100 → 4, then 4 + ceil((n−100)/25): 101 → 5, 125 → 5, 126 → 6
    users = np.array([25, 30, 31, 50, 51, 60, 61, 100, 101, 125, 126, 130, 131, 180, 181])
    staff = required_staff("tokuyo", users, on=ON, room_type="conventional")
    assert staff["nurse"].tolist() == [1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 5]
    assert staff["night_staff"].tolist() == [1, 2, 2, 2, 2, 2, 3, 4, 5, 5, 6, 6, 6, 8, 8]
    # 相談員 100 又はその端数ごと: 100 → 1, 101 → 2
    assert required_staff("tokuyo", 101, on=ON)["counsellor"] == 2


def test_tokuyo_unit_type_night_posts():
    # ユニット型: 2ユニットごとに夜勤1; units of 10 → 60 residents = 6 units → 3 posts; 61 → 4
    assert required_staff("tokuyo", 60, on=ON, room_type="unit")["night_staff"] == 3
    assert required_staff("tokuyo", 61, on=ON, room_type="unit")["night_staff"] == 4


def test_day_service_care_workers():
    # 省令 第93条: 15人以下 1; 超える場合 (n − 15) ÷ 5 + 1 (no rounding): 10 → 1, 15 → 1, 25 → 3, 28 → 3.6
    staff = required_staff("day_service", np.array([10, 15, 25, 28]), on=ON)
    assert staff["care_worker"].tolist() == pytest.approx([1, 1, 3, 3.6])
    assert staff["counsellor"].tolist() == [1, 1, 1, 1]


def test_community_day_service_nurse_threshold():
    # 定員10人以下は看護職員を置かないことができる: 10 → 0, 11 → 1
    staff = required_staff("community_day_service", np.array([10, 11]), on=ON)
    assert staff["nurse"].tolist() == [0, 1]


def test_home_help_floor_and_service_leads():
    # 訪問介護員等 2.5 FTE incl. サ責; サ責 40 又はその端数ごとに1:
    # 30 users → サ責 1, helpers 2.5 − 1 = 1.5; 41 users → サ責 2, helpers 0.5; 120 → 3, helpers 0
    staff = required_staff("home_help", np.array([30, 41, 120]), on=ON)
    assert staff["service_lead"].tolist() == [1, 2, 3]
    assert staff["care_worker"].tolist() == [1.5, 0.5, 0]


def test_group_home_two_units():
    # 18 users = 2 units: 日中 ceil(18/3) = 6; 夜勤 1 per unit = ceil(18/9) = 2; 計画作成担当者 1
    staff = required_staff("group_home", 18, on=ON)
    assert (staff["care_worker"], staff["night_staff"], staff["care_manager"]) == (6, 2, 1)
    # nights are extra in GH: 6 + 1 + 1 (manager) + 2 posts × 2.8 FTE (16 h × 7 ÷ 40 h) = 13.6
    assert required_fte_total("group_home", 18, on=ON) == pytest.approx(13.6)


def test_small_multi():
    # 25 registered, 通い ≈ 25 × 0.6 = 15 per day: ceil(15/3) + 1 (訪問) = 6 staff of which 1 nurse → 5 care
    staff = required_staff("small_multi", 25, on=ON)
    assert (staff["care_worker"], staff["nurse"], staff["night_staff"]) == (5, 1, 2)
    # 介護支援専門員 1 and 管理者 1: held by one person (兼務, the modelled arrangement) → 1 FTE between them
    assert (staff["manager"], staff["care_manager"]) == (1, 0)


def test_care_management_caseload():
    # 介護支援専門員 44 又はその端数ごとに1: 44 → 1, 45 → 2, 100 → 3 介護支援専門員 in all; the 管理者
    # (主任介護支援専門員) carries a caseload as one of them (兼務), so 1 manager + 0 / 1 / 2 more
    staff = required_staff("care_management", np.array([44, 45, 100]), on=ON)
    assert (staff["manager"] + staff["care_manager"]).tolist() == [1, 2, 3]
    assert staff["care_manager"].tolist() == [0, 1, 2]


@pytest.mark.parametrize("service", ["tokuyo", "group_home", "day_service", "home_help", "small_multi", "roken",
                                     "short_stay", "day_rehab", "care_management", "community_tokuyo",
                                     "community_day_service"])
def test_array_in_same_shape_out_equal_to_scalars(service):
    users = np.array([[0.0, 9.0, 29.0], [45.0, 80.0, 150.5]])
    staff = required_staff(service, users, on=ON)
    assert set(staff) <= set(service_info(service, on=ON).roles) | {"night_staff"}
    for role, fte in staff.items():
        assert fte.shape == users.shape
        scalars = [[required_staff(service, float(u), on=ON)[role] for u in row] for row in users]
        assert fte.tolist() == scalars


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=300), min_size=2, max_size=6))
def test_more_users_never_need_fewer_staff(values):
    users = np.sort(np.array(values))
    total = required_fte_total("tokuyo", users, on=ON)
    assert np.all(np.diff(total) >= -1e-9)


def test_negative_users_rejected():
    with pytest.raises(ValueError, match="users"):
        required_staff("tokuyo", -1, on=ON)
