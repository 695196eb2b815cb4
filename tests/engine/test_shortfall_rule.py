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


def test_staff_short_by_more_than_ten_percent_cut_the_fee_in_the_engine(monkeypatch):
    """The 減算 branch of the engine, reached by a constructed case: the shipped paths staff max(posts, standard),
    so staff are never short there. Here the standard of a 60-place 特養 counts three times its users in months
    3–5 (as if its 前年度平均 were that high) while its staff stay as planned, so they fall far more than 1割
    below the 3:1 standard: its care fee is 70/100 in months 4–6 (from the next month to the month it is
    resolved), 食費・居住費 are not reduced, and the other months are untouched."""
    from simulator.engine import simulate, staffing
    from simulator.scenario import Scenario

    def scenario():
        return Scenario.model_validate({
            "assumptions": {"start_date": "2025-04-01", "horizon_months": 12, "wage_growth_per_year": 0.0,
                            "inflation_per_year": 0.0},
            "organisation": {"region_grade": 6, "services": [{"service": "tokuyo", "capacity": 60,
                                                              "occupancy": 0.93}]}})

    full = simulate(scenario()).monthly
    original = staffing._staff_pass
    counted_more = np.array([[1.0] * 3 + [3.0] * 3 + [1.0] * 6])

    def standard_counts_more(inp, ref, block, counted, *args, **kwargs):
        return original(inp, ref, block, counted * counted_more, *args, **kwargs)

    monkeypatch.setattr(staffing, "_staff_pass", standard_counts_more)
    short = simulate(scenario()).monthly
    assert short["staff_shortfall"].tolist() == [0] * 3 + [1] * 3 + [0] * 6
    assert short["fte_required"].iloc[3] > 2.5 * full["fte_required"].iloc[3]
    np.testing.assert_array_equal(short["fte_planned"].to_numpy(), full["fte_planned"].to_numpy())
    paid = short["revenue_fee_yen"].to_numpy() / full["revenue_fee_yen"].to_numpy()
    np.testing.assert_allclose(paid[4:7], 0.7, atol=1e-6)  # floor() of the yen
    np.testing.assert_allclose(np.delete(paid, [4, 5, 6]), 1.0)
    np.testing.assert_array_equal(short["revenue_hotel_yen"].to_numpy(), full["revenue_hotel_yen"].to_numpy())
