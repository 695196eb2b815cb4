"""Fee units against the cited tables (numbers written out from the source named in each case)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reference import (
    add_on,
    add_on_options,
    default_care_mix,
    fee_units,
    mean_units,
    wage_improvement_rate,
)
from simulator.scenario import ServiceId

ON = dt.date(2025, 4, 1)
LEVELS = ("care_1", "care_2", "care_3", "care_4", "care_5")

CASES = [
    # (service, variant, units for 要介護1..5, source)
    ("tokuyo", {"room_type": "conventional"}, (589, 659, 732, 802, 871),
     "https://minato-kosaien.jp/price ; 諮問書別紙 p.29 https://wic-net.com/material/document/13053/29"),
    ("tokuyo", {"room_type": "unit"}, (670, 740, 815, 886, 955), "https://ginshoen.or.jp/?p=46"),
    ("group_home", {"units": "single"}, (765, 801, 824, 841, 859), "https://kotonoumi.org/fee"),
    ("group_home", {"units": "multi"}, (753, 788, 812, 828, 845),
     "諮問書別紙 p.286 https://wic-net.com/material/document/13053/286"),
    ("day_service", {"hours": "7-8"}, (658, 777, 900, 1023, 1148),
     "https://kenaikai.akaedakai.com/miho/miho-dayservice/miho-ds-price/"),
    ("day_service", {"hours": "3-4"}, (370, 423, 479, 533, 588), "https://kaigokeiei.com/news/wh9x5g21xz"),
    ("community_day_service", {"hours": "7-8"}, (753, 890, 1032, 1172, 1312),
     "https://dayhomehidamari.com/サービス内容/利用料金"),
    ("care_management", {"tier": "i"}, (1086, 1086, 1411, 1411, 1411), "https://carenote.jp/202404kyotakukaigoshien-tani/"),
    ("care_management", {"tier": "ii"}, (544, 544, 704, 704, 704), "same"),
    ("care_management", {"tier": "iii"}, (326, 326, 422, 422, 422), "same"),
    ("small_multi", {"residence": "other"}, (10458, 15370, 22359, 24677, 27209), "https://carenote.jp/202404-syotaki-tani/"),
    ("short_stay", {"room_type": "attached_conventional"}, (603, 672, 745, 815, 884),
     "http://www12.wind.ne.jp/harukaze/newpage8.html"),
    ("short_stay", {"room_type": "attached_unit"}, (704, 772, 847, 918, 987), "https://koufukuen.org/short-stay"),
    ("roken", {"type": "basic_private"}, (717, 763, 828, 883, 932), "https://carenote.jp/202404-rouken-tani/"),
    ("roken", {"type": "enhanced_private"}, (788, 863, 928, 985, 1040), "same"),
    ("roken", {"type": "basic_shared"}, (793, 843, 908, 961, 1012), "same"),
]


@pytest.mark.parametrize(("service", "variant", "units", "source"), CASES, ids=lambda x: str(x)[:30])
def test_base_units_match_the_cited_table(service, variant, units, source):
    assert tuple(fee_units(service, lvl, on=ON, **variant) for lvl in LEVELS) == units


def test_day_rehab_from_the_consultation_paper():
    # 諮問書別紙 p.109 https://wic-net.com/material/document/13053/109 (in force from 2024-06-01)
    on = dt.date(2024, 7, 1)
    assert [fee_units("day_rehab", lvl, on=on, hours="6-7") for lvl in LEVELS] == [715, 850, 981, 1137, 1290]
    assert [fee_units("day_rehab", lvl, on=on, hours="7-8") for lvl in LEVELS] == [762, 903, 1046, 1215, 1379]


def test_home_help_units_per_visit():
    # https://carenote.jp/?p=14322: 身体 163/244/387/567, 生活 179/220, 通院等乗降 97
    expected = {"physical_lt20": 163, "physical_20_30": 244, "physical_30_60": 387, "physical_60plus": 567,
                "living_20_45": 179, "living_45plus": 220, "transport": 97}
    assert {k: fee_units("home_help", "care_2", on=ON, visit=k) for k in expected} == expected


def test_missing_variant_takes_the_default_and_enum_works():
    assert fee_units(ServiceId.tokuyo, "care_3", on=ON) == fee_units("tokuyo", "care_3", on=ON, room_type="unit")


def test_base_units_unchanged_by_the_2026_revision():
    assert fee_units("day_service", "care_3", on=dt.date(2026, 7, 1), hours="7-8") == 900


@pytest.mark.parametrize(
    ("args", "kwargs", "named"),
    [
        (("tokuyo", "care_9"), {}, "care_9"),
        (("tokuyo", "care_3"), {"room_type": "penthouse"}, "penthouse"),
        (("tokuyo", "care_3"), {"hours": "7-8"}, "hours"),
        (("castle", "care_3"), {}, "castle"),
        (("day_service", "support_1"), {}, "support_1"),
    ],
)
def test_bad_input_is_named(args, kwargs, named):
    with pytest.raises(ValueError, match=named):
        fee_units(*args, on=ON, **kwargs)


def test_units_before_the_2024_revision_are_not_in_force():
    from simulator.reference import ParameterNotInForce

    with pytest.raises(ParameterNotInForce):
        fee_units("tokuyo", "care_3", on=dt.date(2023, 4, 1))


def test_mean_units_weights_the_mix():
    mix = {"care_3": 0.5, "care_5": 0.5}
    assert mean_units("tokuyo", mix, on=ON, room_type="unit") == pytest.approx((815 + 955) / 2)
    default = default_care_mix("tokuyo", on=ON)
    assert sum(default.values()) == pytest.approx(1.0)
    assert 670 < mean_units("tokuyo", None, on=ON) < 955


class TestWageImprovement:
    # R6 (2024-06 … 2026-05): nodokaya https://nodokaya.jp/nodoka_kaikei/?p=16019
    # R8 (2026-06 …): comimi https://comimi.jp/news/58826 (第253回分科会 table)
    R6, R8 = dt.date(2025, 1, 1), dt.date(2026, 7, 1)

    def test_r6_rates(self):
        assert wage_improvement_rate("home_help", "I", self.R6) == 0.245
        assert wage_improvement_rate("day_service", "II", self.R6) == 0.090
        assert wage_improvement_rate("tokuyo", "I", self.R6) == 0.140
        assert wage_improvement_rate("group_home", "I", self.R6) == 0.186
        assert wage_improvement_rate("care_management", "I", self.R6) == 0.0

    def test_r8_rates_and_tier_mapping(self):
        assert wage_improvement_rate("home_help", "I_b", self.R8) == 0.287
        assert wage_improvement_rate("day_service", "I_a", self.R8) == 0.111
        assert wage_improvement_rate("day_service", "I", self.R8) == 0.111  # I → Ⅰイ after 2026-06
        assert wage_improvement_rate("community_day_service", "II_b", self.R8) == 0.125
        assert wage_improvement_rate("day_rehab", "IV", self.R8) == 0.070
        assert wage_improvement_rate("care_management", "I", self.R8) == 0.021
        assert wage_improvement_rate("day_service", "I_b", self.R6) == 0.092  # Ⅰロ → Ⅰ before 2026-06

    def test_tokuyo_r8_rates(self):
        # 特養 Ⅰイ 16.3 / Ⅰロ 17.6 / Ⅱイ 15.9 / Ⅱロ 17.2 % (https://doctormate.co.jp/blog/newscolumn260119-3)
        assert [wage_improvement_rate("tokuyo", t, self.R8) for t in ("I_a", "I_b", "II_a", "II_b")] == [
            0.163, 0.176, 0.159, 0.172]
        assert wage_improvement_rate("tokuyo", "I", self.R8) == 0.163

    def test_unfound_r8_rates_are_flagged_assumptions_with_their_derivation(self):
        from simulator.reference import wage_improvement_entry

        for service in ("group_home", "small_multi", "roken", "short_stay", "community_tokuyo"):
            found = wage_improvement_entry(service, self.R8)
            assert found.confidence == "assumption" and "Vol.1479" in found.note, service
            # every R8 row that was found rose over R6 and ロ ≥ イ: the derived rows must too
            for r8, r6 in (("I_a", "I"), ("II_a", "II"), ("III", "III"), ("IV", "IV")):
                assert wage_improvement_rate(service, r8, self.R8) > wage_improvement_rate(service, r6, self.R6)
            assert wage_improvement_rate(service, "I_b", self.R8) > wage_improvement_rate(service, "I_a", self.R8)

    def test_none_and_bad_tier(self):
        assert wage_improvement_rate("tokuyo", "none", self.R8) == 0.0
        with pytest.raises(ValueError, match="V"):
            wage_improvement_rate("tokuyo", "V", self.R8)


def test_add_ons_of_day_service():
    # 通所介護 加算 units (fee pages, domain-facts §1.2): 入浴Ⅰ 40, Ⅱ 55, 中重度 45, 認知症 60, 科学的 40/月
    assert add_on("day_service", "bathing_i", ON).units == 40
    assert add_on("day_service", "bathing_ii", ON).units == 55
    assert add_on("day_service", "moderate_severe_care", ON).units == 45
    science = add_on("day_service", "science_care", ON)
    assert (science.units, science.basis) == (40, "month")
    assert {a.id for a in add_on_options("day_service", ON)} >= {"service_quality_i", "dementia"}
    with pytest.raises(ValueError, match="massage"):
        add_on("day_service", "massage", ON)
