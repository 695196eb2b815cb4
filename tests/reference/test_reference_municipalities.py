"""地域区分 by municipality: spot checks against the cited R6–R8 tables, lookup normalisation, unknowns.

Expected grades are written out from the sources, not read back from the code's table:
- ヘルパー会議 「訪問介護の地域区分 令和6年度〜令和8年度」 https://helper-kaigi.net/?p=5609 (地域区分の適用地域一覧:
  1級地 東京都 特別区; 2級地 東京都 調布市(3) 町田市 狛江市 多摩市)
- domain-facts §2 from ケアツリー https://caretree.jp/archives/12091 and トライケア
  https://www.tricare.jp/knowledge/category4/category4_1/2633 (東京23区 1級地; 横浜・川崎・大阪市 2級地)
- MC plus 資料3 「令和6~8年度における地域区分の適用地域(障害児サービス)」 https://www.wic-net.com/material/document/23182/9
  (3級地 さいたま市 名古屋市 西宮市 …; 4級地 神戸市 相模原市 …; 5級地 広島市 尼崎市 …) — an ASSUMPTION for 介護.
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reference import municipalities, region_grade_entry, region_grade_of

ON = dt.date(2025, 4, 1)

PUBLISHED = [
    # (prefecture, municipality, 級地, source)
    ("東京都", "特別区", 1, "helper-kaigi 1級地"),
    ("東京都", "新宿区", 1, "caretree: 東京23区 1級地"),
    ("東京都", "調布市", 2, "helper-kaigi 2級地 調布市(3)"),
    ("東京都", "町田市", 2, "helper-kaigi 2級地"),
    ("神奈川県", "横浜市", 2, "caretree: 横浜 2級地"),
    ("神奈川県", "川崎市", 2, "caretree: 川崎 2級地"),
    ("大阪府", "大阪市", 2, "caretree: 大阪市 2級地"),
    ("埼玉県", "さいたま市", 3, "wic-net 3級地"),
    ("千葉県", "千葉市", 3, "wic-net 3級地"),
    ("愛知県", "名古屋市", 3, "wic-net 3級地"),
    ("兵庫県", "西宮市", 3, "wic-net 3級地 (also himawari fee page: 西宮市 3級地 10.83)"),
    ("兵庫県", "神戸市", 4, "wic-net 4級地"),
    ("神奈川県", "相模原市", 4, "wic-net 4級地"),
    ("東京都", "立川市", 4, "wic-net 4級地"),
    ("兵庫県", "尼崎市", 5, "wic-net 5級地"),
    ("広島県", "広島市", 5, "wic-net 5級地"),
]


@pytest.mark.parametrize(("prefecture", "name", "grade", "source"), PUBLISHED)
def test_published_grades(prefecture, name, grade, source):
    assert region_grade_of(name, prefecture, on=ON) == grade, source
    assert region_grade_of(name, on=ON) == grade, source  # unique names need no prefecture


@pytest.mark.parametrize(
    ("text", "prefecture", "grade"),
    [
        ("東京都千代田区", None, 1),  # prefecture written in front
        ("横浜市中区", None, 2),  # a ward of a 政令指定都市 takes the city's grade
        ("さいたま市浦和区", None, 3),
        ("横浜", None, 2),  # without 市
        ("  名古屋市 ", None, 3),
        ("さいたま市　浦和区", None, 3),  # full-width space
        ("町田市", "東京", 2),  # prefecture without 都
        ("龍ヶ崎市", "茨城県", 5),  # ヶ and ケ are the same name
        ("四条畷市", "大阪府", 4),  # 條 and 条
        ("府中市", "東京都", 3),
    ],
)
def test_lookup_normalises_names(text, prefecture, grade):
    assert region_grade_of(text, prefecture, on=ON) == grade


def test_unknown_and_ambiguous_give_none():
    assert region_grade_of("札幌市", on=ON) is None  # not in the cited tables (6級地 not sourced)
    assert region_grade_of("存在しない市", on=ON) is None
    assert region_grade_of("", on=ON) is None
    assert region_grade_of("府中", on=ON) is None  # 府中市 (東京都) or 府中町 (広島県)
    assert region_grade_of("府中市", "広島県", on=ON) is None  # 広島県府中市 is not listed
    assert region_grade_of("横浜市", "大阪府", on=ON) is None  # wrong prefecture
    assert region_grade_of("横浜市", on=dt.date(2027, 4, 1)) is None  # after R8: next table not yet known


def test_entry_carries_source_and_confidence():
    e = region_grade_entry("横浜市", on=ON)
    assert e is not None and e.value == 2 and e.confidence == "verified"
    assert "helper-kaigi" in str(e.source.url)
    e3 = region_grade_entry("名古屋市", on=ON)
    assert e3 is not None and e3.value == 3 and e3.confidence == "assumption" and "障害児" in e3.source.title
    assert region_grade_entry("札幌市", on=ON) is None


def test_select_box_list():
    rows = municipalities(on=ON)
    assert rows == sorted(rows)
    assert ("東京都", "特別区", 1) in rows and ("大阪府", "大阪市", 2) in rows
    assert len([r for r in rows if r[0] == "東京都" and r[2] == 1]) == 24  # 特別区 + 23 区
    assert {g for _, _, g in rows} <= set(range(1, 8))
    # every row resolves back to its own grade
    assert all(region_grade_of(name, pref, on=ON) == grade for pref, name, grade in rows)
