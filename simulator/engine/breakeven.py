"""Break-even occupancy: the occupancy of the added places at which the incremental NPV is zero.

Vectorised: the candidates (0 %, 5 %, … 100 %) are put along the trial axis with overrides and the
engine runs once; the zero crossing is interpolated linearly between the two candidates around it.
"Added places" are the ramp ceilings of capacity and new-service paths (the ramp start is capped at
the candidate) and the occupancy of the services of a merger partner or an acquired business.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from simulator.engine.metrics import discount_rate, npv, residual
from simulator.engine.projection import project
from simulator.scenario import BusinessTransfer, CapacityIncrease, Merger, NewService, Scenario

CANDIDATES = np.linspace(0.0, 1.0, 21)  # 5-point steps, linear interpolation between them


def occupancy_targets(scenario: Scenario) -> dict[str, float | None]:
    """Override paths that set the occupancy of added places, with their current value (ramp start caps)."""
    targets: dict[str, float | None] = {}
    for i, path in enumerate(scenario.paths):
        if isinstance(path, CapacityIncrease | NewService):
            targets[f"paths.{i}.ramp.ceiling"] = None
            targets[f"paths.{i}.ramp.start"] = path.ramp.start
        elif isinstance(path, Merger | BusinessTransfer):
            profile = path.partner if isinstance(path, Merger) else path.business
            if isinstance(path, BusinessTransfer) and path.role == "seller":
                continue
            where = "partner" if isinstance(path, Merger) else "business"
            for j in range(len(profile.services)):
                targets[f"paths.{i}.{where}.services.{j}.occupancy"] = None
    return targets


def break_even_occupancy(scenario: Scenario, trials: int = 1,
                         overrides: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """Break-even occupancy per trial (NaN if the plan adds no places or never breaks even)."""
    targets = occupancy_targets(scenario)
    if not targets:
        return np.full(trials, np.nan)
    k = len(CANDIDATES)
    tiled = {path: np.repeat(np.asarray(values, dtype=float).reshape(trials), k)
             for path, values in (overrides or {}).items()}
    cands = np.tile(CANDIDATES, trials)
    for path, start in targets.items():
        if start is None:
            tiled[path] = cands
        else:
            current = tiled.get(path, np.full(trials * k, start))
            tiled[path] = np.minimum(current, cands)
    proj = project(scenario, trials * k, tiled)
    inc = proj.arrays["incremental_cash_flow_yen"]
    values = npv(inc, discount_rate(proj, scenario), residual(proj.arrays) - residual(proj.baseline))
    values = values.reshape(trials, k)
    positive = values >= 0
    found = positive.any(axis=1)
    first = np.argmax(positive, axis=1)
    lo = np.maximum(first - 1, 0)
    rows = np.arange(trials)
    v_lo, v_hi = values[rows, lo], values[rows, first]
    c_lo, c_hi = CANDIDATES[lo], CANDIDATES[first]
    span = v_hi - v_lo
    frac = np.divide(-v_lo, span, out=np.zeros_like(span), where=np.abs(span) > 0)
    point = np.where(first == 0, CANDIDATES[0], c_lo + frac * (c_hi - c_lo))
    return np.where(found, point, np.nan)
