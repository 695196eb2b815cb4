"""Evaluate blocks: revenue, staff and operating costs of each, summed into monthly columns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.calibrated import calibrated_cost, calibrated_fee, calibrated_personnel
from simulator.engine.changes import Context, Scale
from simulator.engine.column_sums import column_sum
from simulator.engine.other_costs import block_rent, other_costs
from simulator.engine.revenue import fee_and_hotel
from simulator.engine.role_costs import cost_weights, personnel_by_role, recruiting_by_role
from simulator.engine.staffing import (
    LazyRoles,
    Pay,
    Staff,
    is_one,
    pay_factors,
    priced_at,
    regional_factor,
    staff_before_wages,
)
from simulator.engine.timeline import growth_index, window

CALIBRATION_MONTHS = 12  # actual revenue and costs are given per year


class RoleSums(Mapping):
    """role -> Σ over blocks of sign × the block's role array ``(T, M)``, summed on first access."""

    def __init__(self) -> None:
        self._terms: dict[str, list[tuple[float, Mapping[str, np.ndarray]]]] = {}
        self._done: dict[str, np.ndarray] = {}

    def add(self, sign: float, roles: Mapping[str, np.ndarray]) -> None:
        for role in roles:
            self._terms.setdefault(role, []).append((sign, roles))
            self._done.pop(role, None)

    def __getitem__(self, role: str) -> np.ndarray:
        return self._sum(role, False)

    def single(self, role: str) -> np.ndarray:
        """``self[role]``, with each block's role built alone where it can be (``LazyRoles.single``): a reader of
        one role (a 協働化 member's care workers) does not build every role of every block."""
        return self._sum(role, True)

    def _sum(self, role: str, alone: bool) -> np.ndarray:
        if role not in self._done:
            total: np.ndarray | float = 0.0
            for sign, roles in self._terms[role]:
                one = roles.single(role) if alone and isinstance(roles, LazyRoles) else roles[role]
                total = total + sign * one
            self._done[role] = np.asarray(total)
        return self._done[role]

    def __contains__(self, role: object) -> bool:
        return role in self._terms  # Mapping's would sum the role's arrays to find out

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


@dataclass
class Totals:
    """Sums over blocks, ``(T, M)`` each, plus FTE by role."""

    columns: dict[str, np.ndarray]
    roles_planned: RoleSums = field(default_factory=RoleSums)
    roles_required: RoleSums = field(default_factory=RoleSums)
    roles_hires: RoleSums = field(default_factory=RoleSums)
    revenue_by_service: RoleSums = field(default_factory=RoleSums)  # service -> 介護報酬 + 食費・居住費 (summed lazily)
    personnel_by_role: RoleSums = field(default_factory=RoleSums)  # role -> 人件費 (role_costs; summed lazily)
    recruiting_by_role: RoleSums = field(default_factory=RoleSums)  # role -> 採用費 (role_costs; summed lazily)
    scales: dict[str, tuple[Scale, Scale]] = field(default_factory=dict)


def _annualised(x: np.ndarray, start: np.ndarray | float, ctx: Context) -> np.ndarray:
    mask = window(ctx.tl, start, start + CALIBRATION_MONTHS)
    months = np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
    return (x * mask).sum(axis=1, keepdims=True) * CALIBRATION_MONTHS / months


def _calibrate(ctx: Context, block: Block, fee: np.ndarray, hotel: np.ndarray, personnel: np.ndarray,
               recruiting: np.ndarray, other: np.ndarray, rent: np.ndarray) -> tuple[Scale, Scale]:
    """(revenue scale, cost scale) that make the block's first year match its actuals (None = not given).
    ``other``: the block's other costs before calibration (they do not follow revenue)."""
    actual_rev, actual_cost = block.calibrate_to
    start = block.extra.get("start", ctx.inp.const(0.0))
    rev_scale: Scale = None
    cost_scale: Scale = None
    if actual_rev is not None:
        modelled = _annualised(fee + hotel, start, ctx)
        rev_scale = np.divide(actual_rev, modelled, out=np.ones_like(modelled), where=modelled > 0)
    if actual_cost is not None:
        variable = _annualised(personnel + recruiting + other, start, ctx)
        target = actual_cost - _annualised(rent, start, ctx)
        cost_scale = np.divide(target, variable, out=np.ones_like(variable), where=variable > 0)
        cost_scale = np.maximum(cost_scale, 0.0)
    return rev_scale, cost_scale


def _other_costs_base(ctx: Context, block: Block, inflation_index: np.ndarray | float) -> np.ndarray:
    """The block's other costs (経費) a month before calibration: :func:`other_costs` at its users and places
    (and its rent: a rent of its own replaces the survey's average rent)."""
    return _memo(ctx, "other_costs", block.prefix, (block.users, block.capacity, inflation_index, block.rent),
                 lambda: other_costs(ctx, block, inflation_index))


