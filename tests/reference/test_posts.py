"""Staffing by posts (reference posts.toml) against WAM's staff counts and the 人員基準.

WAM「2023年度 ユニット型特養の経営状況」入所定員別 (https://wic-net.com/material/document/19342/5): 利用者10人当たり
従事者数 8.76 / 8.24 / 7.82 / 7.47 / 7.24 at mean places 27.4 / 43.7 / 65.9 / 83.8 / 112.4 and 利用率
94.4 / 92.7 / 93.1 / 93.0 / 92.4 % (domain-facts.md §4.2).
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference

ON = dt.date(2026, 4, 1)
WAM = [(27.4, 0.944, 8.76), (43.7, 0.927, 8.24), (65.9, 0.931, 7.82), (83.8, 0.930, 7.47), (112.4, 0.924, 7.24)]


@pytest.mark.parametrize("places,occupancy,per_10", WAM)
def test_tokuyo_posts_give_wams_staff_count_by_size_within_two_percent(places, occupancy, per_10):
    users = places * occupancy
    posts = reference.staffed_posts("tokuyo", places, users, on=ON, room_type="unit")
    assert float(sum(posts.values())) / users * 10 == pytest.approx(per_10, rel=0.02)


def test_tokuyo_posts_of_fifty_places_by_hand():
    # 50 places, 46.35 users: day shifts 24.3 h × 7 / 40 × 5 = 21.2625; night posts ceil(5 units / 2) = 3 ×
    # 16 h × 7 / 40 = 8.4; nurse 2 (31–50 users); counsellor, care manager, therapist, 栄養士 (> 40 places),
    # manager 1 each: 36.6625 FTE — the same at 40 users (the posts do not follow occupancy) except the nurse tier
    posts = reference.staffed_posts("tokuyo", 50, 46.35, on=ON, room_type="unit")
    assert float(sum(posts.values())) == pytest.approx(36.6625)
    lower = reference.staffed_posts("tokuyo", 50, 40.0, on=ON, room_type="unit")
    assert float(sum(lower.values())) == pytest.approx(36.6625)


def test_group_home_night_post_per_unit_in_fte():
    # 2 units of 9: 3 FTE a unit by day + a 16-hour night post per unit (2.8 FTE) + planner + manager = 13.6
    posts = reference.staffed_posts("group_home", 18, 17, on=ON)
    assert float(posts["night_staff"]) == pytest.approx(5.6)
    assert float(sum(posts.values())) == pytest.approx(13.6)
    assert reference.night_post_fte(on=ON) == pytest.approx(16 * 7 / 40)


def test_small_multi_night_and_on_call():
    # 夜勤 1 (16 h × 7 / 40 = 2.8 FTE) + 宿直 1 at a third of a night post (宿直手当 ≥ 1/3 of a day's pay)
    posts = reference.staffed_posts("small_multi", 29, 23, on=ON)
    assert float(posts["night_staff"]) == pytest.approx(2.8 * (1 + 0.3333))


def test_home_help_follows_visit_hours_and_labels_service_leads_by_the_standard():
    # 60 users × 20 visits × 60 min (45 care + 15 travel) = 1,200 h a month ÷ (40 × 52 / 12 = 173.33 h) = 6.923
    # helpers; サービス提供責任者 ceil(60 / 40) = 2 (not 8.28); manager 1
    posts = reference.staffed_posts("home_help", 60, 60, on=ON, visits_per_user=20)
    assert float(posts["care_worker"]) == pytest.approx(1200 / (40 * 52 / 12))
    assert float(posts["service_lead"]) == 2
    more_visits = reference.staffed_posts("home_help", 60, 60, on=ON, visits_per_user=30)
    assert float(more_visits["care_worker"]) == pytest.approx(1.5 * float(posts["care_worker"]))


def test_day_service_follows_daily_users_by_the_15_plus_5_rule():
    # 25 daily users: care posts (25 − 15) / 5 + 1 = 3 persons over 8.5 h × 6 days ÷ 40 h = 3.825 FTE
    posts = reference.staffed_posts("day_service", 30, 25, on=ON)
    assert float(posts["care_worker"]) == pytest.approx(3 * 8.5 * 6 / 40)


def test_every_posts_entry_has_its_source():
    for service in ("tokuyo", "community_tokuyo", "short_stay", "group_home", "small_multi", "roken", "day_service",
                    "community_day_service", "day_rehab", "home_help", "care_management"):
        found = reference.posts_entry(service, on=ON)
        assert found.source.url and found.confidence in ("verified", "single_source", "assumption")
