"""Loans, NPV/IRR, tax carry-forward and depreciation against hand calculations and numpy-financial."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy_financial as npf
import pytest

from simulator.engine.cash import accounts
from simulator.engine.costs import straight_line, subsidy_release
from simulator.engine.financing import existing_debt, loan_schedule
from simulator.engine.metrics import irr, npv, payback_month
from simulator.engine.timeline import Timeline, delay, ramp, spread

TL = Timeline.build(dt.date(2026, 4, 1), 36)


def one(x: float) -> np.ndarray:
    return np.array([[float(x)]])


def test_equal_principal_loan_by_hand():
    # 1,200,000 yen at 1.2 %/year, 1 year incl. 2 months grace, drawn in month 0.
    # months 1-2: interest only 1,200,000 × 0.001 = 1,200; then 10 instalments of 120,000
    # month 3: interest 1,200, principal 120,000 -> balance 1,080,000; month 4 interest 1,080 …
    f = loan_schedule(TL, one(1_200_000), one(0.012), 1, one(2), "equal_principal", one(0))
    assert f.drawn[0, 0] == 1_200_000
    assert f.interest[0, 1] == pytest.approx(1_200) and f.interest[0, 2] == pytest.approx(1_200)
    assert f.principal[0, 1] == 0 and f.principal[0, 3] == pytest.approx(120_000)
    assert f.interest[0, 3] == pytest.approx(1_200) and f.interest[0, 4] == pytest.approx(1_080)
    assert f.balance[0, 12] == pytest.approx(0) and f.principal[0, 13:].sum() == 0
    assert f.principal.sum() == pytest.approx(1_200_000)
    # total interest = 1,200 × 2 + 0.001 × (1,200,000 + 1,080,000 + … + 120,000) = 2,400 + 6,600
    assert f.interest.sum() == pytest.approx(2_400 + 6_600)


def test_equal_payment_loan_matches_numpy_financial():
    amount, rate, years = 10_000_000, 0.018, 2
    f = loan_schedule(TL, one(amount), one(rate), years, one(0), "equal_payment", one(3))
    payment = -npf.pmt(rate / 12, years * 12, amount)
    paid = f.interest + f.principal
    assert paid[0, 4:4 + 24] == pytest.approx(np.full(24, payment))
    assert f.interest[0, 4] == pytest.approx(amount * rate / 12)
    assert f.balance[0, 27] == pytest.approx(0, abs=1e-6)
    assert f.drawn[0, 3] == amount and paid[0, :4].sum() == 0


def test_loan_vectorised_over_trials_equals_single_runs():
    rates = np.array([[0.0], [0.01], [0.05]])
    both = loan_schedule(TL, one(5e6), rates, 3, one(6), "equal_payment", one(1))
    for i in range(3):
        single = loan_schedule(TL, one(5e6), rates[i:i + 1], 3, one(6), "equal_payment", one(1))
        assert np.allclose(both.principal[i], single.principal[0])
    assert both.principal[0].sum() + both.balance[0, -1] == pytest.approx(5e6)  # last instalment after the horizon


def test_existing_debt_repaid_until_zero():
    f = existing_debt(TL, one(1_000_000), one(480_000))  # 40,000 a month -> 25 months
    assert f.principal[0, :25].sum() == pytest.approx(1_000_000) and f.principal[0, 25:].sum() == 0
    assert f.balance[0, 24] == pytest.approx(0)


def test_npv_and_irr_against_numpy_financial():
    rng = np.random.default_rng(3)
    flows = np.concatenate([[-1e8], rng.uniform(0, 2e6, 119)])[None, :]
    rate = 0.03
    monthly_rate = (1 + rate) ** (1 / 12) - 1
    # ours: end-of-month discounting; npf.npv discounts its first value at t = 0
    assert npv(flows, rate)[0] == pytest.approx(npf.npv(monthly_rate, np.concatenate([[0.0], flows[0]])), rel=1e-12)
    yearly = flows[0].reshape(10, 12).sum(axis=1)
    assert irr(flows)[0] == pytest.approx(npf.irr(yearly), rel=1e-9)


def test_irr_nan_when_undefined_and_payback():
    assert np.isnan(irr(np.ones((1, 24)))[0])
    flows = np.array([[-100.0, 50, 30, 30, -5, 10]])
    assert payback_month(flows)[0] == 3  # cumulative -100, -50, -20, 10, 5, 15
    assert np.isnan(payback_month(np.array([[-10.0, 5.0]]))[0])


def _accounts_of(**columns: np.ndarray) -> dict[str, np.ndarray]:
    """The cash kernel on the given columns (every other column 0), no receivable lag, no opening cash."""
    from simulator.engine.cash import INPUTS

    shape = next(iter(columns.values())).shape
    full = {name: columns.get(name, np.zeros(shape)) for name in INPUTS}
    return accounts(full, 0.0, 0.0, 0.0, 0.3)


def test_tax_with_loss_carry_forward_by_hand():
    income = np.array([[-100.0, 60, 70, -20, 50]])
    # carry-forward: 60 and 70 use up the 100 loss -> taxable 30 in month 2; -20 loss, then 50 -> 30 taxable
    out = _accounts_of(revenue_fee_yen=income)
    assert out["tax_yen"][0] == pytest.approx([0, 0, 9, 0, 9])
    assert out["net_income_yen"][0] == pytest.approx([-100, 60, 61, -20, 41])
    # with lag 0 the fee is cash at once: cash = cumulative net income
    assert out["cash_yen"][0] == pytest.approx(np.cumsum([-100, 60, 61, -20, 41]))


def test_depreciation_spread_ramp_delay():
    dep = straight_line(TL, one(1_200), one(2), one(1))
    assert dep[0, :2].sum() == 0 and dep[0, 2:14] == pytest.approx(np.full(12, 100)) and dep[0, 14:].sum() == 0
    paid = spread(TL, one(1_000), one(-2), one(4))  # window starting before month 0 is paid from month 0
    assert paid.sum() == pytest.approx(1_000) and paid[0, 0] > 0
    occ = ramp(TL, one(3), one(0.3), one(0.9), one(6))
    assert occ[0, 2] == 0 and occ[0, 3] == pytest.approx(0.3) and occ[0, 6] == pytest.approx(0.6)
    assert occ[0, 9:] == pytest.approx(np.full(27, 0.9))
    shifted = delay(np.arange(6.0)[None, :], one(1.5))
    assert shifted[0] == pytest.approx([0, 0, 0.5, 1.5, 2.5, 3.5])


def test_subsidy_released_with_depreciation():
    dep = straight_line(TL, one(1_200), one(0), one(1))
    received = np.zeros((1, 36))
    received[0, 0] = 600
    release = subsidy_release(received, dep, one(1_200))
    assert release[0, :12] == pytest.approx(np.full(12, 50)) and release.sum() == pytest.approx(600)
