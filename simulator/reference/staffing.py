"""人員基準 as data: interpret the rules of staffing.toml, vectorised over the number of users.

``users`` may be a float or a numpy array of any shape; every role's FTE has that shape. FTE are
常勤換算 except ``night_staff``: persons on night duty each night (see staffing.toml).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import numpy as np

from simulator.reference._common import entry, service_id, today
from simulator.reference.loader import ValueEntry
from simulator.reference.services import resolve_variant, staffing_rules

# Roles whose night posts are covered by the 24-hour care ratio (特養型): no extra FTE for nights.
_NIGHT_WITHIN_RATIO = {"tokuyo", "community_tokuyo", "short_stay", "roken"}


def _ceil_div(x: np.ndarray, per: float) -> np.ndarray:
    # 1e-9 guards against 80/3*3 style float noise at exact multiples
    return np.ceil(x / per - 1e-9)


def _rule_fte(rule: dict[str, Any], users: np.ndarray) -> np.ndarray:
    kind = rule["kind"]
    if kind == "fixed":
        raw = np.full(users.shape, float(rule["fte"]))
    elif kind == "per":
        x = np.maximum(users * float(rule.get("scale", 1.0)) - float(rule.get("offset", 0.0)), 0.0)
        steps = _ceil_div(x, float(rule["per"])) if rule.get("rounding", "ceil") == "ceil" else x / rule["per"]
        raw = float(rule.get("base", 0.0)) + float(rule.get("each", 1.0)) * steps
    elif kind == "tiers":
        upper = [float(u) for u in rule["upper"]]
        conditions = [users <= u for u in upper]
        step = float(rule.get("beyond_step", 0))
        beyond = np.full(users.shape, float(rule["beyond_base"]))
        if step > 0:
            beyond = beyond + float(rule.get("beyond_each", 1.0)) * _ceil_div(users - upper[-1], step)
        raw = np.select(conditions, [np.full(users.shape, float(v)) for v in rule["values"]], default=beyond)
    else:
        raise ValueError(f"unknown staffing rule kind {kind!r}")
    return np.maximum(raw, float(rule.get("min", 0.0)))


def staffing_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    """The dated rule set (with its source) of a service."""
    return entry(f"staffing.{service_id(service)}", today(on))


def required_staff(
    service: str | Enum, users: Any, on: dt.date | None = None, **variant: str
) -> dict[str, Any]:
    """Legal minimum staff by role for ``users`` (scalar → floats, array → same-shaped arrays)."""
    sid, day = service_id(service), today(on)
    full = resolve_variant(sid, day, variant)
    arr = np.asarray(users, dtype=float)
    if np.any(arr < 0) or not np.all(np.isfinite(arr)):
        raise ValueError("users must be finite and ≥ 0")
    out: dict[str, np.ndarray] = {}
    for rule in staffing_rules(sid, day, full):
        fte = _rule_fte(rule, arr)
        for other in rule.get("subtract", []):
            fte = fte - out[other]
        out[rule["role"]] = np.maximum(fte, 0.0)
    if arr.ndim == 0:
        return {role: float(v) for role, v in out.items()}
    return out


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
    from simulator.reference.loader import parameter

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
    sid, day = service_id(service), today(on)
    spec, rules = _posts_spec(sid, day, resolve_variant(sid, day, variant))
    cap = np.asarray(capacity, dtype=float)
    n = np.asarray(users, dtype=float)
    visits = np.asarray(visits_per_user, dtype=float)
    shape = np.broadcast(cap, n, visits).shape
    cap, n = np.broadcast_to(cap, shape), np.broadcast_to(n, shape)
    weekly = full_time_hours_per_week(day)
    monthly_hours = weekly * 52.0 / 12.0
    size = float(spec["unit_size"] if places_per_unit is None else places_per_unit)
    basis = {"capacity": cap, "users": n, "units": _ceil_div(cap, size)}
    if any(rule["on"] == "visit_hours" for rule in rules):
        basis["visit_hours"] = n * np.broadcast_to(visits, shape) * float(spec["visit_minutes"]) / 60.0 / monthly_hours
    out: dict[str, np.ndarray] = {}
    for rule in rules:
        fte = _rule_fte(rule, basis[rule["on"]])
        if "hours_per_day" in rule:
            fte = fte * float(rule["hours_per_day"]) * float(rule.get("days_per_week", 7)) / weekly
        for other in rule.get("subtract", []):
            fte = np.maximum(fte - out[other], 0.0)
        out[rule["role"]] = out[rule["role"]] + fte if rule["role"] in out else fte
    return out


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
