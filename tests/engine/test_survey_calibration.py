"""Typical facilities at survey-average inputs, doing nothing, no growth, against the survey they come from.

Each case's inputs and expected values are one survey table (the same table the reference cost structure,
other_costs.toml, and the benchmark ratios of benchmarks.toml are read from), so margin, 人件費率 and 経費率
are checked against one consistent set, not a margin from one survey and a personnel ratio from another:

- ユニット型特養 by WAM size class: WAM「2023年度 特別養護老人ホームの経営状況について」図表5 定員規模別 (ユニット型),
  https://wic-net.com/material/document/19342/5 (WAM https://www.wam.go.jp/hp/keiei-report-r6/): 平均定員, 利用率,
  人件費率, 経費率, 減価償却費率, サービス活動増減差額比率 of each class.
- 通所介護 (通常規模 30 places): 厚生労働省 令和7年度介護事業経営概況調査 第54表 社会福祉法人(社協以外), 2024年度決算,
  https://www.wic-net.com/material/document/22561/59 (margin 1.2 %, 給与費 67.9 %, 減価償却 4.2 %, その他 26.1 %);
  利用率 69.4 % (WAM 2023 通所介護, https://www.wic-net.com/material/document/20790/2).
- 訪問介護 (60 users): 令和7年度概況調査 収支差率 9.6 % (https://www.wic-net.com/material/document/22562/3),
  給与費割合 67.8 % (https://kaigonosusume.jp/?p=71140); 減価償却 1 % is an ASSUMPTION of the data.
- 認知症GH (2 units, 18 places): WAM 2022年度 GH 経営分析参考指標, https://wic-net.com/material/document/13308/1
  (人件費率 69.1 %, 経費率 22.7 % + その他 0.6 %, 減価償却費率 4.4 %, 差額比率 3.2 %, 利用率 94.7 %).
- 小規模多機能: no published margin or cost ratio was found (reference data say so): no calibration case.

Survey-average inputs: 6級地 (10.27円/単位 for the 45 % group) stands for a national mix the surveys do not split
by region (an assumption of this test); the typical 加算 set; staff priced at the survey year's pay (特養: WAM's
FY2023 cost per FTE, so the R6.9/R5.9 lift the reference applies from 2024-10 is undone with the wage level);
depreciation = the survey's 減価償却費率 × revenue (the accounts of a home of the survey's age, not a new build).
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference
from simulator.engine import simulate
from simulator.scenario import Scenario

START = dt.date(2025, 4, 1)
SURVEY_YEAR_PAY = 324_240 / 338_200  # 介護職員 平均給与額 R5.9 / R6.9 (令和6年度介護従事者処遇状況等調査)
MARGIN_TOL, PERSONNEL_TOL, OTHER_TOL = 0.015, 0.03, 0.015
REVENUE_TOL = 0.01  # the typical 加算 shares are assumptions (typical.toml): 1 % of 利用者単価 ≈ 10 % of the 加算

# WAM 2023 ユニット型特養 図表5: class -> (平均定員, 利用率, 人件費率, 経費率, 減価償却費率, 差額比率, 利用者単価 円)
WAM_UNIT_TOKUYO = {
    "le29": (27.4, 0.944, 0.652, 0.249, 0.073, 0.025, 15_003),
    "c30_59": (43.7, 0.927, 0.642, 0.255, 0.065, 0.036, 14_849),
    "c60_79": (65.9, 0.931, 0.637, 0.261, 0.067, 0.034, 14_759),
    "c80_99": (83.8, 0.930, 0.620, 0.259, 0.066, 0.052, 14_861),
    "ge100": (112.4, 0.924, 0.606, 0.254, 0.067, 0.071, 15_062),
}
# service -> (capacity, occupancy, wage level, 人件費率, 経費率, 減価償却費率, margin); sources in the docstring
OTHER_SERVICES = {
    "day_service": (30, 0.694, 1.0, 0.679, 0.261, 0.042, 0.012),
    "home_help": (60, 1.0, 1.0, 0.678, 0.216, 0.010, 0.096),
    "group_home": (18, 0.947, 1.0, 0.691, 0.233, 0.044, 0.032),
}


def _scenario(service: str, capacity: float, occupancy: float, wage_level: float,
              fee_change: float = 0.0) -> Scenario:
    revisions = [{"date": START, "change": fee_change}] if fee_change else []
    return Scenario.model_validate({
        "assumptions": {"start_date": START, "horizon_months": 12, "wage_growth_per_year": 0.0,
                        "inflation_per_year": 0.0, "wage_level": wage_level, "fee_revisions": revisions},
        "organisation": {"region_grade": 6, "services": [{"service": service, "capacity": capacity,
                                                          "occupancy": occupancy, "add_ons": ["typical"]}]}})


def typical(service: str, capacity: float, occupancy: float, wage_level: float,
            depreciation_ratio: float, revenue_per_user_day: float | None = None) -> dict[str, float]:
    """A year of a typical facility doing nothing: margin, 人件費率, 経費率 (recruiting counts as 経費) and
    利用者単価; with ``revenue_per_user_day`` its fees are scaled (one 報酬 change from the start) so that it
    earns that much a user-day, 食費・居住費 included, as the survey's 利用者単価 counts it."""
    m = simulate(_scenario(service, capacity, occupancy, wage_level)).monthly
    if revenue_per_user_day is not None:
        target = revenue_per_user_day * capacity * occupancy * 365
        fee, hotel = m["revenue_fee_yen"].sum(), m["revenue_hotel_yen"].sum()
        m = simulate(_scenario(service, capacity, occupancy, wage_level, (target - hotel) / fee - 1.0)).monthly
    revenue = m["revenue_yen"].sum()
    return {"margin": m["operating_profit_yen"].sum() / revenue - depreciation_ratio,
            "personnel_ratio": m["personnel_yen"].sum() / revenue,
            "other_ratio": (m["other_costs_yen"].sum() + m["recruiting_yen"].sum()) / revenue,
            "revenue_per_user_day": revenue / (capacity * occupancy * 365)}


