"""Wages, labour market, construction, loans, subsidies and tax: cited defaults for the engine."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from simulator.reference._common import ROLES, entry, has_param, service_id, today
from simulator.reference.loader import ValueEntry

# --- wages and labour ---------------------------------------------------------------------------


def wage_entry(role: str, on: dt.date | None = None) -> ValueEntry:
    found = entry("wage.monthly", today(on))
    if role not in found.value:
        raise ValueError(f"unknown role {role!r}; known: {', '.join(r for r in ROLES if r in found.value)}")
    return found.model_copy(update={"value": float(found.value[role])})


def wage(role: str, on: dt.date | None = None) -> float:
    """Average monthly pay of ``role`` in yen (incl. bonuses pro rata); source: ``wage_entry``."""
    return float(wage_entry(role, on).value)


def social_insurance_rate(on: dt.date | None = None) -> float:
    """Employer social-insurance cost / pay (法定福利費率; an assumption, see labour.toml)."""
    return float(entry("wage.social_insurance_rate", today(on)).value)


LABOUR_NAMES = ("turnover_rate", "hiring_rate", "agency_fee_yen", "ad_cost_per_hire_yen", "backoffice_wage_yen_per_year")


def labour_entry(name: str, on: dt.date | None = None) -> ValueEntry:
    if name not in LABOUR_NAMES:
        raise ValueError(f"unknown labour figure {name!r}; known: {', '.join(LABOUR_NAMES)}")
    return entry(f"labour.{name}", today(on))


def labour(name: str, on: dt.date | None = None) -> float:
    """Turnover/hiring rate per year or recruiting cost per hire; source: ``labour_entry``."""
    return float(labour_entry(name, on).value)


# --- construction -------------------------------------------------------------------------------

CONSTRUCTION_NAMES = (
    "cost_per_m2_yen",
    "cost_per_m2_yen_metro",
    "cost_per_place_yen",
    "m2_per_place",
    "equipment_yen_per_place",
    "opening_prep_yen_per_place",
    "building_life_years",
    "equipment_life_years",
    "renovation_cost_share",
)


def construction_entry(
    name: str, service: str | Enum | dt.date | None = None, on: dt.date | None = None
) -> ValueEntry:
    """A construction figure; per-service tables need ``service``. Accepts (name, on, service) too."""
    if isinstance(service, dt.date):  # construction(name, on, service) order
        service, on = on, service
    if name not in CONSTRUCTION_NAMES:
        raise ValueError(f"unknown construction figure {name!r}; known: {', '.join(CONSTRUCTION_NAMES)}")
    pid = "construction.cost_per_m2_yen.metro" if name == "cost_per_m2_yen_metro" else f"construction.{name}"
    found = entry(pid, today(on))
    if name in ("cost_per_m2_yen", "cost_per_m2_yen_metro") and service is not None:
        found = _proxied(found, service_id(service), today(on))  # type: ignore[arg-type]
    if isinstance(found.value, dict):
        if service is None:
            raise ValueError(f"construction {name!r} depends on the service; pass service=")
        sid = service_id(service)  # type: ignore[arg-type]
        return found.model_copy(update={"value": float(found.value[sid])})
    if service is not None:
        service_id(service)  # type: ignore[arg-type]
    return found


def _proxied(found: ValueEntry, sid: str, on: dt.date) -> ValueEntry:
    """The 特養 cost per m² marked as a cited proxy (assumption) for a service listed in
    ``construction.cost_per_m2_proxy`` (GH, 小多機, day services: no public figure of their own)."""
    if not has_param("construction.cost_per_m2_proxy"):
        return found
    proxy = entry("construction.cost_per_m2_proxy", on)
    if sid not in proxy.value:
        return found
    return found.model_copy(update={"confidence": "assumption", "sources": (proxy.source, *found.sources),
                                    "note": f"PROXY for {sid}: {proxy.note} {found.note}".strip()})


def construction(name: str, service: str | Enum | dt.date | None = None, on: dt.date | None = None) -> float:
    """Construction cost per m² (WAM, by year), m² per place, equipment/opening cost per place, lives."""
    return float(construction_entry(name, service, on).value)


def building_cost_per_m2(service: str | Enum, kind: str = "new_build", on: dt.date | None = None) -> float:
    """Cost per m² the engine uses for an empty field: the WAM new-build figure, times
    ``construction.renovation_cost_share`` (an assumption) for a renovation."""
    cost = construction("cost_per_m2_yen", service, on)
    return cost * construction("renovation_cost_share", None, on) if kind == "renovation" else cost


# --- loans, subsidies, tax ------------------------------------------------------------------------


def loan_rate_entry(years: float, on: dt.date | None = None, facility: str = "welfare") -> ValueEntry:
    """WAM fixed rate for a ``years`` term: the first bracket whose maximum term covers it."""
    if facility not in ("welfare", "care_related"):
        raise ValueError(f"facility must be 'welfare' or 'care_related', got {facility!r}")
    found = entry(f"loan.wam_fixed_rate.{facility}", today(on))
    for max_years, rate in found.value:
        if years <= max_years:
            return found.model_copy(update={"value": float(rate)})
    raise ValueError(f"WAM loans run at most {found.value[-1][0]} years, got {years!r}")


def loan_rate(years: float, on: dt.date | None = None, facility: str = "welfare") -> float:
    """WAM 福祉貸付 fixed annual rate for ``years`` (dated table; enter the current rate for real plans)."""
    return float(loan_rate_entry(years, on, facility).value)


def subsidy_per_place_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry | None:
    pid = f"subsidy.per_place.{service_id(service)}"
    return entry(pid, today(on)) if has_param(pid) else None


def subsidy_per_place(service: str | Enum, on: dt.date | None = None) -> tuple[float, float] | None:
    """(low, high) 基金 配分基礎単価 per bed — a hint for the user, not a default; None if per facility."""
    found = subsidy_per_place_entry(service, on)
    return None if found is None else (float(found.value[0]), float(found.value[1]))


def subsidy_per_facility(service: str | Enum, on: dt.date | None = None) -> tuple[float, float] | None:
    """(low, high) 基金 配分基礎単価 per facility (GH, 小多機, 老健) — a hint; None if per bed."""
    pid = f"subsidy.per_facility.{service_id(service)}"
    if not has_param(pid):
        return None
    low, high = entry(pid, today(on)).value
    return float(low), float(high)


CORP_TYPES = ("social_welfare", "company", "medical", "npo")


def corporate_tax_entry(corp_type: str | Enum, on: dt.date | None = None) -> ValueEntry:
    key = corp_type.value if isinstance(corp_type, Enum) else str(corp_type)
    if key not in CORP_TYPES:
        raise ValueError(f"unknown corporation type {key!r}; known: {', '.join(CORP_TYPES)}")
    found = entry("tax.effective_rate", today(on))
    return found.model_copy(update={"value": float(found.value[key])})


def corporate_tax_rate(corp_type: str | Enum, on: dt.date | None = None) -> float:
    """Effective tax rate on care-business profit (社会福祉法人 0: 社会福祉事業 is not taxed)."""
    return float(corporate_tax_entry(corp_type, on).value)
