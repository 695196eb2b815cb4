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

Speed: a running service's users are one level per trial while open (``users = level × open``), so the
rules, the ratio and the cost per FTE are evaluated on ``(T, 1)`` levels and broadcast once at the end;
per-role arrays are built only when asked for (:class:`LazyRoles`). Results are bit-identical to the
full ``(T, M)`` evaluation (multiplying by a 0/1 mask is exact).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.inputs import Inputs
from simulator.engine.refdata import RefData
from simulator.engine.revenue import variant_of
from simulator.engine.timeline import Shift, Timeline, value_at

SHORTFALL_TOLERANCE_FTE = 1e-6  # numerical noise, not a staffing assumption


class LazyRoles(Mapping):
    """role -> ``(T, M)`` array, each built on first access from a function (then kept)."""

    def __init__(self, makers: Mapping[str, Callable[[], np.ndarray]]) -> None:
        self._makers = dict(makers)
        self._done: dict[str, np.ndarray] = {}

    def __getitem__(self, role: str) -> np.ndarray:
        if role not in self._done:
            self._done[role] = self._makers[role]()
        return self._done[role]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


@dataclass(frozen=True)
class Staff:
    required: Mapping[str, np.ndarray]  # role -> (T, M)
    planned: Mapping[str, np.ndarray]  # role -> (T, M) FTE in post
    hires: Mapping[str, np.ndarray]  # role -> (T, M)
    shortfall: np.ndarray  # (T, M) 1.0 where some role is below its standard
    personnel_yen: np.ndarray  # (T, M); at the base wage in the result of staff_before_wages
    required_total: np.ndarray  # (T, M) Σ roles, summed in role order
    planned_total: np.ndarray  # (T, M)
    hires_total: np.ndarray  # (T, M)


def _required(ref: RefData, block: Block, users: np.ndarray, open_mask: np.ndarray) -> dict[str, np.ndarray]:
    service = block.op.service.value
    variant = variant_of(ref, block)
    need = ref.at_start_required(service, users, **variant)
    return {role: np.broadcast_to(np.asarray(fte, dtype=float), users.shape) * open_mask
            for role, fte in need.items()}


