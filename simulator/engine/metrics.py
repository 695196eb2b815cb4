"""Metrics of a projection, one value per trial (vectorised), per ``METRIC_KEYS``.

- NPV: monthly cash flows discounted end-of-month at the scenario's yearly rate
  (factor ``(1 + r) ** -((t + 1) / 12)``), plus the residual value at the horizon end (book value of
  fixed assets − debt, plan minus baseline) discounted from the last month. Incremental = plan − baseline.
- IRR: the incremental cash flows summed into 12-month years from the start, the residual value added
  to the last year; all trials at once in :mod:`simulator.engine.irr` (which root is chosen when
  several exist: a positive one, as pyxirr; pyxirr itself for the ambiguous trials). NaN where none.
- payback month: the first month from which cumulative incremental cash stays ≥ 0 (NaN if negative at the end).
- DSCR by fiscal year = (operating profit + depreciation − subsidy release − tax) / (principal + interest);
  min and mean over full fiscal years with debt service (NaN without debt).
- 債務償還年数 = debt at the end of the last full fiscal year / (net income + depreciation − subsidy
  release) of that year (NaN when that cash flow is ≤ 0).
- margin (収支差率) and personnel ratio (人件費率 = personnel / revenue, recruiting is an expense) of the last full fiscal year.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.irr import irr_yearly
from simulator.engine.result import Projection
from simulator.scenario import Scenario

MONTHS_PER_YEAR = 12


def _discount(months: int, rate: float) -> np.ndarray:
    return (1.0 + rate) ** (-(np.arange(months) + 1.0) / MONTHS_PER_YEAR)


def residual(arrays) -> np.ndarray:
    return arrays["fixed_assets_yen"][:, -1] - arrays["debt_yen"][:, -1]


def npv(cash_flows: np.ndarray, rate: np.ndarray | float, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """NPV per trial of monthly flows ``(T, M)`` plus ``terminal`` at the last month; ``rate`` is one
    yearly rate, or one per trial (``(T,)`` or ``(T, 1)``, e.g. a sampled discount rate)."""
    rates = np.asarray(rate, dtype=float).reshape(-1)
    if np.all(rates == rates[0]):  # one rate for all trials: a matrix product
        d = _discount(cash_flows.shape[1], float(rates[0]))
        return cash_flows @ d + terminal * d[-1]
    d = (1.0 + rates[:, None]) ** (-(np.arange(cash_flows.shape[1]) + 1.0) / MONTHS_PER_YEAR)
    return (cash_flows * d).sum(axis=1) + terminal * d[:, -1]


def discount_rate(projection: Projection, scenario: Scenario) -> np.ndarray | float:
    """The discount rate of each trial (an override of ``assumptions.discount_rate``), else the scenario's."""
    return projection.extras.get("discount_rate", scenario.assumptions.discount_rate)


