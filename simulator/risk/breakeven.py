"""Break-even search: the occupancy, fee level or wage level at which the incremental NPV is zero.

Vectorised over candidates: a grid of candidate values goes along the engine's trial axis (one call),
the bracket where NPV changes sign is found, a second finer grid in that bracket (one more call), and
a linear interpolation between the two nearest points. Two engine calls, not dozens of serial ones.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from simulator.engine import metrics_from_projection, project
from simulator.scenario import CapacityIncrease, FeeRevision, NewService, Scenario

Target = Literal["occupancy", "fee_level", "wage_level"]
GRID_POINTS = 41
# Search ranges (the fields' own bounds): ceiling 0–1; fee change −50 % … +50 %; wage level 0.5–1.5.
RANGES: dict[str, tuple[float, float]] = {
    "occupancy": (0.0, 1.0),
    "fee_level": (-0.5, 0.5),
    "wage_level": (0.5, 1.5),
}
WAGE_LEVEL_FIELD = "assumptions.wage_level"


class BreakEvenError(ValueError):
    """The scenario has nothing the target can move (e.g. no path with an occupancy ramp)."""


def _fields(scenario: Scenario, target: Target) -> tuple[Scenario, list[str]]:
    """The (possibly extended) scenario and the dotted fields that one candidate value is written to."""
    if target == "occupancy":
        fields = [f"paths.{i}.ramp.ceiling" for i, p in enumerate(scenario.paths)
                  if isinstance(p, CapacityIncrease | NewService)]
        if not fields:
            raise BreakEvenError("break-even occupancy needs a capacity_increase or new_service path")
        return scenario, fields
    if target == "fee_level":
        # A fee revision of `change` moves every fee by (1 + change) from the second year on: the engine
        # calibrates services with actual revenue on their first 12 months, which would absorb a change
        # in force from month 0.
        start = scenario.assumptions.start_date
        when = start.replace(year=start.year + 1)
        marker = FeeRevision(date=when, change=0.0)
        revisions = sorted([*scenario.assumptions.fee_revisions, marker], key=lambda r: r.date)
        extended = scenario.model_copy(deep=True)
        extended.assumptions.fee_revisions = revisions
        index = max(i for i, r in enumerate(revisions) if r is marker or (r.date == when and r.change == 0.0))
        return extended, [f"assumptions.fee_revisions.{index}.change"]
    if target == "wage_level":
        return scenario, [WAGE_LEVEL_FIELD]
    raise BreakEvenError(f"unknown break-even target {target!r}")


def _npv(scenario: Scenario, fields: list[str], candidates: np.ndarray, metric: str) -> np.ndarray:
    overrides = {f: candidates for f in fields}
    values = metrics_from_projection(project(scenario, trials=len(candidates), overrides=overrides), scenario)
    return np.asarray(values[metric], dtype=float).reshape(-1)


def _bracket(x: np.ndarray, y: np.ndarray) -> int | None:
    """Index i of the first pair (x[i], x[i+1]) where y changes sign (or is exactly zero)."""
    sign = np.sign(y)
    hits = np.nonzero((sign[:-1] * sign[1:] <= 0) & np.isfinite(y[:-1]) & np.isfinite(y[1:]))[0]
    return int(hits[0]) if len(hits) else None


def break_even(scenario: Scenario, target: Target = "occupancy", metric: str = "npv_yen",
               points: int = GRID_POINTS) -> float:
    """The value of ``target`` at which ``metric`` (incremental NPV) is zero; NaN if it never crosses zero.

    occupancy: the occupancy ceiling of every added service (share of 1); fee_level: the change in all
    fees from the second year (−0.05 = fees 5 % lower); wage_level: the wage scale (1.0 = as planned;
    needs a wage-level field in the scenario, see WAGE_LEVEL_FIELD).
    """
    extended, fields = _fields(scenario, target)
    low, high = RANGES[target]
    x = np.linspace(low, high, points)
    y = _npv(extended, fields, x, metric)
    i = _bracket(x, y)
    if i is None:
        return float("nan")
    x2 = np.linspace(x[i], x[i + 1], points)
    y2 = _npv(extended, fields, x2, metric)
    j = _bracket(x2, y2)
    if j is None:
        return float("nan")
    x0, x1, y0, y1 = x2[j], x2[j + 1], y2[j], y2[j + 1]
    return float(x0 if y1 == y0 else x0 - y0 * (x1 - x0) / (y1 - y0))

