"""The one break-even search: the occupancy, fee level or wage level at which a metric (default the
incremental NPV) meets a threshold (default 0). Used by the engine's metrics, the risk page, the verdict's
levers and the reports (``simulator.risk.break_even`` is this function).

Vectorised: the candidates go along the engine's trial axis (one call for every trial and candidate),
the first bracket where ``metric − threshold`` changes sign is refined on a second grid inside it (one
more call), then linear interpolation between the two nearest points.

Targets (each a set of fields one candidate value is written to):

- ``occupancy``: the occupancy of the places the plan adds or takes over: the ramp ceiling of a capacity
  increase or a new service (the ramp start capped at the candidate) and the occupancy of the services of
  a merger partner or an acquired business (not a business sold). Share of 1.
- ``fee_level``: a change of every fee from the second year (−0.05 = fees 5 % lower): a 報酬改定 marker
  one year after the start, so it moves the plan after the first year the accounts are calibrated on.
- ``wage_level``: ``assumptions.wage_level`` (1.0 = as planned).

Outcomes per trial (``REASONS``): the value found; not applicable (nothing the target moves, e.g. doing
nothing, or a deal whose business is given as totals); the criterion holds over the whole range (e.g. a
merger whose NPV stays positive at 0 % occupancy: no "0.0 %" break-even); or it holds nowhere in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from simulator.engine.metrics import incremental_npv, metrics_from_projection
from simulator.engine.projection import project
from simulator.engine.result import Projection
from simulator.scenario import BusinessTransfer, CapacityIncrease, FeeRevision, Merger, NewService, Scenario

Target = Literal["occupancy", "fee_level", "wage_level"]
TARGETS: tuple[str, ...] = ("occupancy", "fee_level", "wage_level")
# Search ranges (the fields' own bounds): occupancy 0–1; fee change −50 % … +50 %; wage level 0.5–1.5.
RANGES: dict[str, tuple[float, float]] = {
    "occupancy": (0.0, 1.0),
    "fee_level": (-0.5, 0.5),
    "wage_level": (0.5, 1.5),
}
WAGE_LEVEL_FIELD = "assumptions.wage_level"
COARSE_POINTS = 21  # numerical: 5-point steps of occupancy, then a finer grid in the bracket
FINE_POINTS = 11
# Outcome per trial (metric ``break_even_occupancy_reason``; locale ``engine.break_even_reason.<name>``)
REASONS: tuple[str, ...] = ("found", "not_applicable", "always_met", "never_met")


class BreakEvenError(ValueError):
    """The scenario has nothing the target can move (e.g. no path that adds or takes over places)."""


def occupancy_targets(scenario: Scenario) -> dict[str, float | None]:
    """Fields that set the occupancy of added or acquired places, with the current value of ramp starts
    (capped at the candidate) and None for the fields the candidate is written to."""
    targets: dict[str, float | None] = {}
    for i, path in enumerate(scenario.paths):
        if isinstance(path, CapacityIncrease | NewService):
            targets[f"paths.{i}.ramp.ceiling"] = None
            targets[f"paths.{i}.ramp.start"] = path.ramp.start
        elif isinstance(path, Merger | BusinessTransfer):
            if isinstance(path, BusinessTransfer) and path.role == "seller":
                continue
            profile = path.partner if isinstance(path, Merger) else path.business
            where = "partner" if isinstance(path, Merger) else "business"
            for j in range(len(profile.services)):
                targets[f"paths.{i}.{where}.services.{j}.occupancy"] = None
    return targets


def _targets(scenario: Scenario, target: str) -> tuple[Scenario, dict[str, float | None]]:
    """The (possibly extended) scenario and the fields a candidate is written to (see :func:`occupancy_targets`)."""
    if target == "occupancy":
        return scenario, occupancy_targets(scenario)
    if target == "fee_level":
        start = scenario.assumptions.start_date
        # one year on (a start on 29 February moves to the 28th: 2027-02-29 does not exist)
        marker = FeeRevision(date=start.replace(year=start.year + 1, day=min(start.day, 28) if
                                                start.month == 2 else start.day), change=0.0)
        revisions = sorted([*scenario.assumptions.fee_revisions, marker], key=lambda r: r.date)
        extended = scenario.model_copy(deep=True)
        extended.assumptions.fee_revisions = revisions
        index = next(i for i, r in enumerate(revisions) if r is marker)
        return extended, {f"assumptions.fee_revisions.{index}.change": None}
    if target == "wage_level":
        return scenario, {WAGE_LEVEL_FIELD: None}
    raise BreakEvenError(f"unknown break-even target {target!r}")


def lever_fields(scenario: Scenario, target: str) -> tuple[Scenario, dict[str, float | None]]:
    """The (possibly extended) scenario and the fields one ``target`` value is written to (None = the value
    itself; a number = a ramp start, capped at the value): what the verdict's levers move."""
    return _targets(scenario, target)


def _projection(scenario: Scenario, targets: Mapping[str, float | None], candidates: np.ndarray,
                overrides: Mapping[str, np.ndarray]) -> Projection:
    """The projection of each row of ``candidates`` ``(T, K)``, flat ``(T·K,)`` trials (trial t's overrides repeated
    K times)."""
    trials, k = candidates.shape
    flat = candidates.reshape(-1)
    tiled = {path: np.repeat(np.asarray(values, dtype=float).reshape(trials), k) for path, values in overrides.items()}
    for path, start in targets.items():
        if start is None:
            tiled[path] = flat
        else:
            tiled[path] = np.minimum(tiled.get(path, np.full(flat.shape, start)), flat)
    return project(scenario, trials * k, tiled)