def _existing_other_costs(ctx: Context, block: Block, inflation_index: np.ndarray | float) -> np.ndarray:
    """Other costs of the operation as it was (its base places and users) in a block that adds places."""
    as_was = block.with_(new_capacity=np.zeros_like(block.base_capacity), new_users=np.zeros_like(block.base_users),
                         has_new_places=False)
    return _memo(ctx, "other_costs_as_was", block.prefix,
                 (block.base_users, block.base_capacity, inflation_index, block.rent),
                 lambda: other_costs(ctx, as_was, inflation_index))


def wage_improvement_payout(ctx: Context, block: Block, fee: np.ndarray) -> np.ndarray:
    """処遇改善加算 paid out as wages: ``fee`` × :func:`payout_share` (zeros where the share is 0)."""
    return _payout(fee, payout_share(ctx, block))


def _payout(fee: np.ndarray, share: np.ndarray | None) -> np.ndarray:
    return np.zeros_like(fee) if share is None else fee * share


def payout_share(ctx: Context, block: Block) -> np.ndarray | None:
    """The share of the block's fee paid out as wages for the 処遇改善加算, by month ``(1, M)`` (None: 0 throughout):
    the add-on revenue above (or below) the rate the reference pay contains.

    The fee holds units × (1 + rate): the add-on is ``fee × rate / (1 + rate)``; the pay figures already hold
    the add-on at the pay-basis rate (reference ``wage_improvement.pay_basis``), so the rest,
    ``fee × (rate − basis) / (1 + rate)``, is a wage cost of the same amount (the add-on must be paid in full as
    wages): the 2026-06 uplift and a higher tier raise wages, not margin; a lower tier lowers both.
    """
    service = block.op.service.value
    rate = ctx.ref.monthly("wage_improvement_rate", service, block.op.wage_improvement_tier)
    basis = float(ctx.ref.at_start("pay_basis_rate", service))
    share = (rate - basis) / (1.0 + rate)
    return share if np.any(share) else None


def _memo(ctx: Context, kind: str, name: str, inputs: tuple[object, ...], compute):
    """``compute()`` once per projection for the same ``kind``, ``name`` (a block prefix) and input arrays
    (by identity).

    The baseline and the plan evaluate the organisation's unchanged services twice, and a business
    transfer evaluates the acquired services for its price and again in the plan: the revenue and the
    staff at base wages are the same arrays (they depend on the block's users and capacity, the
    scenario inputs and the fee factor and turnover of the projection), so they are computed once.
    """
    key = (kind, name, *map(id, inputs))
    hit = ctx.memo.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], inputs, strict=True)):
        return hit[1]
    value = compute()
    ctx.memo[key] = (inputs, value)  # keeps the inputs alive, so their ids are not reused
    return value