# A 特養 of 29 places or fewer is a 地域密着型介護老人福祉施設 (介護保険法 第8条第22項: 入所定員29人以下の特別養護
# 老人ホーム; a 広域型 特養 has 30 or more), so WAM's ≤29 class is priced by the 地域密着型 fee table (higher base
# units: ユニット型 要介護3 828 vs 815 単位, https://kaigo.intertrust.jp/materials/2024-local-nursinghome-2).
SERVICE_OF_CLASS = {"le29": "community_tokuyo"}


def _tokuyo(size_class: str, at_survey_revenue: bool = False) -> dict[str, float]:
    capacity, occupancy, _, _, depreciation, _, revenue = WAM_UNIT_TOKUYO[size_class]
    return typical(SERVICE_OF_CLASS.get(size_class, "tokuyo"), round(capacity), occupancy, SURVEY_YEAR_PAY,
                   depreciation, revenue if at_survey_revenue else None)


@pytest.mark.parametrize("size_class", list(WAM_UNIT_TOKUYO))
def test_unit_tokuyo_other_cost_ratio_is_wams_in_each_size_class(size_class):
    assert _tokuyo(size_class)["other_ratio"] == pytest.approx(WAM_UNIT_TOKUYO[size_class][3], abs=OTHER_TOL)


# The cost side: at the class's own 利用者単価 (WAM 図表5), the posts, pay and 経費 of the model give WAM's
# margin and 人件費率 in every class, the ≤29 and ≥100 ones included.
@pytest.mark.parametrize("size_class", list(WAM_UNIT_TOKUYO))
def test_unit_tokuyo_margin_and_personnel_ratio_are_wams_at_the_class_revenue(size_class):
    got = _tokuyo(size_class, at_survey_revenue=True)
    assert got["revenue_per_user_day"] == pytest.approx(WAM_UNIT_TOKUYO[size_class][6], rel=1e-4)
    assert got["personnel_ratio"] == pytest.approx(WAM_UNIT_TOKUYO[size_class][2], abs=PERSONNEL_TOL)
    assert got["margin"] == pytest.approx(WAM_UNIT_TOKUYO[size_class][5], abs=MARGIN_TOL)


# The fee side: the model's own 利用者単価 (base units × 6級地 × care mix + typical 加算 + 処遇改善 + 食費・居住費).
# Two classes miss by more than 1 %, and no cited input per class explains either (strict: the markers go when
# they pass):
# - ≥100: WAM's 15,062円 is 2.0 % above its 60–79 class (14,759円) while the model prices every 広域型 class
#   of 51+ places alike (14,784円); WAM's table gives only the 処遇改善(Ⅰ) 取得率 (98.0 % vs 95.0 %) and
#   16.8 short-stay places at 80.0 %. At its own fees the class's margin is 4.9 % (WAM 7.1 %).
# - ≤29: the model's 15,325円 is 2.1 % above WAM's 15,003円: the typical set takes the 地域密着型 units of
#   看護体制 / 夜勤職員配置 (イ: 12 / 23 / 46) at the 広域型 take-up shares, which a small home may not reach.
_FEE_GAP = {
    "ge100": pytest.mark.xfail(strict=True, reason="≥100: WAM's 利用者単価 +2 % over 60–79, no cited cause"),
    "le29": pytest.mark.xfail(strict=True, reason="≤29: typical 地域密着型 加算 take-up 2 % above WAM's 利用者単価"),
}


@pytest.mark.parametrize("size_class", [pytest.param(c, marks=_FEE_GAP[c]) if c in _FEE_GAP else c
                                        for c in WAM_UNIT_TOKUYO])