def _all_metrics(scenario: Scenario, targets: Mapping[str, float | None], candidates: np.ndarray,
                 overrides: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every metric for each row of ``candidates`` ``(T, K)``, flat ``(T·K,)`` (trial t's overrides repeated K times)."""
    return metrics_from_projection(_projection(scenario, targets, candidates, overrides), scenario)


def _values(scenario: Scenario, targets: Mapping[str, float | None], candidates: np.ndarray,
            overrides: Mapping[str, np.ndarray], metric: str) -> np.ndarray:
    """``metric`` for each row of ``candidates`` ``(T, K)`` (trial t's overrides repeated K times); the incremental
    NPV alone where that is the metric (no IRR, lender or staffing metrics computed to be dropped)."""
    if metric == "npv_yen":
        found = incremental_npv(_projection(scenario, targets, candidates, overrides), scenario)
    else:
        found = _all_metrics(scenario, targets, candidates, overrides)[metric]
    return np.asarray(found, dtype=float).reshape(candidates.shape)


def metrics_at(scenario: Scenario, target: str, values: np.ndarray) -> dict[str, np.ndarray]:
    """Every metric (``(K,)`` each) of the base case with ``target`` set to each of ``values`` in turn
    (one vectorised run; break-even occupancy is not in it, see :func:`search`)."""
    extended, targets = _targets(scenario, target)
    return _all_metrics(extended, targets, np.asarray(values, dtype=float).reshape(1, -1), {})


def _bracket(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index i of the first pair (i, i + 1) where ``y`` changes sign or is 0, whether one exists) per row."""
    finite = np.isfinite(y[:, :-1]) & np.isfinite(y[:, 1:])
    hit = (np.sign(y[:, :-1]) * np.sign(y[:, 1:]) <= 0) & finite
    return np.argmax(hit, axis=1), hit.any(axis=1)


def _interpolate(x: np.ndarray, y: np.ndarray, i: np.ndarray) -> np.ndarray:
    rows = np.arange(x.shape[0])
    x0, x1, y0, y1 = x[rows, i], x[rows, i + 1], y[rows, i], y[rows, i + 1]
    span = y1 - y0
    return np.where(span == 0, x0, x0 - y0 * np.divide(x1 - x0, span, out=np.zeros_like(span), where=span != 0))


def search(scenario: Scenario, target: str = "occupancy", trials: int = 1,
           overrides: Mapping[str, np.ndarray] | None = None, metric: str = "npv_yen",
           threshold: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(value, reason index into :data:`REASONS`) per trial: the ``target`` at which ``metric`` equals
    ``threshold`` (the first crossing from the low end of the range); NaN with the reason otherwise."""
    extended, targets = _targets(scenario, target)
    # without a path the incremental NPV is 0 whatever the fees or wages: no break-even means anything
    if not scenario.paths or not any(v is None for v in targets.values()):
        return np.full(trials, np.nan), np.full(trials, float(REASONS.index("not_applicable")))
    overrides = dict(overrides or {})
    low, high = RANGES[target]
    x = np.broadcast_to(np.linspace(low, high, COARSE_POINTS), (trials, COARSE_POINTS))
    y = _values(extended, targets, x, overrides, metric) - threshold
    i, found = _bracket(y)
    # the criterion holds over the whole range (e.g. NPV ≥ 0 at 0 % occupancy): no break-even inside it
    everywhere = np.isfinite(y).all(axis=1) & (y >= 0).all(axis=1)
    reason = np.where(everywhere, REASONS.index("always_met"),
                      np.where(found, REASONS.index("found"), REASONS.index("never_met"))).astype(float)
    rows = np.arange(trials)
    x2 = x[rows, i][:, None] + (x[rows, i + 1] - x[rows, i])[:, None] * np.linspace(0.0, 1.0, FINE_POINTS)[None, :]
    value = np.full(trials, np.nan)
    todo = reason == 0
    if todo.any():
        sub = {path: np.asarray(v, dtype=float).reshape(trials)[todo] for path, v in overrides.items()}
        y2 = _values(extended, targets, x2[todo], sub, metric) - threshold
        j, inside = _bracket(y2)
        fine = _interpolate(x2[todo], y2, j)
        coarse = _interpolate(x[todo], y[todo], i[todo])
        value[todo] = np.where(inside, fine, coarse)
    return value, reason


def break_even(scenario: Scenario, target: Target = "occupancy", metric: str = "npv_yen",
               threshold: float = 0.0) -> float:
    """The base case's break-even ``target`` (NaN where none in the range); raises :class:`BreakEvenError`
    when the scenario has nothing the target moves (the risk page shows that message)."""
    _, targets = _targets(scenario, target)
    if not scenario.paths or not any(v is None for v in targets.values()):
        raise BreakEvenError(f"break-even {target} needs a path" + (" that adds or takes over places"
                                                                  if target == "occupancy" else ""))
    return float(search(scenario, target, 1, None, metric, threshold)[0][0])


def break_even_occupancy(scenario: Scenario, trials: int = 1,
                         overrides: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """Break-even occupancy per trial (NaN if the plan adds no places or never breaks even)."""
    return search(scenario, "occupancy", trials, overrides)[0]
