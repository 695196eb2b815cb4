"""仲介手数料 of a business transfer: a percentage of the price with the usual minimum fee, max(share × price, minimum).

Minimum (reference deal.broker_fee_minimum_yen, finance.toml): 5,000,000 円, the low end of the published range
(オーク https://oak-g.com/?p=171 最低手数料 500万円 … 大手 2,500万円 https://jfsc.jp/?p=254).
Business (as in test_paths.test_business_transfer_price_by_hand): net assets 4,000,000 + first-year operating profit
2,400,000 × 2 years = price 8,800,000 円, paid in month 6.
"""

from __future__ import annotations

import pytest

from simulator import reference
from tests.paths.test_paths import START, incremental, run

PRICE = 8_800_000


def broker_in_transfer_month(role: str = "buyer", **deal) -> float:
    plan, base = run([{"kind": "business_transfer", "transfer_month": 6, "designation_lead_months": 2, "role": role,
                       "business": {"revenue_yen_per_year": 12_000_000, "costs_yen_per_year": 9_600_000,
                                    "fixed_assets_fair_value_yen": 3_000_000, "other_assets_yen": 1_000_000},
                       "valuation": {"method": "net_assets_plus_earnings", "earnings_years": 2.0}, **deal}])
    return float(incremental(plan, base, "one_off_costs_yen")[6])


def test_the_default_minimum_is_the_cited_5_million_yen():
    assert reference.get("deal.broker_fee_minimum_yen", on=START) == 5_000_000
    entry = reference.lookup("deal.broker_fee_minimum_yen", START)
    assert "oak-g.com" in str(entry.source.url) and "jfsc.jp" in str(entry.sources)


def test_a_small_deal_pays_the_minimum_not_the_percentage():
    # 5 % × 8,800,000 = 440,000 < 5,000,000: the minimum applies
    assert broker_in_transfer_month(broker_fee_share=0.05) == pytest.approx(5_000_000)


def test_a_deal_above_the_minimum_pays_the_percentage():
    # 5 % × 200,000,000 = 10,000,000 > 5,000,000
    big = {"method": "fixed_price", "price_yen": 200_000_000}
    assert broker_in_transfer_month(broker_fee_share=0.05, valuation=big) == pytest.approx(10_000_000)


def test_the_minimum_is_editable_and_a_share_of_zero_means_no_broker():
    assert broker_in_transfer_month(broker_fee_share=0.05, broker_fee_minimum_yen=25_000_000) == pytest.approx(
        25_000_000)  # a large broker's minimum (jfsc.jp)
    assert broker_in_transfer_month(broker_fee_share=0.05, broker_fee_minimum_yen=0) == pytest.approx(440_000)
    assert broker_in_transfer_month(broker_fee_share=0.0) == 0  # no broker: no minimum either


def test_a_seller_pays_the_minimum_too():
    # the seller's broker fee is booked as a one-off cost in the transfer month as well
    assert broker_in_transfer_month("seller", broker_fee_share=0.05) == pytest.approx(5_000_000)
