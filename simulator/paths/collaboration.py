"""協働化: the organisation and partner corporations share levers; each stays an independent corporation.

Every member (0 = the organisation, then ``members``) gets a *ledger*: named lines of yen per month,
``(T, M)``, each booked to one cost or revenue column with a sign (:data:`LINES`). Only member 0's
ledger changes the projection; the others are each member's own view (:mod:`simulator.collaboration_view`).

Pooled lines (the group's shared costs and savings) are computed once for the group and split by the
sharing key (``equal``, by first-year ``revenue`` or by ``staff`` FTE):
- back office: ``office_fte_saved`` × 事務 pay × (1 + 法定福利費) saved, a coordinator's pay, systems per
  member a year, their set-up per member;
- joint recruiting's shared advertising; 共同送迎: vehicles saved × cost per vehicle × (1 − operator fee);
- a 社会福祉連携推進法人: set-up at the start, running costs from its certification;
- the prefectural grant: min(rate × the group's set-up costs, cap per group, amount per member × members).
Member lines arise where the member's services are:
- recruiting: its hires × (agency share today − agency share with joint recruiting) × placement fee; and,
  only when the direct hires' early-leave share is given, the agency hires' cited early leavers avoided;
- joint training per member; procurement: a share of its non-personnel costs;
- ケアプランデータ連携 for its visit, day and care-management offices: saving per office, licence per office
  (waived while the reference data say so), set-up net of the 介護テクノロジー subsidy;
- 生産性向上推進体制加算 units for its facilities (users × units × yen per unit) and their technology;
- the 処遇改善加算 ロ tier: where a route of the reference data (``tier_b_routes``) is held, the fee rises
  by (rate ロ − rate イ) / (1 + rate イ) of the service's fee, paid out as wages by the engine's one rule
  (:func:`simulator.engine.evaluate.wage_improvement_payout`, at ロ less at イ): staff gain, the margin does not;
- the wage-support top-up per 介護職員 while in force, paid through to wages.
Savings phase in linearly over ``phase_in_months`` × ``realisation``; costs run from the start; all
stop at ``end_month``. Yearly amounts grow with inflation (costs) or wage growth (pay).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from simulator import location, reference
from simulator.engine.blocks import Block, running_block
from simulator.engine.changes import Changes, Context
from simulator.engine.evaluate import evaluate, wage_improvement_payout
from simulator.engine.revenue import region_yen_per_unit
from simulator.engine.timeline import from_month, growth_index, window
from simulator.scenario import Collaboration

MONTHS_PER_YEAR = 12.0
NEVER = 1.0e6
R = "collaboration."  # reference parameter prefix

# line -> (column, sign, side): side "pays" / "saves" / "staff" (passes through to wages)
LINES: dict[str, tuple[str, float, str]] = {
    "backoffice_saving": ("personnel_yen", -1.0, "saves"),
    "coordinator": ("personnel_yen", 1.0, "pays"),
    "systems": ("other_costs_yen", 1.0, "pays"),
    "systems_setup": ("one_off_costs_yen", 1.0, "pays"),
    "advertising": ("recruiting_yen", 1.0, "pays"),
    "transport_saving": ("other_costs_yen", -1.0, "saves"),
    "corporation": ("other_costs_yen", 1.0, "pays"),
    "corporation_setup": ("one_off_costs_yen", 1.0, "pays"),
    "grant": ("revenue_other_yen", 1.0, "saves"),
    "recruiting_saving": ("recruiting_yen", -1.0, "saves"),
    "training_saving": ("other_costs_yen", -1.0, "saves"),
    "procurement_saving": ("other_costs_yen", -1.0, "saves"),
    "data_link_saving": ("other_costs_yen", -1.0, "saves"),
    "data_link_licence": ("other_costs_yen", 1.0, "pays"),
    "ict_setup": ("one_off_costs_yen", 1.0, "pays"),
    "technology": ("one_off_costs_yen", 1.0, "pays"),
    "productivity_add_on": ("revenue_other_yen", 1.0, "saves"),
    "tier_b_add_on": ("revenue_other_yen", 1.0, "staff"),
    "tier_b_wages": ("personnel_yen", 1.0, "staff"),
    "wage_support": ("revenue_other_yen", 1.0, "staff"),
    "wage_support_wages": ("personnel_yen", 1.0, "staff"),
}
POOLED = ("backoffice_saving", "coordinator", "systems", "systems_setup", "advertising", "transport_saving",
          "corporation", "corporation_setup", "grant")
WAGE_LINES = ("tier_b_wages", "wage_support_wages")  # what the member's staff gain
DATA_LINK_ALSO = ("care_management",)  # sends the care plans; its 処遇改善 rate has no ロ tier


@dataclass
class Member:
    """One member's services as evaluated (each block alone, so its fee and staff are known)."""

    name: str
    blocks: list[Block]
    columns: list[dict[str, np.ndarray]]  # per block: evaluate() columns
    care_workers: list[np.ndarray]  # per block: care-worker FTE (T, M)
    revenue_given: np.ndarray | None = None
    staff_given: np.ndarray | None = None

    def total(self, name: str, zeros: np.ndarray) -> np.ndarray:
        out = zeros.copy()
        for cols in self.columns:
            out = out + cols[name]
        return out


