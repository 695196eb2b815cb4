"""What the metrics read off a projection's months, in one compiled pass per trial (issue 18: the kernel over
the engine's output). :mod:`simulator.engine.metrics` and :mod:`simulator.engine.lender` turn these sums into the
metrics; each sum is defined here once.

Per trial (``inc`` = the incremental cash flow, plan − baseline; ``d(t) = (1 + r) ** (−(t + 1) / 12)``):

- discounted sums: Σ inc × d, Σ plan cash flow × d, Σ baseline cash flow × d (NPV before any terminal value);
- the incremental cash flow summed into 12-month years from the start (the IRR's yearly flows);
- payback month: the first month from which the cumulative incremental cash stays ≥ −½ yen (NaN when it is
  below at the end, or when no month's flow exceeds ½ yen: doing nothing has no payback);
- the lowest month-end cash and its month (the first month it is reached);
- totals over the horizon: one-off costs and capex (plan − baseline), subsidies received, months below 人員基準,
  hires;
- per fiscal year (``year_index`` of each month): one-off costs, net income + depreciation − subsidy release,
  interest, principal repaid (sums) and debt − cash at the year's last month (the lender's figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simulator.engine.jit import READ_MATRIX, as_matrix, kernel

MONTHS_PER_YEAR = 12
HALF_YEN = 0.5  # below half a yen a flow is no flow (payback)

M = READ_MATRIX
V = "float64[::1]"


@kernel(f"Tuple(({V}, {V}, {V}, float64[:, ::1], {V}, {V}, {V}))({M}, {M}, {M}, {M}, float64[:, ::1])")
def _cash_sums(inc, plan_flow, base_flow, plan_cash, discount):
    trials, months = inc.shape
    years = -(-months // MONTHS_PER_YEAR)
    npv_inc, npv_plan, npv_base = np.zeros(trials), np.zeros(trials), np.zeros(trials)
    yearly = np.zeros((trials, years))
    payback, lowest, lowest_month = np.empty(trials), np.empty(trials), np.empty(trials)
    for i in range(trials):
        row = i if discount.shape[0] > 1 else 0  # one discount rate for every trial, or one each
        cumulative = 0.0
        last_negative = -1  # the last month whose cumulative incremental cash is below −½ yen
        changed = False
        low, low_at = np.inf, 0
        for t in range(months):
            d = discount[row, t]
            npv_inc[i] += inc[i, t] * d
            npv_plan[i] += plan_flow[i, t] * d
            npv_base[i] += base_flow[i, t] * d
            yearly[i, t // MONTHS_PER_YEAR] += inc[i, t]
            cumulative += inc[i, t]
            if cumulative < -HALF_YEN:
                last_negative = t
            if abs(inc[i, t]) > HALF_YEN:
                changed = True
            if plan_cash[i, t] < low:
                low, low_at = plan_cash[i, t], t
        payback[i] = np.nan if last_negative == months - 1 or not changed else last_negative + 1.0
        lowest[i], lowest_month[i] = low, low_at
    return npv_inc, npv_plan, npv_base, yearly, payback, lowest, lowest_month


@kernel(f"float64[:, ::1]({M}, {M}, {M}, {M}, {M}, {M}, {M})")
def _totals(plan_one_off, base_one_off, plan_capex, base_capex, received, shortfall, hires):
    trials, months = plan_one_off.shape
    out = np.zeros((trials, 5))
    for i in range(trials):
        for t in range(months):
            out[i, 0] += plan_one_off[i, t] - base_one_off[i, t]
            out[i, 1] += plan_capex[i, t] - base_capex[i, t]
            out[i, 2] += received[i, t]
            out[i, 3] += shortfall[i, t]
            out[i, 4] += hires[i, t]
    return out


@kernel(f"UniTuple(float64[:, ::1], 5)({M}, {M}, {M}, {M}, {M}, {M}, {M}, {M}, int64[::1], int64)")
def _fiscal_sums(one_off, net, depreciation, release, interest, principal, debt, cash, year_index, years):
    trials, months = net.shape
    one_off_y, source_y = np.zeros((trials, years)), np.zeros((trials, years))
    interest_y, principal_y, net_debt_y = np.zeros((trials, years)), np.zeros((trials, years)), np.zeros((trials, years))
    for i in range(trials):
        for t in range(months):
            y = year_index[t]
            one_off_y[i, y] += one_off[i, t]
            source_y[i, y] += net[i, t] + depreciation[i, t] - release[i, t]
            interest_y[i, y] += interest[i, t]
            principal_y[i, y] += principal[i, t]
            net_debt_y[i, y] = debt[i, t] - cash[i, t]  # the year's last month is written last
    return one_off_y, source_y, interest_y, principal_y, net_debt_y


@dataclass(frozen=True)
class CashSums:
    """:func:`cash_sums` per trial (``(T,)``, the yearly flows ``(T, Y)``)."""

    npv_incremental: np.ndarray
    npv_plan: np.ndarray
    npv_baseline: np.ndarray
    yearly: np.ndarray
    payback_month: np.ndarray
    lowest_cash: np.ndarray
    lowest_cash_month: np.ndarray


def discount_factors(months: int, rate: np.ndarray | float) -> np.ndarray:
    """End-of-month discount factors ``(1 + r) ** (−(t + 1) / 12)``: ``(1, M)`` for one rate, ``(T, M)`` for one
    rate per trial (``(T,)`` or ``(T, 1)``)."""
    rates = np.asarray(rate, dtype=float).reshape(-1, 1)
    if np.all(rates == rates[0, 0]):
        rates = rates[:1]
    return np.ascontiguousarray((1.0 + rates) ** (-(np.arange(months) + 1.0) / MONTHS_PER_YEAR))


def cash_sums(inc: np.ndarray, plan_flow: np.ndarray, base_flow: np.ndarray, plan_cash: np.ndarray,
              rate: np.ndarray | float) -> CashSums:
    """The discounted sums, yearly flows, payback and lowest cash of ``(T, M)`` flows at the yearly ``rate``."""
    shape = inc.shape
    found = _cash_sums(*(as_matrix(x, shape) for x in (inc, plan_flow, base_flow, plan_cash)),
                       discount_factors(shape[1], rate))
    return CashSums(*found)


def totals(plan: Mapping[str, np.ndarray], base: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Totals over the horizon per trial: one-off costs and capex (plan − baseline), subsidies received, months
    below 人員基準 and hires (plan)."""
    shape = plan["cash_yen"].shape
    columns = (plan["one_off_costs_yen"], base["one_off_costs_yen"], plan["capex_yen"], base["capex_yen"],
               plan["subsidy_received_yen"], plan["staff_shortfall"], plan["hires"])
    out = _totals(*(as_matrix(x, shape) for x in columns))
    names = ("one_off_costs_yen", "capex_yen", "subsidies_yen", "months_below_staffing_standard", "hires_total")
    return {name: out[:, k] for k, name in enumerate(names)}


