"""人員基準欠如減算 by its rule (reference posts.shortfall_rule; ケアインフォコム「人員基準欠如減算とは」
https://care-infocom.jp/article/21232/ and 告示27号): short by more than 1割 → reduced from the next month; by 1割
or less → from the month after next unless resolved by the end of the next month; in both cases until the month
the shortfall is resolved (inclusive); 70/100 of the fee for facility and day services, none for 訪問介護/居宅."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import reference
from simulator.engine.staffing import reduced_months


def _cut(gaps: list[float]) -> list[int]:
    return reduced_months(np.array([gaps]), 0.1)[0].astype(int).tolist()


def test_a_shortfall_beyond_ten_percent_cuts_from_the_next_month_until_resolved():
    # short by 20 % in months 1–2, resolved in month 3: cut in months 2 and 3 (the month it is resolved)
    assert _cut([0, 0.2, 0.2, 0, 0, 0]) == [0, 0, 1, 1, 0, 0]


def test_a_shortfall_within_ten_percent_cuts_from_the_month_after_next():
    # short by 5 % from month 1 on: no cut in month 2 (it could still be resolved by the end of month 2), cut from month 3
    assert _cut([0, 0.05, 0.05, 0.05, 0.05, 0]) == [0, 0, 0, 1, 1, 1]


def test_a_small_shortfall_resolved_by_the_end_of_the_next_month_is_not_cut():
    assert _cut([0, 0.05, 0, 0, 0, 0]) == [0, 0, 0, 0, 0, 0]
    assert _cut([0, 0.1, 0, 0, 0, 0]) == [0, 0, 0, 0, 0, 0]  # exactly 1割 is "within"


def test_a_service_short_before_the_horizon_is_cut_from_month_zero():
    assert _cut([0.3, 0.3, 0]) == [1, 1, 1]


@pytest.mark.parametrize("service,paid", [("tokuyo", 0.7), ("group_home", 0.7), ("day_service", 0.7),
                                          ("home_help", 1.0), ("care_management", 1.0)])
def test_the_rate_per_service(service, paid):
    tolerance, factor = reference.shortfall_rule(service)
    assert (tolerance, factor) == (0.1, paid)
