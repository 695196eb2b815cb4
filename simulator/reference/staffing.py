"""人員基準 as data: the rules of staffing.toml (and the posts of posts.toml), vectorised over the number of users.

``users`` may be a float or a numpy array of any shape; every role's FTE has that shape. FTE are
常勤換算 except ``night_staff``: persons on night duty each night (see staffing.toml). Each rule set (service, date,
variant) is compiled once into a table and evaluated by one kernel (:mod:`simulator.reference.staffing_rules`).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from typing import Any

import numpy as np

from simulator.reference._common import entry, service_id, today
from simulator.reference.loader import ValueEntry, note_used, parameter, recording
from simulator.reference.services import resolve_variant, staffing_rules
from simulator.reference.staffing_rules import RuleTable, compile_rules, evaluate

# Roles whose night posts are covered by the 24-hour care ratio (特養型): no extra FTE for nights.
_NIGHT_WITHIN_RATIO = {"tokuyo", "community_tokuyo", "short_stay", "roken"}


def staffing_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    """The dated rule set (with its source) of a service."""
    return entry(f"staffing.{service_id(service)}", today(on))


def required_staff(
    service: str | Enum, users: Any, on: dt.date | None = None, **variant: str
) -> dict[str, Any]:
    """Legal minimum staff by role for ``users`` (scalar → floats, array → same-shaped arrays)."""
    table = standard_rules(service, on, **variant)
    arr = np.asarray(users, dtype=float)
    if np.any(arr < 0) or not np.all(np.isfinite(arr)):
        raise ValueError("users must be finite and ≥ 0")
    fte = evaluate(table, arr.ravel())
    if arr.ndim == 0:
        return {role: float(fte[k, 0]) for k, role in enumerate(table.roles)}
    return {role: fte[k].reshape(arr.shape) for k, role in enumerate(table.roles)}


def standard_rules(service: str | Enum, on: dt.date | None = None, **variant: str) -> RuleTable:
    """The compiled 人員基準 of a service on a date (what :func:`required_staff` evaluates; for the engine's staff
    pass, which evaluates it trial by trial)."""
    sid, day = service_id(service), today(on)
    table = _standard_table(sid, day, _key(resolve_variant(sid, day, variant)))
    note_used(table.used)
    return table


def _key(variant: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(variant.items()))


@cache
def _standard_table(sid: str, day: dt.date, variant: tuple[tuple[str, str], ...]) -> RuleTable:
    """The compiled 人員基準 of a service on ``day`` for a resolved variant (with the ids it read)."""
    with recording() as used:
        rules = staffing_rules(sid, day, dict(variant))
    return compile_rules(rules, posts=False, used=frozenset(used))


def night_within_ratio(service: str | Enum, on: dt.date | None = None) -> bool:
    """True where night posts are worked by the care staff counted in the 24-hour ratio (特養型), so a
    night post can be filled from any care worker: the standard is met by care + night staff together.
    (``on`` is accepted like every lookup; the rule has not changed.)"""
    return service_id(service) in _NIGHT_WITHIN_RATIO


def night_post_fte(on: dt.date | None = None) -> float:
    """FTE needed to staff one night post every night (assumption; see staffing.night_post_fte)."""
    return float(entry("staffing.night_post_fte", today(on)).value)


def required_fte_total(service: str | Enum, users: Any, on: dt.date | None = None, **variant: str) -> Any:
    """Total legal-minimum FTE: all roles, plus night posts × night_post_fte where nights are extra."""
    sid, day = service_id(service), today(on)
    staff = required_staff(sid, users, on=day, **variant)
    total = sum(v for role, v in staff.items() if role != "night_staff")
    if "night_staff" in staff and sid not in _NIGHT_WITHIN_RATIO:
        total = total + staff["night_staff"] * night_post_fte(day)
    return total


def posts_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    """The dated posts (勤務ポスト) of a service with their source (posts.toml)."""
    return entry(f"posts.{service_id(service)}", today(on))


def _posts_spec(sid: str, day: dt.date, variant: dict[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    value = parameter(f"posts.{sid}").entry(day).value
    if "value" in value:
        return value, list(value["value"])
    key = resolve_variant(sid, day, variant)[parameter(f"posts.{sid}").breakdown[0]]
    return value, list(value[key])


def full_time_hours_per_week(on: dt.date | None = None) -> float:
    """Weekly hours of a full-time post (the 常勤換算 denominator; posts.full_time_hours_per_week)."""
    return float(entry("posts.full_time_hours_per_week", today(on)).value)


def posts_calibration_capacity(service: str | Enum, on: dt.date | None = None, **variant: str) -> float | None:
    """Places at which the posts are calibrated to the service's benchmark staff ratio, or None (used as they are)."""
    sid, day = service_id(service), today(on)
    spec, _ = _posts_spec(sid, day, resolve_variant(sid, day, variant))
    calibrate = spec.get("calibrate")
    return None if calibrate is None else float(calibrate["capacity"])


