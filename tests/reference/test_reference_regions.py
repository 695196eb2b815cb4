"""地域区分: the published 1単位の単価 table reproduced for every 級地 × 人件費割合 group.

Expected prices are written out from the published table, not computed by the code's formula:
介護ウェイズ「1単位の単価」 https://www.kaigoways.com/tool/unitprice.html (上乗せ割合 and the 70 % column;
ヘルパー会議 https://helper-kaigi.net/?p=5609 for 訪問介護 R6–R8), the 告示 「厚生労働大臣が定める一単位の単価」
https://www.mhlw.go.jp/web/t_doc?dataId=82ab4582&dataType=0&pageNo=1 (通所介護 一級地 千分の千九十 = 10.90),
and the 55 % prices printed on R6 fee pages (10.17, 10.33, 10.55, 10.66, 10.83, 10.88; domain-facts addendum §1).
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reference import amount_yen, yen_per_unit, yen_per_unit_entry

ON = dt.date(2025, 4, 1)

# 級地: (70 % group, 55 % group, 45 % group) — published table, domain-facts §2
PUBLISHED = {
    1: (11.40, 11.10, 10.90),
    2: (11.12, 10.88, 10.72),
    3: (11.05, 10.83, 10.68),
    4: (10.84, 10.66, 10.54),
    5: (10.70, 10.55, 10.45),
    6: (10.42, 10.33, 10.27),
    7: (10.21, 10.17, 10.14),
    8: (10.00, 10.00, 10.00),
}
# one service of each group: 訪問介護 70 %, 小規模多機能 55 %, 通所介護 45 %
GROUP_SERVICE = ("home_help", "small_multi", "day_service")


@pytest.mark.parametrize("grade", range(1, 9))
@pytest.mark.parametrize("column", range(3))
def test_unit_price_table(grade, column):
    assert yen_per_unit(GROUP_SERVICE[column], grade, on=ON) == PUBLISHED[grade][column]


@pytest.mark.parametrize(
    ("service", "group"),
    [
        ("home_help", 0), ("care_management", 0),
        ("small_multi", 1), ("short_stay", 1), ("day_rehab", 1),
        ("tokuyo", 2), ("community_tokuyo", 2), ("group_home", 2), ("day_service", 2),
        ("community_day_service", 2), ("roken", 2),
    ],
)
def test_each_service_uses_its_group(service, group):
    assert [yen_per_unit(service, g, on=ON) for g in range(1, 9)] == [PUBLISHED[g][group] for g in range(1, 9)]


def test_printed_fee_page_prices():
    # 通所介護 2級地 10.72 (kenaikai), 7級地 10.14 (koushi-f); 短期入所 6級地 10.33 (tener), 7級地 10.17 (kazasien);
    # 小多機 3級地 10.83 (himawari), 2級地 10.88 (teru.or.jp); 特養 6級地 10.27 (shinsei-home)
    assert yen_per_unit("day_service", 2, on=ON) == 10.72
    assert yen_per_unit("day_service", 7, on=ON) == 10.14
    assert yen_per_unit("short_stay", 6, on=ON) == 10.33
    assert yen_per_unit("short_stay", 7, on=ON) == 10.17
    assert yen_per_unit("small_multi", 3, on=ON) == 10.83
    assert yen_per_unit("tokuyo", 6, on=ON) == 10.27


def test_issue_example_and_default_date():
    assert yen_per_unit("day_service", 1) == 10.90


def test_amounts_are_truncated_to_the_yen():
    # 短期入所 3級地: 704単位 → 7,624円 (tokuyohanako.com fee page): 704 × 10.83 = 7,624.32 → 7,624
    assert amount_yen(704, 10.83) == 7624
    assert amount_yen(999, 10.99) == 10979  # 10,979.01 → 10,979 (floor, not round)


def test_unit_price_carries_its_sources():
    found = yen_per_unit_entry("day_service", 1, on=ON)
    urls = {str(found.source.url), *(str(s.url) for s in found.sources)}
    assert any("kaigoways" in u for u in urls)


@pytest.mark.parametrize("grade", [0, 9, 2.5, "1"])
def test_bad_grade_is_named(grade):
    with pytest.raises(ValueError, match="region_grade"):
        yen_per_unit("day_service", grade, on=ON)


def test_unknown_service_is_named():
    with pytest.raises(ValueError, match="nursing_palace"):
        yen_per_unit("nursing_palace", 1, on=ON)
