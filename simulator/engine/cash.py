"""P&L, tax and cash of one side (baseline or plan), month by month: one compiled loop per trial.

For each trial and month ``t`` (names as in ``MONTHLY_COLUMNS``; every sum runs left to right as written):

    revenue_yen           = revenue_fee + revenue_hotel + revenue_other
    operating_profit_yen  = revenue − personnel − recruiting − other_costs − rent − one_off_costs − depreciation
                            + subsidy_release
    pre-tax income        = operating_profit − interest
    tax_yen               = rate × taxable income, with an unlimited loss carry-forward: the cumulative taxed
                            income is the running maximum of (cumulative pre-tax income, 0), and the month's
                            taxable income is its rise (a 社会福祉法人's 社会福祉事業 has rate 0: no tax)
    net_income_yen        = pre-tax income − tax
    receivable_change_yen = revenue_fee(t) − revenue_fee(t − lag): the 介護報酬 billed in minus the fee paid out
                            ``lag`` months later (``receivable_lag_months``, 0–6, rounded); before month 0 the
                            organisation billed ``opening_fee`` every month (the receivable already on the books)
    cash_flow_yen         = net_income + depreciation − subsidy_release − capex + subsidy_received + loan_drawn
                            − principal_repaid − receivable_change + other_cash_flow
    cash_yen              = Σ cash_flow up to t + the opening cash

(kernel :func:`_accounts`; compiled by :mod:`simulator.engine.jit`.)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from simulator.engine.jit import READ_MATRIX, as_matrix, kernel, per_trial

MAX_RECEIVABLE_LAG = 6  # the schema's upper bound for receivable_lag_months

# The columns the kernel reads, in its argument order, and the ones it writes.
INPUTS: tuple[str, ...] = (
    "revenue_fee_yen", "revenue_hotel_yen", "revenue_other_yen", "personnel_yen", "recruiting_yen",
    "other_costs_yen", "rent_yen", "one_off_costs_yen", "depreciation_yen", "subsidy_release_yen", "interest_yen",
    "subsidy_received_yen", "loan_drawn_yen", "principal_repaid_yen", "capex_yen", "other_cash_flow_yen",
)
OUTPUTS: tuple[str, ...] = (
    "revenue_yen", "operating_profit_yen", "tax_yen", "net_income_yen", "receivable_change_yen", "cash_flow_yen",
    "cash_yen",
)

_SIGNATURE = (f"UniTuple(float64[:, ::1], {len(OUTPUTS)})("
              + ", ".join([READ_MATRIX] * len(INPUTS)) + ", float64[::1], float64[::1], float64[::1], float64)")


@kernel(_SIGNATURE)
def _accounts(fee, hotel, other_revenue, personnel, recruiting, other_costs, rent, one_off, depreciation, release,
              interest, received, drawn, principal, capex, other_cash, lag, opening_fee, opening_cash, rate):
    trials, months = fee.shape
    revenue = np.empty((trials, months))
    profit = np.empty((trials, months))
    tax = np.empty((trials, months))
    net = np.empty((trials, months))
    receivable = np.empty((trials, months))
    flow = np.empty((trials, months))
    cash = np.empty((trials, months))
    for i in range(trials):
        k = int(min(max(np.rint(lag[i]), 0.0), MAX_RECEIVABLE_LAG))  # receivable lag in whole months
        # the months' own sums first (no month waits for the one before, so the processor overlaps them), then
        # the running ones: the tax's carry-forward and the cash; each cell's operations stay in the order above
        for t in range(months):
            r = fee[i, t] + hotel[i, t]
            r += other_revenue[i, t]
            revenue[i, t] = r
            p = r - personnel[i, t]
            p -= recruiting[i, t]
            p -= other_costs[i, t]
            p -= rent[i, t]
            p -= one_off[i, t]
            p -= depreciation[i, t]
            p += release[i, t]
            profit[i, t] = p
            net[i, t] = p - interest[i, t]  # pre-tax income, until the tax is known
        cumulative_income = 0.0  # Σ pre-tax income so far
        taxed = 0.0  # cumulative taxed income: running max of (cumulative income, 0)
        for t in range(months):
            if rate == 0.0:
                due = 0.0  # untaxed
            else:
                cumulative_income += net[i, t]
                before = taxed
                taxed = max(taxed, max(cumulative_income, 0.0))
                due = (taxed - before) * rate
            tax[i, t] = due
        for t in range(months):
            income = net[i, t] - tax[i, t]
            net[i, t] = income
            paid = fee[i, t - k] if t >= k else opening_fee[i]  # the fee billed k months ago comes in
            change = fee[i, t] - paid
            receivable[i, t] = change
            f = income + depreciation[i, t]
            f -= release[i, t]
            f -= capex[i, t]
            f += received[i, t]
            f += drawn[i, t]
            f -= principal[i, t]
            f -= change
            f += other_cash[i, t]
            flow[i, t] = f
        cumulative_flow = 0.0
        for t in range(months):
            cumulative_flow += flow[i, t]
            cash[i, t] = cumulative_flow + opening_cash[i]
    return revenue, profit, tax, net, receivable, flow, cash


def accounts(columns: Mapping[str, np.ndarray], lag: np.ndarray | float, opening_fee: np.ndarray | float,
             opening_cash: np.ndarray | float, tax_rate: float) -> dict[str, np.ndarray]:
    """The :data:`OUTPUTS` columns ``(T, M)`` from the :data:`INPUTS` columns (each ``(T, M)``, or broadcastable to
    it); ``lag``, ``opening_fee`` (the fee billed each month before month 0) and ``opening_cash`` per trial."""
    fee = columns["revenue_fee_yen"]
    shape = fee.shape
    args = [as_matrix(columns[name], shape) for name in INPUTS]
    trials = shape[0]
    out = _accounts(*args, per_trial(lag, trials), per_trial(opening_fee, trials), per_trial(opening_cash, trials),
                    float(tax_rate))
    return dict(zip(OUTPUTS, out, strict=True))
