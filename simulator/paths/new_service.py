"""新たなサービス展開: a service the organisation does not run yet.

A new block that opens at ``opening_month`` and fills up along the ramp. Referrals from the
organisation's own services (e.g. its 居宅介護支援) are used only as the explicit assumption
``referrals_per_month_from_own_services``: each month after opening adds that many users on top of
the ramp, up to the ramp ceiling, and the result carries a visible flag.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.changes import Changes, Context
from simulator.engine.costs import construction
from simulator.engine.timeline import from_month
from simulator.paths.capacity import new_places
from simulator.scenario import NewService


def changes(ctx: Context, spec: NewService, index: int) -> Changes:
    inp, tl = ctx.inp, ctx.tl
    p = f"paths.{index}"
    op_prefix = f"{p}.operation"
    places = inp.num(f"{op_prefix}.capacity")
    delay = inp.num("market.hiring_delay_months")
    opening, lead, capacity, users = new_places(ctx, p, places, delay)
    referrals = inp.num(f"{p}.referrals_per_month_from_own_services")
    months_open = np.maximum(tl.t - (opening + delay) + 1.0, 0.0)
    users = np.minimum(users + referrals * months_open, places * inp.num(f"{p}.ramp.ceiling") * from_month(tl, opening))
    users = np.maximum(users, 0.0)
    zeros = np.zeros((1, tl.months))  # no base: one row for every trial
    block = Block(prefix=op_prefix, op=spec.operation, label=spec.label or spec.operation.name or spec.operation.service.value,
                  base_capacity=zeros, base_users=zeros, new_capacity=capacity, new_users=users,
                  opening=opening, lead=lead, delay=delay,
                  wage_factor=1.0, has_new_places=True, extra={"scale_key": p})
    out = Changes(add=[block])
    inv = construction(inp, tl, ctx.ref, p, spec.operation.service.value, places, opening, lead)
    out.add_investment(inv)
    marketing = inp.num(f"{p}.startup_marketing_yen")
    out.add_item("one_off_costs_yen", marketing * (tl.t == np.maximum(opening - 1.0, 0.0)))
    out.add_use("opening_prep", marketing)
    if spec.referrals_per_month_from_own_services > 0:
        out.flags.append("engine.referrals_assumed")
    return out
