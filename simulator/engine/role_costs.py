"""Personnel and recruiting cost of one block by role (for the 職員配置計画), built only when asked for.

- recruiting by role: the block's recruiting cost (calibrated) shared out by the roles' hires (plus their
  share of a merger's or transfer's extra attrition: planned FTE × attrition); the block's cost is its hires ×
  one cost per hire, so each role's part is its hires × that cost. The roles add up to the block.
- personnel by role: the block's personnel cost (calibrated, 処遇改善 payout included) shared out by FTE ×
  the role's monthly wage (``wage.monthly``; 法定福利費率, 級地, growth and wage level are common factors and
  cancel). Where the survey's cost per staff FTE prices the block (``benchmark personnel_cost_per_fte_yen``)
  the engine already prices each role at that figure × its wage ÷ the survey home's mean wage
  (staffing._unit_costs), so the split is each role's own cost and the roles add up to the block.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from simulator.engine.refdata import RefData
from simulator.engine.staffing import LazyRoles


def cost_weights(ref: RefData, roles: Mapping[str, object]) -> dict[str, float]:
    """Relative personnel cost per FTE of each role: its monthly wage (``wage.monthly``), whether the block
    is priced by the wages or by the survey's cost per FTE (which the engine sets in proportion to them)."""
    return {role: float(ref.at_start("wage", role)) for role in roles}


def personnel_by_role(personnel: np.ndarray, planned: Mapping[str, np.ndarray], weights: Mapping[str, float],
                      payout: Callable[[], np.ndarray] | None = None,
                      existing: tuple[np.ndarray | float, Mapping[str, np.ndarray]] | None = None) -> LazyRoles:
    """role -> its part of the block's ``personnel`` ``(T, M)`` (0 where no one).

    Each role costs FTE × weight × one factor of the block (the engine prices roles in proportion to their
    wages), so the split is the role's own cost: ``personnel − payout`` by FTE × weight, where ``existing`` =
    (calibration scale − 1, the existing operation's FTE by role) counts the existing staff's FTE that much more
    (calibration scales their part only: calibrated.py); the 処遇改善 payout (``payout()``, built when a
    role is first asked for) by FTE × weight."""
    cache: dict[str, np.ndarray] = {}
    scale_less_one, base = existing if existing is not None else (0.0, {})

    def counted(role: str) -> np.ndarray:
        return planned[role] + scale_less_one * base[role] if role in base else planned[role]

    def denominator(key: str, fte: Callable[[str], np.ndarray]) -> np.ndarray:
        if key not in cache:
            cache[key] = np.asarray(sum(fte(role) * weights[role] for role in planned))
        return cache[key]

    def part(total: np.ndarray, key: str, fte: Callable[[str], np.ndarray], role: str) -> np.ndarray:
        weight = denominator(key, fte)
        share = np.divide(fte(role) * weights[role], weight, out=np.zeros(weight.shape), where=weight > 0)
        return total * share

    def maker(role: str) -> Callable[[], np.ndarray]:
        def make() -> np.ndarray:
            if payout is None:
                return part(personnel, "counted", counted, role)
            if "payout" not in cache:
                cache["payout"] = payout()
            paid = cache["payout"]
            return (part(personnel - paid, "counted", counted, role)
                    + part(paid, "planned", lambda r: planned[r], role))
        return make

    return LazyRoles({role: maker(role) for role in planned})


def recruiting_by_role(recruiting: np.ndarray, hires: Mapping[str, np.ndarray], planned: Mapping[str, np.ndarray],
                       attrition: object) -> LazyRoles:
    """role -> the block's ``recruiting`` ``(T, M)`` × the role's share of its hires (the role's hires plus
    planned FTE × extra attrition): the block's cost is hires × one cost per hire, so the share is exact."""
    extra = not np.all(np.asarray(attrition) == 0)

    def count(role: str) -> np.ndarray:
        return np.asarray(hires[role] + planned[role] * attrition if extra else hires[role])

    cache: dict[str, np.ndarray] = {}

    def denominator() -> np.ndarray:
        if "" not in cache:
            cache[""] = np.asarray(sum(count(role) for role in hires))
        return cache[""]

    def maker(role: str) -> Callable[[], np.ndarray]:
        def make() -> np.ndarray:
            every = denominator()
            return recruiting * np.divide(count(role), every, out=np.zeros(every.shape), where=every > 0)
        return make

    return LazyRoles({role: maker(role) for role in hires})
