"""地域区分 by municipality: the whole table (1,741), spot checks against the cited lists, the 告示 formula.

Expected grades are written out from the sources, not read back from the code's table:
- 告示 「厚生労働大臣が定める一単位の単価」 別表 https://www.mhlw.go.jp/web/t_doc?dataId=82ab4582 as parsed row by
  row in kaigo-rules data/unit-price-region-assignments.json (427 explicit rows)
  https://github.com/Josh-Temple/kaigo-rules/blob/8152405ed57600eea1896c9b3b450bef8b226c72/data/unit-price-region-assignments.json
- ヘルパー会議 「訪問介護の地域区分 令和6年度〜令和8年度」 https://helper-kaigi.net/?p=5609 (1級地 東京都 特別区;
  2級地 調布市 町田市 狛江市 多摩市 …; 訪問介護 1単位 11.40 … 10.21)
- ケアツリー https://caretree.jp/archives/12091 (東京23区 1級地; 横浜・川崎・大阪市 2級地)
- 総務省 全国地方公共団体コード (1,718 市町村 + 23 特別区 = 1,741) https://www.soumu.go.jp/denshijiti/code.html
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reference import municipalities, region_grade_entry, region_grade_of
from simulator.reference.municipalities import municipality_list

ON = dt.date(2025, 4, 1)

PUBLISHED = [
    # (prefecture, municipality, 級地, source)
    ("東京都", "特別区", 1, "helper-kaigi 1級地; 告示 一級地 東京都 特別区"),
    ("東京都", "新宿区", 1, "caretree: 東京23区 1級地"),
    ("東京都", "調布市", 2, "helper-kaigi 2級地 調布市(3); 告示 二級地"),
    ("東京都", "狛江市", 2, "helper-kaigi 2級地; 告示 二級地"),
    ("神奈川県", "横浜市", 2, "caretree: 横浜 2級地; 告示 二級地"),
    ("大阪府", "大阪市", 2, "caretree: 大阪市 2級地; 告示 二級地"),
    ("埼玉県", "さいたま市", 3, "告示 三級地"),
    ("東京都", "稲城市", 3, "告示 三級地"),
    ("愛知県", "名古屋市", 3, "告示 三級地"),
    ("兵庫県", "西宮市", 3, "告示 三級地 (also himawari fee page: 西宮市 3級地 10.83)"),
    ("千葉県", "成田市", 4, "告示 四級地 (the 障害児 table has 3級地)"),
    ("兵庫県", "神戸市", 4, "告示 四級地"),
    ("茨城県", "牛久市", 4, "告示 四級地"),
    ("千葉県", "栄町", 5, "告示 五級地 千葉県 印旛郡栄町"),
    ("京都府", "京都市", 5, "告示 五級地"),
    ("福岡県", "福岡市", 5, "告示 五級地"),
    ("福岡県", "那珂川市", 6, "告示 六級地"),
    ("宮城県", "仙台市", 6, "告示 六級地"),
    ("東京都", "檜原村", 6, "告示 六級地 西多摩郡檜原村"),
    ("北海道", "札幌市", 7, "告示 七級地"),
    ("香川県", "高松市", 7, "告示 七級地"),
    ("静岡県", "浜松市", 7, "告示 七級地"),
    ("北海道", "夕張市", 8, "not in the 告示's 一級地〜七級地: その他"),
    ("沖縄県", "那覇市", 8, "not in the 告示's 一級地〜七級地: その他"),
    ("広島県", "府中市", 8, "not in the 告示 (広島県 府中町 is 五級地): その他"),
]


@pytest.mark.parametrize(("prefecture", "name", "grade", "source"), PUBLISHED)
def test_published_grades(prefecture, name, grade, source):
    assert region_grade_of(name, prefecture, on=ON) == grade, source
    if sum(1 for _, _, n in municipality_list() if n == name) == 1:
        assert region_grade_of(name, on=ON) == grade, source  # unique names need no prefecture


@pytest.mark.parametrize(
    ("text", "prefecture", "grade"),
    [
        ("東京都千代田区", None, 1),  # prefecture written in front
        ("横浜市中区", None, 2),  # a ward of a 政令指定都市 takes the city's grade
        ("さいたま市浦和区", None, 3),
        ("名古屋", None, 3),  # without 市 ("横浜" is ambiguous: 青森県 横浜町)
        ("横浜", "神奈川県", 2),
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
    assert region_grade_of("存在しない市", on=ON) is None
    assert region_grade_of("", on=ON) is None
    assert region_grade_of("府中", on=ON) is None  # 府中市 (東京都, 広島県) or 府中町 (広島県)
    assert region_grade_of("府中市", on=ON) is None  # 東京都 and 広島県 both have one
    assert region_grade_of("横浜市", "大阪府", on=ON) is None  # wrong prefecture
    assert region_grade_of("横浜市", on=dt.date(2027, 4, 1)) is None  # after R8: next table not yet known
    assert municipalities(on=dt.date(2027, 4, 1)) == []


def test_entry_carries_source_and_confidence():
    e = region_grade_entry("横浜市", on=ON)
    assert e is not None and e.value == 2 and e.confidence == "verified"
    assert "82ab4582" in str(e.source.url) and any("helper-kaigi" in str(s.url) for s in e.sources)
    e3 = region_grade_entry("名古屋市", on=ON)
    assert e3 is not None and e3.value == 3 and e3.confidence == "single_source" and "告示" in e3.source.title
    other = region_grade_entry("夕張市", "北海道", on=ON)
    assert other is not None and other.value == 8 and "その他" in other.note


# counts of the 告示 as parsed (427 rows; 特別区 = 23 区): 1級地 23, 2級地 7, 3級地 29, 4級地 24, 5級地 59,
# 6級地 137, 7級地 170; every other municipality of the 総務省 list (1,741) is その他.
COUNTS = {1: 23, 2: 7, 3: 29, 4: 24, 5: 59, 6: 137, 7: 170, 8: 1741 - 449}


def test_every_municipality_has_a_grade():
    rows = municipalities(on=ON)
    assert len(rows) == 1741 == len({(p, n) for p, n, _ in rows})  # 1,718 市町村 + 23 特別区
    assert {g: sum(1 for *_, x in rows if x == g) for g in range(1, 9)} == COUNTS
    assert len({p for p, _, _ in rows}) == 47 and rows[0][:2] == ("北海道", "札幌市")  # code order
    assert len([r for r in rows if r[0] == "東京都" and r[1].endswith("区")]) == 23


def test_every_row_resolves_back_to_its_own_grade():
    rows = municipalities(on=ON)
    assert all(region_grade_of(name, pref, on=ON) == grade for pref, name, grade in rows)


@pytest.mark.parametrize(
    ("prefecture", "name", "service", "price"),
    [
        # 告示 formula: 10円 × (1 + 上乗せ割合 × 人件費割合), 上乗せ 1級地 20 % … 7級地 3 %
        ("千葉県", "栄町", "day_service", 10.45),  # 5級地, 45 %: 10 × (1 + 0.10 × 0.45); 告示 通所介護 1045/1000
        ("福岡県", "那珂川市", "home_help", 10.42),  # 6級地, 70 %: 10 × (1 + 0.06 × 0.70); helper-kaigi 6級地 10.42
        ("北海道", "札幌市", "home_help", 10.21),  # 7級地, 70 %: 10 × (1 + 0.03 × 0.70); helper-kaigi 7級地 10.21
        ("北海道", "夕張市", "tokuyo", 10.00),  # その他
    ],
)
def test_unit_price_of_a_listed_town_is_the_formula_for_its_grade(prefecture, name, service, price):
    from simulator.reference import yen_per_unit

    assert yen_per_unit(service, region_grade_of(name, prefecture, on=ON), on=ON) == price
