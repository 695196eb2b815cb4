"""Staff of one block: FTE by role required by 人員基準, FTE actually staffed, hires and wages.

- required: ``reference.required_staff`` on the users the standard counts (:mod:`simulator.engine.standard_users`:
  the 前年度平均; new or added places 90 % of the places for 6 months, then recent means), while the service is
  provided; night posts in
  FTE (× ``night_post_fte``) where the daytime ratio does not cover nights (GH, 小多機).
- planned: max(calibration × posts, required) by role. Posts (``reference.staffed_posts``, posts.toml) are the
  shifts a home covers whatever its occupancy (day shifts per place or unit, night posts per unit or by the
  告示29号 tiers, single posts) plus the posts that follow users (通所 by daily users, 訪問 by visit hours,
  居宅 by caseload). Calibration (:func:`staffed_scale`): a stated ``staff_per_10_users`` is the staffed level
  at the file's capacity and occupancy; else WAM's class of the home's own size (特養) or the benchmark at the
  posts' calibration point; else 1.
- new places: staff hired on the plan's schedule are in post from ``opening − lead`` (the posts of the new
  places and the staff for the first admissions' users), then follow the users; admissions wait for the last
  hires (:func:`admission_month` = opening + hiring delay), so a later hire never raises the result.
- 人員基準欠如減算 (:func:`reduced_months`): by its 1割 rule and timing (posts.shortfall_rule).
- hires: every increase in FTE plus replacement of leavers (turnover per year / 12 of the FTE).
- personnel cost per month: where the service's survey gives its cost per staff FTE
  (``benchmark personnel_cost_per_fte_yen``: 人件費 ÷ 常勤換算従事者数, every role, part-timers and
  法定福利費 included), FTE × that cost / 12 — for 特養 the cost of WAM's class of the home's own size (its
  places before any change: growing never raises the pay of the staff it has); otherwise Σ FTE of the role ×
  monthly wage of the role × (1 + 法定福利費率). Either way × the block's wage factor × the 級地's pay level
  (:func:`regional_factor`) × ``assumptions.wage_level`` × yearly growth.

Speed: the rules are evaluated here (``reference/staffing_rules.py``), everything from them to the personnel
cost in one compiled pass over trials and months (:mod:`simulator.engine.staff_kernel`). A running service's
users are one level per trial while open (``users = level × open``), so its rules, posts and cost per FTE are
evaluated on ``(T, 1)`` levels, which the pass reads in place; the results are bit-identical to the full
``(T, M)`` evaluation (multiplying by a 0/1 mask is exact). FTE by role are written only when asked for
(:class:`LazyRoles`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator import fieldpath
from simulator.engine.blocks import Block
from simulator.engine.inputs import Inputs
from simulator.engine.jit import as_matrix, per_trial, same_in_every_trial
from simulator.engine.refdata import RefData
from simulator.engine.revenue import REGION_GRADES, block_grade, variant_of
from simulator.engine.staff_kernel import (
    BASE_HIRES,
    BASE_PERSONNEL,
    BASE_PLANNED,
    HIRES,
    HIRES_TOTAL,
    PERSONNEL,
    PLANNED,
    PLANNED_TOTAL,
    REDUCED,
    REQUIRED,
    REQUIRED_TOTAL,
    SHORTFALL,
    priced,
    reduced_rows,
    staff_pass,
)
from simulator.engine.standard_users import new_place_users, prior_year_mean
from simulator.engine.timeline import Timeline, growth_index, value_at
from simulator.reference.staffing_rules import RuleTable, table_arrays

ALL_ROLES = -1  # the key of every role's FTE among a block's written role arrays


class LazyRoles(Mapping):
    """role -> ``(T, M)`` array, each built on first access from a function (then kept). ``alone`` (optional):
    functions that build one role without the others, for :meth:`single` (the same values)."""

    def __init__(self, makers: Mapping[str, Callable[[], np.ndarray]],
                 alone: Mapping[str, Callable[[], np.ndarray]] | None = None) -> None:
        self._makers = dict(makers)
        self._alone = dict(alone or makers)
        self._done: dict[str, np.ndarray] = {}

    def __getitem__(self, role: str) -> np.ndarray:
        if role not in self._done:
            self._done[role] = self._makers[role]()
        return self._done[role]

    def single(self, role: str) -> np.ndarray:
        """``self[role]``, built alone where it is not built yet: a reader of one role does not build them all."""
        if role not in self._done:
            self._done[role] = self._alone[role]()
        return self._done[role]

    def __contains__(self, role: object) -> bool:
        return role in self._makers  # Mapping's would build the role to find out

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


@dataclass(frozen=True)
class Staff:
    """A block's staff. Each total is ``(T, M)``, or one ``(1, M)`` row where no trial changes the block's staff
    inputs (the pass ran on one trial); the role arrays are every trial's (then read-only views of that row)."""

    required: Mapping[str, np.ndarray]  # role -> (T, M)
    planned: Mapping[str, np.ndarray]  # role -> (T, M) FTE in post
    hires: Mapping[str, np.ndarray]  # role -> (T, M)
    shortfall: np.ndarray  # (T, M) 1.0 where some role is below its standard
    personnel_yen: np.ndarray  # (T, M); at the base wage in the result of staff_before_wages
    required_total: np.ndarray  # (T, M) Σ roles, summed in role order
    planned_total: np.ndarray  # (T, M)
    hires_total: np.ndarray  # (T, M)
    reduced: np.ndarray  # (T, M) 1.0 in the months the 人員基準欠如減算 applies (reduced_months)
    # (T, M) personnel of the operation as it was (its base places and users) where the block adds places;
    # None = the block is all base. Calibration to stated accounts acts on this part only.
    base_personnel_yen: np.ndarray | None = None
    base_hires_total: np.ndarray | None = None  # (T, M) hires of that operation (its increases and leavers)
    base_planned: Mapping[str, np.ndarray] | None = None  # role -> (T, M) FTE of that operation


