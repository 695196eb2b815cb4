"""Evaluate blocks: revenue, staff and operating costs of each, summed into monthly columns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.changes import Context
from simulator.engine.revenue import fee_and_hotel
from simulator.engine.staffing import staff
from simulator.engine.timeline import window

CALIBRATION_MONTHS = 12  # actual revenue and costs are given per year


@dataclass
class Totals:
    """Sums over blocks, ``(T, M)`` each, plus FTE by role."""

    columns: dict[str, np.ndarray]
    roles_planned: dict[str, np.ndarray] = field(default_factory=dict)
    roles_required: dict[str, np.ndarray] = field(default_factory=dict)
    roles_hires: dict[str, np.ndarray] = field(default_factory=dict)
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
        extra_hires = sum(st.planned.values()) * block.extra.get("extra_attrition", 0.0)
        hires = sum(st.hires.values()) + extra_hires
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
                            ("fte_required", sum(st.required.values())), ("fte_planned", sum(st.planned.values())),
                            ("hires", hires)):
            cols[name] = cols[name] + sign * value
        cols["staff_shortfall"] = np.maximum(cols["staff_shortfall"], st.shortfall * (np.asarray(sign) > 0))
        for role in st.planned:
            out.roles_planned[role] = out.roles_planned.get(role, 0.0) + sign * st.planned[role]
            out.roles_required[role] = out.roles_required.get(role, 0.0) + sign * st.required[role]
            out.roles_hires[role] = out.roles_hires.get(role, 0.0) + sign * st.hires[role]
    return out
