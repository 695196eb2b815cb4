"""The typical 加算 set per service: what a scenario's add-on marker ``"typical"`` stands for."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from simulator.reference._common import entry, has_param, service_id, today
from simulator.reference.loader import ValueEntry

TYPICAL_MARKER = "typical"  # add_ons = ["typical"] in a scenario: the set below, as expected units


def typical_add_ons_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry | None:
    """The typical set of ``service`` with its source, or None if the reference data define none."""
    pid = f"typical.add_ons.{service_id(service)}"
    return entry(pid, today(on)) if has_param(pid) else None


def typical_add_ons(service: str | Enum, on: dt.date | None = None) -> dict[str, float]:
    """Add-on id -> share of users earning it (empty if the service has no typical set)."""
    found = typical_add_ons_entry(service, on)
    return {} if found is None else {key: float(share) for key, share in found.value.items()}