@dataclass
class Ledger:
    """One member's lines, yen per month ``(T, M)`` each (positive amounts; :data:`LINES` gives the sign)."""

    name: str
    share: np.ndarray  # (T, 1) its share of the pooled lines
    lines: dict[str, np.ndarray] = field(default_factory=dict)

    def add(self, line: str, values: np.ndarray) -> None:
        self.lines[line] = self.lines.get(line, 0.0) + values

    def side(self, side: str) -> np.ndarray | float:
        """Σ of the lines of one side ("pays", "saves"), or the wages staff gain ("staff")."""
        names = WAGE_LINES if side == "staff" else [n for n, (_, _, s) in LINES.items() if s == side]
        return sum((self.lines[n] for n in names if n in self.lines), 0.0)


def _evaluated(ctx: Context, blocks: list[Block], name: str, scales: dict | None) -> Member:
    cols, workers = [], []
    for block in blocks:
        totals = evaluate(ctx, [block], 1.0, scales=scales, **ctx.common)
        cols.append(totals.columns)
        roles = totals.roles_planned
        workers.append(roles.single("care_worker") if "care_worker" in roles else ctx.zeros())
    return Member(name=name, blocks=blocks, columns=cols, care_workers=workers)


def members(ctx: Context, spec: Collaboration, index: int) -> list[Member]:
    """The organisation (member 0) and each partner, their services evaluated on their own."""
    inp, p = ctx.inp, f"paths.{index}"
    scales = ctx.stated.scales if ctx.stated is not None else None
    out = [_evaluated(ctx, ctx.org_blocks, inp.scenario.organisation.name or "own", scales)]
    for j, member in enumerate(spec.members):
        where = f"{p}.members.{j}"
        grade = location.partner_grade(inp.scenario, member)  # its own 級地 (fee per unit, regional pay)
        at_grade = {} if grade is None else {"grade_path": f"{where}.region_grade", "grade_default": grade}
        blocks = [running_block(inp, ctx.tl, op, f"{where}.services.{k}", ctx.benchmark,
                                label=op.name or member.name).with_(**at_grade)
                  for k, op in enumerate(member.services)]
        m = _evaluated(ctx, blocks, member.name or f"#{j + 1}", scales)
        if member.revenue_yen_per_year is not None:
            m.revenue_given = inp.num(f"{where}.revenue_yen_per_year")
        if member.staff_fte is not None:
            m.staff_given = inp.num(f"{where}.staff_fte")
        out.append(m)
    return out


def sharing_key(ctx: Context, spec: Collaboration, group: list[Member]) -> list[np.ndarray]:
    """Each member's share of the pooled lines, ``(T, 1)``: equal, by first-year revenue or by staff FTE."""
    n = len(group)
    equal = [ctx.inp.const(1.0 / n) for _ in group]
    if spec.sharing == "equal":
        return equal
    first = window(ctx.tl, ctx.inp.const(0.0), ctx.inp.const(MONTHS_PER_YEAR))
    zeros = ctx.zeros()
    weights = []
    for m in group:
        if spec.sharing == "revenue":
            given = m.revenue_given
            modelled = ((m.total("revenue_fee_yen", zeros) + m.total("revenue_hotel_yen", zeros)) * first).sum(
                axis=1, keepdims=True)
        else:
            given = m.staff_given
            modelled = (m.total("fte_planned", zeros) * first).sum(axis=1, keepdims=True) / MONTHS_PER_YEAR
        weights.append(modelled if given is None else given + 0.0 * modelled)
    total = sum(weights)
    return [np.where(total > 0, w / np.where(total > 0, total, 1.0), e) for w, e in zip(weights, equal, strict=True)]