def _night_factors(ref: RefData, block: Block, roles: tuple[str, ...]) -> np.ndarray:
    """Per standard role: ``night_post_fte`` for night staff where the daytime ratio does not cover nights (GH,
    小多機: a night post in FTE), else 1 (特養型: persons on night duty, checked with the care pool)."""
    within = ref.at_start("night_within_ratio", block.op.service.value)
    night = 1.0 if within else float(ref.at_start("night_post_fte"))
    return np.array([night if role == "night_staff" else 1.0 for role in roles])


def _visits(inp: Inputs, ref: RefData, block: Block) -> np.ndarray:
    info = ref.service(block.op.service.value)
    return inp.num(f"{block.prefix}.visits_per_user_month", lambda: info.default_visits_per_user_month or 0.0)


def _posts(inp: Inputs, ref: RefData, block: Block, capacity: np.ndarray, users: np.ndarray,
           own_units: bool = True) -> dict[str, np.ndarray]:
    """FTE by role the home staffs at ``capacity`` places and ``users`` (posts.toml), before calibration: in its
    own units (``places_per_unit``; ``own_units=False``: the reference unit size, as the surveyed homes)."""
    size = block.op.places_per_unit if own_units else None
    return ref.at_start_posts(block.op.service.value, capacity, users, _visits(inp, ref, block),
                              places_per_unit=size, **variant_of(ref, block))


def _file_value(inp: Inputs, path: str) -> Any:
    """The value at ``path`` in the scenario as its file states it (``inp.stated_scenario``: a stress case's
    original), else in the scenario itself."""
    for scenario in (getattr(inp, "stated_scenario", None), inp.scenario):
        if scenario is None:
            continue
        try:
            value = fieldpath.get(scenario, path)
        except (AttributeError, IndexError, KeyError, ValueError):
            continue
        if value is not None:
            return value
    return None


