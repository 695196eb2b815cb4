"""The base case as labelled tables: :func:`simulate` -> :class:`Result`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.engine.breakeven import break_even_occupancy
from simulator.engine.metrics import _ratio, metrics_from_projection
from simulator.engine.projection import project
from simulator.engine.result import METRIC_KEYS, MONTHLY_COLUMNS, Projection, Result
from simulator.scenario import Scenario

BALANCES = ("cash_yen", "baseline_cash_yen", "fixed_assets_yen", "debt_yen")  # end-of-year values
LEVELS = ("users", "capacity", "fte_required", "fte_planned")  # yearly averages


def monthly_table(proj: Projection) -> pd.DataFrame:
    data = {"date": proj.dates}
    for name in MONTHLY_COLUMNS[1:]:
        values = np.asarray(proj.arrays[name][0], dtype=float)
        data[name] = np.round(values) if name.endswith("_yen") else values
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(proj.dates), name="month"))
    return frame[list(MONTHLY_COLUMNS)]


def annual_table(monthly: pd.DataFrame, proj: Projection) -> pd.DataFrame:
    fiscal = np.where(monthly["date"].dt.month >= 4, monthly["date"].dt.year, monthly["date"].dt.year - 1)
    numeric = monthly.drop(columns=["date"])
    grouped = numeric.groupby(fiscal)
    annual = grouped.sum()
    for name in BALANCES:
        annual[name] = grouped[name].last()
    for name in LEVELS:
        annual[name] = grouped[name].mean()
    annual = annual.rename(columns={"staff_shortfall": "months_below_standard"})
    annual.insert(0, "months", grouped.size())
    annual["margin"] = _ratio(annual["operating_profit_yen"].to_numpy(), annual["revenue_yen"].to_numpy())
    annual["personnel_ratio"] = _ratio(annual["personnel_yen"].to_numpy(), annual["revenue_yen"].to_numpy())
    service = (annual["principal_repaid_yen"] + annual["interest_yen"]).to_numpy()
    available = (annual["operating_profit_yen"] + annual["depreciation_yen"] - annual["subsidy_release_yen"]
                 - annual["tax_yen"]).to_numpy()
    annual["dscr"] = np.where(service > 0.5, _ratio(available, service), np.nan)
    for role, fte in proj.roles.items():
        annual[f"fte_{role}"] = pd.Series(np.asarray(fte)[0], index=monthly.index).groupby(fiscal).mean().to_numpy()
    for role, hires in proj.extras.get("hires_by_role", {}).items():
        annual[f"hires_{role}"] = pd.Series(np.asarray(hires)[0], index=monthly.index).groupby(fiscal).sum().to_numpy()
    annual.index.name = "fiscal_year"
    return annual


def staffing_table(proj: Projection) -> pd.DataFrame:
    data = {}
    hires = proj.extras.get("hires_by_role", {})
    for role in proj.roles:
        data[f"{role}_required"] = np.asarray(proj.required_roles[role])[0]
        data[f"{role}_planned"] = np.asarray(proj.roles[role])[0]
        data[f"{role}_hires"] = np.asarray(hires.get(role, np.zeros_like(proj.roles[role])))[0]
    return pd.DataFrame(data, index=pd.RangeIndex(len(proj.dates), name="month"))


def simulate(scenario: Scenario) -> Result:
    """The base case (one trial) of ``scenario`` as a :class:`Result`."""
    from simulator.engine.refdata import RefData

    proj = project(scenario)
    values = metrics_from_projection(proj, scenario)
    values["break_even_occupancy"] = break_even_occupancy(scenario)
    metrics = {key: float(values[key][0]) for key in METRIC_KEYS}
    flags = list(proj.extras.get("flags", ()))
    if metrics["months_below_staffing_standard"] > 0:
        flags.append("engine.staffing_below_standard")
    if metrics["lowest_cash_yen"] < scenario.assumptions.cash_floor_yen:
        flags.append("engine.cash_shortfall")
    monthly = monthly_table(proj)
    vintage = RefData((scenario.assumptions.start_date,)).vintage()
    return Result(metrics=metrics, monthly=monthly, annual=annual_table(monthly, proj), staffing=staffing_table(proj),
                  vintage=vintage, flags=tuple(dict.fromkeys(flags)), projection=proj)