def _ref(ctx: Context, name: str, *key: str) -> float:
    value = ctx.ref.at_start("get", R + name)
    for k in key:
        value = value[k]
    return float(value)


def _cited(ctx: Context, name: str, *key: str) -> Callable[[], float]:
    """The reference default (cited or a marked assumption) of a setting left empty, read when needed
    (the fallback of ``Inputs.given``)."""
    return lambda: _ref(ctx, name, *key)


def _routes(ctx: Context, service: str) -> tuple[str, ...]:
    """The measures that qualify ``service`` for the ロ tier (the reference data's table, at the horizon end:
    the table starts 2026-06, and before then the ロ rates equal the イ ones, so nothing is gained early)."""
    return tuple(reference.tier_b_routes(service, on=ctx.tl.days[-1]))


def _tier_b(ctx: Context, service: str, tier: str, routes: tuple[str, ...]) -> str:
    return reference.tier_for(service, tier, routes, on=ctx.tl.days[-1])


@dataclass
class Timing:
    start: np.ndarray  # (T, 1)
    active: np.ndarray  # (T, M) 1 while the collaboration runs
    phase: np.ndarray  # (T, M) savings realised (0 → realisation)
    at_start: np.ndarray  # (T, M) 1 in the start month
    held: dict[str, np.ndarray]  # route -> (T, M) 1 while held


def timing(ctx: Context, spec: Collaboration, index: int) -> Timing:
    inp, tl, p = ctx.inp, ctx.tl, f"paths.{index}"
    start = inp.num(f"{p}.start_month")
    end = inp.num(f"{p}.end_month") if spec.end_month is not None else inp.const(NEVER)
    active = window(tl, start, end)
    months = inp.num(f"{p}.phase_in_months")
    since = tl.t - start + 1.0
    phase = np.clip(np.divide(since, months, out=np.ones_like(since * months), where=months > 0), 0.0, 1.0)
    phase = phase * active * inp.num(f"{p}.realisation")
    at_start = (tl.t == np.clip(np.floor(start), 0, tl.months - 1)) * 1.0
    held = {}
    if spec.link_corporation.enabled:
        held["collaboration_corporation"] = from_month(tl, start + inp.num(f"{p}.link_corporation.months_to_certify")) * active
    if spec.data_link.enabled:
        held["careplan_data_link"] = active
    if spec.productivity.tier != "none":
        held["productivity_addon"] = active
    return Timing(start=start, active=active, phase=phase, at_start=at_start, held=held)


