"""The service catalogue: names, billing basis, variants, care levels and roles of each service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from simulator.reference._common import ROLES, entry, has_param, service_id, today
from simulator.reference.loader import ValueEntry, parameter


@dataclass(frozen=True)
class ServiceInfo:
    """What the model needs to know about a service (read from services/fees/regions/staffing.toml)."""

    id: str
    name_ja: str
    name_en: str
    billing: str  # "day" | "visit" | "month"
    labour_share_class: str  # "70" | "55" | "45" (人件費割合 %)
    care_levels: tuple[str, ...]
    variant_options: dict[str, tuple[str, ...]]
    default_variant: dict[str, str]
    residential: bool
    hotel_costs: bool  # 食費・居住費 (or 食費 only for day services) billed to users
    default_service_days_per_month: float | None
    default_visits_per_user_month: float | None
    roles: tuple[str, ...]
    source: object = field(default=None, compare=False)  # the profile's loader Source
    registered_per_daily_user: float = 1.0  # day services: users billed a monthly 加算 per daily user


def fee_table_param(sid: str):
    return parameter(f"fee.{sid}.base_units")


def _variant_options(sid: str, on: dt.date) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Variant keys/options and care levels, read from the structure of the fee table."""
    param = fee_table_param(sid)
    table = param.entry(on).value
    options: dict[str, tuple[str, ...]] = {}
    levels: tuple[str, ...] = ("care_1", "care_2", "care_3", "care_4", "care_5")
    if param.breakdown and param.breakdown[0] != "care_level":
        options[param.breakdown[0]] = tuple(table)
        if "care_level" in param.breakdown:
            first = next(iter(table.values()))
            levels = tuple(first)
    return options, levels


def service_profile_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    return entry(f"service.{service_id(service)}.profile", today(on))


def service_days_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry | None:
    e = entry("service.days_per_month", today(on))
    return e if service_id(service) in e.value else None


def service_info(service: str | Enum, on: dt.date | None = None) -> ServiceInfo:
    """Catalogue entry of ``service`` on ``on`` (default today)."""
    sid, day = service_id(service), today(on)
    prof = service_profile_entry(sid, day)
    options, levels = _variant_options(sid, day)
    share = entry(f"region.labour_share.{sid}", day).value
    days = service_days_entry(sid, day)
    visits = None
    if sid == "home_help" and has_param("service.home_help.visits_per_user_month"):
        visits = float(entry("service.home_help.visits_per_user_month", day).value)
    registered = 1.0
    if has_param("service.registered_per_daily_user"):
        table = entry("service.registered_per_daily_user", day).value
        registered = float(table.get(sid, 1.0))
    rules = staffing_rules(sid, day, dict(prof.value["default_variant"]))
    roles = tuple(r for r in ROLES if any(rule["role"] == r for rule in rules))
    return ServiceInfo(
        id=sid,
        name_ja=prof.value["name_ja"],
        name_en=prof.value["name_en"],
        billing=prof.value["billing"],
        labour_share_class=str(round(share * 100)),
        care_levels=levels,
        variant_options=options,
        default_variant=dict(prof.value["default_variant"]),
        residential=bool(prof.value["residential"]),
        hotel_costs=bool(prof.value["hotel_costs"]),
        default_service_days_per_month=float(days.value[sid]) if days is not None else None,
        default_visits_per_user_month=visits,
        roles=roles,
        source=prof.source,
        registered_per_daily_user=registered,
    )


def resolve_variant(sid: str, on: dt.date, variant: dict[str, str]) -> dict[str, str]:
    """The variant with defaults filled in; ValueError naming an unknown key or option."""
    prof = service_profile_entry(sid, on)
    options, _ = _variant_options(sid, on)
    for key, val in variant.items():
        if key not in options:
            raise ValueError(f"{sid}: unknown variant key {key!r}; known: {', '.join(options) or 'none'}")
        if str(val) not in options[key]:
            raise ValueError(f"{sid}: unknown {key} {val!r}; options: {', '.join(options[key])}")
    full = dict(prof.value["default_variant"])
    full.update({k: str(v) for k, v in variant.items()})
    return full


def staffing_rules(sid: str, on: dt.date, variant: dict[str, str]) -> list[dict]:
    """The staffing rule list of a service for a (resolved) variant."""
    param = parameter(f"staffing.{sid}")
    value = param.entry(on).value
    if param.breakdown:
        return list(value[variant[param.breakdown[0]]])
    return list(value)
