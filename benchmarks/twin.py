"""A plain-Python twin of the engine: the same model with loops over trials and months, no numpy.

It reads the same reference facade (``simulator.reference``, called with scalars) and the same
scenario, and takes the same ``overrides`` (dotted path -> one value per trial). It exists for two
reasons: the risk benchmark reports how much faster the vectorised engine is (issue 4, target ≥ 50×),
and tests/engine/test_twin.py uses it as an independent oracle (same outputs to 1e-9 relative).

Covered: revenue (care mix, 加算, 処遇改善加算, fee revisions, 地域区分, 食費・居住費), staffing (人員基準,
staffed ratio by size class, hiring lead and delay, turnover, wage growth and level), calibration to
actuals, other costs, rent, construction, depreciation, capital subsidies, tax, loans and existing
debt, the 介護報酬 receivable lag, the four paths, and the metrics the benchmark reports: NPV,
lowest cash, and the monthly cash. ``run`` returns ``{"npv_yen": [...], "lowest_cash_yen": [...],
"cash_yen": [[...], ...]}`` (one entry per trial).

Written from the model's description (the engine's module docstrings), month by month; the only
shared code is the reference facade and the scenario schema. Slow on purpose: no caching except the
reference look-ups, which the engine caches too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from simulator import reference as ref
from simulator.fieldpath import get as resolve
from simulator.scenario import BusinessTransfer, CapacityIncrease, CorpType, Merger, NewService, Scenario

NEVER = 1.0e6
MAX_LAG = 6


@cache
def _ref(name: str, args: tuple, kw: tuple, on: dt.date) -> Any:
    return getattr(ref, name)(*args, on=on, **dict(kw))


def R(name: str, *args: Any, on: dt.date, **kw: Any) -> Any:
    """A reference facade value (cached: the engine caches its look-ups as well)."""
    return _ref(name, args, tuple(sorted(kw.items())), on)


def _months(start: dt.date, n: int) -> list[dt.date]:
    out, y, m = [], start.year, start.month
    for _ in range(n):
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class Trial:
    """One trial: scalar inputs (``num``) and the month axis."""

    def __init__(self, s: Scenario, overrides: Mapping[str, Sequence[float]], i: int) -> None:
        self.s, self.over, self.i = s, overrides, i
        self.M = s.assumptions.horizon_months
        self.days = _months(s.assumptions.start_date, self.M)
        self.start = self.days[0]
        self.fy = [d.year if d.month >= 4 else d.year - 1 for d in self.days]

    def given(self, path: str) -> bool:
        return path in self.over or resolve(self.s, path) is not None

    def num(self, path: str, default: float | Callable[[], float] | None = None) -> float:
        if path in self.over:
            return float(self.over[path][self.i])
        value = resolve(self.s, path)
        if value is None:
            value = default() if callable(default) else default
        return float(value)

    def bench(self, service: str, name: str) -> float:
        return float(R("benchmark", service, name, on=self.start))

    def zeros(self) -> list[float]:
        return [0.0] * self.M

    def step(self, start: float) -> list[float]:
        return [1.0 if t >= start else 0.0 for t in range(self.M)]

    def window(self, a: float, b: float) -> list[float]:
        return [1.0 if a <= t < b else 0.0 for t in range(self.M)]

    def spread(self, amount: float, start: float, months: float) -> list[float]:
        last = self.M - 1
        first = min(max(math.floor(start), 0), last)
        stop = min(max(math.floor(start) + max(math.floor(months), 1), first + 1), last + 1)
        return [amount / (stop - first) if first <= t < stop else 0.0 for t in range(self.M)]

    def at(self, month: float) -> int:
        return min(max(math.floor(month), 0), self.M - 1)


def add(a: list[float], b: list[float], k: float = 1.0) -> list[float]:
    return [x + k * y for x, y in zip(a, b, strict=True)]


class Block:
    def __init__(self, prefix: str, op: Any, base_cap: list[float], base_users: list[float], new_cap: list[float],
                 new_users: list[float], wage: list[float], opening: float = NEVER, lead: float = 0.0,
                 delay: float = 0.0, sign: float = 1.0, rent: list[float] | None = None, new_places: bool = False,
                 calibrate: tuple = (None, None), start: float = 0.0, key: str | None = None,
                 attrition: list[float] | None = None) -> None:
        self.prefix, self.op, self.base_cap, self.base_users = prefix, op, base_cap, base_users
        self.new_cap, self.new_users, self.wage, self.opening, self.lead, self.delay = (
            new_cap, new_users, wage, opening, lead, delay)
        self.sign, self.rent, self.new_places, self.calibrate, self.start = sign, rent, new_places, calibrate, start
        self.key = key or prefix
        self.attrition = attrition

    def copy(self, **kw: Any) -> Block:
        b = Block.__new__(Block)
        b.__dict__.update(self.__dict__)
        b.__dict__.update(kw)
        return b

    @property
    def cap(self) -> list[float]:
        return add(self.base_cap, self.new_cap)

    @property
    def users(self) -> list[float]:
        return add(self.base_users, self.new_users)


def running(tr: Trial, op: Any, prefix: str, start: float = 0.0, wage: list[float] | None = None,
            calibrate: tuple = (None, None)) -> Block:
    on = tr.step(start)
    cap = tr.num(f"{prefix}.capacity")
    occ = tr.num(f"{prefix}.occupancy", lambda: tr.bench(op.service.value, "occupancy"))
    capacity = [cap * x for x in on]
    return Block(prefix, op, capacity, [c * occ for c in capacity], tr.zeros(), tr.zeros(),
                 wage if wage is not None else [1.0] * tr.M, calibrate=calibrate, start=start)


# --- revenue ---------------------------------------------------------------------------------------

def fee_hotel(tr: Trial, b: Block, fee_factor: list[float]) -> tuple[list[float], list[float]]:
    service = b.op.service.value
    info = R("service_info", service, on=tr.start)
    var = {**dict(info.default_variant or {}), **b.op.variant}
    days = tr.num(f"{b.prefix}.service_days_per_month", info.default_service_days_per_month or 0.0)
    per_user = tr.num(f"{b.prefix}.visits_per_user_month", info.default_visits_per_user_month or 0.0)
    mix = b.op.care_mix or R("default_care_mix", service, on=tr.start)
    weights = {lvl: tr.num(f"{b.prefix}.care_mix.{lvl}", float(mix.get(lvl, 0.0))) for lvl in info.care_levels}
    total = sum(weights.values())
    total = total if total > 0 else 1.0
    add_ons: dict[str, float] = {}
    for a in b.op.add_ons:
        for k, share in (R("typical_add_ons", service, on=tr.start) if a == ref.TYPICAL_MARKER else {a: 1.0}).items():
            add_ons[k] = add_ons.get(k, 0.0) + share
    grade = min(max(round(tr.num("organisation.region_grade")), 1), 8)
    hotel_rate = (tr.num(f"{b.prefix}.hotel_yen_per_user_day",
                         lambda: float(R("benchmark", service, "hotel_yen_per_user_day", on=tr.start, **var)))
                  if info.hotel_costs else 0.0)
    fee, hotel = [], []
    for t, users in enumerate(b.users):
        day = tr.days[t]
        vol = {"day": users * days, "visit": users * per_user, "month": users}
        mean = sum(w / total * R("fee_units", service, lvl, on=day, **var) for lvl, w in weights.items())
        units = vol[info.billing] * mean
        for k, share in add_ons.items():
            a = R("add_on", service, k, on=tr.start)
            units += vol[a.basis] * (share * float(a.units))
        units = units * (1.0 + R("wage_improvement_rate", service, b.op.wage_improvement_tier, on=day)) * fee_factor[t]
        fee.append(math.floor(units * R("yen_per_unit", service, grade, on=day) + 1e-6))
        hotel.append(math.floor(users * days * hotel_rate + 1e-6) if info.hotel_costs else 0.0)
    return fee, hotel


# --- staffing --------------------------------------------------------------------------------------

def required(tr: Trial, b: Block, users: float) -> dict[str, float]:
    service = b.op.service.value
    info = R("service_info", service, on=tr.start)
    var = {**dict(info.default_variant or {}), **b.op.variant}
    return dict(R("required_staff", service, float(users), on=tr.start, **var))


def care_role(tr: Trial, b: Block) -> str:
    need = required(tr, b, 100.0)
    return max(need, key=lambda r: need[r])


def plan(tr: Trial, b: Block, users: float, ratio: float, is_open: float, care: str) -> dict[str, float]:
    need = {r: v * is_open for r, v in required(tr, b, users).items()}
    extra = max(ratio / 10.0 * users * is_open - sum(need.values()), 0.0)
    return {r: v + (extra if r == care else 0.0) for r, v in need.items()}


def staff(tr: Trial, b: Block, turnover: float, growth_rate: float, social: float):
    """Per month: (required by role, planned by role, Σ hires, shortfall, personnel yen)."""
    service = b.op.service.value
    M = tr.M
    cap, users = b.cap, b.users
    set_ratio = tr.given(f"{b.prefix}.staff_per_10_users")
    care = care_role(tr, b)
    profiles = [R("size_profile", service, float(c), on=tr.start) for c in cap]
    ratios = [float(p[0]) if p is not None and not set_ratio else
              tr.num(f"{b.prefix}.staff_per_10_users", lambda: tr.bench(service, "staff_per_10_users"))
              for p in profiles]
    opened = [1.0 if c > 0 else 0.0 for c in cap]
    req = [{r: v * opened[t] for r, v in required(tr, b, users[t]).items()} for t in range(M)]
    if not b.new_places:
        planned = [plan(tr, b, users[t], ratios[t], opened[t], care) for t in range(M)]
        base = planned
    else:
        base_open = [1.0 if c > 0 else 0.0 for c in b.base_cap]
        base = [plan(tr, b, b.base_users[t], ratios[t], base_open[t], care) for t in range(M)]
        at_open = b.new_users[tr.at(b.opening)]
        target = []
        for t in range(M):
            hiring = t >= b.opening - b.lead
            new = b.new_users[t] if t >= b.opening else (at_open if hiring else 0.0)
            target.append(plan(tr, b, b.base_users[t] + new, ratios[t], max(base_open[t], float(hiring)), care))
        planned = []
        for t in range(M):
            src = t - b.delay
            lo = math.floor(src)
            frac = src - lo

            def pick(i: int, role: str) -> float:
                if i < 0:
                    return 0.0
                i = min(i, M - 1)
                return target[i][role] - base[i][role]

            planned.append({r: base[t][r] + (pick(lo, r) * (1 - frac) + pick(lo + 1, r) * frac) for r in base[t]})
    wage_level = tr.num("assumptions.wage_level")
    per_fte_flat = (float(R("benchmark", service, "personnel_cost_per_fte_yen", on=tr.start)) / 12.0
                    if R("has_benchmark", service, "personnel_cost_per_fte_yen", on=tr.start) else None)
    pooled = R("night_within_ratio", service, on=tr.start) and {"care_worker", "night_staff"} <= set(req[0])
    hires, short, personnel = [], [], []
    for t in range(M):
        pool = ("care_worker", "night_staff") if pooled else ()  # night posts filled from the care pool
        below = any(planned[t][r] < req[t][r] - 1e-6 for r in req[t] if r not in pool)
        if pool:
            below = below or sum(planned[t][r] for r in pool) < sum(req[t][r] for r in pool) - 1e-6
        short.append(1.0 if below and opened[t] > 0 else 0.0)
        per_fte = float(profiles[t][1]) / 12.0 if profiles[t] is not None else per_fte_flat
        h = cost = 0.0
        for r, fte in planned[t].items():
            before = planned[t - 1][r] if t > 0 else base[0][r]
            h += max(fte - before, 0.0) + fte * turnover / 12.0
            unit = per_fte if per_fte is not None else float(R("wage", r, on=tr.start)) * (1.0 + social)
            cost += fte * unit
        hires.append(h)
        growth = (1.0 + growth_rate) ** (tr.fy[t] - tr.fy[0])
        personnel.append(cost * b.wage[t] * growth * wage_level)
    return req, planned, hires, short, personnel


# --- evaluate blocks ---------------------------------------------------------------------------------

COLS = ("revenue_fee_yen", "revenue_hotel_yen", "personnel_yen", "recruiting_yen", "other_costs_yen", "rent_yen")


def other_costs(tr: Trial, b: Block, infl: list[float]) -> list[float]:
    """経費 a month: fixed per place and site + variable per user-day, visit and user-month, × scale × inflation."""
    service = b.op.service.value
    info = R("service_info", service, on=tr.start)
    cs = R("other_cost_structure", service, on=tr.start)
    scale = tr.num(f"{b.prefix}.other_cost_ratio", lambda: cs["survey_ratio"]) / cs["survey_ratio"]
    days = tr.num(f"{b.prefix}.service_days_per_month", info.default_service_days_per_month or 0.0)
    per_user = tr.num(f"{b.prefix}.visits_per_user_month", info.default_visits_per_user_month or 0.0)
    out = []
    for t, (cap, users) in enumerate(zip(b.cap, b.users, strict=True)):
        fixed = cap * (cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"]) / 12.0
        fixed += (1.0 if cap > 0 else 0.0) * cs["fixed_yen_per_site_year"] / 12.0
        variable = (users * days * (cs["food_yen_per_user_day"] + cs["supplies_yen_per_user_day"])
                    + users * per_user * cs["yen_per_visit"] + users * cs["yen_per_user_month"])
        out.append((fixed + variable) * scale * infl[t])
    return out


def annualised(tr: Trial, x: list[float], start: float) -> float:
    mask = tr.window(start, start + 12)
    return sum(a * m for a, m in zip(x, mask, strict=True)) * 12 / max(sum(mask), 1.0)


def evaluate(tr: Trial, blocks: list[Block], other_factor: list[float], common: dict,
             scales: dict | None = None) -> tuple[dict[str, list[float]], dict]:
    cols = {c: tr.zeros() for c in COLS}
    scales = dict(scales or {})
    for b in blocks:
        fee, hotel = fee_hotel(tr, b, common["fee_factor"])
        _, planned, hires, short, personnel = staff(tr, b, common["turnover"], common["wage_growth"], common["social"])
        attr = b.attrition or tr.zeros()
        running = [h * common["cost_per_hire"] for h in hires]  # the accounts: without the deal's attrition
        hires = [h + sum(planned[t].values()) * attr[t] for t, h in enumerate(hires)]
        recruiting = [h * common["cost_per_hire"] for h in hires]
        rent = b.rent if b.rent is not None else [
            tr.num(f"{b.prefix}.rent_yen_per_month") * (1.0 if c > 0 else 0.0) for c in b.cap]
        other = other_costs(tr, b, common["inflation"])
        basis = float(R("pay_basis_rate", b.op.service.value, on=tr.start))
        if b.key in scales:
            rs, cs = scales[b.key]
        else:
            actual_rev, actual_cost = b.calibrate
            rs = cs = 1.0
            if actual_rev is not None:
                modelled = annualised(tr, add(fee, hotel), b.start)
                rs = actual_rev / modelled if modelled > 0 else 1.0
            if actual_cost is not None:
                level = tr.num("assumptions.wage_level")  # calibrate at today's pay, as the engine does
                variable = annualised(tr, [personnel[t] / level + running[t] + other[t] for t in range(tr.M)],
                                      b.start)
                target = actual_cost - annualised(tr, rent, b.start)
                cs = max(target / variable if variable > 0 else 1.0, 0.0)
            if actual_rev is not None or actual_cost is not None:
                scales[b.key] = (rs, cs)
        for t in range(tr.M):
            f, h = math.floor(fee[t] * rs), math.floor(hotel[t] * rs)
            if short[t] > 0:  # 人員基準欠如減算 on the 介護報酬 of the month
                f = math.floor(f * float(R("get", "fee.staffing_shortfall_factor", on=tr.start)))
            rate = R("wage_improvement_rate", b.op.service.value, b.op.wage_improvement_tier, on=tr.days[t])
            payout = f * (rate - basis) / (1.0 + rate)  # 処遇改善加算 above the pay basis, paid out as wages
            values = (f, h, personnel[t] * cs + payout, recruiting[t] * cs,
                      other[t] * cs * other_factor[t], rent[t])
            for c, v in zip(COLS, values, strict=True):
                cols[c][t] += b.sign * v
    return cols, scales


# --- costs, financing --------------------------------------------------------------------------------

def straight_line(tr: Trial, cost: float, start: float, life: float) -> list[float]:
    months = max(round(life * 12.0), 1.0)
    return [cost / months if start <= t < start + months else 0.0 for t in range(tr.M)]


def construction(tr: Trial, prefix: str, service: str, places: float, opening: float, lead: float, ch: dict) -> None:
    spec = resolve(tr.s, prefix)
    c = f"{prefix}.construction"

    def given_or(path: str, fallback: Callable[[], float]) -> float:
        return tr.num(path) if tr.given(path) else fallback()

    def cref(name: str) -> float:
        return float(R("construction", name, service=service, on=tr.start))

    if spec.construction.kind == "none":
        building = 0.0
    else:
        building = (given_or(f"{c}.floor_area_m2", lambda: places * cref("m2_per_place"))
                    * given_or(f"{c}.cost_per_m2_yen", lambda: cref("cost_per_m2_yen")))
    building += tr.num(f"{c}.fit_out_yen")
    equipment = given_or(f"{c}.equipment_yen", lambda: places * cref("equipment_yen_per_place"))
    prep = given_or(f"{c}.opening_prep_yen", lambda: places * cref("opening_prep_yen_per_place"))
    bm = tr.num(f"{c}.months_to_build")
    capex = add(tr.spread(building, opening - bm, bm), tr.spread(equipment, opening - 1, 1.0))
    dep = add(straight_line(tr, building, opening, tr.num(f"{c}.building_life_years")),
              straight_line(tr, equipment, opening, tr.num(f"{c}.equipment_life_years")))
    item(ch, "capex_yen", capex)
    item(ch, "one_off_costs_yen", tr.spread(prep, opening - max(lead, 1.0), max(lead, 1.0)))
    item(ch, "depreciation_yen", dep)
    book, acc = [], 0.0
    for t in range(tr.M):
        acc += capex[t] - dep[t]
        book.append(acc)
    item(ch, "fixed_assets_yen", book)
    ch["new_dep"] = add(ch["new_dep"], dep)
    ch["dep_total"] += building + equipment


def loan(tr: Trial, amount: float, rate: float, years: int, grace_m: float, method: str, d: float) -> dict:
    i, total = rate / 12.0, float(years * 12)
    grace = min(max(math.floor(grace_m), 0), total - 1)
    n = total - grace
    annuity = i > 1e-9
    pay = amount * i / (1.0 - (1.0 + i) ** (-n)) if annuity else 0.0

    def bal(k: float) -> float:
        if method == "equal_payment" and annuity:
            g = (1.0 + i) ** k
            return amount * g - pay * (g - 1.0) / i
        return amount * (1.0 - k / n)

    out = {k: tr.zeros() for k in ("drawn", "interest", "principal", "balance")}
    for t in range(tr.M):
        j = t - math.floor(d)
        k, kp = min(max(j - grace, 0), n), min(max(j - 1 - grace, 0), n)
        balance = bal(k) if j >= 0 else 0.0
        prev = bal(kp) if j >= 1 else 0.0
        out["balance"][t] = balance
        out["principal"][t] = prev - balance if j >= 1 else 0.0
        out["interest"][t] = prev * i if 1 <= j <= total else 0.0
        out["drawn"][t] = amount if j == 0 else 0.0
    return out


def old_debt(tr: Trial, balance: float, per_year: float, start: float = 0.0) -> dict:
    out = {k: tr.zeros() for k in ("drawn", "interest", "principal", "balance")}
    for t in range(tr.M):
        e = t - math.floor(start)
        if e >= 0:
            by, before = min(per_year / 12.0 * (e + 1.0), balance), min(per_year / 12.0 * e, balance)
            out["principal"][t], out["balance"][t] = by - before, balance - by
    return out


def add_debt(a: dict, b: dict) -> dict:
    return {k: add(a[k], b[k]) for k in a}


# --- paths -----------------------------------------------------------------------------------------

def new_changes(tr: Trial) -> dict:
    return {"replace": {}, "add": [], "items": {}, "debt": [], "new_dep": tr.zeros(), "dep_total": 0.0,
            "own_wage": [1.0] * tr.M, "other_factor": [1.0] * tr.M}


def item(ch: dict, name: str, values: list[float]) -> None:
    ch["items"][name] = add(ch["items"].get(name) or [0.0] * len(values), values)


def ramp_users(tr: Trial, p: str, places: float) -> tuple[float, float, list[float], list[float]]:
    opening, lead = tr.num(f"{p}.opening_month"), tr.num(f"{p}.hiring_lead_months")
    start, ceiling = tr.num(f"{p}.ramp.start"), tr.num(f"{p}.ramp.ceiling")
    mtc = tr.num(f"{p}.ramp.months_to_ceiling")
    users = []
    for t in range(tr.M):
        since = t - opening
        progress = min(max(since / mtc if mtc > 0 else 1.0, 0.0), 1.0)
        users.append(places * (start + (ceiling - start) * progress) if since >= 0 else 0.0)
    return opening, lead, [places * x for x in tr.step(opening)], users


def capacity_path(tr: Trial, org: list[Block], spec: CapacityIncrease, p: str, ch: dict) -> None:
    base = org[spec.service_index]
    added = tr.num(f"{p}.added_capacity")
    opening, lead, cap, users = ramp_users(tr, p, added)
    delay = tr.num("market.hiring_delay_months")
    if spec.new_site:
        ch["add"].append(base.copy(base_cap=tr.zeros(), base_users=tr.zeros(), new_cap=cap, new_users=users,
                                   opening=opening, lead=lead, delay=delay, rent=tr.zeros(), new_places=True,
                                   calibrate=(None, None), key=p))
    else:
        ch["replace"][spec.service_index] = base.copy(new_cap=cap, new_users=users, opening=opening, lead=lead,
                                                      delay=delay, new_places=True)
    construction(tr, p, base.op.service.value, added, opening, lead, ch)
    saving = tr.num(f"{p}.shared_management_saving_yen_per_year") / 12.0
    item(ch, "personnel_yen", [-saving * x for x in tr.step(opening)])


def new_service_path(tr: Trial, spec: NewService, p: str, ch: dict) -> None:
    op = f"{p}.operation"
    places = tr.num(f"{op}.capacity")
    opening, lead, cap, users = ramp_users(tr, p, places)
    referrals, ceiling = tr.num(f"{p}.referrals_per_month_from_own_services"), tr.num(f"{p}.ramp.ceiling")
    users = [max(min(u + referrals * max(t - opening + 1.0, 0.0), places * ceiling * (1.0 if t >= opening else 0.0)),
                 0.0) for t, u in enumerate(users)]
    ch["add"].append(Block(op, spec.operation, tr.zeros(), tr.zeros(), cap, users, [1.0] * tr.M, opening=opening,
                           lead=lead, delay=tr.num("market.hiring_delay_months"), new_places=True, key=p))
    construction(tr, p, spec.operation.service.value, places, opening, lead, ch)
    marketing = tr.num(f"{p}.startup_marketing_yen")
    item(ch, "one_off_costs_yen", [marketing if t == max(opening - 1.0, 0.0) else 0.0 for t in range(tr.M)])


def partner_blocks(tr: Trial, profile: Any, prefix: str, start: float, wage: list[float]) -> list[Block]:
    one = len(profile.services) == 1
    rev = tr.num(f"{prefix}.revenue_yen_per_year") if one and tr.given(f"{prefix}.revenue_yen_per_year") else None
    cost = tr.num(f"{prefix}.costs_yen_per_year") if one and tr.given(f"{prefix}.costs_yen_per_year") else None
    return [running(tr, op, f"{prefix}.services.{j}", start, wage, (rev, cost)) for j, op in enumerate(profile.services)]


def totals_items(tr: Trial, profile: Any, prefix: str, start: float, ch: dict, sign: float = 1.0) -> None:
    if profile.services:
        return
    on = [x * sign for x in tr.step(start)]
    if tr.given(f"{prefix}.revenue_yen_per_year"):
        item(ch, "revenue_other_yen", [tr.num(f"{prefix}.revenue_yen_per_year") / 12.0 * x for x in on])
    if tr.given(f"{prefix}.costs_yen_per_year"):
        item(ch, "other_costs_yen", [tr.num(f"{prefix}.costs_yen_per_year") / 12.0 * x for x in on])


def balance_sheet(tr: Trial, prefix: str, start: float, ch: dict, book: float, pnl_start: float,
                  sign: float = 1.0) -> None:
    monthly = tr.num(f"{prefix}.annual_depreciation_yen") / 12.0
    value, dep = [], []
    for t in range(tr.M):
        e = max(t - pnl_start + 1.0, 0.0)
        value.append(sign * max(book - monthly * e, 0.0) * (1.0 if t >= start else 0.0))
        dep.append(sign * min(monthly * (1.0 if t >= pnl_start else 0.0), max(book - monthly * (e - 1.0), 0.0)))
    item(ch, "fixed_assets_yen", value)
    item(ch, "depreciation_yen", dep)
    cash = tr.num(f"{prefix}.cash_yen")
    item(ch, "other_cash_flow_yen", [sign * cash if t == math.floor(start) else 0.0 for t in range(tr.M)])
    ch["debt"].append(old_debt(tr, tr.num(f"{prefix}.debt_yen"), tr.num(f"{prefix}.debt_service_yen_per_year"), start))


def merger_path(tr: Trial, spec: Merger, p: str, ch: dict, common: dict) -> None:
    pp = f"{p}.partner"
    eff = tr.num(f"{p}.approval_lead_months")
    on = tr.step(eff)
    level = tr.num(f"{pp}.wage_level_vs_own")
    if spec.harmonise_wages_to_higher:
        scale = max(level, 1.0)
        ch["own_wage"] = [w * (1.0 + (scale - 1.0) * x) for w, x in zip(ch["own_wage"], on, strict=True)]
        wage = [scale] * tr.M
    else:
        wage = [level] * tr.M
    attrition = [tr.num(f"{p}.extra_attrition_first_year") / 12.0 * x for x in tr.window(eff, eff + 12.0)]
    ch["add"] += [b.copy(attrition=attrition) for b in partner_blocks(tr, spec.partner, pp, eff, wage)]
    totals_items(tr, spec.partner, pp, eff, ch)
    if not spec.partner.services:
        hires = [tr.num(f"{pp}.staff_headcount") * a for a in attrition]
        item(ch, "hires", hires)
        item(ch, "recruiting_yen", [h * common["cost_per_hire"] for h in hires])
    balance_sheet(tr, pp, eff, ch, tr.num(f"{pp}.fixed_assets_fair_value_yen"), eff)
    s = f"{p}.synergies"
    months, realisation = tr.num(f"{s}.phase_in_months"), tr.num(f"{s}.realisation")
    backoffice = tr.num(f"{s}.backoffice_fte_removed") * tr.num(f"{s}.backoffice_wage_yen_per_year") / 12.0
    recruit = tr.num(f"{s}.shared_recruiting_saving_yen_per_year") / 12.0
    share = tr.num(f"{s}.procurement_saving_share")
    pers, rec = [], []
    for t in range(tr.M):
        since = t - eff + 1.0
        realised = min(max(since / months if months > 0 else 1.0, 0.0), 1.0) * on[t] * realisation
        growth = (1.0 + common["wage_growth"]) ** (tr.fy[t] - tr.fy[0])
        pers.append(-backoffice * growth * (1.0 + common["social"]) * realised)
        rec.append(-recruit * realised)
        ch["other_factor"][t] *= 1.0 - share * realised
    item(ch, "personnel_yen", pers)
    item(ch, "recruiting_yen", rec)
    i = f"{p}.integration"
    integration = tr.num(f"{i}.systems_yen") + tr.num(f"{i}.legal_and_registration_yen") + tr.num(f"{i}.other_yen")
    dd, at_eff = tr.num(f"{i}.due_diligence_yen"), tr.at(eff)
    item(ch, "one_off_costs_yen", [(dd if t == 0 else 0.0) + (integration if t == at_eff else 0.0)
                                   for t in range(tr.M)])


def acquired(tr: Trial, spec: BusinessTransfer, p: str, common: dict,
             scales: dict | None = None) -> tuple[list[Block], list[float], float, float]:
    b = f"{p}.business"
    transfer = tr.num(f"{p}.transfer_month")
    start = transfer + tr.num(f"{p}.designation_lead_months") if spec.role == "buyer" else transfer
    blocks = partner_blocks(tr, spec.business, b, start, [tr.num(f"{b}.wage_level_vs_own")] * tr.M)
    on = tr.step(start)
    if blocks:
        cols, _ = evaluate(tr, blocks, [1.0] * tr.M, common, scales)
        profit = [cols["revenue_fee_yen"][t] + cols["revenue_hotel_yen"][t] - cols["personnel_yen"][t]
                  - cols["recruiting_yen"][t] - cols["other_costs_yen"][t] - cols["rent_yen"][t] for t in range(tr.M)]
    else:
        profit = tr.zeros()
    if not spec.business.services:
        rev = tr.num(f"{b}.revenue_yen_per_year") if tr.given(f"{b}.revenue_yen_per_year") else 0.0
        cost = tr.num(f"{b}.costs_yen_per_year") if tr.given(f"{b}.costs_yen_per_year") else 0.0
        profit = [x + (rev - cost) / 12.0 * o for x, o in zip(profit, on, strict=True)]
    return blocks, profit, start, transfer


def deal_earnings(tr: Trial, spec: BusinessTransfer, p: str, profit: list[float], start: float,
                  transfer: float) -> float | None:
    """What the price is set on: first-year profit less depreciation (≥ 0), or the discounted flows."""
    if spec.valuation.price_yen is not None or f"{p}.valuation.price_yen" in tr.over:
        return None
    if spec.valuation.method == "net_assets_plus_earnings":
        first = sum(x for t, x in enumerate(profit) if start <= t < start + 12)
        return max(first - tr.num(f"{p}.business.annual_depreciation_yen"), 0.0)
    r = tr.num("assumptions.discount_rate")
    pv = sum(x * (1.0 + r) ** (-(t + 1.0) / 12.0) for t, x in enumerate(profit))
    return pv * (1.0 + r) ** ((math.floor(transfer) + 1.0) / 12.0)


def stated_earnings(s: Scenario, base: Trial, common: dict) -> dict[int, float | None]:
    """The deal earnings of each business transfer as the file states them (the engine prices on these
    when inputs are overridden)."""
    out = {}
    for k, spec in enumerate(s.paths):
        if isinstance(spec, BusinessTransfer) and spec.valuation.price_yen is None:
            _, profit, start, transfer = acquired(base, spec, f"paths.{k}", common)
            out[k] = deal_earnings(base, spec, f"paths.{k}", profit, start, transfer)
    return out


def transfer_path(tr: Trial, spec: BusinessTransfer, p: str, ch: dict, common: dict, stated: dict) -> None:
    b = f"{p}.business"
    buyer = spec.role == "buyer"
    weight = 1.0 - tr.num(f"{p}.subsidised_property_approval_risk")
    blocks, profit, start, transfer = acquired(tr, spec, p, common, stated.get("scales"))
    earnings = deal_earnings(tr, spec, p, profit, start, transfer)
    k = int(p.split(".")[1])
    if earnings is not None and k in stated.get("earnings", {}):
        earnings = stated["earnings"][k]
    if earnings is None:
        value = tr.num(f"{p}.valuation.price_yen")
    else:
        net = (tr.num(f"{b}.fixed_assets_fair_value_yen") + tr.num(f"{b}.other_assets_yen") + tr.num(f"{b}.cash_yen")
               - tr.num(f"{b}.debt_yen"))
        if spec.valuation.method == "net_assets_plus_earnings":
            value = max(net + earnings * tr.num(f"{p}.valuation.earnings_years"), 0.0)
        else:
            value = max(net + earnings, 0.0)
    at_t, at_s = tr.at(transfer), tr.at(start)
    dd, broker = tr.num(f"{p}.due_diligence_yen"), tr.num(f"{p}.broker_fee_share") * value
    item(ch, "one_off_costs_yen", [(dd if t == 0 else 0.0) + (weight * broker if t == at_t else 0.0)
                                   for t in range(tr.M)])
    sign = weight if buyer else -weight
    lost = [(1.0 - tr.num(f"{p}.staff_retention")) * (1.0 if t == at_s else 0.0) for t in range(tr.M)] if buyer else None
    ch["add"] += [blk.copy(sign=sign, attrition=lost) for blk in blocks]
    totals_items(tr, spec.business, b, start, ch, sign)
    if buyer:
        if not spec.business.services:
            hires = [weight * tr.num(f"{b}.staff_headcount") * x for x in lost]
            item(ch, "hires", hires)
            item(ch, "recruiting_yen", [h * common["cost_per_hire"] for h in hires])
        item(ch, "capex_yen", [weight * value if t == at_t else 0.0 for t in range(tr.M)])
        i = f"{p}.integration"
        integ = (tr.num(f"{i}.systems_yen") + tr.num(f"{i}.legal_and_registration_yen") + tr.num(f"{i}.other_yen")
                 + tr.num(f"{i}.due_diligence_yen"))
        item(ch, "one_off_costs_yen", [weight * integ if t == at_s else 0.0 for t in range(tr.M)])
        balance_sheet(tr, b, transfer, ch, value - tr.num(f"{b}.cash_yen") + tr.num(f"{b}.debt_yen"), start, weight)
    else:
        item(ch, "other_cash_flow_yen", [weight * value if t == at_t else 0.0 for t in range(tr.M)])
        fair, monthly = tr.num(f"{b}.fixed_assets_fair_value_yen"), tr.num(f"{b}.annual_depreciation_yen") / 12.0
        fa, dep = [], []
        for t in range(tr.M):
            e, on_t = max(t - transfer + 1.0, 0.0), 1.0 if t >= transfer else 0.0
            fa.append(-weight * max(fair - monthly * e, 0.0) * on_t)
            dep.append(-weight * min(monthly, max(fair - monthly * (e - 1.0), 0.0)) * on_t)
        item(ch, "fixed_assets_yen", fa)
        item(ch, "depreciation_yen", dep)


# --- projection ------------------------------------------------------------------------------------

def finish(tr: Trial, cols: dict, items: dict, debt: dict, subsidy: list[float], release: list[float],
           opening_fee: float, tax_rate: float) -> list[float]:
    """Monthly cash flow of one side (plan or baseline)."""
    g = {k: items.get(k) or tr.zeros() for k in ("revenue_other_yen", "one_off_costs_yen", "depreciation_yen",
                                                  "capex_yen", "other_cash_flow_yen", "personnel_yen",
                                                  "recruiting_yen", "other_costs_yen", "rent_yen")}
    lag = min(max(round(tr.num("assumptions.receivable_lag_months")), 0), MAX_LAG)
    fee = cols["revenue_fee_yen"]
    cum = taxed = 0.0
    flows = []
    for t in range(tr.M):
        revenue = fee[t] + cols["revenue_hotel_yen"][t] + g["revenue_other_yen"][t]
        profit = (revenue - (cols["personnel_yen"][t] + g["personnel_yen"][t])
                  - (cols["recruiting_yen"][t] + g["recruiting_yen"][t])
                  - (cols["other_costs_yen"][t] + g["other_costs_yen"][t]) - (cols["rent_yen"][t] + g["rent_yen"][t])
                  - g["one_off_costs_yen"][t] - g["depreciation_yen"][t] + release[t])
        pre = profit - debt["interest"][t]
        cum += pre
        new_taxed = max(taxed, cum, 0.0)
        tax = (new_taxed - taxed) * tax_rate
        taxed = new_taxed
        leaving = (fee[t - lag] if t - lag >= 0 else opening_fee) if lag > 0 else fee[t]
        receivable = fee[t] - leaving
        flows.append(pre - tax + g["depreciation_yen"][t] - release[t] - g["capex_yen"][t] + subsidy[t]
                     + debt["drawn"][t] - debt["principal"][t] - receivable + g["other_cash_flow_yen"][t])
    return flows


def org_and_common(s: Scenario, tr: Trial) -> tuple[list[Block], dict]:
    """The organisation's running services and the inputs every block evaluation shares, for one trial."""
    M = tr.M
    a = s.assumptions
    fee_factor = [1.0] * M
    for k, rev in enumerate(a.fee_revisions):
        change = tr.num(f"assumptions.fee_revisions.{k}.change")
        month = (rev.date.year - tr.start.year) * 12 + rev.date.month - tr.start.month
        fee_factor = [f * (1.0 + change * (1.0 if t >= month else 0.0)) for t, f in enumerate(fee_factor)]
    inflation = tr.num("assumptions.inflation_per_year")
    labour = {k: float(R("labour", k, on=tr.start)) for k in ("turnover_rate", "agency_fee_yen", "ad_cost_per_hire_yen")}
    common = {"fee_factor": fee_factor,
              "turnover": tr.num("assumptions.turnover_rate_per_year", labour["turnover_rate"]),
              "wage_growth": tr.num("assumptions.wage_growth_per_year"),
              "social": float(R("social_insurance_rate", on=tr.start)),
              "cost_per_hire": tr.num("assumptions.agency_hire_share") * labour["agency_fee_yen"]
              + labour["ad_cost_per_hire_yen"],
              "inflation": [(1.0 + inflation) ** (fy - tr.fy[0]) for fy in tr.fy]}
    org = []
    for k, op in enumerate(s.organisation.services):
        p = f"organisation.services.{k}"
        cal = tuple(tr.num(f"{p}.{n}") if tr.given(f"{p}.{n}") else None
                    for n in ("actual_revenue_yen_per_year", "actual_costs_yen_per_year"))
        org.append(running(tr, op, p, calibrate=cal))
    return org, common


