"""Metrics of a projection, one value per trial (vectorised), per ``METRIC_KEYS``.

- NPV: monthly cash flows discounted end-of-month at the scenario's yearly rate
  (factor ``(1 + r) ** -((t + 1) / 12)``), plus the residual value at the horizon end (book value of
  fixed assets − debt, plan minus baseline) discounted from the last month. Incremental = plan − baseline.
- IRR: the incremental cash flows summed into 12-month years from the start, the residual value added
  to the last year. Where the yearly flows change sign exactly once, the IRR is the unique root > −100 %
  (Descartes' rule of signs in ``1 / (1 + r)``) and is solved for all those trials at once by Newton's
  method in numpy from 10 % (pyxirr's own starting guess); other trials (several sign changes, so
  possibly several roots, or no convergence) use ``pyxirr.irr(silent=True)`` one by one, which picks
  the root it reaches from its guess. NaN where no IRR exists. Agreement with pyxirr: tests/test_engine_speed.py.
- payback month: the first month from which cumulative incremental cash stays ≥ 0 (NaN if negative at the end).
- DSCR by fiscal year = (operating profit + depreciation − subsidy release − tax) / (principal + interest);
  min and mean over full fiscal years with debt service (NaN without debt).
- 債務償還年数 = debt at the end of the last full fiscal year / (net income + depreciation − subsidy
  release) of that year (NaN when that cash flow is ≤ 0).
- margin (収支差率) and personnel ratio (人件費率 = personnel / revenue, recruiting is an expense) of the last full fiscal year.
"""

from __future__ import annotations

import numpy as np
import pyxirr

from simulator.engine.result import Projection
from simulator.scenario import Scenario

MONTHS_PER_YEAR = 12


def _discount(months: int, rate: float) -> np.ndarray:
    return (1.0 + rate) ** (-(np.arange(months) + 1.0) / MONTHS_PER_YEAR)


def residual(arrays) -> np.ndarray:
    return arrays["fixed_assets_yen"][:, -1] - arrays["debt_yen"][:, -1]


def npv(cash_flows: np.ndarray, rate: float, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """NPV per trial of monthly flows ``(T, M)`` plus ``terminal`` at the last month."""
    d = _discount(cash_flows.shape[1], rate)
    return cash_flows @ d + terminal * d[-1]


def yearly_flows(cash_flows: np.ndarray, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """Monthly flows ``(T, M)`` summed into 12-month years ``(T, Y)``, ``terminal`` added to the last year."""
    trials, months = cash_flows.shape
    years = -(-months // MONTHS_PER_YEAR)
    padded = np.zeros((trials, years * MONTHS_PER_YEAR))
    padded[:, :months] = cash_flows
    yearly = padded.reshape(trials, years, MONTHS_PER_YEAR).sum(axis=2)
    yearly[:, -1] += np.broadcast_to(terminal, (trials,))
    return yearly


IRR_GUESS = 0.1  # pyxirr's default starting guess
IRR_MAX_STEPS = 60  # Newton steps before a trial falls back to pyxirr
IRR_TOLERANCE = 1e-13  # relative step size at which Newton has converged (numerical, not a model input)


def sign_changes(yearly: np.ndarray) -> np.ndarray:
    """Number of sign changes per row, zeros skipped: ``(T,)``."""
    signs = np.sign(yearly)
    last = np.zeros(yearly.shape[0])
    changes = np.zeros(yearly.shape[0], dtype=int)
    for k in range(yearly.shape[1]):  # years, not months or trials (≤ 40 columns)
        s = signs[:, k]
        changes += (s != 0) & (last != 0) & (s != last)
        last = np.where(s != 0, s, last)
    return changes


def irr_newton(yearly: np.ndarray) -> np.ndarray:
    """Newton's method on NPV(r) = Σ c_k (1 + r)^-k for every row at once; NaN where it did not converge.

    A row stops moving once its step is below ``IRR_TOLERANCE`` × max(1, |r|), so each row's result
    does not depend on the other rows (the same whatever the chunk of trials).
    """
    trials, years = yearly.shape
    k = np.arange(years, dtype=float)
    rate = np.full(trials, IRR_GUESS)
    active = np.ones(trials, dtype=bool)
    for _ in range(IRR_MAX_STEPS):
        if not active.any():
            break
        r = rate[active]
        c = yearly[active]
        with np.errstate(all="ignore"):  # a diverging row becomes inf/NaN and leaves (pyxirr then)
            v = (1.0 + r)[:, None] ** -k
            f = (c * v).sum(axis=1)
            df = -(c * k * v).sum(axis=1) / (1.0 + r)
            step = f / df
        new = r - step
        bad = ~np.isfinite(new) | (new <= -1.0)
        done = np.abs(step) <= IRR_TOLERANCE * np.maximum(1.0, np.abs(new))
        idx = np.flatnonzero(active)
        rate[idx] = np.where(bad, np.nan, new)
        active[idx[bad | done]] = False
    rate[active] = np.nan
    return rate


def irr(cash_flows: np.ndarray, terminal: np.ndarray | float = 0.0) -> np.ndarray:
    """Yearly IRR per trial of monthly flows summed into 12-month years (NaN if none); see the module doc."""
    yearly = yearly_flows(cash_flows, terminal)
    out = np.full(yearly.shape[0], np.nan)
    unique = sign_changes(yearly) == 1
    out[unique] = irr_newton(yearly[unique])
    for i in np.flatnonzero(~unique | np.isnan(out)):
        out[i] = irr_pyxirr(yearly[i])
    return out


def irr_pyxirr(yearly_row: np.ndarray) -> float:
    """pyxirr's IRR of one series of yearly flows (NaN if none)."""
    value = pyxirr.irr(yearly_row, silent=True)
    return float(value) if value is not None and np.isfinite(value) else float("nan")


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
    rate = scenario.assumptions.discount_rate
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
    out["initial_investment_yen"] = (a["capex_yen"] - b["capex_yen"]).sum(axis=1)
    out["subsidies_yen"] = a["subsidy_received_yen"].sum(axis=1)
    out["months_below_staffing_standard"] = a["staff_shortfall"].sum(axis=1)
    out["fte_added"] = a["fte_planned"][:, -1] - a["fte_planned"][:, 0]
    out["hires_total"] = a["hires"].sum(axis=1)
    return out
