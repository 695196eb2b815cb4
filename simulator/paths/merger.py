"""合併: the partner's P&L and balance sheet combined from the effective date.

- effective month = ``approval_lead_months`` (所轄庁認可 etc.); from then the partner's services run
  as blocks (or its yearly totals as flat lines), its cash, fixed assets (fair value) and debt join.
- synergies phase in linearly over ``phase_in_months`` × ``realisation``: back-office FTE removed
  (at their yearly wage, growing with wages), a procurement saving on every non-personnel cost, a
  shared-recruiting saving.
- integration costs: due diligence at month 0, systems / legal・登記 / other at the effective month.
- wage harmonisation to the higher scale: with ``harmonise_wages_to_higher`` both sides move to
  max(own = 1, partner ``wage_level_vs_own``) from the effective month; otherwise each keeps its own.
- extra attrition: ``extra_attrition_first_year`` of the partner's staff leave during the first year
  (spread evenly) and are replaced by hires with recruiting cost.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.changes import Changes, Context
from simulator.engine.timeline import from_month, growth_index, window
from simulator.paths import partner
from simulator.scenario import Merger

MONTHS_PER_YEAR = 12.0


def changes(ctx: Context, spec: Merger, index: int) -> Changes:
    inp, tl = ctx.inp, ctx.tl
    p = f"paths.{index}"
    pp = f"{p}.partner"
    eff = inp.num(f"{p}.approval_lead_months")
    on = from_month(tl, eff)
    level = inp.num(f"{pp}.wage_level_vs_own")
    out = Changes()
    if spec.harmonise_wages_to_higher:
        scale = np.maximum(level, 1.0)
        out.own_wage_factor = 1.0 + (scale - 1.0) * on
        partner_wage = scale + 0.0 * on
    else:
        partner_wage = level + 0.0 * on
    attrition = inp.num(f"{p}.extra_attrition_first_year") / MONTHS_PER_YEAR * window(tl, eff, eff + MONTHS_PER_YEAR)
    blocks, _ = partner.blocks(ctx, spec.partner, pp, eff, partner_wage, as_is=level + 0.0 * on)
    out.add += [b.with_(extra={**b.extra, "extra_attrition": attrition}) for b in blocks]
    partner.totals_items(ctx, spec.partner, pp, eff, out)
    if not spec.partner.services:
        hires = inp.num(f"{pp}.staff_headcount") * attrition
        out.add_item("hires", hires)
        out.add_item("recruiting_yen", hires * ctx.cost_per_hire)
    partner.balance_sheet(ctx, pp, eff, out, inp.num(f"{pp}.fixed_assets_fair_value_yen"), eff)

    s = f"{p}.synergies"
    months = inp.num(f"{s}.phase_in_months")
    since = tl.t - eff + 1.0
    phase = np.clip(np.divide(since, months, out=np.ones_like(since * months), where=months > 0), 0.0, 1.0) * on
    realised = phase * inp.num(f"{s}.realisation")
    wage = inp.num(f"{s}.backoffice_wage_yen_per_year",
                   lambda: float(ctx.ref.at_start("labour", "backoffice_wage_yen_per_year")))
    backoffice = (inp.num(f"{s}.backoffice_fte_removed") * wage
                  / MONTHS_PER_YEAR * growth_index(tl, ctx.wage_growth) * (1.0 + ctx.social_rate))
    out.add_item("personnel_yen", -backoffice * realised)
    out.add_item("recruiting_yen", -inp.num(f"{s}.shared_recruiting_saving_yen_per_year") / MONTHS_PER_YEAR * realised)
    out.other_cost_factor = 1.0 - inp.num(f"{s}.procurement_saving_share") * realised

    i = f"{p}.integration"
    out.add_item("one_off_costs_yen", inp.num(f"{i}.due_diligence_yen") * (tl.t == 0))
    at_eff = (tl.t == np.clip(np.floor(eff), 0, tl.months - 1))
    integration = inp.num(f"{i}.systems_yen") + inp.num(f"{i}.legal_and_registration_yen") + inp.num(f"{i}.other_yen")
    out.add_item("one_off_costs_yen", integration * at_eff)
    out.add_use("deal_costs", inp.num(f"{i}.due_diligence_yen") + integration)
    return out