def _pooled(ctx: Context, spec: Collaboration, index: int, when: Timing, n: int,
            member_setup: np.ndarray) -> dict[str, np.ndarray]:
    """The group's shared lines (before the sharing key)."""
    inp, tl, p = ctx.inp, ctx.tl, f"paths.{index}"
    inflation = ctx.common.get("inflation_index", 1.0)
    pay = growth_index(tl, ctx.wage_growth) * (1.0 + ctx.social_rate)
    out: dict[str, np.ndarray] = {}
    b = f"{p}.backoffice"
    if spec.backoffice.enabled:
        wage = inp.num(f"{b}.office_wage_yen_per_month", lambda: float(ctx.ref.at_start("wage", "office")))
        out["backoffice_saving"] = inp.num(f"{b}.office_fte_saved") * wage * pay * when.phase
        out["coordinator"] = inp.num(f"{b}.coordinator_fte") * wage * pay * when.active
        systems = inp.given(f"{b}.systems_yen_per_member_year", _cited(ctx, "backoffice.systems_yen_per_member_year"))
        out["systems"] = systems * n / MONTHS_PER_YEAR * inflation * when.active
        out["systems_setup"] = inp.given(f"{b}.setup_yen_per_member", _cited(ctx, "backoffice.setup_yen_per_member")) * n * when.at_start
    if spec.recruiting.enabled:
        ads = inp.given(f"{p}.recruiting.shared_advertising_yen_per_year", _cited(ctx, "recruiting.shared_advertising_yen_per_year"))
        out["advertising"] = ads / MONTHS_PER_YEAR * inflation * when.active
    t = f"{p}.transport"
    if spec.transport.enabled:
        cost = inp.given(f"{t}.cost_per_vehicle_yen_year", _cited(ctx, "transport.cost_per_vehicle_yen_year"))
        fee = inp.given(f"{t}.operator_fee_share", _cited(ctx, "transport.operator_fee_share"))
        out["transport_saving"] = (inp.num(f"{t}.vehicles_saved") * cost / MONTHS_PER_YEAR * (1.0 - fee)
                                   * inflation * when.phase)
    c = f"{p}.link_corporation"
    if spec.link_corporation.enabled:
        certified = from_month(tl, when.start + inp.num(f"{c}.months_to_certify")) * when.active
        out["corporation"] = inp.given(f"{c}.annual_yen", _cited(ctx, "corporation.annual_yen")) / MONTHS_PER_YEAR * inflation * certified
        out["corporation_setup"] = inp.given(f"{c}.setup_yen", _cited(ctx, "corporation.setup_yen")) * when.at_start
    g = f"{p}.grant"
    if spec.grant.scheme != "none":
        scheme = spec.grant.scheme
        eligible = sum((out[k].sum(axis=1, keepdims=True) for k in ("systems_setup", "corporation_setup") if k in out),
                       ctx.inp.const(0.0)) + member_setup
        rate = inp.given(f"{g}.rate", _cited(ctx, "grant.rate", scheme))
        cap = inp.given(f"{g}.cap_yen_per_group", _cited(ctx, "grant.cap_yen_per_group", scheme))
        per_member = inp.given(f"{g}.per_member_yen", _cited(ctx, "grant.per_member_yen", scheme))
        amount = np.minimum(rate * eligible, cap)
        amount = np.where(per_member > 0, np.minimum(amount, per_member * n), amount)
        month = inp.num(f"{g}.month") if spec.grant.month is not None else when.start
        out["grant"] = amount * (tl.t == np.clip(np.floor(month), 0, tl.months - 1))
    return out