def _revenue(ctx: Context, block: Block, fee_factor: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    return _memo(ctx, "revenue", block.prefix, (block.users, block.capacity, fee_factor),
                 lambda: fee_and_hotel(ctx.inp, ctx.tl, ctx.ref, block, fee_factor))


def _staff(ctx: Context, block: Block, turnover: np.ndarray | float) -> tuple[Staff, Pay]:
    """The block's staff at the base wage, and what prices its personnel (``staffing.pay_factors``)."""
    inputs = (block.users, block.capacity, block.base_users, block.base_capacity, block.opening, block.lead,
              block.delay, turnover)
    base = _memo(ctx, "staff", block.prefix, inputs,
                 lambda: staff_before_wages(ctx.inp, ctx.tl, ctx.ref, block, turnover, ctx.social_rate))
    growth = _memo(ctx, "growth_index", "", (ctx.wage_growth,), lambda: growth_index(ctx.tl, ctx.wage_growth))
    return base, pay_factors(ctx.inp, ctx.tl, block, ctx.wage_growth, growth, regional_factor(ctx.inp, ctx.ref, block))


def evaluate(ctx: Context, blocks: list[Block], other_cost_factor: np.ndarray | float,
             scales: dict[str, tuple[Scale, Scale]] | None = None,
             fee_factor: np.ndarray | float = 1.0, turnover: np.ndarray | float = 0.0,
             cost_per_hire: np.ndarray | float = 0.0,
             inflation_index: np.ndarray | float = 1.0) -> Totals:
    """Sum revenue, staff and costs of ``blocks`` into ``(T, M)`` columns; calibration factors are reused
    from ``scales`` (keyed by block prefix) or computed from the block's own first year when it has actuals."""
    inp = ctx.inp
    names = ("users", "capacity", "revenue_fee_yen", "revenue_hotel_yen", "personnel_yen", "recruiting_yen",
             "other_costs_yen", "rent_yen", "fte_required", "fte_planned", "staff_shortfall", "hires")
    terms: dict[str, list[np.ndarray]] = {name: [] for name in names}  # sign × value by block, summed in one pass
    worst: np.ndarray | None = None  # staff_shortfall: 1 where a block that adds is short (a maximum, not a sum)
    out = Totals(columns={}, scales=dict(scales or {}))
    shape = (inp.trials, ctx.tl.months)
    for block in blocks:
        fee, hotel = _revenue(ctx, block, fee_factor)
        st, pay = _staff(ctx, block, turnover)  # personnel at the base wage, priced by pay
        attrition = block.extra.get("extra_attrition", 0.0)
        hires = st.hires_total if _is_zero(attrition) else st.hires_total + st.planned_total * attrition
        other_base = _other_costs_base(ctx, block, inflation_index)
        capacity, users = block.capacity, block.users
        rent = block_rent(inp, block)
        key = str(block.extra.get("scale_key", block.prefix))
        if key not in out.scales and any(actual is not None for actual in block.calibrate_to):
            # the actual accounts are at today's pay: calibrate before the user's wage level, so that a
            # wage level of 1.05 still means wages 5 % above the accounts
            at_todays_pay = priced_at(st.personnel_yen, pay) / inp.num("assumptions.wage_level")
            # a partner's or acquired business's accounts are at its own pay today: a harmonisation to a
            # higher scale (wage factor above the as-is one) acts on top of them, not inside the calibration
            as_is = block.extra.get("as_is_wage_factor")
            if as_is is not None and as_is is not block.wage_factor:
                at_todays_pay = at_todays_pay * (as_is / block.wage_factor)
            # the accounts are the business as it runs: the staff lost in a merger or transfer (extra
            # attrition) are replaced at the plan's cost, not calibrated away
            running = (hires if _is_zero(attrition) else st.hires_total) * cost_per_hire
            out.scales[key] = _calibrate(ctx, block, fee, hotel, at_todays_pay, running, other_base, rent)
        rev_scale, cost_scale = out.scales.get(key, (None, None))
        # the stated accounts describe the operation as it was: on a block that adds places the factors act on
        # the existing places' part only (revenue by their share of users, costs by their own staff and 経費)
        grown = block.has_new_places and (rev_scale is not None or cost_scale is not None)
        share = (np.divide(block.base_users, users, out=np.zeros_like(users), where=users > 0)
                 if grown else None)
        short = bool(st.shortfall.any())
        reduced = st.reduced if short and st.reduced.any() else None
        if rev_scale is not None or reduced is not None:
            # 人員基準欠如減算 by its rule (posts.shortfall_rule; not 食費・居住費)
            paid = ctx.ref.at_start("shortfall_rule", block.op.service.value)[1] if reduced is not None else 1.0
            fee = calibrated_fee(fee, rev_scale, share, reduced, paid)
        if rev_scale is not None:
            hotel = calibrated_fee(hotel, rev_scale, share, None, 1.0)
        existing_other = existing_personnel = existing_hires = None
        if grown and cost_scale is not None:
            existing_other = _existing_other_costs(ctx, block, inflation_index)
            existing_personnel = st.base_personnel_yen
            existing_hires = st.base_hires_total  # the existing operation's own hires (replacing its leavers)
        other = calibrated_cost(other_base, cost_scale, existing_other, after=other_cost_factor)
        paid_out = payout_share(ctx, block)
        personnel = calibrated_personnel(st.personnel_yen, pay, cost_scale, existing_personnel, fee, paid_out)
        recruiting = calibrated_cost(hires, cost_scale, existing_hires, before=cost_per_hire)
        sign = block.sign
        for name, value in (("users", users), ("capacity", capacity), ("revenue_fee_yen", fee),
                            ("revenue_hotel_yen", hotel), ("personnel_yen", personnel),
                            ("recruiting_yen", recruiting), ("other_costs_yen", other), ("rent_yen", rent),
                            ("fte_required", st.required_total), ("fte_planned", st.planned_total),
                            ("hires", hires)):
            terms[name].append(value if is_one(sign) else sign * value)
        if short:
            worst = ctx.zeros() if worst is None else worst
            np.maximum(worst, st.shortfall * (np.asarray(sign) > 0), out=worst)
        out.roles_planned.add(sign, st.planned)
        out.roles_required.add(sign, st.required)
        out.roles_hires.add(sign, st.hires)
        weights = cost_weights(ctx.ref, st.planned)
        existing = (None if existing_personnel is None or st.base_planned is None or cost_scale is None
                    else (cost_scale - 1.0, st.base_planned))
        payout = partial(_payout, fee, paid_out)  # built only when a role's personnel is asked for
        out.personnel_by_role.add(sign, personnel_by_role(personnel, st.planned, weights, payout, existing))
        out.recruiting_by_role.add(sign, recruiting_by_role(recruiting, st.hires, st.planned, attrition))
        service = block.op.service.value
        out.revenue_by_service.add(sign, {service: fee})
        out.revenue_by_service.add(sign, {service: hotel})
    out.columns = {name: column_sum(terms[name], shape) for name in names}
    if worst is not None:
        out.columns["staff_shortfall"] = worst
    return out


def _is_zero(x: object) -> bool:
    return isinstance(x, float | int) and x == 0