def yearly_flows(cash_flows: np.ndarray, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """Monthly flows ``(T, M)`` summed into 12-month years ``(T, Y)``, ``terminal`` added to the last year."""
    trials, months = cash_flows.shape
    years = -(-months // MONTHS_PER_YEAR)
    padded = np.zeros((trials, years * MONTHS_PER_YEAR))
    padded[:, :months] = cash_flows
    yearly = padded.reshape(trials, years, MONTHS_PER_YEAR).sum(axis=2)
    yearly[:, -1] += np.broadcast_to(terminal, (trials,))
    return yearly


def irr(cash_flows: np.ndarray, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """Yearly IRR per trial of monthly flows summed into 12-month years (NaN if none)."""
    return irr_yearly(yearly_flows(cash_flows, terminal))


def payback_month(cash_flows: np.ndarray) -> np.ndarray:
    cumulative = np.cumsum(cash_flows, axis=1)
    negative = cumulative < -0.5  # below half a yen
    months = cash_flows.shape[1]
    last_negative = np.where(negative.any(axis=1), months - 1 - np.argmax(negative[:, ::-1], axis=1), -1)
    return np.where(negative[:, -1], np.nan, last_negative + 1.0)


def by_fiscal_year(x: np.ndarray, fiscal_year: np.ndarray, years: list[int], how: str = "sum") -> np.ndarray:
    """``(T, len(years))`` sums (or last values) of monthly ``x`` per fiscal year."""
    cols = []
    for year in years:
        mask = fiscal_year == year
        cols.append(x[:, mask].sum(axis=1) if how == "sum" else x[:, mask][:, -1])
    return np.stack(cols, axis=1) if cols else np.zeros((x.shape[0], 0))


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=np.abs(den) > 0.5)


def metrics_from_projection(projection: Projection, scenario: Scenario) -> dict[str, np.ndarray]:
    """Every metric except break-even occupancy (see :func:`break_even_occupancy`), per trial."""
    a, b = projection.arrays, projection.baseline
    rate = discount_rate(projection, scenario)
    trials = projection.trials
    dates = projection.dates
    fiscal = np.where(dates.month >= 4, dates.year, dates.year - 1)
    full = [int(y) for y in np.unique(fiscal) if (fiscal == y).sum() == 12]
    inc = a["incremental_cash_flow_yen"]
    residual_inc = residual(a) - residual(b)
    out: dict[str, np.ndarray] = {}
    out["npv_yen"] = npv(inc, rate, residual_inc)
    out["irr"] = irr(inc, residual_inc)
    out["payback_month"] = payback_month(inc)
    out["lowest_cash_yen"] = a["cash_yen"].min(axis=1)
    out["lowest_cash_month"] = a["cash_yen"].argmin(axis=1).astype(float)
    out["npv_absolute_yen"] = npv(a["cash_flow_yen"], rate, residual(a))
    out["npv_baseline_yen"] = npv(b["cash_flow_yen"], rate, residual(b))
    out["residual_value_yen"] = residual_inc

    service = by_fiscal_year(a["principal_repaid_yen"] + a["interest_yen"], fiscal, full)
    available = by_fiscal_year(a["operating_profit_yen"] + a["depreciation_yen"] - a["subsidy_release_yen"]
                               - a["tax_yen"], fiscal, full)
    dscr = np.where(service > 0.5, _ratio(available, service), np.nan)
    has = np.isfinite(dscr).any(axis=1)
    safe = np.where(np.isfinite(dscr), dscr, 0.0)
    out["dscr_min"] = np.where(has, np.where(np.isfinite(dscr), dscr, np.inf).min(axis=1, initial=np.inf), np.nan)
    out["dscr_mean"] = np.where(has, safe.sum(axis=1) / np.maximum(np.isfinite(dscr).sum(axis=1), 1), np.nan)

    nan = np.full(trials, np.nan)
    if full:
        last = [full[-1]]
        debt_end = by_fiscal_year(a["debt_yen"], fiscal, last, how="last")[:, 0]
        cash_earn = by_fiscal_year(a["net_income_yen"] + a["depreciation_yen"] - a["subsidy_release_yen"],
                                   fiscal, last)[:, 0]
        out["debt_repayment_years"] = np.where(cash_earn > 0, _ratio(debt_end, cash_earn), np.nan)
        revenue = by_fiscal_year(a["revenue_yen"], fiscal, last)[:, 0]
        out["margin_final_year"] = _ratio(by_fiscal_year(a["operating_profit_yen"], fiscal, last)[:, 0], revenue)
        out["personnel_ratio_final_year"] = _ratio(
            by_fiscal_year(a["personnel_yen"], fiscal, last)[:, 0], revenue)
    else:
        out["debt_repayment_years"] = out["margin_final_year"] = out["personnel_ratio_final_year"] = nan
    out["break_even_occupancy"] = nan.copy()
    # 初期投資額: capital spending (building, equipment, acquisitions) plus the 開設準備経費 (expensed, not capex)
    out["initial_investment_yen"] = (a["capex_yen"] - b["capex_yen"]).sum(axis=1)
    prep = (projection.extras.get("uses") or {}).get("opening_prep")
    if prep is not None:
        out["initial_investment_yen"] = out["initial_investment_yen"] + np.broadcast_to(
            np.asarray(prep, dtype=float), (out["initial_investment_yen"].shape[0], 1))[:, 0]
    out["subsidies_yen"] = a["subsidy_received_yen"].sum(axis=1)
    out["months_below_staffing_standard"] = a["staff_shortfall"].sum(axis=1)
    out["fte_added"] = a["fte_planned"][:, -1] - a["fte_planned"][:, 0]
    out["hires_total"] = a["hires"].sum(axis=1)
    return out
