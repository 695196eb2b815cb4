"""Small helpers shared by the reference facade: service ids, dates and derived entries."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from simulator.reference.loader import Source, ValueEntry, catalogue, lookup

SERVICES: tuple[str, ...] = (
    "tokuyo",
    "community_tokuyo",
    "group_home",
    "day_service",
    "community_day_service",
    "home_help",
    "care_management",
    "small_multi",
    "short_stay",
    "day_rehab",
    "roken",
)
CARE_LEVELS: tuple[str, ...] = ("support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5")
ROLES: tuple[str, ...] = (
    "care_worker",
    "nurse",
    "counsellor",
    "therapist",
    "care_manager",
    "service_lead",
    "manager",
    "nutritionist",
    "night_staff",
    "office",
)
CONFIDENCE_ORDER = {"assumption": 0, "single_source": 1, "verified": 2}


def service_id(service: str | Enum) -> str:
    """The plain service id of a str or ``ServiceId``; ValueError naming it if unknown."""
    sid = service.value if isinstance(service, Enum) else str(service)
    if sid not in SERVICES:
        raise ValueError(f"unknown service {sid!r}; known: {', '.join(SERVICES)}")
    return sid


def today(on: dt.date | None) -> dt.date:
    """``on`` or today's date."""
    return dt.date.today() if on is None else on


def has_param(param_id: str) -> bool:
    return param_id in catalogue()


def entry(param_id: str, on: dt.date) -> ValueEntry:
    return lookup(param_id, on)


def weakest(entries: list[ValueEntry]) -> str:
    """The lowest confidence among entries (a derived value is no better than its weakest input)."""
    return min((e.confidence for e in entries), key=CONFIDENCE_ORDER.__getitem__)


def derived_entry(value: Any, inputs: list[ValueEntry], note: str) -> ValueEntry:
    """A ValueEntry for a value computed from other entries: first input's source, others in ``sources``."""
    sources: list[Source] = [e.source for e in inputs]
    return ValueEntry(
        valid_from=max(e.valid_from for e in inputs),
        valid_until=None,
        value=value,
        confidence=weakest(inputs),
        source=sources[0],
        sources=tuple(sources[1:]),
        note=note,
    )