def staffed_scale(inp: Inputs, ref: RefData, block: Block) -> np.ndarray | float:
    """Calibration of the posts (``(T, 1)`` or 1.0): the scenario's ``staff_per_10_users`` is the staffed level
    at the file's capacity and occupancy (of a new service: its ramp ceiling), so calibration × posts there =
    ratio × users / 10; without it the service's benchmark ratio at its calibration point (posts.toml
    ``calibrate``: WAM's size class for 特養), or the posts as they are where no survey counts staff.
    Fixed posts and user-driven posts are scaled alike, so a lower occupancy leaves the fixed posts in place."""
    service = block.op.service.value
    variant = variant_of(ref, block)
    path = f"{block.prefix}.staff_per_10_users"
    if inp.overridden(path) or fieldpath.get(inp.scenario, path) is not None:
        ratio = inp.num(path)
        capacity = float(_file_value(inp, f"{block.prefix}.capacity") or 0.0)
        occupancy = _file_value(inp, f"{block.prefix}.occupancy")
        if occupancy is None and block.prefix.endswith(".operation"):
            occupancy = _file_value(inp, block.prefix.removesuffix(".operation") + ".ramp.ceiling")
        if occupancy is None:
            occupancy = ref.at_start("benchmark", service, "occupancy")
    else:
        table = ref.at_start("posts_size_table", service, **variant)
        if table is not None:
            return _scale_by_size_class(inp, ref, block, table)
        point = ref.at_start("posts_calibration_capacity", service, **variant)
        if point is None:
            return 1.0
        ratio = inp.const(ref.at_start("benchmark", service, "staff_per_10_users"))
        capacity, occupancy = point, ref.at_start("benchmark", service, "occupancy")
    users = capacity * float(occupancy)
    if users <= 0:
        return 1.0
    # a stated ratio is the user's home, in its own units; the benchmark's is the surveyed homes' (reference units)
    stated = inp.overridden(path) or fieldpath.get(inp.scenario, path) is not None
    model = sum(_posts(inp, ref, block, np.full((1, 1), capacity), np.full((1, 1), users), own_units=stated).values())
    return np.where(model > 0, ratio * users / 10.0 / np.maximum(model, 1e-9), 1.0)


def _scale_by_size_class(inp: Inputs, ref: RefData, block: Block, table) -> np.ndarray:
    """Calibration by the home's own size (``(T, 1)``): at each survey class's mean places and occupancy,
    calibration × posts = its staff per 10 users (WAM 特養 入所定員別); between two class means the calibration
    is read linearly (flat beyond the ends), so the scale has no step at a class edge. The classes' homes are
    staffed in the reference units (10 places), whatever the home's own ``places_per_unit``."""
    caps = np.array([[row[1] for row in table]])
    users = caps * np.array([[row[2] for row in table]])
    model = sum(_posts(inp, ref, block, caps, users, own_units=False).values())
    scales = np.array([[row[3] for row in table]]) * users / 10.0 / model  # (1 or T, classes)
    own = _own_size(block)
    rows = max(own.shape[0], scales.shape[0])
    own, scales = np.broadcast_to(own, (rows, 1)), np.broadcast_to(scales, (rows, scales.shape[1]))
    return np.array([[np.interp(own[i, 0], caps[0], scales[i])] for i in range(rows)])


def cost_per_fte_month(ref: RefData, service: str) -> float | None:
    """The survey's personnel cost per staff FTE a month (法定福利費 included), or None if not surveyed."""
    if not ref.at_start("has_benchmark", service, "personnel_cost_per_fte_yen"):
        return None
    return float(ref.at_start("benchmark", service, "personnel_cost_per_fte_yen")) / 12.0


POOLED = ("care_worker", "night_staff")  # checked together where night posts are within the ratio


def reduced_months(gap: np.ndarray, tolerance: float) -> np.ndarray:
    """1.0 in the months the 人員基準欠如減算 applies (posts.shortfall_rule): short by more than ``tolerance``
    (the 1割) → from the next month; by less → from the month after next unless resolved by the end of the
    next month; either way until the month it is resolved. Before month 0 the first month's state is assumed.
    cut(t) = short(t − 1) and (severe(t − 1) or short(t − 2)); compiled (``staff_kernel.reduced_cut``)."""
    return reduced_rows(as_matrix(gap, np.shape(gap)), float(tolerance))


