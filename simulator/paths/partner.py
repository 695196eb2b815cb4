"""The other party of a merger or transfer: its services as blocks, or its totals, and its balance sheet."""

from __future__ import annotations

import numpy as np

from simulator import location
from simulator.engine.blocks import Block, running_block
from simulator.engine.changes import Changes, Context
from simulator.engine.evaluate import evaluate
from simulator.engine.financing import existing_debt
from simulator.engine.timeline import from_month
from simulator.scenario import PartnerProfile


def blocks(ctx: Context, profile: PartnerProfile, prefix: str, start: np.ndarray,
           wage_factor: np.ndarray, as_is: np.ndarray | None = None) -> tuple[list[Block], bool]:
    """Running blocks of the profile's services from ``start``; (blocks, whether totals were used to calibrate).

    The business's stated accounts calibrate it as it runs today: at ``as_is`` wages (its own pay scale;
    default ``wage_factor``), with its staff already in post (no recruiting for them); the plan's wage harmonisation
    (``wage_factor`` above ``as_is``) then shows in full. Each block is priced at the business's own 級地
    (:func:`simulator.location.partner_grade`: fee per unit and regional pay), not the organisation's."""
    inp = ctx.inp
    grade = location.partner_grade(inp.scenario, profile)
    at_grade = {} if grade is None else {"grade_path": f"{prefix}.region_grade", "grade_default": grade}
    calibrate = len(profile.services) == 1
    rev = inp.given(f"{prefix}.revenue_yen_per_year") if calibrate else None
    cost = inp.given(f"{prefix}.costs_yen_per_year") if calibrate else None
    out = []
    for j, op in enumerate(profile.services):
        block = running_block(inp, ctx.tl, op, f"{prefix}.services.{j}", ctx.benchmark, start=start,
                              wage_factor=wage_factor, calibrate_to=(rev, cost), label=op.name or profile.name)
        extra = {"start": start, "staff_arrive": True, "as_is_wage_factor": as_is if as_is is not None else wage_factor}
        out.append(block.with_(extra=extra, **at_grade))
    return out, calibrate


def totals_items(ctx: Context, profile: PartnerProfile, prefix: str, start: np.ndarray, out: Changes,
                 sign: np.ndarray | float = 1.0) -> None:
    """A profile without services: its yearly revenue and costs as flat monthly totals from ``start``."""
    if profile.services:
        if len(profile.services) > 1 and (profile.revenue_yen_per_year or profile.costs_yen_per_year):
            out.flags.append("engine.partner_totals_ignored")
        return
    on = from_month(ctx.tl, start) * sign
    inp = ctx.inp
    if (revenue := inp.given(f"{prefix}.revenue_yen_per_year")) is not None:
        out.add_item("revenue_other_yen", revenue / 12.0 * on)
    if (costs := inp.given(f"{prefix}.costs_yen_per_year")) is not None:
        out.add_item("other_costs_yen", costs / 12.0 * on)


def balance_sheet(ctx: Context, prefix: str, start: np.ndarray, out: Changes, book_value: np.ndarray,
                  pnl_start: np.ndarray, sign: np.ndarray | float = 1.0, with_debt: bool = True) -> None:
    """Assets at ``book_value`` from ``start``, depreciated from ``pnl_start``; cash and debt taken over."""
    inp, tl = ctx.inp, ctx.tl
    monthly = inp.num(f"{prefix}.annual_depreciation_yen") / 12.0
    elapsed = np.maximum(tl.t - pnl_start + 1.0, 0.0)
    value = np.maximum(book_value - monthly * elapsed, 0.0) * from_month(tl, start)
    dep = np.minimum(monthly * from_month(tl, pnl_start), np.maximum(book_value - monthly * (elapsed - 1.0), 0.0))
    out.add_item("fixed_assets_yen", sign * value)
    out.add_item("depreciation_yen", sign * dep)
    out.add_item("other_cash_flow_yen", sign * inp.num(f"{prefix}.cash_yen") * (tl.t == np.floor(start)))
    if with_debt:
        debt = existing_debt(tl, inp.num(f"{prefix}.debt_yen"), inp.num(f"{prefix}.debt_service_yen_per_year"),
                             start=start)
        out.debt.append(debt)


def standalone(ctx: Context, profile: PartnerProfile, prefix: str, part: list[Block], start: np.ndarray) -> np.ndarray:
    """The business's own monthly operating profit before depreciation (its forecast), ``(T, M)``."""
    inp, tl = ctx.inp, ctx.tl
    on = from_month(tl, start)
    if part:
        scales = ctx.stated.scales if ctx.stated is not None else None  # calibrated as the file states it
        totals = evaluate(ctx, part, 1.0, scales=scales, **ctx.common).columns
        profit = (totals["revenue_fee_yen"] + totals["revenue_hotel_yen"] - totals["personnel_yen"]
                  - totals["recruiting_yen"] - totals["other_costs_yen"] - totals["rent_yen"])
    else:
        profit = ctx.zeros()
    if not profile.services:
        rev = inp.given(f"{prefix}.revenue_yen_per_year", lambda: 0.0)
        cost = inp.given(f"{prefix}.costs_yen_per_year", lambda: 0.0)
        profit = profit + (rev - cost) / 12.0 * on
    return profit
