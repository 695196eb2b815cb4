"""Metrics of a projection, one value per trial, per ``METRIC_KEYS`` (the sums over months they read come from
one compiled pass: :mod:`simulator.engine.metric_sums`).

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
from simulator.engine.lender import by_fiscal_year, lender_metrics
from simulator.engine.metric_sums import cash_sums, discount_factors, totals
from simulator.engine.result import Projection
from simulator.scenario import Scenario


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
    sums = cash_sums(cash_flows, cash_flows, cash_flows, cash_flows, rate)
    return sums.npv_incremental + terminal * discount_factors(cash_flows.shape[1], rate)[:, -1]


def discount_rate(projection: Projection, scenario: Scenario) -> np.ndarray | float:
    """The discount rate of each trial (an override of ``assumptions.discount_rate``), else the scenario's."""
    return projection.extras.get("discount_rate", scenario.assumptions.discount_rate)


def yearly_flows(cash_flows: np.ndarray, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """Monthly flows ``(T, M)`` summed into 12-month years ``(T, Y)``, ``terminal`` added to the last year."""
    yearly = cash_sums(cash_flows, cash_flows, cash_flows, cash_flows, 0.0).yearly
    yearly[:, -1] += np.broadcast_to(terminal, (cash_flows.shape[0],))
    return yearly


def irr(cash_flows: np.ndarray, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """Yearly IRR per trial of monthly flows summed into 12-month years (NaN if none)."""
    return irr_yearly(yearly_flows(cash_flows, terminal))


def payback_month(cash_flows: np.ndarray) -> np.ndarray:
    """First month from which the cumulative flow stays ≥ −½ yen (:mod:`simulator.engine.metric_sums`)."""
    return cash_sums(cash_flows, cash_flows, cash_flows, cash_flows, 0.0).payback_month


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=np.abs(den) > 0.5)


def _npv_terms(projection: Projection, scenario: Scenario):
    """(discount rate, fiscal years, full fiscal years, terminal value, cash sums, the last month's discount
    factor): what the incremental NPV is made of."""
    a, b = projection.arrays, projection.baseline
    rate = discount_rate(projection, scenario)
    fiscal = projection.fiscal_year
    full = [int(y) for y in np.unique(fiscal) if (fiscal == y).sum() == 12]
    inc = a["incremental_cash_flow_yen"]
    if scenario.assumptions.terminal_value == "going_concern":
        terminal = going_concern(a, b, fiscal, full, rate)
    else:
        terminal = residual(a) - residual(b)
    sums = cash_sums(inc, a["cash_flow_yen"], b["cash_flow_yen"], a["cash_yen"], rate)
    d_last = discount_factors(inc.shape[1], rate)[:, -1]  # the last month's discount factor
    return rate, fiscal, full, terminal, sums, d_last


def incremental_npv(projection: Projection, scenario: Scenario) -> np.ndarray:
    """``npv_yen`` of :func:`metrics_from_projection` alone, per trial (the break-even search's default metric)."""
    *_, terminal, sums, d_last = _npv_terms(projection, scenario)
    return sums.npv_incremental + terminal * d_last


def metrics_from_projection(projection: Projection, scenario: Scenario) -> dict[str, np.ndarray]:
    """Every metric except break-even occupancy (see :func:`break_even_occupancy`), per trial."""
    a, b = projection.arrays, projection.baseline
    trials = projection.trials
    rate, fiscal, full, terminal, sums, d_last = _npv_terms(projection, scenario)
    out: dict[str, np.ndarray] = {}
    out["npv_yen"] = sums.npv_incremental + terminal * d_last
    out["npv_without_residual_yen"] = sums.npv_incremental.copy()
    out["residual_value_pv_yen"] = out["npv_yen"] - out["npv_without_residual_yen"]
    out["residual_share_of_npv"] = np.divide(out["residual_value_pv_yen"], out["npv_yen"],
                                             out=np.full(trials, np.nan), where=out["npv_yen"] > 0.5)
    goodwill = a["goodwill_yen"][:, -1] - b["goodwill_yen"][:, -1] if "goodwill_yen" in a else np.zeros(trials)
    out["goodwill_excluded_yen"] = goodwill
    flows = sums.yearly
    flows[:, -1] += np.broadcast_to(terminal, (trials,))
    out["irr"], out["irr_reason"] = irr_checked(flows)
    out["mirr"] = mirr(flows, rate)
    out["payback_month"] = sums.payback_month
    out["lowest_cash_yen"] = sums.lowest_cash
    out["lowest_cash_month"] = sums.lowest_cash_month
    out["npv_absolute_yen"] = sums.npv_plan + residual(a) * d_last
    out["npv_baseline_yen"] = sums.npv_baseline + residual(b) * d_last
    out["residual_value_yen"] = terminal
    horizon = totals(a, b)
    out["one_off_costs_yen"] = horizon["one_off_costs_yen"]

    operating, stable = projection.extras.get("lender_months", (np.zeros((trials, 1)), np.zeros((trials, 1))))
    out.update(lender_metrics(a, fiscal, operating, stable))

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
    out["initial_investment_yen"] = horizon["capex_yen"]
    prep = (projection.extras.get("uses") or {}).get("opening_prep")
    if prep is not None:
        out["initial_investment_yen"] = out["initial_investment_yen"] + np.broadcast_to(
            np.asarray(prep, dtype=float), (out["initial_investment_yen"].shape[0], 1))[:, 0]
    out["subsidies_yen"] = horizon["subsidies_yen"]
    out["months_below_staffing_standard"] = horizon["months_below_staffing_standard"]
    out["fte_added"] = a["fte_planned"][:, -1] - a["fte_planned"][:, 0]
    out["hires_total"] = horizon["hires_total"]
    return out