def level_of(x: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """``L`` (T, 1) with ``x == L × mask`` exactly (``x`` ≥ 0, ``mask`` 0/1, both (T, M)), else None."""
    level = x.max(axis=1, keepdims=True)
    return level if np.array_equal(x, level * mask) else None


def _unit_costs(inp: Inputs, ref: RefData, block: Block, roles, profile, social_rate: float,
                capacity: np.ndarray) -> dict[str, np.ndarray | float]:
    """Personnel cost per FTE a month by role.

    Where a survey prices the service by its cost per staff FTE (by the home's own size: ``profile`` at its
    capacity before any change, so growing never raises the pay of the staff it has), that figure is the
    average over the survey home's mix of roles: each role costs it × the role's wage ÷ the mean wage of the
    posts a home of ``capacity`` places staffs at the survey's occupancy, so a home at the survey's point
    costs the survey's figure and an added care worker costs a care worker's pay, not the average
    (labour.toml ``wage.monthly``). Elsewhere the role's wage × (1 + 法定福利費率)."""
    service = block.op.service.value
    per_fte = profile[1] / 12.0 if profile is not None else cost_per_fte_month(ref, service)
    wages = {role: float(ref.at_start("wage", role)) for role in roles}
    if per_fte is None:
        return {role: wage * (1.0 + social_rate) for role, wage in wages.items()}
    mean = _survey_mix_wage(inp, ref, block, capacity)
    return {role: per_fte * (wage / mean) for role, wage in wages.items()}


def _survey_mix_wage(inp: Inputs, ref: RefData, block: Block, capacity: np.ndarray) -> np.ndarray:
    """Mean monthly wage over the posts a home of ``capacity`` places (``(T, 1)``) staffs at the survey's
    occupancy: the mix the survey's cost per FTE is an average of (the calibration scales every post alike,
    so it cancels)."""
    service = block.op.service.value
    places = np.maximum(np.asarray(capacity, dtype=float), 1.0)
    occupancy = float(ref.at_start("benchmark", service, "occupancy"))
    posts = _posts(inp, ref, block, places, places * occupancy, own_units=False)
    fte = sum(posts.values())
    paid = sum(posts[role] * float(ref.at_start("wage", role)) for role in posts)
    care = float(ref.at_start("wage", "care_worker"))
    return np.where(fte > 0, paid / np.maximum(fte, 1e-9), care)


def regional_factor(inp: Inputs, ref: RefData, block: Block | None = None) -> np.ndarray:
    """Pay in the 級地 of ``block`` (None = the organisation's; a partner's is its own, revenue.block_grade) ÷ the
    national survey pay (reference ``regional_wage_factor``): (1, 1) or (T, 1)."""
    table = np.array([float(ref.at_start("regional_wage_factor", grade)) for grade in REGION_GRADES])
    return table[block_grade(inp, block) - 1]


Pay = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # :func:`pay_factors`


def pay_factors(inp: Inputs, tl: Timeline, block: Block, wage_growth: np.ndarray, growth: np.ndarray | None = None,
                region: np.ndarray | None = None) -> Pay:
    """What prices the block's personnel at the base wage (``staff_kernel.at_pay``): the 級地's pay level per trial
    (``region``: :func:`regional_factor`), the block's wage factor and yearly growth ``(T, M)`` views (``growth``:
    :func:`~simulator.engine.timeline.growth_index` if already computed) and ``assumptions.wage_level`` per trial."""
    growth = growth_index(tl, wage_growth) if growth is None else growth
    shape = (inp.trials, tl.months)
    return (per_trial(1.0 if region is None else region, inp.trials), as_matrix(block.wage_factor, shape),
            as_matrix(growth, shape), per_trial(inp.num("assumptions.wage_level"), inp.trials))


def priced_at(personnel: np.ndarray, pay: Pay) -> np.ndarray:
    """``personnel`` at the base wage priced by ``pay`` (:func:`pay_factors`): a new ``(T, M)`` array."""
    return priced(as_matrix(personnel, (pay[0].shape[0], pay[1].shape[1])), *pay)


def is_one(x: object) -> bool:
    """A plain number equal to 1 (a factor whose multiplication can be skipped: × 1 is exact)."""
    return isinstance(x, float | int) and x == 1


def staff_before_wages(inp: Inputs, tl: Timeline, ref: RefData, block: Block, turnover_per_year: np.ndarray | float,
                       social_rate: float) -> Staff:
    """Staff of ``block`` with personnel at the base wage (:func:`priced_at` prices it; ``evaluate`` prices it
    inside the calibrated personnel pass): it depends on the block's users, capacity and inputs only, so a caller
    may reuse it for a block that differs only in its wage factor."""
    if not block.has_new_places:
        if block.level is not None:  # known levels: no need to look for them
            level = block.level
            # a Level's mask is a step (open from one month on): open in month 0 means open throughout
            # staff who come with a business (a merger partner's, an acquired business's) are already in
            # post when its P&L starts: no onset hires, only the replacement of leavers
            from_start = bool(level.open[:, 0].all()) or bool(block.extra.get("staff_arrive", False))
            return _staff_running(inp, ref, block, level.open, level.users, level.capacity, turnover_per_year,
                                  social_rate, from_start)
        open_now = (block.capacity > 0).astype(float)
        users_level = level_of(block.users, open_now)
        capacity_level = level_of(block.capacity, open_now)
        if users_level is not None and capacity_level is not None:
            return _staff_running(inp, ref, block, open_now, users_level, capacity_level, turnover_per_year,
                                  social_rate)
    return _staff_full(inp, tl, ref, block, turnover_per_year, social_rate)


def _own_size(block: Block) -> np.ndarray:
    """Places of the home as it is before any change (``(T, 1)``; a new home: its places when opened)."""
    base = block.base_capacity.max(axis=1, keepdims=True)
    if not block.has_new_places:
        return base
    return np.where(base > 0, base, block.new_capacity.max(axis=1, keepdims=True))


def _staff_running(inp: Inputs, ref: RefData, block: Block, open_now: np.ndarray, users: np.ndarray,
                   capacity: np.ndarray, turnover_per_year: np.ndarray | float, social_rate: float,
                   from_start: bool = False) -> Staff:
    """A running service (users = ``users`` (T, 1) × ``open_now`` (T, M)): its rules on its levels, once per trial.
    ``from_start``: its staff are in post from the start (open in month 0 in every trial, or staff who come with
    a business), so there are no onset hires, only the replacement of leavers."""
    return _staff_pass(inp, ref, block, users, open_now, Plan(users, capacity, users, open_now),
                       staffed_scale(inp, ref, block), (capacity, social_rate), turnover_per_year,
                       no_onset=from_start)


@dataclass(frozen=True)
class Plan:
    """What a block staffs for: the users it meets the standard for (``need``), the places and users its posts
    follow, and the months it is staffed (``open``); each ``(T, M)`` or a ``(T, 1)`` level."""

    need: np.ndarray
    capacity: np.ndarray
    users: np.ndarray
    open: np.ndarray


def _rule_tables(ref: RefData, block: Block) -> tuple[RuleTable, RuleTable, float, float]:
    """(the standard's rule table, the posts' rule table, places per unit, minutes per visit) of ``block``."""
    service, variant = block.op.service.value, variant_of(ref, block)
    posts, unit_size, visit_minutes = ref.at_start("posts_rules", service, **variant)
    size = unit_size if block.op.places_per_unit is None else float(block.op.places_per_unit)
    return ref.at_start("standard_rules", service, **variant), posts, size, visit_minutes


def _staff_pass(inp: Inputs, ref: RefData, block: Block, counted: np.ndarray, open_now: np.ndarray, plan: Plan,
                scale: np.ndarray | float, priced_at: tuple[np.ndarray, float],
                turnover_per_year: np.ndarray | float, base: Plan | None = None, no_onset: bool = False) -> Staff:
    """The block's :class:`Staff` by the compiled pass (:func:`simulator.engine.staff_kernel.staff_pass`): the
    standard on ``counted`` users while ``open_now``; ``plan`` the staff planned; ``base`` the operation as it was
    (a block that adds places); ``priced_at`` = (the places its cost per FTE is read at, the 法定福利費率). FTE by
    role are computed on first access (a second pass that writes them)."""
    standard, posts, unit_size, visit_minutes = _rule_tables(ref, block)
    roles = standard.roles + tuple(role for role in posts.roles if role not in standard.roles)  # then the posts'
    places, social_rate = priced_at
    costs = _unit_costs(inp, ref, block, roles, ref.size_profile(block.op.service.value, places), social_rate,
                        places)
    as_was = plan if base is None else base
    matrices = (counted, plan.need, plan.capacity, plan.users, as_was.need, as_was.capacity, as_was.users, open_now,
                plan.open, as_was.open)
    visits = _visits(inp, ref, block)
    # inputs no trial changes (rows and single numbers, e.g. a service's own levels in a Monte Carlo that samples
    # none of them): the pass runs on one trial, and its columns are that trial's rows (the same numbers in give
    # the same numbers out)
    invariant = same_in_every_trial(matrices, (visits, scale, turnover_per_year, *costs.values()))
    shape = (1 if invariant else inp.trials, open_now.shape[1])
    trials = shape[0]
    pooled = ref.at_start("night_within_ratio", block.op.service.value) and all(r in standard.roles for r in POOLED)
    care, night = (standard.roles.index(POOLED[0]), standard.roles.index(POOLED[1])) if pooled else (-1, -1)
    tolerance, _ = ref.at_start("shortfall_rule", block.op.service.value)
    post_row = np.array([posts.roles.index(r) if r in posts.roles else -1 for r in roles], dtype=np.int64)
    cost_rows = np.array([per_trial(costs[role], trials) for role in roles]).reshape(len(roles), trials)
    args = (table_arrays(standard), table_arrays(posts), len(posts.roles),
            np.array([unit_size, visit_minutes, posts.weekly_hours, posts.monthly_hours]),
            as_matrix(counted, shape), as_matrix(plan.need, shape), as_matrix(plan.capacity, shape),
            as_matrix(plan.users, shape), as_matrix(as_was.need, shape), as_matrix(as_was.capacity, shape),
            as_matrix(as_was.users, shape), per_trial(visits, trials), as_matrix(open_now, shape),
            as_matrix(plan.open, shape), as_matrix(as_was.open, shape), _night_factors(ref, block, standard.roles),
            post_row, per_trial(scale, trials), as_matrix(cost_rows, (len(roles), trials)),
            per_trial(turnover_per_year, trials), care, night, float(tolerance), base is not None,
            plan.need is counted, no_onset)
    columns, _, ok = staff_pass(*args, np.zeros(0, dtype=np.int64))
    if not ok:
        raise ValueError("users must be finite and ≥ 0")
    written: dict[int, np.ndarray] = {}  # ALL_ROLES -> every role's FTE; a role's index -> that role's alone

    def by_role(kind: int, k: int, alone: bool) -> Callable[[], np.ndarray]:
        def make() -> np.ndarray:
            if ALL_ROLES in written or not alone:
                if ALL_ROLES not in written:
                    written[ALL_ROLES] = staff_pass(*args, np.arange(len(roles), dtype=np.int64))[1]
                return every_trial(written[ALL_ROLES][kind, k])
            if k not in written:
                written[k] = staff_pass(*args, np.array([k], dtype=np.int64))[1]
            return every_trial(written[k][kind, 0])
        return make

    def every_trial(fte: np.ndarray) -> np.ndarray:  # a role's FTE of every trial (a read-only view of one row)
        return as_matrix(fte, (inp.trials, fte.shape[1]))

    def lazy(kind: int) -> LazyRoles:
        return LazyRoles({role: by_role(kind, k, False) for k, role in enumerate(roles)},
                         {role: by_role(kind, k, True) for k, role in enumerate(roles)})

    has_base = base is not None
    return Staff(required=lazy(REQUIRED), planned=lazy(PLANNED), hires=lazy(HIRES), shortfall=columns[SHORTFALL],
                 personnel_yen=columns[PERSONNEL], required_total=columns[REQUIRED_TOTAL],
                 planned_total=columns[PLANNED_TOTAL], hires_total=columns[HIRES_TOTAL], reduced=columns[REDUCED],
                 base_personnel_yen=columns[BASE_PERSONNEL] if has_base else None,
                 base_hires_total=columns[BASE_HIRES] if has_base else None,
                 base_planned=lazy(BASE_PLANNED) if has_base else None)


def admission_month(block: Block) -> np.ndarray:
    """First admissions to the new places (``(T, 1)``): the planned opening plus the hiring delay.

    A place cannot open without the staff its roster needs (指定・変更の届出 name the roster): recruiting
    starts ``lead`` months before the planned opening and the staff hired on that schedule are in post (and
    paid) from then, but the last hires arrive ``delay`` months late, so admissions wait for them. The
    fixed posts are paid from the plan's date whatever the delay, and users (with the costs that follow
    them) come later: a later hire never raises the result."""
    return block.opening + block.delay


def _staff_full(inp: Inputs, tl: Timeline, ref: RefData, block: Block, turnover_per_year: np.ndarray | float,
                social_rate: float) -> Staff:
    """Any block, every quantity evaluated over ``(T, M)``.

    New places: from ``opening − lead`` the posts of the new places and the staff for the admission
    month's users are in post (hired then), then the staff follow the users (the paths start the ramp at
    :func:`admission_month`). A running service: staffed as planned."""
    own = _own_size(block)
    scale = staffed_scale(inp, ref, block)
    open_now = (block.capacity > 0).astype(float)
    if not block.has_new_places:
        # the standard counts the 前年度平均 users (standard_users), the posts the month's
        counted = prior_year_mean(tl, block.users, open_now) * open_now
        plan = Plan(counted, block.capacity, block.users, open_now)
        base = None
    else:
        base_open = (block.base_capacity > 0).astype(float)
        # on the levels where the base is one level while open (the same FTE in every month it is open)
        users_level, capacity_level = level_of(block.base_users, base_open), level_of(block.base_capacity, base_open)
        need = block.base_users if users_level is None else users_level
        if users_level is not None and capacity_level is not None:
            base = Plan(need, capacity_level, users_level, base_open)
        else:
            base = Plan(need, block.base_capacity, block.base_users, base_open)
        admit = admission_month(block)
        admitted = tl.t >= admit
        # the standard applies while the service is provided: the base, and the new places once admitting
        open_now = np.maximum(base_open, admitted * open_now)
        # the standard's users: the existing places' 前年度平均, the new places' estimate (standard_users)
        share, first, full = ref.at_start("standard_users_rule")
        counted_base = prior_year_mean(tl, block.base_users, base_open) * base_open
        counted_new = new_place_users(tl, block.new_users, block.new_capacity, admit, share, first, full)
        counted = counted_base + counted_new * admitted
        hiring = tl.t >= block.opening - block.lead
        at_admit = {"capacity": value_at(block.new_capacity, np.maximum(admit, block.opening)),
                    "users": value_at(block.new_users, admit)}
        target_capacity = block.base_capacity + np.where(admitted, block.new_capacity,
                                                         np.where(hiring, at_admit["capacity"], 0.0))
        target_users = block.base_users + np.where(admitted, block.new_users, np.where(hiring, at_admit["users"], 0.0))
        target_counted = counted_base + np.where(admitted, counted_new,
                                                 np.where(hiring, share * at_admit["capacity"], 0.0))
        plan = Plan(target_counted, target_capacity, target_users, np.maximum(base_open, hiring.astype(float)))
    return _staff_pass(inp, ref, block, counted, open_now, plan, scale, (own, social_rate), turnover_per_year, base)