def unit_sizes(service: str | Enum, variant: dict[str, str] | None = None,
               on: dt.date | None = None) -> tuple[int, int] | None:
    """(places per unit of the reference, the most a unit may hold) where the service's posts count units
    (ユニット, GH 共同生活住居: posts.toml ``unit_size``, ``unit_size_max``), or None where they do not (a
    ``places_per_unit`` has nothing to act on there)."""
    sid, day = service_id(service), today(on)
    spec, rules = _posts_spec(sid, day, resolve_variant(sid, day, variant or {}))
    if not any(rule["on"] == "units" for rule in rules):
        return None
    return int(spec["unit_size"]), int(spec["unit_size_max"])


def staffed_posts(service: str | Enum, capacity: Any, users: Any, on: dt.date | None = None,
                  visits_per_user: Any = 0.0, places_per_unit: float | None = None,
                  **variant: str) -> dict[str, np.ndarray]:
    """FTE (常勤換算) by role a home staffs at ``capacity`` places and ``users`` (posts.toml), before calibration.

    Every post is in FTE (night posts too: a 16-hour post every night ≈ 2.8 FTE). Arrays broadcast. Units are
    ceil(places ÷ ``places_per_unit``), the reference ``unit_size`` where it is None.
    """
    table, unit_size, visit_minutes = posts_rules(service, on, **variant)
    cap = np.asarray(capacity, dtype=float)
    n = np.asarray(users, dtype=float)
    visits = np.asarray(visits_per_user, dtype=float)
    shape = np.broadcast(cap, n, visits).shape
    size = unit_size if places_per_unit is None else float(places_per_unit)
    visits_flat = _flat(visits, shape) if visit_minutes else None  # read only where a post counts visit hours
    fte = evaluate(table, _flat(n, shape), _flat(cap, shape), visits_flat, size, visit_minutes)
    if not shape:
        return {role: fte[k, 0] for k, role in enumerate(table.roles)}
    return {role: fte[k].reshape(shape) for k, role in enumerate(table.roles)}


def posts_rules(service: str | Enum, on: dt.date | None = None,
                **variant: str) -> tuple[RuleTable, float, float]:
    """The compiled posts of a service on a date (what :func:`staffed_posts` evaluates), its reference places per
    unit and the minutes per visit (0 where no post counts visit hours)."""
    sid, day = service_id(service), today(on)
    rules = _posts_table(sid, day, _key(resolve_variant(sid, day, variant)))
    note_used(rules[0].used)
    return rules


def _flat(value: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` broadcast to ``shape``, as a flat contiguous vector (a copy only where it is not one)."""
    return np.ascontiguousarray(value if value.shape == shape else np.broadcast_to(value, shape)).reshape(-1)


@cache
def _posts_table(sid: str, day: dt.date, variant: tuple[tuple[str, str], ...]) -> tuple[RuleTable, float, float]:
    """The compiled posts of a service on ``day`` for a resolved variant, its reference unit size and the minutes
    per visit (0 where no post counts visit hours)."""
    with recording() as used:
        spec, rules = _posts_spec(sid, day, dict(variant))
        weekly = full_time_hours_per_week(day)
    minutes = float(spec["visit_minutes"]) if any(rule["on"] == "visit_hours" for rule in rules) else 0.0
    table = compile_rules(rules, posts=True, weekly_hours=weekly, used=frozenset(used))
    return table, float(spec["unit_size"]), minutes


def shortfall_rule(service: str | Enum, on: dt.date | None = None) -> tuple[float, float]:
    """(tolerance, share of the fee paid while reduced) of the 人員基準欠如減算 of a service (posts.shortfall_rule)."""
    value = entry("posts.shortfall_rule", today(on)).value
    return float(value["tolerance"]), float(value["factor"][service_id(service)])


def posts_size_table(service: str | Enum, on: dt.date | None = None,
                     **variant: str) -> tuple[tuple[float, float, float, float], ...] | None:
    """(capacity_min, mean places, occupancy, staff per 10 users) of each survey size class the posts are
    calibrated to by the home's own size (posts.toml ``calibrate.size_table``), smallest first; None if none."""
    sid, day = service_id(service), today(on)
    spec, _ = _posts_spec(sid, day, resolve_variant(sid, day, variant))
    name = (spec.get("calibrate") or {}).get("size_table")
    if name is None:
        return None
    rows = sorted(entry(name, day).value.values(), key=lambda row: row["capacity_min"])
    return tuple((float(r["capacity_min"]), float(r["mean_capacity"]), float(r["occupancy"]),
                  float(r["staff_per_10_users"])) for r in rows)


def standard_users_rule(on: dt.date | None = None) -> tuple[float, int, int]:
    """(share of new places, first months, full months) of the standard's user count for new or added places
    (posts.standard_users); existing places count the 前年度平均."""
    value = entry("posts.standard_users", today(on)).value
    return float(value["share_of_places"]), int(value["first_months"]), int(value["full_months"])
