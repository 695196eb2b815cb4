"""STEP 1 大規模化を検討する, computed: the organisation today and which of the paths fit it.

- :func:`today` — capacity, capacity-weighted occupancy, revenue, margin (収支差率, after 減価償却費)
  and personnel ratio of the organisation as it is (the stated accounts where every service has them,
  else the model's first year of doing nothing);
- :func:`situation` — what the fit rules look at, from the scenario and :func:`today`;
- :func:`assess` — the paths (協働化 first), each with its reasons for and against (message keys
  ``ui.fit.pro.*`` / ``ui.fit.con.*``).

The rules are simple rules of thumb; their thresholds are this tool's assumptions, kept with their
reasoning in ``simulator/reference/rules.toml`` (confidence ``assumption``) and shown on the page next to
the result. The page only renders what these functions return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator import reference
from simulator.engine import simulate as engine_simulate
from simulator.scenario import Scenario

# 協働化 first: the guideline's chapter 1, the alternative to look at before growing alone
PATH_KINDS: tuple[str, ...] = ("collaboration", "capacity_increase", "new_service", "merger", "business_transfer")
RULES = {"full_occupancy": "rules.fit.full_occupancy", "tight_labour": "rules.fit.tight_labour",
         "thin_margin": "rules.fit.thin_margin", "small_services": "rules.fit.small_services"}


@dataclass(frozen=True)
class Today:
    """The organisation today (doing nothing). Amounts in yen a year, shares of 1; None = unknown."""

    capacity: int
    occupancy: float | None
    revenue: float | None = None
    margin: float | None = None
    personnel_ratio: float | None = None
    basis: str = ""  # "actual" (the stated accounts), "model" (the engine's first year) or "" (neither)


@dataclass(frozen=True)
class Rules:
    """Thresholds of the fit rules (assumptions of this tool, from the reference data)."""

    full_occupancy: float  # occupancy at or above this: demand exceeds the places
    tight_labour: float  # labour_tightness at or above this: hiring is hard
    thin_margin: float  # margin below this: the organisation is fragile on its own
    small_services: float  # this many services or fewer: back office and recruiting weigh on a small corporation


@dataclass(frozen=True)
class Situation:
    """What STEP 1 found about the organisation and its market."""

    occupancy: float | None  # capacity-weighted, None = unknown
    margin: float | None  # 収支差率, None = unknown
    service_count: int
    demand_growth: float
    labour_tightness: float
    public_call_windows: int
    plan_room: float | None  # 見込量 minus places in the area that we know of; None = not entered


@dataclass(frozen=True)
class Fit:
    kind: str
    pros: list[str] = field(default_factory=list)  # message keys (ui.fit.pro.*)
    cons: list[str] = field(default_factory=list)  # message keys (ui.fit.con.*)

    @property
    def fits(self) -> bool:
        return len(self.pros) > len(self.cons)


def rule_entries(on: dt.date) -> dict[str, Any]:
    """The reference entries (value, source, confidence) of the fit thresholds on ``on``."""
    return {name: reference.lookup(param_id, on) for name, param_id in RULES.items()}


def rules(on: dt.date) -> Rules:
    """The fit thresholds in force on ``on``."""
    return Rules(**{name: float(found.value) for name, found in rule_entries(on).items()})


def _benchmark_occupancy(service: str, on: dt.date) -> float | None:
    try:
        return float(reference.benchmark_entry(service, "occupancy", on=on).value)
    except LookupError:  # no survey figure for this service
        return None


def today(scenario: Scenario, simulate: Callable[[Scenario], Any] = engine_simulate) -> Today:
    """The organisation today. ``simulate`` runs the do-nothing scenario (default the engine's
    ``simulate``; the app passes its cached call, which returns None when the engine refused)."""
    services = scenario.organisation.services
    on = scenario.assumptions.start_date
    capacity = sum(x.capacity for x in services)
    stated = [(x.capacity, x.occupancy if x.occupancy is not None else _benchmark_occupancy(x.service.value, on))
              for x in services]
    known = [(c, o) for c, o in stated if o is not None]
    occupancy = sum(c * o for c, o in known) / sum(c for c, _ in known) if known else None
    revenue = margin = personnel = None
    basis = ""
    if services and all(x.actual_revenue_yen_per_year and x.actual_costs_yen_per_year is not None
                        for x in services):
        revenue = float(sum(x.actual_revenue_yen_per_year or 0 for x in services))
        costs = sum(x.actual_costs_yen_per_year or 0 for x in services)
        # the stated costs exclude 減価償却費 (schema): the margin, like the model's and the surveys', is after it
        margin = (revenue - costs - scenario.organisation.annual_depreciation_yen) / revenue
        basis = "actual"
    if services:
        result = simulate(scenario.without_plan())
        if result is not None and len(result.annual):
            first = result.annual.iloc[0]
            if first.get("revenue_yen", 0):
                if revenue is None:
                    revenue = float(first["revenue_yen"])
                    margin = float(first["operating_profit_yen"]) / float(first["revenue_yen"])
                    basis = "model"
                personnel = float(first["personnel_yen"]) / float(first["revenue_yen"])
    return Today(capacity=capacity, occupancy=occupancy, revenue=revenue, margin=margin,
                 personnel_ratio=personnel, basis=basis)


def situation(scenario: Scenario, now: Today) -> Situation:
    """What the fit rules look at: today's occupancy and margin, the market, the municipal plan's room."""
    market = scenario.market
    plan_room = None
    if market.municipal_plan_volume is not None:
        plan_room = market.municipal_plan_volume - now.capacity - market.competing_places_planned
    return Situation(occupancy=now.occupancy, margin=now.margin, service_count=len(scenario.organisation.services),
                     demand_growth=market.demand_growth_per_year, labour_tightness=market.labour_tightness,
                     public_call_windows=len(market.public_call_windows), plan_room=plan_room)


def assess(s: Situation, r: Rules) -> list[Fit]:
    """The paths (協働化 first), each with the reasons for and against."""
    full = s.occupancy is not None and s.occupancy >= r.full_occupancy
    growing = s.demand_growth > 0
    tight = s.labour_tightness >= r.tight_labour
    thin = s.margin is not None and s.margin < r.thin_margin
    room = s.plan_room is None or s.plan_room > 0

    collab = Fit("collaboration")
    collab.pros.extend(k for k, ok in (("thin", thin), ("tight_shared", tight),
                                       ("small", s.service_count <= r.small_services), ("not_growing", not growing))
                       if ok)
    collab.cons.extend(k for k, ok in (("no_services", s.service_count == 0),) if ok)
    cap = Fit("capacity_increase")
    cap.pros.extend(k for k, ok in (("full", full), ("growing", growing), ("call", s.public_call_windows > 0)) if ok)
    cap.cons.extend(k for k, ok in (("tight", tight), ("no_room", not room), ("not_full", not full and
                                                                                s.occupancy is not None)) if ok)
    new = Fit("new_service")
    new.pros.extend(k for k, ok in (("growing", growing), ("single", s.service_count <= 1)) if ok)
    new.cons.extend(k for k, ok in (("tight", tight), ("no_room", not room)) if ok)
    merger = Fit("merger")
    merger.pros.extend(k for k, ok in (("thin", thin), ("tight_shared", tight), ("not_growing", not growing)) if ok)
    merger.cons.extend(k for k, ok in (("healthy", s.margin is not None and not thin),) if ok)
    transfer = Fit("business_transfer")
    transfer.pros.extend(k for k, ok in (("tight_staff", tight), ("not_growing", not growing),
                                         ("full", full)) if ok)
    transfer.cons.extend(k for k, ok in (("thin_cash", thin),) if ok)
    return [collab, cap, new, merger, transfer]
