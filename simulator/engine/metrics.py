"""Metrics of a projection, one value per trial (vectorised), per ``METRIC_KEYS``.

- NPV: monthly cash flows discounted end-of-month at the scenario's yearly rate
  (factor ``(1 + r) ** -((t + 1) / 12)``), plus the terminal value at the horizon end discounted from the
  last month. Incremental = plan − baseline. Terminal value (``assumptions.terminal_value``):
  ``tangible_book`` (default) = tangible book value of the fixed assets − debt, plan minus baseline,
  **goodwill excluded** (the price paid above the acquired business's net assets at fair value is not an
  asset a lender or a board can count on: 社会福祉法人会計基準 books no のれん for a 事業譲受 of a 社福, and a
  company's のれん is amortised, so its book value at the horizon is not a sale value); or
  ``going_concern`` (:func:`going_concern`). NPV is also given without the terminal value, with the
  terminal value's present value and its share of NPV.
- IRR: the incremental cash flows summed into 12-month years from the start, the terminal value added
  to the last year; shown only where it means something (:func:`simulator.engine.irr.irr_checked`:
  money out first, one root, in a sane range), else NaN with ``irr_reason``; MIRR at the discount
  rate (finance and reinvestment) alongside.
- payback month: the first month from which cumulative incremental cash stays ≥ 0 (NaN if negative at
  the end, and NaN when the plan changes no cash flow at all: doing nothing has no payback).
- DSCR and 債務償還年数 per fiscal year as a lender computes them: :mod:`simulator.engine.lender`.
- margin (収支差率) and personnel ratio (人件費率 = personnel / revenue, recruiting is an expense) of the last full fiscal year.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.irr import irr_checked, irr_yearly, mirr
from simulator.engine.lender import by_fiscal_year, fiscal_of, lender_metrics
from simulator.engine.result import Projection
from simulator.scenario import Scenario

MONTHS_PER_YEAR = 12


def _discount(months: int, rate: float) -> np.ndarray:
    return (1.0 + rate) ** (-(np.arange(months) + 1.0) / MONTHS_PER_YEAR)


def residual(arrays) -> np.ndarray:
    """Tangible book value of the fixed assets − debt at the horizon end, per trial: goodwill (the part of
    an acquisition price above the business's net assets at fair value, ``goodwill_yen``) is excluded."""
    goodwill = arrays["goodwill_yen"][:, -1] if "goodwill_yen" in arrays else 0.0
    tangible = np.maximum(arrays["fixed_assets_yen"][:, -1] - goodwill, 0.0)
    return tangible - arrays["debt_yen"][:, -1]


def going_concern(a, b, fiscal: np.ndarray, full: list[int], rate: np.ndarray | float) -> np.ndarray:
    """Going-concern value of the plan at the horizon end (``assumptions.terminal_value = "going_concern"``):
    the last full fiscal year's incremental net income less subsidy release (depreciation standing in for
    reinvestment) as a perpetuity at the discount rate, ``CF / r`` (an assumption; NaN at a zero rate)."""
    if not full:
        return np.zeros(a["cash_yen"].shape[0])
    last = [full[-1]]
    flow = (by_fiscal_year(a["net_income_yen"] - a["subsidy_release_yen"], fiscal, last)[:, 0]
            - by_fiscal_year(b["net_income_yen"] - b["subsidy_release_yen"], fiscal, last)[:, 0])
    r = np.asarray(rate, dtype=float).reshape(-1)
    return np.divide(flow, r, out=np.full(flow.shape, np.nan), where=r > 0)


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
    no_change = ~(np.abs(cash_flows) > 0.5).any(axis=1)
    return np.where(negative[:, -1] | no_change, np.nan, last_negative + 1.0)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=np.abs(den) > 0.5)


def metrics_from_projection(projection: Projection, scenario: Scenario) -> dict[str, np.ndarray]:
    """Every metric except break-even occupancy (see :func:`break_even_occupancy`), per trial."""
    a, b = projection.arrays, projection.baseline
    rate = discount_rate(projection, scenario)
    trials = projection.trials
    dates = projection.dates
    fiscal = fiscal_of(dates)
    full = [int(y) for y in np.unique(fiscal) if (fiscal == y).sum() == 12]
    inc = a["incremental_cash_flow_yen"]
    tangible = residual(a) - residual(b)
    if scenario.assumptions.terminal_value == "going_concern":
        terminal = going_concern(a, b, fiscal, full, rate)
    else:
        terminal = tangible
    out: dict[str, np.ndarray] = {}
    out["npv_yen"] = npv(inc, rate, terminal)
    out["npv_without_residual_yen"] = npv(inc, rate)
    out["residual_value_pv_yen"] = out["npv_yen"] - out["npv_without_residual_yen"]
    out["residual_share_of_npv"] = np.divide(out["residual_value_pv_yen"], out["npv_yen"],
                                             out=np.full(trials, np.nan), where=out["npv_yen"] > 0.5)
    goodwill = a["goodwill_yen"][:, -1] - b["goodwill_yen"][:, -1] if "goodwill_yen" in a else np.zeros(trials)
    out["goodwill_excluded_yen"] = goodwill
    flows = yearly_flows(inc, terminal)
    out["irr"], out["irr_reason"] = irr_checked(flows)
    out["mirr"] = mirr(flows, rate)
    out["payback_month"] = payback_month(inc)
    out["lowest_cash_yen"] = a["cash_yen"].min(axis=1)
    out["lowest_cash_month"] = a["cash_yen"].argmin(axis=1).astype(float)
    out["npv_absolute_yen"] = npv(a["cash_flow_yen"], rate, residual(a))
    out["npv_baseline_yen"] = npv(b["cash_flow_yen"], rate, residual(b))
    out["residual_value_yen"] = terminal
    out["one_off_costs_yen"] = (a["one_off_costs_yen"] - b["one_off_costs_yen"]).sum(axis=1)

    operating, stable = projection.extras.get("lender_months", (np.zeros((trials, 1)), np.zeros((trials, 1))))
    out.update(lender_metrics(a, dates, operating, stable))

    nan = np.full(trials, np.nan)
    if full:
        last = [full[-1]]
        revenue = by_fiscal_year(a["revenue_yen"], fiscal, last)[:, 0]
        out["margin_final_year"] = _ratio(by_fiscal_year(a["operating_profit_yen"], fiscal, last)[:, 0], revenue)
        out["personnel_ratio_final_year"] = _ratio(
            by_fiscal_year(a["personnel_yen"], fiscal, last)[:, 0], revenue)
    else:
        out["margin_final_year"] = out["personnel_ratio_final_year"] = nan
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
