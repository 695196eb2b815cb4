"""加算 added for 小規模多機能 and 通所リハ: units and basis match the cited fee pages (numbers written out).

- 寿会 かめやんち 小規模多機能ホーム 料金案内 (R6, 基本 要介護1 10,458単位) https://teru.or.jp/kameyanchi/price, (2)加算料金:
  総合マネジメント体制強化加算 (Ⅰ) 1200単位 (Ⅱ) 800単位; サービス提供体制強化加算 (Ⅰ) 750 (Ⅱ) 640 (Ⅲ) 350.
- 昭和館 小規模多機能 (令和6年6月現在, 1割負担) https://syowakan.jp/home: 看護職員配置加算(1) 900円, サービス提供体制強化加算
  640円 (1割負担の円 = 単位 at 10円/単位).
- リハビリ南東北川俣 通所リハ http://www.kaigo-kawamata.com/price/reha-tsusho.html: 入浴介助加算Ⅰ 40, サービス提供体制加算Ⅰ 22,
  科学的介護推進体制加算 40/月.
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reference import add_on, add_on_options

ON = dt.date(2025, 4, 1)

PUBLISHED = [
    # (service, add-on id, units, basis, source)
    ("small_multi", "comprehensive_management_i", 1200, "month", "teru.or.jp"),
    ("small_multi", "comprehensive_management_ii", 800, "month", "teru.or.jp"),
    ("small_multi", "nurse_staffing_i", 900, "month", "syowakan.jp"),
    ("small_multi", "service_quality_i", 750, "month", "teru.or.jp"),
    ("small_multi", "service_quality_ii", 640, "month", "teru.or.jp"),
    ("small_multi", "service_quality_iii", 350, "month", "teru.or.jp"),
    ("day_rehab", "bathing_i", 40, "day", "kaigo-kawamata.com"),
    ("day_rehab", "service_quality_i", 22, "day", "kaigo-kawamata.com"),
    ("day_rehab", "science_care", 40, "month", "kaigo-kawamata.com"),
]


@pytest.mark.parametrize(("service", "add_on_id", "units", "basis", "host"), PUBLISHED)
def test_units_match_fee_pages(service, add_on_id, units, basis, host):
    a = add_on(service, add_on_id, on=ON)
    assert (a.units, a.basis) == (units, basis)
    assert host in str(a.source.url)
    assert a.confidence in {"verified", "single_source"}


def test_new_services_offer_their_add_ons():
    assert {a.id for a in add_on_options("small_multi", on=ON)} >= {"nurse_staffing_i", "service_quality_ii"}
    assert {a.id for a in add_on_options("day_rehab", on=ON)} >= {"bathing_i"}


def test_two_agreeing_pages_are_verified_single_pages_are_not():
    assert add_on("small_multi", "service_quality_ii", on=ON).confidence == "verified"  # teru + syowakan
    assert add_on("small_multi", "nurse_staffing_i", on=ON).confidence == "verified"  # syowakan + tenshinkai
    assert add_on("small_multi", "service_quality_i", on=ON).confidence == "single_source"


def test_not_in_force_before_r6():
    assert add_on_options("small_multi", on=dt.date(2024, 3, 31)) == []
