"""事業譲渡: buying (buyer) or selling (seller) one business with its staff, users and assets.

Buyer: the price is paid in ``transfer_month``; the acquired P&L starts after the new 指定
(``transfer_month + designation_lead_months``). Price by ``valuation.method``:
``net_assets_plus_earnings`` = 時価純資産 (fixed assets at fair value + other assets + cash − debt)
+ max(first-year operating profit, 0) × ``earnings_years``; ``dcf`` = the business's own operating
cash flows (before depreciation) to the horizon end discounted at the scenario's rate to the transfer
month + cash − debt (nothing beyond the horizon: conservative); ``fixed_price`` = ``price_yen``. A given
``price_yen`` always wins. The price is agreed on the business as the file states it: in a Monte
Carlo, tornado, stress case or break-even search the earnings it is set on stay those of the stated
scenario (``projection.Stated``), so a worse future lowers the buyer's result instead of the price.
Due diligence at month 0; broker fee = max(share × price, minimum fee) at transfer (:func:`broker_fee`); integration
costs when the P&L starts; staff who do not stay (1 − ``staff_retention``) are replaced by hires then.
Approval risk on subsidised property is an expected loss: every flow of the deal except due diligence
is weighted by (1 − risk), and the result carries a visible flag.

Seller: from ``transfer_month`` the business's own forecast (its services, or its totals) leaves the
organisation; the price less broker fee comes in as cash; its fixed assets leave the books. The sale
gain and its tax are not booked (cash view), and its debt is assumed to stay with the seller.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.changes import Changes, Context
from simulator.engine.timeline import discount_factors, from_month, window
from simulator.paths import partner
from simulator.scenario import BusinessTransfer

MONTHS_PER_YEAR = 12.0


def deal_earnings(ctx: Context, spec: BusinessTransfer, index: int, profit: np.ndarray, start: np.ndarray,
                  transfer: np.ndarray) -> np.ndarray | None:
    """The business's earnings the price is set on, ``(T, 1)``: ``net_assets_plus_earnings`` = max(first-year
    operating profit − depreciation, 0); ``dcf`` = its operating cash flows to the horizon end discounted to
    the transfer month. None where the price is given (``price_yen``)."""
    inp, tl = ctx.inp, ctx.tl
    p = f"paths.{index}"
    if spec.valuation.price_yen is not None or inp.overridden(f"{p}.valuation.price_yen"):
        return None
    if spec.valuation.method == "fixed_price":
        raise ValueError(f"{p}.valuation.price_yen: a fixed price needs price_yen")
    if spec.valuation.method == "net_assets_plus_earnings":
        first_year = (profit * window(tl, start, start + MONTHS_PER_YEAR)).sum(axis=1, keepdims=True)
        return np.maximum(first_year - inp.num(f"{p}.business.annual_depreciation_yen"), 0.0)
    rate = inp.num("assumptions.discount_rate")
    to_transfer = (1.0 + rate) ** ((np.floor(transfer) + 1.0) / MONTHS_PER_YEAR)
    return (profit * discount_factors(tl, rate)).sum(axis=1, keepdims=True) * to_transfer


def price(ctx: Context, spec: BusinessTransfer, index: int, earnings: np.ndarray | None) -> np.ndarray:
    """The price per trial, ``(T, 1)``, from the :func:`deal_earnings` (None: the given ``price_yen``)."""
    inp = ctx.inp
    p = f"paths.{index}"
    b = f"{p}.business"
    if earnings is None:
        return inp.num(f"{p}.valuation.price_yen")
    net_assets = (inp.num(f"{b}.fixed_assets_fair_value_yen") + inp.num(f"{b}.other_assets_yen")
                  + inp.num(f"{b}.cash_yen") - inp.num(f"{b}.debt_yen"))
    if spec.valuation.method == "net_assets_plus_earnings":
        return np.maximum(net_assets + earnings * inp.num(f"{p}.valuation.earnings_years"), 0.0)
    return np.maximum(net_assets + earnings, 0.0)


def acquired(ctx: Context, spec: BusinessTransfer, index: int) -> tuple[list[Block], np.ndarray, np.ndarray,
                                                                        np.ndarray]:
    """(blocks, standalone profit ``(T, M)``, start of its P&L, transfer month) of the business."""
    inp = ctx.inp
    p = f"paths.{index}"
    b = f"{p}.business"
    transfer = inp.num(f"{p}.transfer_month")
    start = transfer + inp.num(f"{p}.designation_lead_months") if spec.role == "buyer" else transfer
    wage = inp.num(f"{b}.wage_level_vs_own") + ctx.zeros()
    blocks, _ = partner.blocks(ctx, spec.business, b, start, wage)
    return blocks, partner.standalone(ctx, spec.business, b, blocks, start), start, transfer


def stated_earnings(ctx: Context) -> dict[int, np.ndarray]:
    """path number -> :func:`deal_earnings` of each business transfer priced on its earnings, for the
    scenario of ``ctx`` as its file states it (one trial, no overrides)."""
    out = {}
    for index, spec in enumerate(ctx.inp.scenario.paths):
        if isinstance(spec, BusinessTransfer) and spec.valuation.price_yen is None:
            _, profit, start, transfer = acquired(ctx, spec, index)
            earnings = deal_earnings(ctx, spec, index, profit, start, transfer)
            if earnings is not None:  # None only where an override gives the price
                out[index] = earnings
    return out


def broker_fee(ctx: Context, index: int, value: np.ndarray) -> np.ndarray:
    """仲介手数料 (成功報酬) on the price ``value``: max(share × price, minimum), the minimum from
    ``broker_fee_minimum_yen`` or reference ``deal.broker_fee_minimum_yen`` (500万円, cited there); a share of 0
    means no broker (no fee, no minimum)."""
    p = f"paths.{index}"
    share = ctx.inp.num(f"{p}.broker_fee_share")
    minimum = ctx.inp.num(f"{p}.broker_fee_minimum_yen",
                          lambda: float(ctx.ref.at_start("get", "deal.broker_fee_minimum_yen")))
    return np.where(share > 0, np.maximum(share * value, minimum), 0.0)


def changes(ctx: Context, spec: BusinessTransfer, index: int) -> Changes:
    inp, tl = ctx.inp, ctx.tl
    p = f"paths.{index}"
    b = f"{p}.business"
    buyer = spec.role == "buyer"
    weight = 1.0 - inp.num(f"{p}.subsidised_property_approval_risk")
    out = Changes()
    if spec.subsidised_property_approval_risk > 0 or inp.overridden(f"{p}.subsidised_property_approval_risk"):
        out.flags.append("engine.transfer_approval_risk")
    blocks, profit, start, transfer = acquired(ctx, spec, index)
    # the price is agreed on the business as the file states it: a sampled, stressed or overridden
    # future (occupancy, wages, fee revisions) moves the result after the deal, not the price paid
    earnings = deal_earnings(ctx, spec, index, profit, start, transfer)
    if earnings is not None and ctx.stated is not None and index in ctx.stated.deal_earnings:
        earnings = ctx.stated.deal_earnings[index]
    value = price(ctx, spec, index, earnings)
    at_transfer = tl.t == np.clip(np.floor(transfer), 0, tl.months - 1)
    at_start = tl.t == np.clip(np.floor(start), 0, tl.months - 1)
    broker = broker_fee(ctx, index, value)
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
        out.add_use("acquisition", weight * value)
        out.add_use("deal_costs", inp.num(f"{p}.due_diligence_yen") + weight * (broker + integration))
        # the price buys the business: booked as its assets (the part above fair value is not amortised)
        book = value - inp.num(f"{b}.cash_yen") + inp.num(f"{b}.debt_yen")
        partner.balance_sheet(ctx, b, transfer, out, book, start, sign=weight, with_debt=True)
        # goodwill: the part of that book value above the net assets at fair value, kept apart so the
        # terminal value can leave it out (tangible assets are the ones depreciated first)
        tangible = inp.num(f"{b}.fixed_assets_fair_value_yen") + inp.num(f"{b}.other_assets_yen")
        out.add_item("goodwill_yen", weight * np.maximum(book - tangible, 0.0) * from_month(tl, transfer))
    else:
        out.add_item("other_cash_flow_yen", weight * value * at_transfer)
        fair = inp.num(f"{b}.fixed_assets_fair_value_yen")
        monthly = inp.num(f"{b}.annual_depreciation_yen") / MONTHS_PER_YEAR
        elapsed = np.maximum(tl.t - transfer + 1.0, 0.0)
        out.add_item("fixed_assets_yen", -weight * np.maximum(fair - monthly * elapsed, 0.0) * from_month(tl, transfer))
        out.add_item("depreciation_yen", -weight * np.minimum(monthly, np.maximum(fair - monthly * (elapsed - 1.0), 0.0))
                     * from_month(tl, transfer))
    return out