def fiscal_sums(a: Mapping[str, np.ndarray], fiscal: np.ndarray, years: list[int]) -> dict[str, np.ndarray]:
    """Per fiscal year in ``years`` ``(T, len(years))``: one-off costs, net income + depreciation − subsidy release,
    interest and principal repaid (sums over the year's months), and debt − cash at its last month."""
    shape = a["net_income_yen"].shape
    slot = {year: k for k, year in enumerate(years)}
    known = np.array([year in slot for year in fiscal.tolist()])
    index = np.array([slot.get(year, 0) for year in fiscal.tolist()], dtype=np.int64)
    columns = [a[name] for name in ("one_off_costs_yen", "net_income_yen", "depreciation_yen", "subsidy_release_yen",
                                    "interest_yen", "principal_repaid_yen", "debt_yen", "cash_yen")]
    if not known.all():  # months of other years: left out (a projection's own years are all known)
        columns = [np.asarray(x)[:, known] for x in columns]
        index = index[known]
        shape = (shape[0], int(known.sum()))
    out = _fiscal_sums(*(as_matrix(x, shape) for x in columns), index, len(years))
    names = ("one_off_costs_yen", "source_before_one_off_yen", "interest_yen", "principal_repaid_yen", "net_debt_yen")
    return dict(zip(names, out, strict=True))
