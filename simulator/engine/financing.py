"""Loans and existing debt over ``(trials, months)``: one compiled loop each (:mod:`simulator.engine.jit`).

A loan of amount ``A`` is drawn in month ``d`` (cash in that month). Repayments start the month after:
in repayment month ``j = t - d`` (1, 2, …) interest is ``balance_{j-1} × r / 12``. The first
``grace`` months pay interest only (据置期間); the remaining ``n = years × 12 − grace`` months repay
the principal either in equal parts (元金均等) or as an equal total payment (元利均等)
``P = A·i / (1 − (1+i)^−n)``. ``years`` includes the grace period, as in WAM 福祉医療貸付.
Amounts are in yen, not rounded (rounding to the yen happens in the yen columns of the result).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.engine.jit import kernel, per_trial
from simulator.engine.timeline import Timeline


@dataclass(frozen=True)
class DebtFlows:
    drawn: np.ndarray  # (T, M) cash in
    interest: np.ndarray  # (T, M)
    principal: np.ndarray  # (T, M) repaid
    balance: np.ndarray  # (T, M) outstanding at the month's end

    def __add__(self, other: DebtFlows) -> DebtFlows:
        return DebtFlows(self.drawn + other.drawn, self.interest + other.interest,
                         self.principal + other.principal, self.balance + other.balance)


def zero_debt(tl: Timeline, trials: int) -> DebtFlows:
    z = np.zeros((trials, tl.months))
    return DebtFlows(z, z, z, z)


MIN_MONTHLY_RATE = 1e-9  # numerical threshold (not a model assumption): smaller rates repay straight-line
METHODS = ("equal_principal", "equal_payment")  # 元金均等, 元利均等 (the kernel's method codes)
FLOWS = "UniTuple(float64[:, ::1], 4)"


@kernel(f"{FLOWS}(float64[::1], float64[::1], float64, float64[::1], int64, float64[::1], int64)")
def _loan(amount, annual_rate, total, grace_months, method, drawdown_month, months):
    trials = amount.shape[0]
    drawn, interest = np.zeros((trials, months)), np.zeros((trials, months))
    principal, balance = np.zeros((trials, months)), np.zeros((trials, months))
    for i in range(trials):
        rate = annual_rate[i] / 12.0  # monthly
        grace = min(max(np.floor(grace_months[i]), 0.0), total - 1.0)  # 据置: interest only
        n = total - grace  # repayment months after the grace period
        a = amount[i]
        growth = 1.0 + rate
        annuity = method == 1 and rate > MIN_MONTHLY_RATE  # 元利均等 (a smaller rate repays straight-line)
        payment = a * rate / (1.0 - (1.0 + rate) ** (-n)) if annuity else a / n
        last_k, last_balance = -1.0, 0.0  # the balance after last_k instalments (k only grows: reused)
        for t in range(months):
            j = t - np.floor(drawdown_month[i])  # repayment month number (0 = drawdown month)
            if j < 0:
                continue
            previous = 0.0  # the balance at the end of the month before
            for step in range(2):  # step 0: the month before (j − 1), step 1: this month (j)
                if step == 0 and j == 0:
                    continue
                kk = min(max(j - 1.0 + step - grace, 0.0), n)  # principal instalments paid by then
                if kk != last_k:
                    if annuity:
                        g = growth ** kk
                        last_balance = a * g - payment * (g - 1.0) / rate
                    else:
                        last_balance = a * (1.0 - kk / n)
                    last_k = kk
                if step == 0:
                    previous = last_balance
            balance[i, t] = last_balance
            if j == 0:
                drawn[i, t] = a
                continue
            principal[i, t] = previous - last_balance
            if j <= total:
                interest[i, t] = previous * rate
    return drawn, interest, principal, balance


def loan_schedule(tl: Timeline, amount: np.ndarray, annual_rate: np.ndarray, years: int,
                  grace_months: np.ndarray, method: str, drawdown_month: np.ndarray) -> DebtFlows:
    """Monthly flows of one fixed-rate loan; every numeric argument is ``(T, 1)`` except ``years``."""
    if method not in METHODS:
        raise ValueError(f"unknown repayment method {method!r}")
    trials = max(np.shape(x)[0] if np.ndim(x) else 1 for x in (amount, annual_rate, grace_months, drawdown_month))
    flows = _loan(*(per_trial(x, trials) for x in (amount, annual_rate)), float(years * 12),
                  per_trial(grace_months, trials), METHODS.index(method), per_trial(drawdown_month, trials), tl.months)
    return DebtFlows(*flows)


@kernel("UniTuple(float64[:, ::1], 2)(float64[::1], float64[::1], float64[::1], int64)")
def _existing(balance, service_per_year, start, months):
    trials = balance.shape[0]
    principal, outstanding = np.zeros((trials, months)), np.zeros((trials, months))
    for i in range(trials):
        monthly = service_per_year[i] / 12.0
        for t in range(months):
            elapsed = t - np.floor(start[i])
            if elapsed < 0:
                continue  # not yet on the books
            repaid_by = min(monthly * max(elapsed + 1.0, 0.0), balance[i])
            repaid_before = min(monthly * max(elapsed, 0.0), balance[i])
            principal[i, t] = repaid_by - repaid_before
            outstanding[i, t] = balance[i] - repaid_by
    return principal, outstanding


def existing_debt(tl: Timeline, balance: np.ndarray, service_per_year: np.ndarray,
                  start: np.ndarray | float = 0.0) -> DebtFlows:
    """Debt already on the books (from month ``start``): repaid at ``service_per_year / 12`` a month
    until nothing is left.

    The scenario gives only the annual debt service, so it is all treated as principal (interest is
    not split out): a documented simplification that keeps cash exact and DSCR conservative.
    """
    trials = max(np.shape(x)[0] if np.ndim(x) else 1 for x in (balance, service_per_year, start))
    principal, outstanding = _existing(per_trial(balance, trials), per_trial(service_per_year, trials),
                                       per_trial(start, trials), tl.months)
    zeros = np.zeros_like(principal)
    return DebtFlows(drawn=zeros, interest=zeros, principal=principal, balance=outstanding)
