"""A merger partner or an acquired business is priced at its own 級地 (issue 14 item 1), not the organisation's.

Hand arithmetic (reference read at 2026-04-01, each value asserted below so a data change shows):
- 特養 (ユニット型) 要介護3 = 815 単位/日 (fees.toml); 30 places × 100 % × 30 days = 900 user-days → 733,500 単位 a month
  (no 加算, 処遇改善 tier none).
- 1単位の単価 特養: その他 10.00 円, 1級地 10 × (1 + 0.20 × 0.45) = 10.90 円 (告示 地域区分, 人件費割合 45 %).
  → fee revenue 733,500 × 10.00 = 7,335,000 円 (その他) vs 733,500 × 10.90 = 7,995,150 円 (1級地): ratio 1.09.
- Regional pay (regional_wages.py): 1級地 1.07317…, その他 0.97561… → pay ratio 1.10. Personnel = staff at the
  survey pay × regional factor − fee × 0.14 (tier none pays out 14 % less than the pay basis, evaluate.py).
The organisation itself is in その他 (grade 8) in every case.
"""

from __future__ import annotations

import pytest

from simulator import reference
from tests.paths.test_paths import START, incremental, run

UNITS = 30 * 30 * 815  # places × days × 単位/日


def merger(**where):
    partner = {"services": [{"service": "tokuyo", "variant": {"room_type": "unit"}, "capacity": 30, "occupancy": 1.0,
                             "care_mix": {"care_3": 1.0}, "service_days_per_month": 30, "add_ons": [],
                             "wage_improvement_tier": "none"}], **where}
    plan, base = run([{"kind": "merger", "approval_lead_months": 6, "harmonise_wages_to_higher": False,
                       "extra_attrition_first_year": 0.0, "partner": partner}])
    return incremental(plan, base, "revenue_fee_yen"), incremental(plan, base, "personnel_yen")


def test_the_reference_values_of_the_hand_arithmetic():
    assert reference.fee_units("tokuyo", "care_3", on=START, room_type="unit") == 815
    assert reference.yen_per_unit("tokuyo", 8, on=START) == 10.00
    assert reference.yen_per_unit("tokuyo", 1, on=START) == 10.90
    assert reference.regional_wage_factor(1, on=START) / reference.regional_wage_factor(8, on=START) == pytest.approx(1.1)
    assert reference.pay_basis_rate("tokuyo", on=START) == 0.14


def test_a_partner_in_grade_1_earns_the_unit_price_ratio_more_than_one_in_sonota():
    fee8, _ = merger(region_grade=8)
    fee1, _ = merger(region_grade=1)
    assert fee8[5] == 0 and fee1[5] == 0  # before the merger takes effect (month 6)
    assert fee8[12] == pytest.approx(UNITS * 10.00, abs=1)  # 7,335,000 円
    assert fee1[12] == pytest.approx(UNITS * 10.90, abs=1)  # 7,995,150 円
    assert fee1[12] / fee8[12] == pytest.approx(10.90 / 10.00, rel=1e-6)


def test_a_partner_is_paid_at_its_own_regional_pay_level():
    fee8, pay8 = merger(region_grade=8)
    fee1, pay1 = merger(region_grade=1)
    at_survey_pay8, at_survey_pay1 = pay8[12] + 0.14 * fee8[12], pay1[12] + 0.14 * fee1[12]
    assert at_survey_pay1 / at_survey_pay8 == pytest.approx(1.1, rel=1e-9)


def test_the_grade_follows_its_municipality_and_without_either_it_is_the_organisations():
    assert merger(municipality="東京都世田谷区")[0][12] == pytest.approx(UNITS * 10.90, abs=1)  # 特別区 = 1級地
    assert merger()[0][12] == pytest.approx(UNITS * 10.00, abs=1)  # neither given: the organisation's その他


def test_an_acquired_business_is_priced_at_its_own_grade_too():
    def transfer(grade: int):
        business = {"region_grade": grade, "services": [{"service": "tokuyo", "variant": {"room_type": "unit"},
                                                         "capacity": 30, "occupancy": 1.0, "care_mix": {"care_3": 1.0},
                                                         "service_days_per_month": 30, "add_ons": [],
                                                         "wage_improvement_tier": "none"}]}
        plan, base = run([{"kind": "business_transfer", "transfer_month": 6, "designation_lead_months": 0,
                           "business": business, "valuation": {"method": "fixed_price", "price_yen": 0}}])
        return incremental(plan, base, "revenue_fee_yen")
    assert transfer(1)[12] / transfer(8)[12] == pytest.approx(10.90 / 10.00, rel=1e-6)
