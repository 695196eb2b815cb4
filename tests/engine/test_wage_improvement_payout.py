"""処遇改善加算 is paid out: its revenue above the rate the reference pay contains is a wage cost of the same amount.

Rule: 介護職員等処遇改善加算 must be spent in full on wages (R6 通知; R8 臨時改定 keeps the rule, 第253回分科会
資料1 p.6, https://www.wic-net.com/material/document/23124/6). The reference pay is the R6.9 pay of providers
earning the add-on, nearly all at tier Ⅰ (令和6年度介護従事者処遇状況等調査, https://wic-net.com/material/document/19262/18),
so the 2026-06 uplift (e.g. 訪問介護 Ⅰ 24.5 % → Ⅰイ 27.0 %, comimi.jp/news/58826) and any tier change move
wages by what they move fee revenue: the margin in yen does not move.
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference
from simulator.engine import simulate
from simulator.scenario import Scenario


def _run(service: str, tier: str = "I", start: dt.date = dt.date(2026, 1, 1)):
    s = Scenario.model_validate({
        "assumptions": {"start_date": start, "horizon_months": 12, "wage_growth_per_year": 0.0,
                        "inflation_per_year": 0.0},
        "organisation": {"region_grade": 6, "services": [{"service": service, "capacity": 60,
                                                          "wage_improvement_tier": tier, "add_ons": ["typical"]}]}})
    return simulate(s).monthly


@pytest.mark.parametrize("service", ["home_help", "day_service", "tokuyo", "care_management"])
def test_the_2026_uplift_raises_wages_by_the_added_fee_not_the_margin(service):
    m = _run(service)
    before, after = m.iloc[4], m.iloc[6]  # 2026-05 (R6 table) and 2026-07 (R8 table)
    rise = reference.wage_improvement_rate(service, "I", on=dt.date(2026, 7, 1)) - reference.wage_improvement_rate(
        service, "I", on=dt.date(2026, 5, 1))
    extra_fee = after["revenue_fee_yen"] - before["revenue_fee_yen"]
    assert extra_fee > 0 if rise > 0 else extra_fee == 0
    assert after["personnel_yen"] - before["personnel_yen"] == pytest.approx(extra_fee, rel=1e-6, abs=1.0)
    assert after["operating_profit_yen"] == pytest.approx(before["operating_profit_yen"], rel=1e-6, abs=1.0)


def test_a_higher_tier_raises_wages_as_much_as_fees():
    top, low = _run("home_help", "I"), _run("home_help", "III")
    extra_fee = (top["revenue_fee_yen"] - low["revenue_fee_yen"]).sum()
    assert extra_fee > 0
    assert (top["personnel_yen"] - low["personnel_yen"]).sum() == pytest.approx(extra_fee, rel=1e-6)


def test_at_the_pay_basis_nothing_is_added():
    # 2025: tier Ⅰ of the R6 table = the pay basis, so personnel is the staff cost alone
    m = _run("tokuyo", "I", start=dt.date(2025, 4, 1))
    assert reference.pay_basis_rate("tokuyo", on=dt.date(2025, 4, 1)) == reference.wage_improvement_rate(
        "tokuyo", "I", on=dt.date(2025, 4, 1))
    assert m["personnel_yen"].nunique() == 1
