"""STEP 3 (PDCA): the plan's monthly targets, the actuals entered, their variance and a re-forecast.

Model side (no UI): the app's STEP 3 page and the reports use the same functions.

Re-forecast: for each KPI (users, revenue, costs, FTE) take the months that have actuals, keep the last
``window`` of them, and compute ratio = sum(actual) / sum(plan) over those months. The months
after the last actual are the plan multiplied by that ratio; months with actuals keep the actuals.
A KPI with no actuals (or a zero plan) keeps the plan (ratio 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.engine.result import Result
from simulator.scenario import Scenario

KPIS: tuple[str, ...] = ("users", "revenue_yen", "costs_yen", "staff_fte")
REFORECAST_WINDOW = 3  # months of actuals the re-forecast ratio looks at (the app lets the user change it)


def plan_table(result: Result) -> pd.DataFrame:
    """Monthly KPI targets from the engine's monthly table (index = month number)."""
    m = result.monthly
    out = pd.DataFrame(index=m.index)
    out["date"] = pd.to_datetime(m["date"])
    out["users"] = m["users"]
    out["revenue_yen"] = m["revenue_yen"]
    out["costs_yen"] = m["revenue_yen"] - m["operating_profit_yen"]
    out["staff_fte"] = m["fte_planned"]
    return out


def actuals_table(scenario: Scenario) -> pd.DataFrame:
    """The actuals saved with the scenario, one row per month (index = month number), KPIs as floats."""
    rows = [a.model_dump() for a in scenario.workflow.actuals]
    frame = pd.DataFrame(rows, columns=["month", *KPIS])
    return frame.set_index("month").sort_index().astype(float) if len(frame) else frame.set_index("month")


MONTHS_AHEAD = 24  # a plan vs actual chart runs this far past the last actual


def chart_months(plan: pd.DataFrame, actuals: pd.DataFrame) -> np.ndarray:
    """Which plan months a plan vs actual chart shows: month 0 to MONTHS_AHEAD past the last actual."""
    last = int(actuals.index.max()) if len(actuals) else 0
    return np.asarray(plan.index <= last + MONTHS_AHEAD)


def profit_over_horizon(frame: pd.DataFrame) -> float:
    """Σ (revenue − costs) over the months of a plan or re-forecast table."""
    return float(frame["revenue_yen"].sum() - frame["costs_yen"].sum())


def ratios(plan: pd.DataFrame, actuals: pd.DataFrame, window: int = REFORECAST_WINDOW) -> dict[str, float]:
    """actual / plan over the last ``window`` months that have an actual, per KPI."""
    out: dict[str, float] = {}
    for kpi in KPIS:
        if kpi not in actuals or kpi not in plan:
            out[kpi] = 1.0
            continue
        have = actuals[kpi].dropna()
        have = have[have.index.isin(plan.index)].sort_index().tail(window)
        planned = plan.loc[have.index, kpi].to_numpy(dtype=float)
        total_plan = float(np.nansum(planned))
        out[kpi] = float(have.sum()) / total_plan if len(have) and total_plan > 0 else 1.0
    return out


def reforecast(plan: pd.DataFrame, actuals: pd.DataFrame, window: int = REFORECAST_WINDOW) -> pd.DataFrame:
    """Plan with actuals where known and the remaining months scaled by :func:`ratios`."""
    found = ratios(plan, actuals, window)
    out = plan[[k for k in KPIS if k in plan]].astype(float).copy()
    for kpi in out.columns:
        known = actuals[kpi].dropna() if kpi in actuals else pd.Series(dtype=float)
        known = known[known.index.isin(out.index)]
        last = known.index.max() if len(known) else -1
        later = out.index > last
        out.loc[later, kpi] = out.loc[later, kpi] * found[kpi]
        out.loc[known.index, kpi] = known.to_numpy(dtype=float)
    return out


def variance(plan: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Months with actuals: plan, actual, difference and difference as a share of plan, per KPI."""
    rows = []
    for kpi in KPIS:
        if kpi not in actuals or kpi not in plan:
            continue
        have = actuals[kpi].dropna()
        have = have[have.index.isin(plan.index)]
        p = plan.loc[have.index, kpi].astype(float)
        diff = have.astype(float) - p
        share = diff / p.where(p != 0)
        rows.append(pd.DataFrame({"kpi": kpi, "month": have.index, "plan": p.to_numpy(),
                                  "actual": have.to_numpy(dtype=float), "difference": diff.to_numpy(),
                                  "difference_share": share.to_numpy()}))
    if not rows:
        return pd.DataFrame(columns=["kpi", "month", "plan", "actual", "difference", "difference_share"])
    return pd.concat(rows, ignore_index=True)
