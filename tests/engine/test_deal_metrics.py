"""Deal metrics a lender and a board read (issue 14): IRR only when it means something, MIRR, residual value
without goodwill, 債務償還年数 and DSCR per fiscal year, each against arithmetic worked by hand here."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from simulator.engine.irr import IRR_REASONS, irr_checked, mirr
from simulator.engine.lender import fiscal_of, lender_metrics, yearly

ROOT = Path(__file__).resolve().parents[2]
TRANSFER = ROOT / "scenarios" / "transfer_buy_home_help.toml"


def _one(flows: list[float]) -> tuple[float, str]:
    value, reason = irr_checked(np.array([flows], dtype=float))
    return float(value[0]), IRR_REASONS[int(reason[0])]


def test_irr_on_conventional_flows_matches_numpy_financial() -> None:
    """−1,000 then 300 a year for 5 years: one sign change, one root (npf.irr ≈ 15.24 %)."""
    flows = [-1000.0, 300.0, 300.0, 300.0, 300.0, 300.0]
    value, reason = _one(flows)
    assert reason == "ok"
    assert value == pytest.approx(npf.irr(flows), rel=1e-10)
    assert value == pytest.approx(0.15238, abs=1e-5)
    # NPV at the IRR is zero by definition
    assert sum(c / (1 + value) ** k for k, c in enumerate(flows)) == pytest.approx(0.0, abs=1e-8)


def test_irr_with_several_sign_changes_is_not_shown() -> None:
    """−100, +230, −132: NPV = −(1 + r)^-2 (100 (1+r)^2 − 230 (1 + r) + 132) has the roots 10 % and 20 %
    (100 x² − 230 x + 132 = 0 at x = 1.1 and 1.2): numpy-financial returns one of them, the engine neither."""
    flows = [-100.0, 230.0, -132.0]
    roots = sorted(1.0 / np.roots([-132.0, 230.0, -100.0]) - 1.0)
    assert roots == pytest.approx([0.10, 0.20], abs=1e-12)
    assert npf.irr(flows) == pytest.approx(0.10, abs=1e-9) or npf.irr(flows) == pytest.approx(0.20, abs=1e-9)
    value, reason = _one(flows)
    assert math.isnan(value) and reason == "several_sign_changes"


def test_irr_without_investment_is_not_shown() -> None:
    """+50 first, then −10 a year for 6 years: a root exists (numpy-financial finds it, ≈ 5.47 %), but it is
    the cost of borrowing 50, not a return: no IRR, reason no_investment."""
    flows = [50.0, -10.0, -10.0, -10.0, -10.0, -10.0, -10.0]
    root = npf.irr(flows)
    assert np.isfinite(root) and root == pytest.approx(0.0547, abs=1e-3)
    value, reason = _one(flows)
    assert math.isnan(value) and reason == "no_investment"
    assert _one([0.0, 0.0, 0.0]) [1] == "no_change"


def test_irr_out_of_the_sane_range_is_not_shown() -> None:
    """−3 then +8, +5, +6 …: the one root is ≈ 250 % a year (the merger example's shape): no IRR."""
    flows = [-3.0, 8.3, 5.1, 6.1, 7.8, 7.1, 5.4, 7.1, 8.3, 74.5]
    assert npf.irr(flows) > 2.0
    value, reason = _one(flows)
    assert math.isnan(value) and reason == "out_of_range"


@pytest.mark.parametrize("flows", [[-1000.0, 300.0, 300.0, 300.0, 300.0, 300.0], [-100.0, 230.0, -132.0],
                                   [-3.0, 8.3, 5.1, 6.1, 7.8, 7.1, 5.4, 7.1, 8.3, 74.5]])
def test_mirr_matches_numpy_financial(flows: list[float]) -> None:
    rate = 0.03
    assert mirr(np.array([flows]), rate)[0] == pytest.approx(npf.mirr(flows, rate, rate), rel=1e-12)


def test_mirr_by_hand() -> None:
    """−1,000, +600, +600 at 5 %: FV of inflows = 600 × 1.05 + 600 = 1,230; (1,230 / 1,000)^(1/2) − 1."""
    assert mirr(np.array([[-1000.0, 600.0, 600.0]]), 0.05)[0] == pytest.approx(1230.0 ** 0.5 / 1000.0 ** 0.5 - 1.0)


def _loan_case() -> tuple[dict[str, np.ndarray], pd.DatetimeIndex]:
    """Three fiscal years from April 2026, a loan of 120 M repaid 1 M a month (12 M a year) with interest
    0.2 M a month; net income 0.5 M a month, depreciation 0.6 M, subsidy release 0.1 M, so the repayment
    source is 12 × (0.5 + 0.6 − 0.1) = 12 M a year; the first year also has a one-off cost of 3 M (booked,
    so its net income is 3 M lower) and no repayment source in the third year (net income −1.2 M a month).
    Cash 20 M throughout."""
    months = 36
    dates = pd.date_range("2026-04-01", periods=months, freq="MS")
    t = np.arange(months)
    net = np.where(t < 24, 0.5e6, -1.2e6)
    one_off = np.where(t == 0, 3e6, 0.0)
    net = net - one_off
    a = {
        "net_income_yen": net, "one_off_costs_yen": one_off,
        "depreciation_yen": np.full(months, 0.6e6), "subsidy_release_yen": np.full(months, 0.1e6),
        "interest_yen": np.full(months, 0.2e6), "principal_repaid_yen": np.full(months, 1e6),
        "debt_yen": 120e6 - 1e6 * (t + 1), "cash_yen": np.full(months, 20e6),
    }
    return {k: v[None, :].astype(float) for k, v in a.items()}, dates


def test_lender_years_worked_by_hand() -> None:
    a, dates = _loan_case()
    fiscal = np.where(dates.month >= 4, dates.year, dates.year - 1)
    y = yearly(a, fiscal, [2026, 2027, 2028])
    # repayment source before one-offs: 12 × (0.5 + 0.6 − 0.1) M = 12 M in FY2026 and FY2027
    assert y["repayment_source_yen"][0, :2] == pytest.approx([12e6, 12e6])
    assert y["one_off_costs_yen"][0] == pytest.approx([3e6, 0.0, 0.0])
    # DSCR = (12 + 2.4) / (12 + 2.4) = 1.0 in the first two years
    assert y["dscr"][0, :2] == pytest.approx([1.0, 1.0])
    # 債務償還年数 = (debt at the year end − cash) / source: (108 − 20) / 12 and (96 − 20) / 12
    assert y["debt_repayment_years"][0, :2] == pytest.approx([88 / 12, 76 / 12])
    # FY2028: source 12 × (−1.2 + 0.6 − 0.1) = −8.4 M, before interest −8.4 + 2.4 = −6 M: no ratio, labelled
    assert math.isnan(y["dscr"][0, 2]) and math.isnan(y["debt_repayment_years"][0, 2])
    assert y["lender_status"][0, 2] == 2  # 返済原資なし


def test_lender_metrics_read_the_stable_and_the_worst_year() -> None:
    """Opening in month 12 (FY2027): FY2026 is not an operating year; the stable year is FY2027
    (76 / 12 = 6.33 years), the worst operating year FY2028 (no repayment source)."""
    a, dates = _loan_case()
    m = lender_metrics(a, fiscal_of(dates), np.array([[12.0]]), np.array([[12.0]]))
    assert m["debt_repayment_stable_year"][0] == 2027
    assert m["debt_repayment_years"][0] == pytest.approx(76 / 12)
    assert m["debt_repayment_worst_year"][0] == 2028 and math.isnan(m["debt_repayment_years_worst"][0])
    assert m["years_without_repayment_source"][0] == 1
    assert m["dscr_min"][0] == pytest.approx(1.0)  # FY2027's ratio; FY2028 is counted, not turned negative


def test_cash_covering_the_debt_is_zero_years() -> None:
    a, dates = _loan_case()
    a["cash_yen"] = np.full_like(a["cash_yen"], 200e6)
    fiscal = np.where(dates.month >= 4, dates.year, dates.year - 1)
    assert yearly(a, fiscal, [2026])["debt_repayment_years"][0, 0] == 0.0


def test_residual_value_leaves_goodwill_out() -> None:
    """The transfer example at a fixed price of 20 M: the business brings fair value 3 M + other assets 2 M,
    no cash, no debt and no depreciation, so goodwill = 20 − 5 = 15 M stays on the books to the horizon end.
    The terminal value is the book value less 15 M; NPV moves by 15 M discounted from the last month."""
    from simulator.engine import simulate
    from simulator.files import load_scenario

    s = load_scenario(TRANSFER)
    s.paths[0].valuation.price_yen = 20_000_000  # a given price wins over the method
    r = simulate(s)
    p = r.projection
    with_goodwill = ((p.arrays["fixed_assets_yen"][0, -1] - p.arrays["debt_yen"][0, -1])
                     - (p.baseline["fixed_assets_yen"][0, -1] - p.baseline["debt_yen"][0, -1]))
    assert r.metrics["goodwill_excluded_yen"] == pytest.approx(15_000_000)
    assert r.metrics["residual_value_yen"] == pytest.approx(with_goodwill - 15_000_000)
    months = s.assumptions.horizon_months
    discount = (1 + s.assumptions.discount_rate) ** (-months / 12)
    assert r.metrics["residual_value_pv_yen"] == pytest.approx((with_goodwill - 15_000_000) * discount, rel=1e-9)
    assert r.metrics["npv_yen"] - r.metrics["npv_without_residual_yen"] == pytest.approx(
        r.metrics["residual_value_pv_yen"], rel=1e-9)


def test_going_concern_terminal_value_is_a_perpetuity_of_the_last_year() -> None:
    from simulator.engine import simulate
    from simulator.files import load_scenario

    s = load_scenario(TRANSFER)
    book = simulate(s)
    s.assumptions.terminal_value = "going_concern"
    r = simulate(s)
    last = r.annual[r.annual["months"] == 12].index[-1]
    base = r.projection.baseline
    fiscal = np.where(r.projection.dates.month >= 4, r.projection.dates.year, r.projection.dates.year - 1)
    mask = fiscal == last
    base_flow = (base["net_income_yen"][0, mask] - base["subsidy_release_yen"][0, mask]).sum()
    plan_flow = r.annual.loc[last, "net_income_yen"] - r.annual.loc[last, "subsidy_release_yen"]
    assert r.metrics["residual_value_yen"] == pytest.approx((plan_flow - base_flow) / s.assumptions.discount_rate,
                                                            rel=1e-6, abs=1.0)
    assert r.metrics["npv_without_residual_yen"] == pytest.approx(book.metrics["npv_without_residual_yen"])


def test_doing_nothing_has_no_payback_and_no_irr() -> None:
    from simulator.engine import simulate
    from simulator.files import load_scenario
    from simulator.metric_text import break_even_text, payback_text

    r = simulate(load_scenario(TRANSFER).without_plan())
    assert math.isnan(r.metrics["payback_month"])
    assert IRR_REASONS[int(r.metrics["irr_reason"])] == "no_change"
    assert "0" not in payback_text(r.metrics, "ja")  # no "回収月 0か月目"
    text = break_even_text(r.metrics["break_even_occupancy"], r.metrics["break_even_occupancy_reason"], "ja")
    assert "該当なし" in text and "0.0" not in text
    assert "not applicable" in break_even_text(r.metrics["break_even_occupancy"],
                                               r.metrics["break_even_occupancy_reason"], "en")


MERGER = ROOT / "scenarios" / "merger_two_welfare_corps.toml"


def _partner_personnel(s):
    """The partner's personnel cost per month: plan minus baseline, back-office synergies removed."""
    from simulator.engine import project

    s.paths[0].synergies.backoffice_fte_removed = 0
    p = project(s)
    return p.arrays["personnel_yen"][0] - p.baseline["personnel_yen"][0], p


def test_merger_wage_harmonisation_costs_its_full_amount() -> None:
    """A partner paying 0.9 of our scale, harmonised to ours (1.0): its accounts calibrate it at 0.9, so from
    the effective month its personnel cost is exactly 1 / 0.9 of the un-harmonised plan's (before, the
    calibration absorbed the rise and harmonising cost almost nothing). Our own staff stay at 1.0."""
    from simulator.files import load_scenario

    base = load_scenario(MERGER)
    partner = base.paths[0].partner
    partner.services = partner.services[:1]  # one service with stated accounts: the calibrated case
    partner.revenue_yen_per_year, partner.costs_yen_per_year = 100_000_000, 95_000_000
    partner.wage_level_vs_own = 0.9
    base.paths[0].extra_attrition_first_year = 0.0
    keep = base.model_copy(deep=True)
    keep.paths[0].harmonise_wages_to_higher = False
    harmonised, p = _partner_personnel(base)
    kept, _ = _partner_personnel(keep)
    eff = base.paths[0].approval_lead_months
    assert kept[eff + 1:].sum() > 0
    # the 処遇改善 pay-out (a wage cost equal to the add-on, issue 13) does not scale with the pay level
    np.testing.assert_allclose(harmonised[eff + 1:], kept[eff + 1:] / 0.9, rtol=5e-3)
    assert (harmonised[eff + 1:] - kept[eff + 1:]).sum() > 0.09 * kept[eff + 1:].sum()


def test_transfer_staff_are_not_recruited() -> None:
    """Staff who come with the business are in post: in the month its P&L starts the plan hires only the
    staff who leave (1 − retention = 15 %) and the month's leavers (turnover / 12), not all of them."""
    from simulator.engine import project
    from simulator.files import load_scenario

    s = load_scenario(TRANSFER)
    p = project(s)
    start = s.paths[0].transfer_month + s.paths[0].designation_lead_months
    hires = p.arrays["hires"][0] - p.baseline["hires"][0]
    fte = p.arrays["fte_planned"][0] - p.baseline["fte_planned"][0]
    turnover = p.baseline["hires"][0, 0] / p.baseline["fte_planned"][0, 0]  # leavers a month per FTE
    assert hires[start] == pytest.approx(fte[start] * (1 - s.paths[0].staff_retention + turnover), rel=1e-6)
    assert hires[start] < 0.5 * fte[start]  # before: every FTE was a hire in that month