def _required_masked(ref: RefData, block: Block, users: np.ndarray, open_mask: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`_required` for ``(T, M)`` users, on ``(T, 1)`` levels when ``users = level × open_mask`` (exact)."""
    level = level_of(users, open_mask)
    if level is None:
        return _required(ref, block, users, open_mask)
    return {role: fte * open_mask for role, fte in _required(ref, block, level, np.ones_like(level)).items()}


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


def clear_cache() -> None:
    """Forget the direct-care role of each service (it follows the reference 人員基準)."""
    _CARE_ROLE.clear()


def cost_per_fte_month(ref: RefData, service: str) -> float | None:
    """The survey's personnel cost per staff FTE a month (法定福利費 included), or None if not surveyed."""
    if not ref.at_start("has_benchmark", service, "personnel_cost_per_fte_yen"):
        return None
    return float(ref.at_start("benchmark", service, "personnel_cost_per_fte_yen")) / 12.0


POOLED = ("care_worker", "night_staff")  # checked together where night posts are within the ratio


def _below(ref: RefData, block: Block, required: Mapping[str, np.ndarray],
           planned: Mapping[str, np.ndarray]) -> np.ndarray:
    """True where some role is below its standard. Where night posts are worked by the care staff of
    the 24-hour ratio (特養型), care workers and night staff are checked together: a night post is
    filled from the care pool, so more care workers make up for a night-staff role still being hired."""
    pooled = ref.at_start("night_within_ratio", block.op.service.value) and all(r in required for r in POOLED)
    below = np.zeros(np.broadcast(*required.values()).shape, dtype=bool)
    for role, need in required.items():
        if not (pooled and role in POOLED):
            below |= planned[role] < need - SHORTFALL_TOLERANCE_FTE
    if pooled:
        below |= (planned[POOLED[0]] + planned[POOLED[1]]
                  < required[POOLED[0]] + required[POOLED[1]] - SHORTFALL_TOLERANCE_FTE)
    return below


def level_of(x: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """``L`` (T, 1) with ``x == L × mask`` exactly (``x`` ≥ 0, ``mask`` 0/1, both (T, M)), else None."""
    level = x.max(axis=1, keepdims=True)
    return level if np.array_equal(x, level * mask) else None


def _ratio(inp: Inputs, ref: RefData, block: Block, profile) -> np.ndarray:
    """Staff per 10 users: the size class's (from ``profile``) unless the scenario or an override sets one."""
    service = block.op.service.value
    if profile is not None and not (inp.overridden(f"{block.prefix}.staff_per_10_users")
                                    or block.op.staff_per_10_users is not None):
        return profile[0]
    return inp.num(f"{block.prefix}.staff_per_10_users",
                   lambda: ref.at_start("benchmark", service, "staff_per_10_users"))


def _unit_costs(ref: RefData, service: str, roles, profile, social_rate: float) -> dict[str, object]:
    """Personnel cost per FTE a month by role: the survey's (by size) or the role's wage × (1 + 法定福利費率)."""
    per_fte = profile[1] / 12.0 if profile is not None else cost_per_fte_month(ref, service)
    return {role: per_fte if per_fte is not None else float(ref.at_start("wage", role)) * (1.0 + social_rate)
            for role in roles}


def wage_index(tl: Timeline, wage_growth: np.ndarray) -> np.ndarray:
    """(1 + wage growth) ** (fiscal years since the start): ``(T, M)`` for a ``(T, 1)`` growth rate."""
    return (1.0 + wage_growth) ** (tl.fiscal_year - tl.fiscal_year[0])[None, :]


def with_wages(inp: Inputs, tl: Timeline, block: Block, wage_growth: np.ndarray, st: Staff,
               growth: np.ndarray | None = None) -> Staff:
    """``st`` with personnel × the block's wage factor × yearly growth × ``assumptions.wage_level``
    (``growth``: :func:`wage_index` if already computed)."""
    growth = wage_index(tl, wage_growth) if growth is None else growth
    personnel = st.personnel_yen
    if not is_one(block.wage_factor):
        personnel = personnel * block.wage_factor
    personnel = personnel * growth
    level = inp.num("assumptions.wage_level")
    if not np.all(level == 1.0):
        personnel = personnel * level
    return replace(st, personnel_yen=personnel)


def is_one(x: object) -> bool:
    """A plain number equal to 1 (a factor whose multiplication can be skipped: × 1 is exact)."""
    return isinstance(x, float | int) and x == 1


def staff(inp: Inputs, tl: Timeline, ref: RefData, block: Block, turnover_per_year: np.ndarray,
          wage_growth: np.ndarray, social_rate: float) -> Staff:
    """Staff of ``block``: every array ``(T, M)``; ``turnover_per_year`` and ``wage_growth`` ``(T, 1)``."""
    return with_wages(inp, tl, block, wage_growth, staff_before_wages(inp, tl, ref, block, turnover_per_year,
                                                                      social_rate))


def staff_before_wages(inp: Inputs, tl: Timeline, ref: RefData, block: Block, turnover_per_year: np.ndarray,
                       social_rate: float) -> Staff:
    """:func:`staff` with personnel at the base wage (before the wage factor, growth and wage level):
    it depends on the block's users, capacity and inputs only, so a caller may reuse it for a block
    that differs only in its wage factor."""
    if not block.has_new_places:
        if block.level is not None:  # known levels: no need to look for them
            level = block.level
            # a Level's mask is a step (open from one month on): open in month 0 means open throughout
            from_start = bool(level.open[:, 0].all())
            return _staff_running(inp, ref, block, level.open, level.users, level.capacity, turnover_per_year,
                                  social_rate, from_start)
        open_now = (block.capacity > 0).astype(float)
        users_level = level_of(block.users, open_now)
        capacity_level = level_of(block.capacity, open_now)
        if users_level is not None and capacity_level is not None:
            return _staff_running(inp, ref, block, open_now, users_level, capacity_level, turnover_per_year,
                                  social_rate)
    return _staff_full(inp, tl, ref, block, turnover_per_year, social_rate)


def _staff_running(inp: Inputs, ref: RefData, block: Block, open_now: np.ndarray, users: np.ndarray,
                   capacity: np.ndarray, turnover_per_year: np.ndarray, social_rate: float,
                   from_start: bool = False) -> Staff:
    """A running service (users = ``users`` (T, 1) × ``open_now`` (T, M)): rules on levels, broadcast at the end.
    ``from_start``: open in every month of every trial, so nothing opens inside the horizon (no onset hires)."""
    service = block.op.service.value
    profile = ref.size_profile(service, capacity)
    ratio = _ratio(inp, ref, block, profile)
    ones = np.ones_like(users)
    required = _required(ref, block, users, ones)
    planned = _planned(required, users, ratio, ones, care_role_of(ref, block))
    below = _below(ref, block, required, planned)
    shortfall = (below & (open_now > 0)).astype(float) if below.any() else np.zeros(open_now.shape)
    leavers = {role: fte * turnover_per_year / 12.0 for role, fte in planned.items()}
    costs = _unit_costs(ref, service, planned, profile, social_rate)
    personnel = np.zeros_like(users)
    for role, fte in planned.items():
        personnel = personnel + fte * costs[role]
    personnel = personnel * open_now

    def spread_(values: dict[str, np.ndarray]) -> LazyRoles:
        return LazyRoles({role: (lambda v=v: v * open_now) for role, v in values.items()})

    if from_start:  # f × 0 + x = x: the same numbers as with an onset of zeros
        hires = spread_(leavers)
        hires_total = sum(leavers[role] for role in planned) * open_now
    else:
        onset = np.maximum(np.diff(open_now, axis=1, prepend=open_now[:, :1]), 0.0)  # 1 in the month it opens
        hires = LazyRoles({role: (lambda f=fte, r=role: f * onset + leavers[r] * open_now)
                           for role, fte in planned.items()})
        hires_total = _hires_total(planned, leavers, onset, open_now)
    return Staff(required=spread_(required), planned=spread_(planned), hires=hires, shortfall=shortfall,
                 personnel_yen=personnel,
                 required_total=sum(required.values()) * open_now,
                 planned_total=sum(planned.values()) * open_now,
                 hires_total=hires_total)


def _hires_total(planned: dict[str, np.ndarray], leavers: dict[str, np.ndarray], onset: np.ndarray,
                 open_now: np.ndarray) -> np.ndarray:
    """Σ roles of (FTE × onset + leavers × open) from ``(T, 1)`` levels, in the same order as the full sum.

    In the opening month each role hires its FTE plus its leavers, in other open months its leavers.
    """
    at_onset = sum(planned[role] + leavers[role] for role in planned)
    while_open = sum(leavers[role] for role in planned)
    return np.where(onset > 0, at_onset, while_open * open_now)


def _target_required(ref: RefData, block: Block, need: Mapping[str, np.ndarray], opened: np.ndarray,
                     hiring: np.ndarray,
                     new_at_open: np.ndarray, base_open: np.ndarray, target_users: np.ndarray,
                     target_open: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`_required` at the hiring target ``target_users`` (masked by ``target_open``), bit for bit,
    without a second ``(T, M)`` rule evaluation where possible.

    From the opening month the target users are the block's users (``base + new``, the same sum), whose
    rules ``need`` (unmasked) are already known. Before it they are ``base level × base_open`` plus
    ``new_at_open`` while hiring, else plus 0: four values per trial, so the rules run on ``(T, 4)``.
    Falls back to the full evaluation when the base users are not one level per trial.
    """
    level = level_of(block.base_users, base_open)
    if level is None:
        return _required(ref, block, target_users, target_open)
    zero = np.zeros_like(level)
    # the same float sums as base_users + target_new_users: level × 1 or 0, then + new_at_open or + 0
    candidates = np.concatenate([level + new_at_open, zero + new_at_open, level + 0.0, zero + 0.0], axis=1)
    at_levels = _required(ref, block, candidates, 1.0)
    # which candidate each month takes: column 0 (base, hiring), 1 (hiring), 2 (base), 3 (neither)
    column = np.where(base_open > 0, 0, 1) + np.where(hiring, 0, 2)
    flat = column + np.arange(level.shape[0])[:, None] * candidates.shape[1]
    out = {}
    for role, fte in need.items():
        before = np.take(np.ascontiguousarray(np.broadcast_to(at_levels[role], candidates.shape)), flat)
        chosen = np.where(opened, fte, before)
        chosen *= target_open
        out[role] = chosen
    return out


def _sum_roles(roles: Mapping[str, np.ndarray]) -> np.ndarray:
    """Σ of the role arrays in role order (``0 + r1 + r2 …``, as ``sum`` adds them)."""
    return sum(roles[role] for role in roles)


def _staff_full(inp: Inputs, tl: Timeline, ref: RefData, block: Block, turnover_per_year: np.ndarray,
                social_rate: float) -> Staff:
    """Any block, every quantity evaluated over ``(T, M)`` (new places: hiring lead and delay)."""
    service = block.op.service.value
    profile = ref.size_profile(service, block.capacity)
    ratio = _ratio(inp, ref, block, profile)
    care_role = care_role_of(ref, block)
    open_now = (block.capacity > 0).astype(float)
    need = _required(ref, block, block.users, 1.0)  # unmasked: reused for the target below
    required = {role: fte * open_now for role, fte in need.items()}

    if not block.has_new_places:  # a running service: staffed as planned, no hiring lead or delay
        planned = _planned(required, block.users, ratio, open_now, care_role)
        base_plan = planned
    else:
        base_open = (block.base_capacity > 0).astype(float)
        base_plan = _planned(_required_masked(ref, block, block.base_users, base_open), block.base_users, ratio,
                             base_open, care_role)
        # new places: from (opening − lead) staff for the opening month's users, then follow the users
        hiring = tl.t >= block.opening - block.lead
        new_at_open = value_at(block.new_users, block.opening)
        opened = tl.t >= block.opening
        target_new_users = np.where(opened, block.new_users, np.where(hiring, new_at_open, 0.0))
        target_users = block.base_users + target_new_users
        target_open = np.maximum(base_open, hiring.astype(float))
        target_required = _target_required(ref, block, need, opened, hiring, new_at_open, base_open,
                                           target_users, target_open)
        target_plan = _planned(target_required, target_users, ratio, target_open, care_role)
        shift = Shift(block.delay, block.users.shape)
        planned = {role: base_plan[role] + shift(target_plan[role] - base_plan[role]) for role in required}

    shortfall = (_below(ref, block, required, planned) & (open_now > 0)).astype(float)

    hires = {}
    personnel = np.zeros_like(block.users)
    costs = _unit_costs(ref, service, planned, profile, social_rate)
    for role, fte in planned.items():
        increase = np.empty_like(fte)  # np.diff(fte, prepend=start) without the concatenated copy
        np.subtract(fte[:, :1], base_plan[role][:, :1], out=increase[:, :1])
        np.subtract(fte[:, 1:], fte[:, :-1], out=increase[:, 1:])
        np.maximum(increase, 0.0, out=increase)
        leavers = fte * turnover_per_year
        leavers /= 12.0
        increase += leavers
        hires[role] = increase
        personnel = personnel + fte * costs[role]
    return Staff(required=required, planned=planned, hires=hires, shortfall=shortfall, personnel_yen=personnel,
                 required_total=_sum_roles(required), planned_total=_sum_roles(planned),
                 hires_total=_sum_roles(hires))
