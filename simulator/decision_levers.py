"""The levers a 条件付き verdict may name, and how far each must move to meet the failing criteria.

Three levers, each within the range the user's criteria state (defaults cited in
``reference/finance.toml`` ``verdict.lever.*``):

- ``occupancy``: the occupancy of the places the plan adds or takes over, from today's plan up to
  ``lever_occupancy_max`` (the break-even search's occupancy target);
- ``fee_level``: every fee from the second year, from 0 up to ``+lever_fee_increase_max`` (more 加算);
- ``wage_level``: ``assumptions.wage_level``, down by at most ``lever_wage_cut_max`` of today's level.

Each lever is moved alone along a grid inside its range (:data:`POINTS` values, one vectorised run of the
engine through :func:`simulator.engine.breakeven.metrics_at`); the first value at which ``meets`` holds is
the amount named (the grid point, so the amount is on the safe side by at most one step).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from simulator import fieldpath
from simulator.engine.breakeven import RANGES, lever_fields, metrics_at, search
from simulator.format import fmt_pct
from simulator.i18n import Lang, t
from simulator.scenario import Scenario

LeverName = Literal["occupancy", "fee_level", "wage_level"]
LEVERS: tuple[LeverName, ...] = ("occupancy", "fee_level", "wage_level")
POINTS = 16  # numerical: grid points from today's value to the lever's limit (today's value excluded)
UNKNOWN_OCCUPANCY_START = 0.5  # numerical: grid start when no occupancy is given (benchmark occupancy)
Meets = Callable[[Mapping[str, float]], bool]


@dataclass(frozen=True)
class Lever:
    """One lever: today's value, the end of its stated range, and the value that meets every failing
    criterion (None: not within the range)."""

    name: LeverName
    current: float
    limit: float
    needed: float | None

    @property
    def closes(self) -> bool:
        return self.needed is not None

    def text(self, lang: Lang = "ja") -> str:
        """'稼働率を 90.0 % から 93.3 % 以上に（上限 95.0 %）' or '… 上限でも届かない'."""
        limit = self._shown(self.limit, lang)
        if self.needed is None:
            return t(f"report.lever.{self.name}.short", lang, limit=limit)
        return t(f"report.lever.{self.name}.needed", lang, current=self._shown(self.current, lang),
                 needed=self._shown(self.needed, lang), limit=limit)

    def _shown(self, value: float, lang: Lang) -> str:
        if self.name == "occupancy":
            return fmt_pct(value, lang)
        if self.name == "wage_level":  # a cut of today's level
            return fmt_pct(1.0 - value / self.current if self.current else 0.0, lang)
        return fmt_pct(value, lang)


def ranges(scenario: Scenario) -> dict[LeverName, tuple[float, float]]:
    """(today's value, the stated limit) of each lever that moves something in this scenario."""
    c = scenario.workflow.criteria
    out: dict[LeverName, tuple[float, float]] = {}
    _, occupancy_fields = lever_fields(scenario, "occupancy")
    moved = [f for f, start in occupancy_fields.items() if start is None]
    if moved:
        given = [float(v) for v in (fieldpath.get(scenario, f) for f in moved) if v is not None]
        # a partner's occupancy left to the benchmark has no value here: the grid then starts low
        current = min(given) if given else UNKNOWN_OCCUPANCY_START
        out["occupancy"] = (current, float(c.lever_occupancy_max))
    if scenario.paths:
        out["fee_level"] = (0.0, float(c.lever_fee_increase_max))
        wage = float(scenario.assumptions.wage_level)
        # not below the field's own bound (the break-even search's range)
        out["wage_level"] = (wage, max(wage * (1.0 - float(c.lever_wage_cut_max)), RANGES["wage_level"][0]))
    return out


def _break_even_at(scenario: Scenario, name: LeverName, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Break-even occupancy (value, reason) with the fee or wage lever at each of ``values``."""
    extended, fields = lever_fields(scenario, name)
    field = next(f for f, start in fields.items() if start is None)
    return search(extended, "occupancy", len(values), {field: values})


def find(scenario: Scenario, base: Mapping[str, float], meets: Meets, break_even_fails: bool) -> tuple[Lever, ...]:
    """Every lever of the scenario, each with the value that makes ``meets`` hold (or None).

    ``base`` are the base case's metrics; ``break_even_fails`` says the break-even occupancy criterion is
    among the failing ones (then the fee and wage levers recompute it; the occupancy lever cannot move it).
    """
    out = []
    for name, (current, limit) in ranges(scenario).items():
        if (name == "occupancy" and (limit <= current or break_even_fails)) or abs(limit - current) < 1e-12:
            out.append(Lever(name, current, max(limit, current), None))
            continue
        values = np.linspace(current, limit, POINTS + 1)[1:]
        found = metrics_at(scenario, name, values)
        extra: dict[str, np.ndarray] = {}
        if break_even_fails:
            extra["break_even_occupancy"], extra["break_even_occupancy_reason"] = _break_even_at(scenario, name,
                                                                                                  values)
        needed = None
        for k, value in enumerate(values):
            metrics = {**base, **{key: float(v[k]) for key, v in found.items()},
                       **{key: float(v[k]) for key, v in extra.items()}}
            if not break_even_fails:  # unchanged by construction: keep the base case's
                metrics["break_even_occupancy"] = base.get("break_even_occupancy", float("nan"))
                metrics["break_even_occupancy_reason"] = base.get("break_even_occupancy_reason", float("nan"))
            if meets(metrics):
                needed = float(value)
                break
        out.append(Lever(name, current, limit, needed))
    return tuple(out)
