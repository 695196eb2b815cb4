"""Personnel and recruiting cost of one block by role (for the 職員配置計画), built only when asked for.

- recruiting by role: the role's hires (plus its share of a merger's or transfer's extra attrition:
  planned FTE × attrition) × cost per hire × the block's cost calibration, exactly as the block's total
  (hires × cost per hire) is made, so the roles add up to it.
- personnel by role: the block's personnel cost (calibrated, 処遇改善 payout included) shared out by FTE ×
  the role's cost per FTE. Where the survey's cost per staff FTE applies (``benchmark
  personnel_cost_per_fte_yen``: every role the same) the weight is the FTE; otherwise the role's monthly wage
  (法定福利費率, 級地, growth and wage level are common factors and cancel). The roles add up to the block.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from simulator.engine.refdata import RefData
from simulator.engine.staffing import LazyRoles, cost_per_fte_month


def cost_weights(ref: RefData, service: str, roles: Mapping[str, object]) -> dict[str, float]:
    """Relative personnel cost per FTE of each role in ``service``."""
    if cost_per_fte_month(ref, service) is not None:
        return dict.fromkeys(roles, 1.0)
    return {role: float(ref.at_start("wage", role)) for role in roles}


def personnel_by_role(personnel: np.ndarray, planned: Mapping[str, np.ndarray],
                      weights: Mapping[str, float]) -> LazyRoles:
    """role -> the block's ``personnel`` ``(T, M)`` × the role's share of Σ FTE × weight (0 where no one)."""
    cache: dict[str, np.ndarray] = {}

    def denominator() -> np.ndarray:
        if "" not in cache:
            cache[""] = np.asarray(sum(planned[role] * weights[role] for role in planned))
        return cache[""]

    def maker(role: str) -> Callable[[], np.ndarray]:
        def make() -> np.ndarray:
            weight = denominator()
            share = np.divide(planned[role] * weights[role], weight, out=np.zeros(weight.shape), where=weight > 0)
            return personnel * share
        return make

    return LazyRoles({role: maker(role) for role in planned})


def recruiting_by_role(hires: Mapping[str, np.ndarray], planned: Mapping[str, np.ndarray], attrition: object,
                       cost_per_hire: np.ndarray | float, cost_scale: np.ndarray | float | None) -> LazyRoles:
    """role -> (hires + planned × extra attrition) × cost per hire × cost calibration, ``(T, M)``."""
    scale = 1.0 if cost_scale is None else cost_scale

    def maker(role: str) -> Callable[[], np.ndarray]:
        def make() -> np.ndarray:
            count = hires[role] if np.all(np.asarray(attrition) == 0) else hires[role] + planned[role] * attrition
            return np.asarray(count * cost_per_hire * scale)
        return make

    return LazyRoles({role: maker(role) for role in hires})
