"""Survey benchmarks per service (MHLW 経営実態調査, WAM) and the WAM 特養 size-class table."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import numpy as np

from simulator.reference._common import entry, service_id, today
from simulator.reference.loader import ValueEntry, parameter
from simulator.reference.other_costs import other_cost_survey_ratio_entry
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
# Benchmarks only some services have (check with has_benchmark): personnel_cost_per_fte_yen = the survey's
# 人件費 / 常勤換算従事者数 (yen a year, all roles, 法定福利費 included), given where the same survey gives
# staff_per_10_users.
OPTIONAL_BENCHMARK_NAMES = ("personnel_cost_per_fte_yen",)


def benchmark_entry(service: str | Enum, name: str, on: dt.date | None = None, **variant: str) -> ValueEntry:
    """The benchmark ``name`` of ``service`` with its source; tables by variant are resolved.

    ``other_cost_ratio`` (経費 other than personnel and depreciation, / revenue) is the 経費率 of the survey
    set the service's cost structure comes from (reference ``other_costs.<service>``); for the services with a
    cited set, margin + personnel_ratio + depreciation_ratio + other_cost_ratio ≈ 1 from the same table.
    """
    sid, day = service_id(service), today(on)
    if name not in BENCHMARK_NAMES + OPTIONAL_BENCHMARK_NAMES:
        raise ValueError(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARK_NAMES)}")
    if name == "other_cost_ratio":
        return other_cost_survey_ratio_entry(sid, day)
    param = parameter(f"benchmark.{sid}.{name}")
    found = param.entry(day)
    if param.breakdown:
        key = resolve_variant(sid, day, variant)[param.breakdown[0]]
        return found.model_copy(update={"value": float(found.value[key])})
    return found


def has_benchmark(service: str | Enum, name: str, on: dt.date | None = None) -> bool:
    """Whether benchmark ``name`` of ``service`` is in the reference data (some exist for a few services only)."""
    from simulator.reference._common import has_param

    return name == "other_cost_ratio" or has_param(f"benchmark.{service_id(service)}.{name}")


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


def wam_tokuyo_size_profile(capacity: np.ndarray, on: dt.date | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(staff per 10 users, personnel cost per FTE a year) of a 特養 by 入所定員, from the WAM size table.

    Each class's figures hold at its mean capacity (``mean_capacity``: 27.4 … 112.4 places) and are read
    linearly between them (flat beyond the smallest and the largest), so a 59-place and a 60-place home
    pay alike: a grouped table gives class means, not a step at each class edge (the old step made the
    60th place cost 2 pt of margin). The cost is the FY2023 figure × the wage uplift since the survey
    (``benchmark.tokuyo.personnel_cost_per_fte_yen`` on ``on`` ÷ its survey-year value), so the size profile
    is the survey's and the level follows the dated benchmark. Arrays are shaped like ``capacity``.
    """
    day = today(on)
    table = entry("benchmark.tokuyo.wam_size_class", day).value
    rows = sorted(table.values(), key=lambda row: row["mean_capacity"])
    means = np.array([row["mean_capacity"] for row in rows], dtype=float)
    places = np.asarray(capacity, dtype=float)
    ratio = np.interp(places, means, np.array([row["staff_per_10_users"] for row in rows], dtype=float))
    param = parameter("benchmark.tokuyo.personnel_cost_per_fte_yen")
    uplift = float(param.entry(day).value) / float(param.values[0].value)
    cost = np.interp(places, means, np.array([row["personnel_cost_per_staff_yen"] for row in rows], dtype=float))
    return ratio, cost * uplift


def size_profile(service: str | Enum, capacity: np.ndarray,
                 on: dt.date | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(staff per 10 users, cost per FTE a year) by capacity for services with a survey table by size
    (特養: WAM 入所定員別); None for the others (use the national benchmarks)."""
    if service_id(service) != "tokuyo":
        return None
    return wam_tokuyo_size_profile(capacity, on)