def path_changes(s: Scenario, tr: Trial, org: list[Block], common: dict, stated: dict) -> dict:
    ch = new_changes(tr)
    for k, spec in enumerate(s.paths):
        p = f"paths.{k}"
        if isinstance(spec, CapacityIncrease):
            capacity_path(tr, org, spec, p, ch)
        elif isinstance(spec, NewService):
            new_service_path(tr, spec, p, ch)
        elif isinstance(spec, Merger):
            merger_path(tr, spec, p, ch, common)
        elif isinstance(spec, BusinessTransfer):
            transfer_path(tr, spec, p, ch, common, stated)
    return ch


def one_trial(s: Scenario, overrides: Mapping[str, Sequence[float]], i: int) -> tuple[float, float, list[float]]:
    tr = Trial(s, overrides, i)
    M = tr.M
    org, common = org_and_common(s, tr)
    fixed, stated = None, {}
    if overrides:  # calibrate to the accounts and price transfers as the file states them, as the engine does
        base = Trial(s, {}, 0)
        base_org, base_common = org_and_common(s, base)
        _, fixed = evaluate(base, base_org, [1.0] * base.M, base_common)
        earnings = stated_earnings(s, base, base_common)
        _, fixed = evaluate(base, path_changes(s, base, base_org, base_common, {})["add"], [1.0] * base.M,
                            base_common, fixed)
        stated = {"scales": fixed, "earnings": earnings}
    corp = s.organisation.corp_type
    tax_rate = 0.0 if corp == CorpType.social_welfare else float(R("corporate_tax_rate", corp.value, on=tr.start))

    base_cols, scales = evaluate(tr, org, [1.0] * M, common, fixed)
    opening_fee = base_cols["revenue_fee_yen"][0]
    o = "organisation"
    monthly, assets0 = tr.num(f"{o}.annual_depreciation_yen") / 12.0, tr.num(f"{o}.fixed_assets_yen")
    assets = [max(assets0 - monthly * (t + 1.0), 0.0) for t in range(M)]
    org_items = {"depreciation_yen": [(assets[t - 1] if t else assets0) - assets[t] for t in range(M)],
                 "fixed_assets_yen": assets}
    org_debt = old_debt(tr, tr.num(f"{o}.existing_debt_yen"), tr.num(f"{o}.existing_debt_service_yen_per_year"))
    base_flow = finish(tr, base_cols, org_items, org_debt, tr.zeros(), tr.zeros(), opening_fee, tax_rate)

    ch = path_changes(s, tr, org, common, stated)
    blocks = [ch["replace"].get(k, b) for k, b in enumerate(org)]
    blocks = [b.copy(wage=[w * f for w, f in zip(b.wage, ch["own_wage"], strict=True)]) for b in blocks] + ch["add"]
    plan_cols, _ = evaluate(tr, blocks, ch["other_factor"], common, scales)
    items = {k: list(v) for k, v in org_items.items()}
    for k, v in ch["items"].items():
        items[k] = add(items.get(k) or tr.zeros(), v)
    plan_cols = dict(plan_cols)
    for k in ("personnel_yen", "recruiting_yen", "other_costs_yen", "rent_yen"):
        items[k] = items.get(k) or tr.zeros()
    debt = org_debt
    for k, spec in enumerate(s.financing.loans):
        p = f"financing.loans.{k}"
        debt = add_debt(debt, loan(tr, tr.num(f"{p}.amount_yen"), tr.num(f"{p}.annual_rate"), spec.years,
                                   tr.num(f"{p}.grace_months"), spec.method, tr.num(f"{p}.drawdown_month")))
    for extra in ch["debt"]:
        debt = add_debt(debt, extra)
    capital, other = tr.zeros(), tr.zeros()
    for k, sub in enumerate(s.financing.subsidies):
        cash = tr.spread(tr.num(f"financing.subsidies.{k}.amount_yen"), tr.num(f"financing.subsidies.{k}.month"), 1.0)
        capital, other = (add(capital, cash), other) if sub.kind == "capital" else (capital, add(other, cash))
    release, done_dep, received, before = [], 0.0, 0.0, 0.0
    for t in range(M):
        done_dep += ch["new_dep"][t]
        received += capital[t]
        share = done_dep / ch["dep_total"] if ch["dep_total"] > 0 else 1.0
        released = received * min(max(share, 0.0), 1.0)
        release.append(released - before + other[t])
        before = released
    plan_flow = finish(tr, plan_cols, items, debt, add(capital, other), release, opening_fee, tax_rate)

    cash0 = tr.num("organisation.cash_yen")
    cash, acc = [], cash0
    for f in plan_flow:
        acc += f
        cash.append(acc)
    rate = tr.num("assumptions.discount_rate")
    plan_res = items["fixed_assets_yen"][-1] - debt["balance"][-1]
    base_res = org_items["fixed_assets_yen"][-1] - org_debt["balance"][-1]
    disc = [(1.0 + rate) ** (-(t + 1.0) / 12.0) for t in range(M)]
    npv = sum((p - b) * d for p, b, d in zip(plan_flow, base_flow, disc, strict=True)) + (plan_res - base_res) * disc[-1]
    return npv, min(cash), cash


def run(scenario: Scenario, trials: int = 1, overrides: Mapping[str, Sequence[float]] | None = None) -> dict[str, list]:
    """NPV, lowest cash and the monthly cash of every trial (plain Python)."""
    over = {k: [float(x) for x in v] for k, v in (overrides or {}).items()}
    out: dict[str, list] = {"npv_yen": [], "lowest_cash_yen": [], "cash_yen": []}
    for i in range(trials):
        npv, low, cash = one_trial(scenario, over, i)
        out["npv_yen"].append(npv)
        out["lowest_cash_yen"].append(low)
        out["cash_yen"].append(cash)
    return out
