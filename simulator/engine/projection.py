"""The projection: baseline (do nothing) and plan (baseline + every path), ``(trials, months)``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

import numpy as np

from simulator import paths
from simulator.engine.blocks import Block, running_block
from simulator.engine.cash import accounts
from simulator.engine.changes import Changes, Context, Stated
from simulator.engine.costs import subsidy_release
from simulator.engine.evaluate import Totals, evaluate
from simulator.engine.financing import DebtFlows, existing_debt, loan_schedule
from simulator.engine.flags import market_flags
from simulator.engine.inputs import Inputs
from simulator.engine.jit import as_matrix
from simulator.engine.lender import plan_months
from simulator.engine.refdata import RefData
from simulator.engine.result import Projection
from simulator.engine.revenue import fee_multiplier
from simulator.engine.timeline import Timeline, growth_index, spread
from simulator.reference.loader import note_used, recording
from simulator.scenario import CorpType, Scenario


def _context(inp: Inputs) -> Context:
    s = inp.scenario
    tl = Timeline.build(s.assumptions.start_date, s.assumptions.horizon_months)
    ref = RefData(tl.days)

    def benchmark(service: str, name: str) -> float:
        return float(ref.at_start("benchmark", service, name))

    org_blocks = [
        running_block(inp, tl, op, f"organisation.services.{i}", benchmark, existing=True,
                      calibrate_to=(inp.given(f"organisation.services.{i}.actual_revenue_yen_per_year"),
                                    inp.given(f"organisation.services.{i}.actual_costs_yen_per_year")))
        for i, op in enumerate(s.organisation.services)
    ]
    return Context(inp=inp, tl=tl, ref=ref, org_blocks=org_blocks, benchmark=benchmark,
                   wage_growth=inp.num("assumptions.wage_growth_per_year"),
                   social_rate=float(ref.at_start("social_insurance_rate")))


def _path_changes(ctx: Context) -> Changes:
    total = Changes()
    for index, spec in enumerate(ctx.inp.scenario.paths):
        total = total.merge(paths.changes_for(ctx, spec, index))
    return total


def _financing(ctx: Context) -> tuple[DebtFlows, np.ndarray, np.ndarray, np.ndarray]:
    """Loans, and subsidies: (debt flows, capital subsidies, other subsidies (P&L at receipt), all cash)."""
    inp, tl = ctx.inp, ctx.tl
    zero = np.zeros((1, tl.months))  # a row: the schedules are rows where no trial changes a loan
    debt = DebtFlows(zero, zero, zero, zero)
    for i, loan in enumerate(inp.scenario.financing.loans):
        p = f"financing.loans.{i}"
        debt = debt + loan_schedule(tl, inp.num(f"{p}.amount_yen"), inp.num(f"{p}.annual_rate"), loan.years,
                                    inp.num(f"{p}.grace_months"), loan.method, inp.num(f"{p}.drawdown_month"))
    capital, other = zero, zero
    for i, subsidy in enumerate(inp.scenario.financing.subsidies):
        p = f"financing.subsidies.{i}"
        cash = spread(tl, inp.num(f"{p}.amount_yen"), inp.num(f"{p}.month"), 1.0)
        if subsidy.kind == "capital":
            capital = capital + cash
        else:
            other = other + cash
    return debt, capital, other, capital + other


def _tax_rate(ctx: Context) -> float:
    corp = ctx.inp.scenario.organisation.corp_type
    if corp == CorpType.social_welfare:
        return 0.0  # 社会福祉事業 of a 社会福祉法人 is not taxed (法人税法: 収益事業のみ課税)
    return float(ctx.ref.at_start("corporate_tax_rate", corp.value))


def _cost_per_hire(ctx: Context) -> np.ndarray:
    inp, ref = ctx.inp, ctx.ref
    return (inp.num("assumptions.agency_hire_share") * float(ref.at_start("labour", "agency_fee_yen"))
            + float(ref.at_start("labour", "ad_cost_per_hire_yen")))


def _finish(ctx: Context, totals: Totals, items: Mapping[str, np.ndarray], debt: DebtFlows,
            subsidy_cash: np.ndarray, release: np.ndarray, opening_fee: np.ndarray) -> dict[str, np.ndarray]:
    """P&L, tax and cash of one side (baseline or plan), ``(T, M)`` each (:mod:`simulator.engine.cash`). Consumes
    ``totals`` (its columns are added to in place and become the result's)."""
    inp = ctx.inp
    shape = (inp.trials, ctx.tl.months)
    c = dict(totals.columns)
    for name in ("revenue_other_yen", "one_off_costs_yen", "depreciation_yen", "capex_yen", "other_cash_flow_yen",
                 "fixed_assets_yen", "goodwill_yen"):
        c[name] = as_matrix(items.get(name, 0.0), shape)  # a row's read-only view: nothing writes into a result
    for name in ("personnel_yen", "recruiting_yen", "other_costs_yen", "rent_yen", "hires"):
        if name in items:  # in place where the column is its own array (not a row's view)
            c[name] = np.add(c[name], items[name], out=c[name] if c[name].flags.writeable else None)
    c["subsidy_release_yen"] = as_matrix(release, shape)
    c["interest_yen"] = as_matrix(debt.interest, shape)  # one schedule for every trial: a (1, M) row
    c["subsidy_received_yen"] = as_matrix(subsidy_cash, shape)
    c["loan_drawn_yen"] = as_matrix(debt.drawn, shape)
    c["principal_repaid_yen"] = as_matrix(debt.principal, shape)
    c["debt_yen"] = as_matrix(debt.balance, shape)
    c.update(accounts(c, inp.num("assumptions.receivable_lag_months"), opening_fee, inp.num("organisation.cash_yen"),
                      _tax_rate(ctx)))
    return c


def _organisation_items(ctx: Context) -> tuple[dict[str, np.ndarray], DebtFlows]:
    inp, tl = ctx.inp, ctx.tl
    o = "organisation"
    monthly = inp.num(f"{o}.annual_depreciation_yen") / 12.0
    assets0 = inp.num(f"{o}.fixed_assets_yen")
    assets = np.maximum(assets0 - monthly * (tl.t + 1.0), 0.0)  # depreciation stops at zero book value
    dep = np.diff(assets, axis=1, prepend=assets0) * -1.0
    items = {"depreciation_yen": dep, "fixed_assets_yen": assets}  # rows where no trial changes them
    debt = existing_debt(tl, inp.num(f"{o}.existing_debt_yen"), inp.num(f"{o}.existing_debt_service_yen_per_year"))
    return items, debt


def _prepare(inp: Inputs) -> tuple[Context, dict]:
    """The context and the inputs every block evaluation shares (fee factor, turnover, hiring cost, inflation)."""
    ctx = _context(inp)
    tl = ctx.tl
    fee_factor = fee_multiplier(inp, tl)
    turnover = inp.num("assumptions.turnover_rate_per_year",
                       lambda: float(ctx.ref.at_start("labour", "turnover_rate")))
    inflation = growth_index(tl, inp.num("assumptions.inflation_per_year"))
    ctx.cost_per_hire = _cost_per_hire(ctx)
    ctx.common = dict(fee_factor=fee_factor, turnover=turnover, cost_per_hire=ctx.cost_per_hire,
                      inflation_index=inflation)
    return ctx, ctx.common


def base_context(scenario: Scenario) -> Context:
    """The context every path sees on ``scenario``'s base case (one trial, no overrides): for views that
    read a path's own ledgers (each member of a 協働化 path)."""
    ctx, _ = _prepare(Inputs(scenario, 1, None))
    return ctx


def stated(scenario: Scenario) -> Stated:
    """:class:`Stated` of ``scenario``, computed on one trial without overrides.

    Kept per scenario content (its JSON), so the chunks of a Monte Carlo compute it once; the arrays
    are read-only, and :func:`simulator.engine.clear_caches` forgets them with the reference data.
    """
    found = _stated(scenario.model_dump_json())
    note_used(found.references)
    return found


@lru_cache(maxsize=32)
def _stated(scenario_json: str) -> Stated:
    scenario = Scenario.model_validate_json(scenario_json)
    with recording() as used:
        ctx, common = _prepare(Inputs(scenario, 1, None))
        scales = evaluate(ctx, ctx.org_blocks, 1.0, **common).scales
        earnings = paths.stated_earnings(ctx)
        # the services of a merger partner or an acquired business stated with their accounts
        scales = evaluate(ctx, _path_changes(ctx).add, 1.0, scales=scales, **common).scales
    for value in [*(f for pair in scales.values() for f in pair), *earnings.values()]:
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return Stated(scales=scales, deal_earnings=earnings, references=frozenset(used))


def clear_cache() -> None:
    """Forget the cached :class:`Stated` of recent scenarios (they depend on the reference data)."""
    _stated.cache_clear()


def project(scenario: Scenario, trials: int = 1, overrides: Mapping[str, np.ndarray] | None = None,
            calibrate_from: Scenario | None = None) -> Projection:
    """:func:`_project`, with ``extras["references"]``: the sorted ids of every reference parameter it read."""
    with recording() as used:
        proj = _project(scenario, trials, overrides, calibrate_from)
    return replace(proj, extras={**proj.extras, "references": tuple(sorted(used))})


def _project(scenario: Scenario, trials: int = 1, overrides: Mapping[str, np.ndarray] | None = None,
             calibrate_from: Scenario | None = None) -> Projection:
    """Project the scenario's baseline and plan for ``trials`` trials (see :mod:`simulator.engine.inputs`).

    With overrides or ``calibrate_from``, what the file states stays fixed (:class:`Stated`, of
    ``calibrate_from``, default the scenario itself): a service with actual accounts keeps the calibration
    to them, so an override or a stress case that moves its occupancy, costs or wages moves its result
    away from the accounts instead of being absorbed; and a business transfer keeps the price agreed on
    the business as stated, so a sampled future moves the result after the deal, not the price.
    """
    inp = Inputs(scenario, trials, overrides)
    inp.stated_scenario = calibrate_from or scenario  # what the file states (staffing: the stated operating point)
    ctx, common = _prepare(inp)
    tl = ctx.tl
    fixed = stated(calibrate_from or scenario) if overrides or calibrate_from is not None else None
    ctx.stated = fixed

    base_totals = evaluate(ctx, ctx.org_blocks, 1.0, scales=fixed.scales if fixed is not None else None, **common)
    opening_fee = base_totals.columns["revenue_fee_yen"][:, :1]
    org_items, org_debt = _organisation_items(ctx)
    zero = np.zeros((1, tl.months))
    baseline = _finish(ctx, base_totals, org_items, org_debt, zero, zero, opening_fee)

    changes = _path_changes(ctx)
    blocks: list[Block] = []
    for i, block in enumerate(ctx.org_blocks):
        chosen = changes.replace.get(i, block)
        blocks.append(chosen.with_(wage_factor=chosen.wage_factor * changes.own_wage_factor))
    blocks += changes.add
    plan_totals = evaluate(ctx, blocks, changes.other_cost_factor, scales=base_totals.scales, **common)
    items = dict(org_items)
    for name, values in changes.items.items():
        items[name] = items.get(name, 0.0) + values
    loans, capital, other_subsidy, subsidy_cash = _financing(ctx)
    debt = org_debt + loans
    for extra in changes.debt:
        debt = debt + extra
    release = subsidy_release(capital, zero + changes.new_depreciation,
                              inp.const(0.0) + changes.depreciable_total) + other_subsidy
    plan = _finish(ctx, plan_totals, items, debt, subsidy_cash, release, opening_fee)
    plan["baseline_cash_yen"] = baseline["cash_yen"]
    plan["incremental_cash_flow_yen"] = plan["cash_flow_yen"] - baseline["cash_flow_yen"]
    baseline["baseline_cash_yen"] = baseline["cash_yen"]
    baseline["incremental_cash_flow_yen"] = as_matrix(zero, plan["cash_flow_yen"].shape)
    for cols in (plan, baseline):
        cols["date"] = np.broadcast_to(tl.t, cols["cash_yen"].shape)
    return Projection(arrays=plan, baseline=baseline, timeline=tl, roles=plan_totals.roles_planned,
                      required_roles=plan_totals.roles_required,
                      extras={"flags": tuple(dict.fromkeys(changes.flags + market_flags(scenario))), "hires_by_role": plan_totals.roles_hires,
                              "baseline_roles": base_totals.roles_planned,
                              "baseline_required_roles": base_totals.roles_required,
                              "baseline_hires_by_role": base_totals.roles_hires,
                              "baseline_personnel_by_role": base_totals.personnel_by_role,
                              "baseline_recruiting_by_role": base_totals.recruiting_by_role,
                              "revenue_by_service": plan_totals.revenue_by_service, "uses": changes.uses,
                              "personnel_by_role": plan_totals.personnel_by_role,
                              "recruiting_by_role": plan_totals.recruiting_by_role,
                              "discount_rate": inp.num("assumptions.discount_rate"),
                              "lender_months": plan_months(inp)})
