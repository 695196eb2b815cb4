"""Re-forecast for STEP 3: scale the rest of the plan by how the recent months went.

For each KPI (users, revenue, costs, FTE) take the months that have actuals, keep the last
``window`` of them, and compute ratio = sum(actual) / sum(plan) over those months. The months
after the last actual are the plan multiplied by that ratio; months with actuals keep the actuals.
A KPI with no actuals (or a zero plan) keeps the plan (ratio 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KPIS: tuple[str, ...] = ("users", "revenue_yen", "costs_yen", "staff_fte")


def ratios(plan: pd.DataFrame, actuals: pd.DataFrame, window: int = 3) -> dict[str, float]:
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


def reforecast(plan: pd.DataFrame, actuals: pd.DataFrame, window: int = 3) -> pd.DataFrame:
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
