"""Evaluate blocks: revenue, staff and operating costs of each, summed into monthly columns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.changes import Context
from simulator.engine.revenue import fee_and_hotel
from simulator.engine.staffing import staff
from simulator.engine.timeline import window

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
        if role not in self._done:
            total: np.ndarray | float = 0.0
            for sign, roles in self._terms[role]:
                total = total + sign * roles[role]
            self._done[role] = total
        return self._done[role]

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
    scales: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def _annualised(x: np.ndarray, start: np.ndarray, ctx: Context) -> np.ndarray:
    mask = window(ctx.tl, start, start + CALIBRATION_MONTHS)
    months = np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
    return (x * mask).sum(axis=1, keepdims=True) * CALIBRATION_MONTHS / months


def evaluate(ctx: Context, blocks: list[Block], other_cost_factor: np.ndarray | float,
             scales: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
             fee_factor: np.ndarray | float = 1.0, turnover: np.ndarray | float = 0.0,
             cost_per_hire: np.ndarray | float = 0.0,
             inflation_index: np.ndarray | float = 1.0) -> Totals:
    """Sum revenue, staff and costs of ``blocks``; calibration factors are reused from ``scales``
    (keyed by block prefix) or computed from the block's own first year when it has actuals."""
    inp, tl, ref = ctx.inp, ctx.tl, ctx.ref
    names = ("users", "capacity", "revenue_fee_yen", "revenue_hotel_yen", "personnel_yen", "recruiting_yen",
             "other_costs_yen", "rent_yen", "fte_required", "fte_planned", "staff_shortfall", "hires")
    cols = {name: ctx.zeros() for name in names}
    out = Totals(columns=cols, scales=dict(scales or {}))
    for block in blocks:
        service = block.op.service.value
        fee, hotel = fee_and_hotel(inp, tl, ref, block, fee_factor)
        st = staff(inp, tl, ref, block, turnover, ctx.wage_growth, ctx.social_rate)
        extra_hires = st.planned_total * block.extra.get("extra_attrition", 0.0)
        hires = st.hires_total + extra_hires
        recruiting = hires * cost_per_hire
        ratio = inp.num(f"{block.prefix}.other_cost_ratio", lambda s=service: ctx.benchmark(s, "other_cost_ratio"))
        personnel = st.personnel_yen
        rent = block.rent if block.rent is not None else (
            inp.num(f"{block.prefix}.rent_yen_per_month") * (block.capacity > 0))
        start = block.extra.get("start", inp.const(0.0))
        key = str(block.extra.get("scale_key", block.prefix))
        if key in out.scales:
            rev_scale, cost_scale = out.scales[key]
        else:
            actual_rev, actual_cost = block.calibrate_to
            rev_scale = cost_scale = inp.const(1.0)
            if actual_rev is not None:
                modelled = _annualised(fee + hotel, start, ctx)
                rev_scale = np.divide(actual_rev, modelled, out=np.ones_like(modelled), where=modelled > 0)
            if actual_cost is not None:
                variable = _annualised(personnel + recruiting + ratio * (fee + hotel) * rev_scale * inflation_index,
                                       start, ctx)
                target = actual_cost - _annualised(rent, start, ctx)
                cost_scale = np.divide(target, variable, out=np.ones_like(variable), where=variable > 0)
                cost_scale = np.maximum(cost_scale, 0.0)
            if actual_rev is not None or actual_cost is not None:
                out.scales[key] = (rev_scale, cost_scale)
        fee = np.floor(fee * rev_scale)
        hotel = np.floor(hotel * rev_scale)
        other = ratio * (fee + hotel) * inflation_index * cost_scale * other_cost_factor
        personnel = personnel * cost_scale
        recruiting = recruiting * cost_scale
        sign = block.sign
        for name, value in (("users", block.users), ("capacity", block.capacity), ("revenue_fee_yen", fee),
                            ("revenue_hotel_yen", hotel), ("personnel_yen", personnel),
                            ("recruiting_yen", recruiting), ("other_costs_yen", other), ("rent_yen", rent),
                            ("fte_required", st.required_total), ("fte_planned", st.planned_total),
                            ("hires", hires)):
            cols[name] = cols[name] + sign * value
        cols["staff_shortfall"] = np.maximum(cols["staff_shortfall"], st.shortfall * (np.asarray(sign) > 0))
        out.roles_planned.add(sign, st.planned)
        out.roles_required.add(sign, st.required)
        out.roles_hires.add(sign, st.hires)
    return out
