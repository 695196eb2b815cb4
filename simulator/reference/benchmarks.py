"""Survey benchmarks per service (MHLW 経営実態調査, WAM) and the WAM 特養 size-class table."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from simulator.reference._common import derived_entry, entry, service_id, today
from simulator.reference.loader import ValueEntry, parameter
from simulator.reference.services import resolve_variant

BENCHMARK_NAMES = (
    "occupancy",
    "margin",
    "personnel_ratio",
    "other_cost_ratio",
    "staff_per_10_users",
    "hotel_yen_per_user_day",
    "depreciation_ratio",
)


def benchmark_entry(service: str | Enum, name: str, on: dt.date | None = None, **variant: str) -> ValueEntry:
    """The benchmark ``name`` of ``service`` with its source; tables by variant are resolved.

    ``other_cost_ratio`` (経費 other than personnel and depreciation, / revenue) is derived:
    1 − margin − personnel_ratio − depreciation_ratio, with the weakest confidence of the three.
    """
    sid, day = service_id(service), today(on)
    if name not in BENCHMARK_NAMES:
        raise ValueError(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARK_NAMES)}")
    if name == "other_cost_ratio":
        parts = [benchmark_entry(sid, n, day) for n in ("margin", "personnel_ratio", "depreciation_ratio")]
        value = round(1.0 - sum(float(p.value) for p in parts), 4)
        return derived_entry(value, parts, "derived: 1 − margin − personnel_ratio − depreciation_ratio")
    param = parameter(f"benchmark.{sid}.{name}")
    found = param.entry(day)
    if param.breakdown:
        key = resolve_variant(sid, day, variant)[param.breakdown[0]]
        return found.model_copy(update={"value": float(found.value[key])})
    return found


def benchmark(service: str | Enum, name: str, on: dt.date | None = None, **variant: str) -> float:
    """A benchmark value (see ``BENCHMARK_NAMES``); its source: ``benchmark_entry``."""
    return float(benchmark_entry(service, name, on, **variant).value)


def wam_tokuyo_size_class(capacity: float, on: dt.date | None = None) -> dict[str, Any]:
    """The WAM ユニット型特養 size class holding ``capacity``, with ``source`` and ``confidence``."""
    found = entry("benchmark.tokuyo.wam_size_class", today(on))
    for key, row in found.value.items():
        if row["capacity_min"] <= capacity <= row["capacity_max"]:
            return {"size_class": key, **row, "source": found.source, "confidence": found.confidence}
    raise ValueError(f"capacity must be ≥ 1, got {capacity!r}")