def _member_lines(ctx: Context, spec: Collaboration, index: int, when: Timing, m: Member, ledger: Ledger) -> None:
    """The lines that arise at member ``m``'s own services."""
    inp, p = ctx.inp, f"paths.{index}"
    zeros = ctx.zeros()
    inflation = ctx.common.get("inflation_index", 1.0)
    if spec.recruiting.enabled:
        r = f"{p}.recruiting"
        fee = float(ctx.ref.at_start("labour", "agency_fee_yen"))
        fewer = np.maximum(inp.num("assumptions.agency_hire_share") - inp.num(f"{r}.agency_hire_share"), 0.0)
        hires = m.total("hires", zeros)
        saving = hires * fewer * fee
        if spec.recruiting.direct_early_leave_share is not None:
            early = np.maximum(_ref(ctx, "recruiting.agency_early_leave_share")
                               - inp.num(f"{r}.direct_early_leave_share"), 0.0)
            per_hire = inp.num(f"{r}.agency_hire_share") * fee + float(ctx.ref.at_start("labour", "ad_cost_per_hire_yen"))
            saving = saving + hires * fewer * early * per_hire
        ledger.add("recruiting_saving", saving * when.phase)
    if spec.training.enabled:
        per = inp.given(f"{p}.training.saving_yen_per_member_year", _cited(ctx, "training.saving_yen_per_member_year"))
        ledger.add("training_saving", per / MONTHS_PER_YEAR * inflation * when.phase)
    if spec.procurement.enabled:
        share = inp.given(f"{p}.procurement.saving_share", _cited(ctx, "procurement.saving_share"))
        ledger.add("procurement_saving", share * m.total("other_costs_yen", zeros) * when.phase)
    d = f"{p}.data_link"
    tech_rate = inp.given(f"{d}.technology_subsidy_rate", _cited(ctx, "ict.technology_subsidy_rate"))
    offices = sum(1 for b in m.blocks if "careplan_data_link" in _routes(ctx, b.op.service.value)
                  or b.op.service.value in DATA_LINK_ALSO)
    if spec.data_link.enabled and offices:
        saving = inp.given(f"{d}.saving_yen_per_office_year", _cited(ctx, "ict.careplan_saving_yen_per_office_year"))
        licence = inp.given(f"{d}.licence_yen_per_office_year", _cited(ctx, "ict.careplan_licence_yen_per_office_year"))
        waived = ctx.ref.monthly("get", R + "ict.careplan_licence_waived")
        ledger.add("data_link_saving", offices * saving / MONTHS_PER_YEAR * when.phase)
        ledger.add("data_link_licence", offices * licence / MONTHS_PER_YEAR * (1.0 - waived) * when.active)
        setup = inp.given(f"{d}.setup_yen_per_office", _cited(ctx, "ict.setup_yen_per_office"))
        ledger.add("ict_setup", offices * setup * (1.0 - tech_rate) * when.at_start)
    tier = spec.productivity.tier
    facilities = [(b, cols) for b, cols in zip(m.blocks, m.columns, strict=True)
                  if "productivity_addon" in _routes(ctx, b.op.service.value)]
    if tier != "none" and facilities:
        units = _ref(ctx, "productivity_add_on.units", tier)
        for block, cols in facilities:
            yen = region_yen_per_unit(inp, ctx.ref, block.op.service.value, block)
            ledger.add("productivity_add_on", np.floor(cols["users"] * units * yen) * when.active)
        cost = inp.num(f"{p}.productivity.technology_yen_per_facility")
        ledger.add("technology", len(facilities) * cost * (1.0 - tech_rate) * when.at_start)
    support = ctx.ref.monthly("get", R + "wage_support.yen_per_care_worker_month")
    for block, cols, workers in zip(m.blocks, m.columns, m.care_workers, strict=True):
        service, own_tier = block.op.service.value, block.op.wage_improvement_tier
        routes = _routes(ctx, service)
        held = [when.held[r] for r in routes if r in when.held]
        if not held or own_tier in ("none", "III", "IV"):
            continue
        qualified = 1.0 - np.prod([1.0 - h for h in held], axis=0)
        if spec.claim_tier_b:
            b_tier = _tier_b(ctx, service, own_tier, routes)
            rate_b = ctx.ref.monthly("wage_improvement_rate", service, b_tier)
            rate_a = ctx.ref.monthly("wage_improvement_rate", service, own_tier)
            fee_revenue = cols["revenue_fee_yen"]
            add_on = np.floor(fee_revenue * (rate_b - rate_a) / (1.0 + rate_a)) * qualified
            ledger.add("tier_b_add_on", add_on)
            # the engine's one payout rule (evaluate.wage_improvement_payout) at ロ less at イ: the whole add-on
            at_b = block.with_(op=block.op.model_copy(update={"wage_improvement_tier": b_tier}))
            wages = (wage_improvement_payout(ctx, at_b, fee_revenue + add_on)
                     - wage_improvement_payout(ctx, block, fee_revenue))
            ledger.add("tier_b_wages", wages * qualified)
        if spec.wage_support:
            paid = workers * support * qualified
            ledger.add("wage_support", paid)
            ledger.add("wage_support_wages", paid)


def ledgers(ctx: Context, spec: Collaboration, index: int) -> list[Ledger]:
    """Every member's ledger (0 = the organisation), pooled lines split by the sharing key."""
    group = members(ctx, spec, index)
    when = timing(ctx, spec, index)
    shares = sharing_key(ctx, spec, group)
    out = [Ledger(name=m.name, share=s) for m, s in zip(group, shares, strict=True)]
    for m, ledger in zip(group, out, strict=True):
        _member_lines(ctx, spec, index, when, m, ledger)
    member_setup = sum((ledger.lines[k].sum(axis=1, keepdims=True) for ledger in out
                        for k in ("ict_setup", "technology") if k in ledger.lines), ctx.inp.const(0.0))
    for line, values in _pooled(ctx, spec, index, when, len(group), member_setup).items():
        for ledger in out:
            ledger.add(line, values * ledger.share)
    return out


SETUP_LINES = ("systems_setup", "corporation_setup", "ict_setup", "technology")  # one-off: a use of funds


def changes(ctx: Context, spec: Collaboration, index: int) -> Changes:
    out = Changes()
    own = ledgers(ctx, spec, index)[0]
    for line, values in own.lines.items():
        column, sign, _ = LINES[line]
        out.add_item(column, sign * values)
    setup = [own.lines[k].sum(axis=1, keepdims=True) for k in SETUP_LINES if k in own.lines]
    if setup:
        out.add_use("collaboration_setup", sum(setup))
    return out
