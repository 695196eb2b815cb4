"""事業譲渡: buying (buyer) or selling (seller) one business with its staff, users and assets.

Buyer: the price is paid in ``transfer_month``; the acquired P&L starts after the new 指定
(``transfer_month + designation_lead_months``). Price by ``valuation.method``:
``net_assets_plus_earnings`` = 時価純資産 (fixed assets at fair value + other assets + cash − debt)
+ max(first-year operating profit, 0) × ``earnings_years``; ``dcf`` = the business's own operating
cash flows (before depreciation) to the horizon end discounted at the scenario's rate to the transfer
month + cash − debt (nothing beyond the horizon: conservative); ``fixed_price`` = ``price_yen``. A given
``price_yen`` always wins. Due diligence at month 0; broker fee = share × price at transfer; integration
costs when the P&L starts; staff who do not stay (1 − ``staff_retention``) are replaced by hires then.
Approval risk on subsidised property is an expected loss: every flow of the deal except due diligence
is weighted by (1 − risk), and the result carries a visible flag.

Seller: from ``transfer_month`` the business's own forecast (its services, or its totals) leaves the
organisation; the price less broker fee comes in as cash; its fixed assets leave the books. The sale
gain and its tax are not booked (cash view), and its debt is assumed to stay with the seller.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.changes import Changes, Context
from simulator.engine.timeline import discount_factors, from_month, window
from simulator.paths import partner
from simulator.scenario import BusinessTransfer

MONTHS_PER_YEAR = 12.0


def price(ctx: Context, spec: BusinessTransfer, index: int, profit: np.ndarray, start: np.ndarray,
          transfer: np.ndarray) -> np.ndarray:
    """The price per trial, ``(T, 1)``."""
    inp, tl = ctx.inp, ctx.tl
    p = f"paths.{index}"
    b = f"{p}.business"
    if spec.valuation.price_yen is not None or inp.overridden(f"{p}.valuation.price_yen"):
        return inp.num(f"{p}.valuation.price_yen")
    if spec.valuation.method == "fixed_price":
        raise ValueError(f"{p}.valuation.price_yen: a fixed price needs price_yen")
    net_assets = (inp.num(f"{b}.fixed_assets_fair_value_yen") + inp.num(f"{b}.other_assets_yen")
                  + inp.num(f"{b}.cash_yen") - inp.num(f"{b}.debt_yen"))
    if spec.valuation.method == "net_assets_plus_earnings":
        first_year = (profit * window(tl, start, start + MONTHS_PER_YEAR)).sum(axis=1, keepdims=True)
        first_year = first_year - inp.num(f"{b}.annual_depreciation_yen")
        value = net_assets + np.maximum(first_year, 0.0) * inp.num(f"{p}.valuation.earnings_years")
    else:  # dcf
        rate = inp.num("assumptions.discount_rate")
        to_transfer = (1.0 + rate) ** ((np.floor(transfer) + 1.0) / MONTHS_PER_YEAR)
        value = net_assets + (profit * discount_factors(tl, rate)).sum(axis=1, keepdims=True) * to_transfer
    return np.maximum(value, 0.0)


def changes(ctx: Context, spec: BusinessTransfer, index: int) -> Changes:
    inp, tl = ctx.inp, ctx.tl
    p = f"paths.{index}"
    b = f"{p}.business"
    transfer = inp.num(f"{p}.transfer_month")
    buyer = spec.role == "buyer"
    start = transfer + inp.num(f"{p}.designation_lead_months") if buyer else transfer
    weight = 1.0 - inp.num(f"{p}.subsidised_property_approval_risk")
    out = Changes()
    if spec.subsidised_property_approval_risk > 0 or inp.overridden(f"{p}.subsidised_property_approval_risk"):
        out.flags.append("engine.transfer_approval_risk")
    wage = inp.num(f"{b}.wage_level_vs_own") + ctx.zeros()
    blocks, _ = partner.blocks(ctx, spec.business, b, start, wage)
    profit = partner.standalone(ctx, spec.business, b, blocks, start)
    value = price(ctx, spec, index, profit, start, transfer)
    at_transfer = tl.t == np.clip(np.floor(transfer), 0, tl.months - 1)
    at_start = tl.t == np.clip(np.floor(start), 0, tl.months - 1)
    broker = inp.num(f"{p}.broker_fee_share") * value
    out.add_item("one_off_costs_yen", inp.num(f"{p}.due_diligence_yen") * (tl.t == 0))
    out.add_item("one_off_costs_yen", weight * broker * at_transfer)
    sign = weight if buyer else -weight
    lost = (1.0 - inp.num(f"{p}.staff_retention")) * at_start if buyer else 0.0
    out.add += [blk.with_(sign=sign, extra={**blk.extra, "extra_attrition": lost}) for blk in blocks]
    partner.totals_items(ctx, spec.business, b, start, out, sign=sign)
    if buyer:
        if not spec.business.services:
            hires = weight * inp.num(f"{b}.staff_headcount") * lost
            out.add_item("hires", hires)
            out.add_item("recruiting_yen", hires * ctx.cost_per_hire)
        out.add_item("capex_yen", weight * value * at_transfer)
        i = f"{p}.integration"
        integration = (inp.num(f"{i}.systems_yen") + inp.num(f"{i}.legal_and_registration_yen")
                       + inp.num(f"{i}.other_yen") + inp.num(f"{i}.due_diligence_yen"))
        out.add_item("one_off_costs_yen", weight * integration * at_start)
        # the price buys the business: booked as its assets (the part above fair value is not amortised)
        partner.balance_sheet(ctx, b, transfer, out, value - inp.num(f"{b}.cash_yen") + inp.num(f"{b}.debt_yen"),
                              start, sign=weight, with_debt=True)
    else:
        out.add_item("other_cash_flow_yen", weight * value * at_transfer)
        fair = inp.num(f"{b}.fixed_assets_fair_value_yen")
        monthly = inp.num(f"{b}.annual_depreciation_yen") / MONTHS_PER_YEAR
        elapsed = np.maximum(tl.t - transfer + 1.0, 0.0)
        out.add_item("fixed_assets_yen", -weight * np.maximum(fair - monthly * elapsed, 0.0) * from_month(tl, transfer))
        out.add_item("depreciation_yen", -weight * np.minimum(monthly, np.maximum(fair - monthly * (elapsed - 1.0), 0.0))
                     * from_month(tl, transfer))
    return out
