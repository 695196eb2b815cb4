"""The rule language of staffing.toml (人員基準) and posts.toml (勤務ポスト) as typed tables, and the one compiled
evaluator of a whole rule set (issue 18 item 1).

:func:`compile_rules` turns a rule list (TOML dicts, in order) into a :class:`RuleTable`: per rule its kind, role,
basis and numbers, its tiers (padded) and the roles it subtracts (in order). :func:`evaluate` runs the kernel
:func:`evaluate_into` on flat bases and gives FTE ``(roles, n)``; the engine's staff pass
(``simulator/engine/staff_kernel.py``) calls that kernel itself, trial by trial, on :func:`table_arrays`. For each element and rule, with ``x`` the rule's
basis (capacity, users, units = ⌈capacity ÷ unit size⌉, or visit hours = users × visits × minutes ÷ 60 ÷
full-time hours a month):

    fixed   raw = fte
    per     raw = base + each × R(max(x × scale − offset, 0) ÷ per),  R = ⌈·⌉ (rounding "ceil") or identity
    tiers   raw = values[k] for the first k with x ≤ upper[k]; above the last bound
                  beyond_base (+ beyond_each × ⌈(x − upper[-1]) ÷ beyond_step⌉ where beyond_step > 0)
    fte     = max(raw, min)                                   (× hours_per_day × days_per_week ÷ weekly hours:
                                                               posts given in hours)
    standard (staffing.toml): role = max(fte − Σ subtracted roles, 0); a later rule of a role replaces it
    posts (posts.toml):       fte = max(fte − role, 0) for each subtracted role in turn; a role's rules add up

Every ceiling is ⌈y − 1e-9⌉: the 1e-9 guards against 80/3×3 style float noise at exact multiples. Every
maximum is numpy's (NaN propagates; of two equal values the second), and each formula runs in the order written,
so the results are the bits the numpy interpreter gave (tests/reference/test_staffing_rules.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.jit import helper, kernel

CEIL_GUARD = 1e-9  # float noise at exact multiples (80/3*3), not a staffing assumption

KINDS = ("fixed", "per", "tiers")  # kind codes 0, 1, 2
BASES = ("capacity", "users", "units", "visit_hours")  # basis codes 0, 1, 2, 3

# Columns of RuleTable.codes (int64) and RuleTable.numbers (float64).
KIND, ROLE, BASIS, CEIL, HOURS, ADD, TIERS = range(7)
(FTE, SCALE, OFFSET, PER, BASE, EACH, BEYOND_BASE, BEYOND_STEP, BEYOND_EACH, MIN, HOURS_PER_DAY,
 DAYS_PER_WEEK) = range(12)


@dataclass(frozen=True, eq=False)
class RuleTable:
    """A compiled rule set: one row per rule, in order (arrays are the kernel's; do not write to them)."""

    roles: tuple[str, ...]  # output rows, in the order each role first appears
    codes: np.ndarray  # (rules, 7) int64: kind, role row, basis, ceil (1/0), in hours (1/0), adds to its role, tiers
    numbers: np.ndarray  # (rules, 12) float64: fte … days_per_week (the columns above)
    uppers: np.ndarray  # (rules, most tiers) float64, padded
    values: np.ndarray  # (rules, most tiers) float64, padded
    subtract: np.ndarray  # (rules, most subtracted) int64 role rows in order, −1 padded
    floor_each: bool  # posts: floor at 0 after each subtraction; the standard: once after all
    weekly_hours: float  # full-time hours a week (posts given in hours); 0 for the standard
    monthly_hours: float  # weekly_hours × 52 ÷ 12 (visit hours in full-time posts)
    used: frozenset[str] = frozenset()  # reference ids read to build it (noted again on each use)


def compile_rules(rules: Sequence[Mapping[str, Any]], *, posts: bool, weekly_hours: float = 0.0,
                  used: frozenset[str] = frozenset()) -> RuleTable:
    """The table of ``rules`` (staffing.toml rules, or posts.toml posts with ``posts=True``: each names its basis
    ``on``, may be in hours, adds to an earlier post of its role and floors after each subtraction)."""
    roles: list[str] = []
    codes = np.zeros((len(rules), 7), dtype=np.int64)
    numbers = np.zeros((len(rules), 12))
    width = max([len(rule.get("upper", ())) for rule in rules] + [1])
    uppers, values = np.zeros((len(rules), width)), np.zeros((len(rules), width))
    most = max([len(rule.get("subtract", ())) for rule in rules] + [1])
    subtract = np.full((len(rules), most), -1, dtype=np.int64)
    for r, rule in enumerate(rules):
        kind = rule["kind"]
        if kind not in KINDS:
            raise ValueError(f"unknown staffing rule kind {kind!r}")
        for k, other in enumerate(rule.get("subtract", [])):
            if other not in roles:
                raise KeyError(other)
            subtract[r, k] = roles.index(other)
        known = rule["role"] in roles
        if not known:
            roles.append(rule["role"])
        in_hours = posts and "hours_per_day" in rule
        codes[r, :TIERS] = (KINDS.index(kind), roles.index(rule["role"]), BASES.index(rule["on"]) if posts else 1,
                            rule.get("rounding", "ceil") == "ceil", in_hours, posts and known)
        if kind == "fixed":
            numbers[r, FTE] = float(rule["fte"])
        elif kind == "per":
            numbers[r, SCALE:BEYOND_BASE] = (float(rule.get("scale", 1.0)), float(rule.get("offset", 0.0)),
                                             float(rule["per"]), float(rule.get("base", 0.0)),
                                             float(rule.get("each", 1.0)))
        else:
            upper, tier_values = [float(u) for u in rule["upper"]], [float(v) for v in rule["values"]]
            if not upper or len(upper) != len(tier_values):
                raise ValueError(f"{rule['role']}: tiers need as many values as upper bounds (at least one)")
            codes[r, TIERS] = len(upper)
            uppers[r, :len(upper)], values[r, :len(upper)] = upper, tier_values
            numbers[r, BEYOND_BASE:MIN] = (float(rule["beyond_base"]), float(rule.get("beyond_step", 0)),
                                           float(rule.get("beyond_each", 1.0)))
        numbers[r, MIN] = float(rule.get("min", 0.0))
        if in_hours:
            numbers[r, HOURS_PER_DAY:] = float(rule["hours_per_day"]), float(rule.get("days_per_week", 7))
    return RuleTable(tuple(roles), codes, numbers, uppers, values, subtract, posts, float(weekly_hours),
                     float(weekly_hours) * 52.0 / 12.0, used)


@helper
def _maximum(a: float, b: float) -> float:
    """numpy's maximum: NaN if either is NaN, else the larger; of two equal values (0.0 and −0.0) the second."""
    return a if a > b or a != a else b


@helper
def _ceil_steps(x: float, per: float) -> float:
    """⌈x ÷ per⌉, guarded: 1e-9 against 80/3×3 style float noise at exact multiples."""
    return np.ceil(x / per - CEIL_GUARD)


# A RuleTable's arrays as the kernels take them: (codes, numbers, uppers, values, subtract)
TABLE = "Tuple((int64[:, ::1], float64[:, ::1], float64[:, ::1], float64[:, ::1], int64[:, ::1]))"


def table_arrays(table: RuleTable) -> tuple[np.ndarray, ...]:
    """``table``'s arrays in the order of :data:`TABLE`."""
    return table.codes, table.numbers, table.uppers, table.values, table.subtract


@helper
def evaluate_into(out, scratch, capacity, users, visits, unit_size, visit_minutes, rules, floor_each, weekly_hours,
                  monthly_hours):
    """FTE ``(roles, n)`` of a rule set written into ``out`` (every row is overwritten: each role's first rule sets
    it) on flat bases ``(n,)``; ``rules`` = :func:`table_arrays`, ``scratch`` any buffer of at least ``3 n``."""
    codes, numbers, uppers, values, subtract = rules
    n, n_rules = users.shape[0], codes.shape[0]
    # units, visit hours, and a post that adds to its role's earlier posts
    units, hours, added = scratch[:n], scratch[n:2 * n], scratch[2 * n:3 * n]
    for r in range(n_rules):
        if codes[r, BASIS] == 2:
            for i in range(n):
                units[i] = _ceil_steps(capacity[i], unit_size)  # ⌈places ÷ places per unit⌉
            break
    for r in range(n_rules):
        if codes[r, BASIS] == 3:
            for i in range(n):
                hours[i] = users[i] * visits[i] * visit_minutes / 60.0 / monthly_hours  # visit hours ÷ full time
            break
    for r in range(n_rules):
        fte = added if codes[r, ADD] == 1 else out[codes[r, ROLE]]  # the rule's FTE, computed in place
        basis = codes[r, BASIS]
        x = capacity if basis == 0 else users if basis == 1 else units if basis == 2 else hours
        kind, least = codes[r, KIND], numbers[r, MIN]
        if kind == 0:  # fixed
            fte[:] = _maximum(numbers[r, FTE], least)
        elif kind == 1:  # per: base + each × R(max(x × scale − offset, 0) ÷ per)
            scale, offset, per = numbers[r, SCALE], numbers[r, OFFSET], numbers[r, PER]
            base, each = numbers[r, BASE], numbers[r, EACH]
            if codes[r, CEIL] == 1:
                for i in range(n):
                    fte[i] = _maximum(base + each * _ceil_steps(_maximum(x[i] * scale - offset, 0.0), per), least)
            else:
                for i in range(n):
                    fte[i] = _maximum(base + each * (_maximum(x[i] * scale - offset, 0.0) / per), least)
        else:  # tiers: values[k] for the first k with x ≤ upper[k], else beyond the last bound
            tiers, beyond, step = codes[r, TIERS], numbers[r, BEYOND_BASE], numbers[r, BEYOND_STEP]
            if step > 0.0:
                last, each = uppers[r, tiers - 1], numbers[r, BEYOND_EACH]
                for i in range(n):
                    fte[i] = beyond + each * _ceil_steps(x[i] - last, step)
            else:
                fte[:] = beyond
            for k in range(tiers - 1, -1, -1):  # the first bound wins: set from the last to the first
                upper, value = uppers[r, k], values[r, k]
                for i in range(n):
                    fte[i] = value if x[i] <= upper else fte[i]
            for i in range(n):
                fte[i] = _maximum(fte[i], least)
        if codes[r, HOURS] == 1:  # a post in hours, in 常勤換算
            per_day, days = numbers[r, HOURS_PER_DAY], numbers[r, DAYS_PER_WEEK]
            for i in range(n):
                fte[i] = fte[i] * per_day * days / weekly_hours
        for k in range(subtract.shape[1]):
            other = subtract[r, k]
            if other < 0:
                break
            for i in range(n):
                fte[i] = _maximum(fte[i] - out[other, i], 0.0) if floor_each else fte[i] - out[other, i]
        if codes[r, ADD] == 1:  # a post adds to the earlier posts of its role
            row = out[codes[r, ROLE]]
            for i in range(n):
                row[i] = row[i] + fte[i]
        elif not floor_each:  # the standard: floored once, after every subtraction
            for i in range(n):
                fte[i] = _maximum(fte[i], 0.0)


@kernel(f"float64[:, ::1](float64[::1], float64[::1], float64[::1], float64, float64, {TABLE}, int64, boolean, "
        "float64, float64)")
def _evaluate(capacity, users, visits, unit_size, visit_minutes, rules, roles, floor_each, weekly_hours,
              monthly_hours):
    out = np.zeros((roles, users.shape[0]))
    evaluate_into(out, np.empty(3 * users.shape[0]), capacity, users, visits, unit_size, visit_minutes, rules,
                  floor_each, weekly_hours, monthly_hours)
    return out


def _vector(value: np.ndarray) -> np.ndarray:
    """A flat float64 vector the kernel takes: contiguous and writable (a copy of a read-only view)."""
    return np.require(value, dtype=np.float64, requirements=["C", "W"]).reshape(-1)


def evaluate(table: RuleTable, users: np.ndarray, capacity: np.ndarray | None = None,
             visits: np.ndarray | None = None, unit_size: float = 1.0, visit_minutes: float = 0.0) -> np.ndarray:
    """FTE ``(roles, n)`` of ``table`` on flat ``(n,)`` bases: ``users`` [persons], ``capacity`` [places] (default
    ``users``), ``visits`` per user a month (default 0), places per unit and minutes per visit."""
    users = _vector(users)
    capacity = users if capacity is None else _vector(capacity)
    visits = np.zeros_like(users) if visits is None else _vector(visits)
    return _evaluate(capacity, users, visits, float(unit_size), float(visit_minutes), table_arrays(table),
                     len(table.roles), table.floor_each, table.weekly_hours, table.monthly_hours)