def test_unit_tokuyo_revenue_per_user_day_is_wams(size_class):
    got = _tokuyo(size_class)["revenue_per_user_day"]
    assert got == pytest.approx(WAM_UNIT_TOKUYO[size_class][6], rel=REVENUE_TOL)


def test_unit_tokuyo_margin_rises_with_size_as_in_wam():
    # WAM 2023 ユニット型: 2.5 % (≤29) … 7.1 % (≥100), +3.5 pt from 30〜59 to ≥100, from fixed posts and 経費 per
    # place spread over more users (at each class's 利用者単価, so the gradient is the cost side's)
    margins = [_tokuyo(size_class, at_survey_revenue=True)["margin"] for size_class in WAM_UNIT_TOKUYO]
    assert all(b > a - 0.005 for a, b in zip(margins, margins[1:], strict=False)), margins  # WAM dips 0.2 pt at 60–79
    assert margins[-1] - margins[1] > 0.025, margins
    assert margins[-1] - margins[0] > 0.03, margins


def test_smaller_home_earns_the_higher_nursing_and_night_units():
    # 看護体制加算 Ⅰ/Ⅱ and 夜勤職員配置加算(Ⅱ) of a ユニット型特養: イ 6 / 13 / 27 units a day for 31〜50 places,
    # ロ 4 / 8 / 18 for 30 or 51+ (add_ons.toml, typical.toml), at the typical shares 0.9 / 0.6 / 0.7:
    # (2 × 0.9 + 5 × 0.6 + 9 × 0.7) = 11.1 units a user-day more, × 10.27円 (6級地) × (1 + 処遇改善 rate)
    small, large = (_scenario("tokuyo", places, 0.95, 1.0) for places in (50, 51))
    per_day = [simulate(s).monthly["revenue_fee_yen"].sum() / (s.organisation.services[0].capacity * 0.95 * 365)
               for s in (small, large)]
    rate = reference.wage_improvement_rate("tokuyo", "I", on=START)
    assert per_day[0] - per_day[1] == pytest.approx(11.1 * 10.27 * (1 + rate), abs=2.0)


@pytest.mark.parametrize("service", list(OTHER_SERVICES))
def test_typical_service_matches_its_survey(service):
    capacity, occupancy, wage_level, personnel, other, depreciation, margin = OTHER_SERVICES[service]
    got = typical(service, capacity, occupancy, wage_level, depreciation)
    assert got["other_ratio"] == pytest.approx(other, abs=OTHER_TOL), got
    assert got["personnel_ratio"] == pytest.approx(personnel, abs=PERSONNEL_TOL), got
    assert got["margin"] == pytest.approx(margin, abs=MARGIN_TOL), got


def test_small_multi_has_no_survey_figure_and_the_data_say_so():
    # no 小多機 margin or cost ratio was found in the stored MHLW/WAM material: the data mark them as assumptions
    for name in ("margin", "personnel_ratio", "other_cost_ratio"):
        assert reference.benchmark_entry("small_multi", name, on=START).confidence == "assumption"


def test_extension_from_50_to_80_places_moves_the_margin_toward_the_larger_class():
    # WAM 2023 ユニット型: 30〜59人 3.6 %, 80〜99人 5.2 %; same occupancy and depreciation ratio for both homes
    small = typical("tokuyo", 50, 0.93, SURVEY_YEAR_PAY, 0.066)
    large = typical("tokuyo", 80, 0.93, SURVEY_YEAR_PAY, 0.066)
    # the cost side: at the same fees a user-day, the fixed posts and 経費 of the larger home are spread over more
    # users (the 50-place home priced at the 80-place home's 利用者単価)
    same_fees = typical("tokuyo", 50, 0.93, SURVEY_YEAR_PAY, 0.066, large["revenue_per_user_day"])
    assert large["personnel_ratio"] < same_fees["personnel_ratio"] - 0.01
    assert large["margin"] > same_fees["margin"] + 0.01
    # the fee side: past 50 places every resident moves from the イ to the ロ units of 看護体制 / 夜勤職員配置
    # (11.1 units a user-day less at the typical shares, test above), about 0.9 pt of margin: the 80-place home
    # ends a little below the 50-place one's (6.6 % vs 6.8 %), which a consultant must see before extending
    assert small["revenue_per_user_day"] - large["revenue_per_user_day"] == pytest.approx(11.1 * 10.27 * 1.14, rel=0.05)
    # the 80-place home is nearer the larger class's margin than the smaller class's (staffing by posts: a
    # 50-place home with 5 full units already sits above its class mean of 43.7 places, 3.6 %, so the distance
    # of the 50-place home itself is not the measure)
    assert abs(large["margin"] - WAM_UNIT_TOKUYO["c80_99"][5]) < abs(large["margin"] - WAM_UNIT_TOKUYO["c30_59"][5])
