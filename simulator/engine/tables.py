"""The base case: :func:`base_case` -> :class:`BaseCase` (numbers) and :func:`simulate` -> :class:`Result`
(the same as labelled tables). pandas is imported by the functions that build tables only: the CLI's ``run``
prints a base case from :func:`annual_values` and so never imports it (a first call stays under 2 s, issue 18).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from simulator.engine.breakeven import search
from simulator.engine.lender import OPERATING_PHASES, base_phases, yearly
from simulator.engine.metrics import _ratio, metrics_from_projection
from simulator.engine.projection import project
from simulator.engine.result import METRIC_KEYS, MONTHLY_COLUMNS, BaseCase, Projection, Result
from simulator.engine.staff_kernel import SHORTFALL_TOLERANCE_FTE
from simulator.engine.staffing import POOLED
from simulator.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

BALANCES = ("cash_yen", "baseline_cash_yen", "fixed_assets_yen", "debt_yen", "goodwill_yen")  # end-of-year values
LEVELS = ("users", "capacity", "fte_required", "fte_planned")  # yearly averages


def monthly_values(proj: Projection) -> dict[str, np.ndarray]:
    """The base case's (trial 0's) months of every MONTHLY_COLUMNS quantity but the date; yen rounded to whole
    yen."""
    out = {}
    for name in MONTHLY_COLUMNS[1:]:
        values = np.asarray(proj.arrays[name][0], dtype=float)
        out[name] = np.round(values) if name.endswith("_yen") else values
    return out


def monthly_table(proj: Projection) -> pd.DataFrame:
    import pandas as pd  # lazy, here and below: see the module's docstring

    values = monthly_values(proj)
    # one float block (a dict of forty columns is about 1 ms of pandas' consolidation), then the dates in front
    frame = pd.DataFrame(np.column_stack([values[name] for name in MONTHLY_COLUMNS[1:]]), columns=_value_columns(),
                         index=pd.RangeIndex(len(proj.dates), name="month"))
    frame.insert(0, "date", proj.dates)
    return frame


@cache
def _value_columns() -> pd.Index:
    """The monthly table's column labels but the date, built once (pandas takes about 1.5 ms to build an index
    of forty strings; an index is immutable, so the frames can share it)."""
    import pandas as pd

    return pd.Index(MONTHLY_COLUMNS[1:])


def annual_values(proj: Projection) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The fiscal years (April–March) of the base case and the annual table's columns: sums of flows,
    year-end balances, yearly averages of levels, ratios."""
    monthly = monthly_values(proj)
    fiscal = proj.fiscal_year
    starts = np.flatnonzero(np.r_[True, fiscal[1:] != fiscal[:-1]])
    ends = np.r_[starts[1:], len(fiscal)] - 1
    counts = (ends - starts + 1).astype(float)
    data: dict[str, np.ndarray] = {"months": counts.astype(int)}

    def sums(x: np.ndarray) -> np.ndarray:
        return np.add.reduceat(np.asarray(x, dtype=float), starts)

    for name in MONTHLY_COLUMNS[1:]:
        values = monthly[name]
        if name in BALANCES:
            data[name] = values[ends]
        elif name in LEVELS:
            data[name] = sums(values) / counts
        else:
            data["months_below_standard" if name == "staff_shortfall" else name] = sums(values)
    data["margin"] = _ratio(data["operating_profit_yen"], data["revenue_yen"])
    data["personnel_ratio"] = _ratio(data["personnel_yen"], data["revenue_yen"])
    years = [int(y) for y in fiscal[starts]]
    lender = yearly({k: np.asarray(v)[:1] for k, v in proj.arrays.items()}, fiscal, years)
    for name in ("repayment_source_yen", "debt_service_yen", "dscr", "net_debt_yen", "debt_repayment_years",
                 "lender_status"):
        data[name] = lender[name][0]
    data["operating_year"] = np.isin(base_phases(proj), OPERATING_PHASES).astype(float)
    for role, fte in proj.roles.items():
        data[f"fte_{role}"] = sums(np.asarray(fte)[0]) / counts
    for role, hires in proj.extras.get("hires_by_role", {}).items():
        data[f"hires_{role}"] = sums(np.asarray(hires)[0])
    return fiscal[starts], data


def annual_table(proj: Projection) -> pd.DataFrame:
    """:func:`annual_values` as a table, index ``fiscal_year``."""
    import pandas as pd

    years, data = annual_values(proj)
    return pd.DataFrame(data, index=pd.Index(years, name="fiscal_year"))


def staffing_table(proj: Projection) -> pd.DataFrame:
    import pandas as pd

    data = {}
    hires = proj.extras.get("hires_by_role", {})
    for role in proj.roles:
        data[f"{role}_required"] = np.asarray(proj.required_roles[role])[0]
        data[f"{role}_planned"] = np.asarray(proj.roles[role])[0]
        data[f"{role}_hires"] = np.asarray(hires.get(role, np.zeros_like(proj.roles[role])))[0]
    return pd.DataFrame(data, index=pd.RangeIndex(len(proj.dates), name="month"))


def role_status(staffing: pd.DataFrame, shortfall: pd.Series | np.ndarray) -> dict[str, str]:
    """role -> "ok" (staffed at or above its standard in every month), "pooled" (below it only in months
    where the engine found no shortfall: night posts worked by the care staff of the 24-hour ratio, checked
    together with the care workers) or "short". ``shortfall``: the monthly flag (1.0 = some role below)."""
    flagged = np.asarray(shortfall, dtype=float) > 0
    out = {}
    for role in (c.removesuffix("_required") for c in staffing.columns if c.endswith("_required")):
        below = (staffing[f"{role}_planned"] < staffing[f"{role}_required"] - SHORTFALL_TOLERANCE_FTE).to_numpy()
        out[role] = "ok" if not below.any() else "pooled" if role in POOLED and not flagged[below].any() else "short"
    return out


def base_case(scenario: Scenario) -> BaseCase:
    """The base case (one trial) of ``scenario``: its projection, metrics, flags and vintage."""
    from simulator.engine.refdata import RefData

    proj = project(scenario)
    values = metrics_from_projection(proj, scenario)
    values["break_even_occupancy"], values["break_even_occupancy_reason"] = search(scenario, "occupancy")
    metrics = {key: float(values[key][0]) for key in METRIC_KEYS}
    flags = list(proj.extras.get("flags", ()))
    if metrics["months_below_staffing_standard"] > 0:
        flags.append("engine.staffing_below_standard")
    if metrics["lowest_cash_yen"] < scenario.assumptions.cash_floor_yen:
        flags.append("engine.cash_shortfall")
    vintage = RefData((scenario.assumptions.start_date,)).vintage()
    return BaseCase(projection=proj, metrics=metrics, flags=tuple(dict.fromkeys(flags)), vintage=vintage,
                    references=tuple(proj.extras.get("references", ())))


def simulate(scenario: Scenario) -> Result:
    """The base case (one trial) of ``scenario`` as a :class:`Result`."""
    case = base_case(scenario)
    proj = case.projection
    return Result(metrics=case.metrics, monthly=monthly_table(proj), annual=annual_table(proj),
                  staffing=staffing_table(proj), vintage=case.vintage, flags=case.flags, projection=proj,
                  references=case.references)
