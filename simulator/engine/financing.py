"""Loans and existing debt, vectorised over ``(trials, months)``.

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

def loan_schedule(tl: Timeline, amount: np.ndarray, annual_rate: np.ndarray, years: int,
                  grace_months: np.ndarray, method: str, drawdown_month: np.ndarray) -> DebtFlows:
    """Monthly flows of one fixed-rate loan; every numeric argument is ``(T, 1)`` except ``years``."""
    i = annual_rate / 12.0
    total = float(years * 12)
    grace = np.clip(np.floor(grace_months), 0, total - 1)
    n = total - grace  # repayment months after the grace period
    j = tl.t - np.floor(drawdown_month)  # repayment month number (0 = drawdown month)
    k = np.clip(j - grace, 0, n)  # principal instalments paid by the end of month j
    k_prev = np.clip(j - 1 - grace, 0, n)
    if method == "equal_principal":
        def balance_after(kk: np.ndarray) -> np.ndarray:
            return amount * (1.0 - kk / n)
    elif method == "equal_payment":
        growth = (1.0 + i)
        # below ~1e-9 a month, 1 - (1 + i)^-n rounds to 0 (0/0 = NaN): such a rate is 0 % to the yen
        annuity = i > MIN_MONTHLY_RATE
        safe_i = np.where(annuity, i, 1.0)
        payment = np.where(annuity, amount * safe_i / (1.0 - (1.0 + safe_i) ** (-n)), amount / n)

        def balance_after(kk: np.ndarray) -> np.ndarray:
            g = growth ** kk
            return np.where(annuity, amount * g - payment * (g - 1.0) / safe_i, amount * (1.0 - kk / n))
    else:
        raise ValueError(f"unknown repayment method {method!r}")
    started = j >= 0
    balance = np.where(started, balance_after(k), 0.0)
    prev_balance = np.where(j >= 1, balance_after(k_prev), 0.0)
    principal = prev_balance - balance
    principal = np.where(j >= 1, principal, 0.0)
    interest = np.where((j >= 1) & (j <= total), prev_balance * i, 0.0)
    drawn = np.where(j == 0, amount, 0.0) * np.ones_like(tl.t)
    return DebtFlows(drawn=drawn, interest=interest, principal=principal, balance=balance)


def existing_debt(tl: Timeline, balance: np.ndarray, service_per_year: np.ndarray,
                  start: np.ndarray | float = 0.0) -> DebtFlows:
    """Debt already on the books (from month ``start``): repaid at ``service_per_year / 12`` a month
    until nothing is left.

    The scenario gives only the annual debt service, so it is all treated as principal (interest is
    not split out): a documented simplification that keeps cash exact and DSCR conservative.
    """
    elapsed = tl.t - np.floor(start)
    on_books = elapsed >= 0
    repaid_by = np.minimum(service_per_year / 12.0 * np.maximum(elapsed + 1.0, 0.0), balance)
    repaid_before = np.minimum(service_per_year / 12.0 * np.maximum(elapsed, 0.0), balance)
    principal = np.where(on_books, repaid_by - repaid_before, 0.0)
    zeros = np.zeros_like(principal)
    return DebtFlows(drawn=zeros, interest=zeros, principal=principal,
                     balance=np.where(on_books, balance - repaid_by, 0.0))
