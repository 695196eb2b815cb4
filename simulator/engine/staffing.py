"""Staff of one block: FTE by role required by 人員基準, FTE actually staffed, hires and wages.

- required: ``reference.required_staff`` at each month's users, while the block is open.
- planned:  max(required total, staffed ratio ``staff_per_10_users × users / 10``); what the ratio adds
  above the standard goes to the direct-care role (the role with most required FTE in the standard).
- new places: the staff for the opening month's users are hired ``lead`` months before opening and
  then follow the users; in a tight market they arrive ``delay`` months later than planned, so a
  month where any role is below its standard is flagged (減算・指定 risk).
- hires: every increase in FTE plus replacement of leavers (turnover per year / 12 of the FTE).
- personnel cost per month: where the service's survey gives its cost per staff FTE
  (``benchmark personnel_cost_per_fte_yen``: 人件費 ÷ 常勤換算従事者数, every role, part-timers and
  法定福利費 included — the same survey as ``staff_per_10_users``), FTE × that cost / 12; otherwise
  Σ FTE of the role × monthly wage of the role × (1 + 法定福利費率). Either way × the block's wage factor
  × ``assumptions.wage_level`` (a user multiplier on all wages) × yearly growth.
- size: where the survey is tabled by size (特養: WAM 入所定員別), the staffed ratio (unless the scenario
  sets one) and the cost per FTE are those of the class of the month's capacity (``reference.size_profile``):
  larger homes staff fewer FTE per user, at a slightly higher cost each.
  (Pricing the survey's staff count at full-time care-worker pay would count part-timers as full-time
  and put the survey's own 人件費率 out of reach.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.inputs import Inputs
from simulator.engine.refdata import RefData
from simulator.engine.revenue import variant_of
from simulator.engine.timeline import Timeline, delay, value_at

SHORTFALL_TOLERANCE_FTE = 1e-6  # numerical noise, not a staffing assumption


@dataclass(frozen=True)
class Staff:
    required: dict[str, np.ndarray]  # role -> (T, M)
    planned: dict[str, np.ndarray]  # role -> (T, M) FTE in post
    hires: dict[str, np.ndarray]  # role -> (T, M)
    shortfall: np.ndarray  # (T, M) 1.0 where some role is below its standard
    personnel_yen: np.ndarray  # (T, M)


def _required(ref: RefData, block: Block, users: np.ndarray, open_mask: np.ndarray) -> dict[str, np.ndarray]:
    service = block.op.service.value
    variant = variant_of(ref, block)
    need = ref.at_start_required(service, users, **variant)
    return {role: np.broadcast_to(np.asarray(fte, dtype=float), users.shape) * open_mask
            for role, fte in need.items()}


def _planned(required: dict[str, np.ndarray], users: np.ndarray, ratio: np.ndarray, open_mask: np.ndarray,
             care_role: str) -> dict[str, np.ndarray]:
    total = sum(required.values())
    extra = np.maximum(ratio / 10.0 * users * open_mask - total, 0.0)
    return {role: fte + (extra if role == care_role else 0.0) for role, fte in required.items()}


_CARE_ROLE: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
PROBE_USERS = 100.0  # a size at which the direct-care role clearly dominates the standard


def care_role_of(ref: RefData, block: Block) -> str:
    """The direct-care role: the one the standard asks most FTE of at 100 users."""
    variant = variant_of(ref, block)
    key = (block.op.service.value, tuple(sorted(variant.items())))
    if key not in _CARE_ROLE:
        need = _required(ref, block, np.full((1, 1), PROBE_USERS), np.ones((1, 1)))
        _CARE_ROLE[key] = max(need, key=lambda role: float(need[role].sum()))
    return _CARE_ROLE[key]


def cost_per_fte_month(ref: RefData, service: str) -> float | None:
    """The survey's personnel cost per staff FTE a month (法定福利費 included), or None if not surveyed."""
    if not ref.at_start("has_benchmark", service, "personnel_cost_per_fte_yen"):
        return None
    return float(ref.at_start("benchmark", service, "personnel_cost_per_fte_yen")) / 12.0


def staff(inp: Inputs, tl: Timeline, ref: RefData, block: Block, turnover_per_year: np.ndarray,
          wage_growth: np.ndarray, social_rate: float) -> Staff:
    service = block.op.service.value
    profile = ref.size_profile(service, block.capacity)
    if profile is not None and not (inp.overridden(f"{block.prefix}.staff_per_10_users")
                                    or block.op.staff_per_10_users is not None):
        ratio = profile[0]
    else:
        ratio = inp.num(f"{block.prefix}.staff_per_10_users",
                        lambda: ref.at_start("benchmark", service, "staff_per_10_users"))
    care_role = care_role_of(ref, block)
    open_now = (block.capacity > 0).astype(float)
    required = _required(ref, block, block.users, open_now)

    if not block.has_new_places:  # a running service: staffed as planned, no hiring lead or delay
        planned = _planned(required, block.users, ratio, open_now, care_role)
        base_plan = planned
    else:
        base_open = (block.base_capacity > 0).astype(float)
        base_plan = _planned(_required(ref, block, block.base_users, base_open), block.base_users, ratio, base_open,
                             care_role)
        # new places: from (opening − lead) staff for the opening month's users, then follow the users
        hiring = tl.t >= block.opening - block.lead
        new_at_open = value_at(block.new_users, block.opening)
        target_new_users = np.where(tl.t >= block.opening, block.new_users, np.where(hiring, new_at_open, 0.0))
        target_users = block.base_users + target_new_users
        target_open = np.maximum(base_open, hiring.astype(float))
        target_plan = _planned(_required(ref, block, target_users, target_open), target_users, ratio, target_open,
                               care_role)
        planned = {role: base_plan[role] + delay(target_plan[role] - base_plan[role], block.delay)
                   for role in required}

    below = np.zeros_like(block.users, dtype=bool)
    for role, need in required.items():
        below |= planned[role] < need - SHORTFALL_TOLERANCE_FTE
    shortfall = (below & (open_now > 0)).astype(float)

    hires = {}
    personnel = np.zeros_like(block.users)
    growth = (1.0 + wage_growth) ** (tl.fiscal_year - tl.fiscal_year[0])[None, :]
    per_fte = profile[1] / 12.0 if profile is not None else cost_per_fte_month(ref, service)
    for role, fte in planned.items():
        start = base_plan[role][:, :1]
        increase = np.maximum(np.diff(fte, axis=1, prepend=start), 0.0)
        hires[role] = increase + fte * turnover_per_year / 12.0
        cost = per_fte if per_fte is not None else float(ref.at_start("wage", role)) * (1.0 + social_rate)
        personnel = personnel + fte * cost
    personnel = personnel * block.wage_factor * growth * inp.num("assumptions.wage_level")
    return Staff(required=required, planned=planned, hires=hires, shortfall=shortfall, personnel_yen=personnel)
