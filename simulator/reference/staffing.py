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
