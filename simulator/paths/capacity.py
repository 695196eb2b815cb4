"""定員増・事業所増設: more places at an existing service, or a new site of the same service.

Same site: the service's block gains ``added_capacity`` places from ``opening_month`` that fill up
along the ramp; staff standards are computed on the combined users (and the site's rent stays the
service's). New site: a separate block with its own standards (and its own 管理者) and its own rent
(``rent_yen_per_month`` while open, which replaces the survey's average rent in its other costs; 0 = the
survey's costs as they are). Construction per :mod:`simulator.engine.costs`; a shared management saving
(兼務) lowers personnel cost from opening.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.changes import Changes, Context
from simulator.engine.costs import construction
from simulator.engine.timeline import from_month, ramp
from simulator.scenario import CapacityIncrease


def new_places(ctx: Context, prefix: str, places, delay):
    """(opening, lead, capacity (T, M), users (T, M)) of ramped-up new places at ``prefix``.

    The places exist from the opening month; admissions start when their staff are in post, ``delay``
    months (the labour market's hiring delay) after the planned opening (staffing.admission_month)."""
    inp, tl = ctx.inp, ctx.tl
    opening = inp.num(f"{prefix}.opening_month")
    lead = inp.num(f"{prefix}.hiring_lead_months")
    occupancy = ramp(tl, opening + delay, inp.num(f"{prefix}.ramp.start"), inp.num(f"{prefix}.ramp.ceiling"),
                     inp.num(f"{prefix}.ramp.months_to_ceiling"))
    return opening, lead, places * from_month(tl, opening), places * occupancy


def changes(ctx: Context, spec: CapacityIncrease, index: int) -> Changes:
    inp, tl = ctx.inp, ctx.tl
    p = f"paths.{index}"
    base = ctx.org_blocks[spec.service_index]
    added = inp.num(f"{p}.added_capacity")
    delay = inp.num("market.hiring_delay_months")
    opening, lead, capacity, users = new_places(ctx, p, added, delay)
    out = Changes()
    if spec.new_site:
        zeros = np.zeros((1, tl.months))  # no base: one row for every trial
        # the new site's own 地代家賃 while it is open (0 = owned or not entered); a rent > 0 replaces the survey's
        # average rent in its other costs (engine/other_costs.py), as for a new service
        rent = zeros + inp.num(f"{p}.rent_yen_per_month") * (capacity > 0)
        block = base.with_(base_capacity=zeros, base_users=zeros, new_capacity=capacity, new_users=users,
                           opening=opening, lead=lead, delay=delay, rent=rent, existing=False, has_new_places=True,
                           calibrate_to=(None, None), label=spec.label or f"{base.label} (new site)",
                           extra={"scale_key": p})
        out.add.append(block)
    else:
        out.replace[spec.service_index] = base.with_(new_capacity=capacity, new_users=users, opening=opening,
                                                     lead=lead, delay=delay, has_new_places=True)
    inv = construction(inp, tl, ctx.ref, p, base.op.service.value, added, opening, lead)
    out.add_investment(inv)
    saving = inp.num(f"{p}.shared_management_saving_yen_per_year") / 12.0
    out.add_item("personnel_yen", -saving * from_month(tl, opening))
    return out
