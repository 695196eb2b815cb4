"""IRR of yearly cash flows for many trials at once (numpy), with pyxirr where the root is ambiguous.

The IRR of flows ``c_0 … c_n`` is a root ``r > −1`` of ``NPV(r) = Σ c_k (1 + r)^-k``. Which root:

- pyxirr (the engine's IRR before vectorisation, and the reference here) picks one root by its own
  search; which one, when several exist, depends on its version (0.10.8 returns the lowest of two in
  the cases tried, even a negative one).
- Descartes' rule of signs bounds the number of roots: the sign changes of ``c`` bound the roots
  ``r > −1`` (a polynomial in ``v = 1 / (1 + r)``), the sign changes of the coefficients of
  ``Σ c_k (1 + w)^(n−k)`` bound the roots ``r = w > 0``.
- The same rule on the other side of 0: the roots ``r ∈ (−1, 0)`` are the positive roots ``x`` of
  ``Σ c_k (1 + x)^k`` (``r = −x / (1 + x)``), so the sign changes of its coefficients bound them.
- Exactly one root ``r > −1`` (both bounds say where: one root on one side of 0 and none on the other,
  and ``Σ c_k ≠ 0``, so 0 is not a root) → the IRR is unambiguous and is solved here for all such
  trials at once, on ``P(v) = Σ c_k v^k`` in ``v ∈ [1 / (1 + 1e9), 1]`` for a positive root and on
  ``Q(w) = Σ c_k w^(n−k)`` (``w = 1 + r``) in the same interval for a negative one: a grid of 26 points
  brackets the root, then safeguarded Newton (the secant of the bracket, or its midpoint, when a step
  leaves it), then two Newton steps in ``r``. It agrees with pyxirr to about 1e-13 where pyxirr finds
  the root; pyxirr 0.10 misses some unique negative roots (−65 % … −99 % in the examples' trials) and
  those get their root here, so "IRR undefined" means that no IRR exists.
- Anything else (several possible roots) → ``pyxirr.irr`` trial by trial, so those results are exactly
  pyxirr's (the root it picks). NaN where pyxirr finds none.

Every trial is iterated on its own (converged trials stop), so a trial's IRR does not depend on the
other trials in the chunk. Agreement with pyxirr: tests/engine/test_engine_speed.py.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pyxirr

MAX_RATE = 1e9  # upper end of the bracket (numerical): a larger IRR is left to pyxirr
MAX_STEPS = 200  # bisection halves the bracket each step: 200 steps reach any float precision
STEP_TOLERANCE = 4e-16  # relative change in v at which a trial has converged (numerical)
ROUNDING = 4 * np.finfo(float).eps  # |P(v)| below this × Σ |c_k| is rounding noise: v is a root (numerical)


def sign_changes(coefficients: np.ndarray) -> np.ndarray:
    """Sign changes per row, zeros skipped: ``(T,)`` (a loop over the ≤ 41 columns, not over trials)."""
    signs = np.sign(coefficients)
    last = np.zeros(coefficients.shape[0])
    changes = np.zeros(coefficients.shape[0], dtype=int)
    for k in range(coefficients.shape[1]):
        s = signs[:, k]
        changes += (s != 0) & (last != 0) & (s != last)
        last = np.where(s != 0, s, last)
    return changes


@cache
def _binomials(n: int) -> np.ndarray:
    """``B[k, j] = C(n − k, j)`` for ``k, j`` in ``0 … n`` (read-only; one per horizon length)."""
    binom = np.zeros((n + 1, n + 1))
    for k in range(n + 1):
        binom[k, : n - k + 1] = [math.comb(n - k, j) for j in range(n - k + 1)]
    binom.setflags(write=False)
    return binom


def future_value_coefficients(yearly: np.ndarray) -> np.ndarray:
    """Coefficients in ``w`` (ascending) of ``Σ_k c_k (1 + w)^(n − k)``: its positive roots are the IRRs > 0."""
    return yearly @ _binomials(yearly.shape[1] - 1)


def _poly(yearly: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``P(v) = Σ c_k v^k`` and ``P'(v)`` per row (Horner); ``yearly`` ``(T, K)`` with ``v`` ``(T,)``, or
    ``(T, K, 1)`` with ``v`` ``(T, G)`` for G points per row."""
    p = np.zeros(v.shape)
    dp = np.zeros(v.shape)
    for k in range(yearly.shape[1] - 1, -1, -1):
        dp = dp * v + p
        p = p * v + yearly[:, k]
    return p, dp


def _bracketed_root(yearly: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The root of ``P`` in ``[lo, hi]`` (``P(lo)``, ``P(hi)`` of opposite signs) per row: safeguarded Newton
    (a Newton step that leaves the bracket is replaced by the secant of the bracket, else its midpoint).

    A point where ``|P|`` is at the rounding level of its terms (``v ≤ 1``: at most ``Σ |c_k|``) is the root
    to machine precision; without that test a bracket end that lands next to the root would be
    approached by halving, one bit a step.
    """
    noise = ROUNDING * np.abs(yearly).sum(axis=1)
    p_lo, _ = _poly(yearly, lo)
    p_hi, _ = _poly(yearly, hi)
    v = 0.5 * (lo + hi)
    active = np.ones(v.shape, dtype=bool)
    for _ in range(MAX_STEPS):
        if not active.any():
            break
        idx = np.flatnonzero(active)
        c, a, b, x, pa, pb, tiny = yearly[idx], lo[idx], hi[idx], v[idx], p_lo[idx], p_hi[idx], noise[idx]
        p, dp = _poly(c, x)
        same = np.sign(p) == np.sign(pa)
        a, b = np.where(same, x, a), np.where(same, b, x)
        pa, pb = np.where(same, p, pa), np.where(same, pb, p)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = x - p / dp
            secant = a - pa * (b - a) / (pb - pa)
        inside = np.isfinite(newton) & (newton > a) & (newton < b)
        secant_inside = np.isfinite(secant) & (secant > a) & (secant < b)
        new = np.where(inside, newton, np.where(secant_inside, secant, 0.5 * (a + b)))
        at_root = np.abs(p) <= tiny
        end_at_root = (np.abs(pa) <= tiny) | (np.abs(pb) <= tiny)
        end = np.where(np.abs(pa) <= np.abs(pb), a, b)
        done = (np.abs(new - x) <= STEP_TOLERANCE * np.abs(x)) | at_root | end_at_root
        lo[idx], hi[idx], p_lo[idx], p_hi[idx] = a, b, pa, pb
        v[idx] = np.where(at_root, x, np.where(end_at_root, end, new))
        active[idx[done]] = False
    return v


def _polish(yearly: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Two Newton steps on NPV(r) (1/v − 1 loses digits near r = 0); a step that does not help is dropped."""
    k = np.arange(yearly.shape[1], dtype=float)
    for _ in range(2):
        with np.errstate(all="ignore"):
            disc = (1.0 + rate)[:, None] ** -k
            f = (yearly * disc).sum(axis=1)
            df = -(yearly * k * disc).sum(axis=1) / (1.0 + rate)
            new = rate - f / df
            f_new = (yearly * (1.0 + new)[:, None] ** -k).sum(axis=1)
        better = np.isfinite(new) & (new > -1.0) & (np.abs(f_new) <= np.abs(f))
        rate = np.where(better, new, rate)
    return rate


GRID_POINTS = 24  # points of the first, coarse bracketing (numerical: fewer Newton and bisection steps after it)


def _narrowed(coefficients: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """A narrower bracket per row around the one root of ``Σ a_k v^k`` in ``[lo, hi]``: the values on a grid,
    denser towards 1 (small rates), change sign once; the two grid points around that change bracket it."""
    grid = np.concatenate([[lo], 1.0 - np.geomspace(1.0 - lo, 1e-4, GRID_POINTS), [hi]])
    values, _ = _poly(coefficients[:, :, None], np.broadcast_to(grid, (coefficients.shape[0], grid.size)))
    above = np.sign(values) == np.sign(values[:, -1:])  # on the root's upper side (the unique root: one change)
    upper = np.argmax(above | (values == 0), axis=1)
    return grid[np.maximum(upper - 1, 0)], grid[upper]


def _root_in_unit_interval(coefficients: np.ndarray) -> np.ndarray:
    """The root of ``Σ a_k v^k`` in ``[1 / (1 + MAX_RATE), 1]`` per row, or NaN where it has no sign change there."""
    lo, hi = 1.0 / (1.0 + MAX_RATE), 1.0
    ok = np.sign(_poly(coefficients, np.full(coefficients.shape[0], lo))[0]) * np.sign(
        _poly(coefficients, np.full(coefficients.shape[0], hi))[0]) < 0
    out = np.full(coefficients.shape[0], np.nan)
    if ok.any():
        out[ok] = _bracketed_root(coefficients[ok], *_narrowed(coefficients[ok], lo, hi))
    return out


def _solve_positive(yearly: np.ndarray) -> np.ndarray:
    """The unique root r in (0, MAX_RATE] per row (v = 1 / (1 + r)), or NaN where there is none."""
    return 1.0 / _root_in_unit_interval(yearly) - 1.0


def _solve_negative(yearly: np.ndarray) -> np.ndarray:
    """The unique root r in (−1, 0) per row (w = 1 + r, a root of Σ c_k w^(n−k)), or NaN where there is none."""
    return _root_in_unit_interval(yearly[:, ::-1]) - 1.0


def irr_yearly(yearly: np.ndarray) -> np.ndarray:
    """IRR per row of yearly flows ``(T, Y)`` (NaN where none); see the module docstring for the root chosen."""
    trials = yearly.shape[0]
    out = np.full(trials, np.nan)
    one_sign_change = sign_changes(yearly) == 1  # exactly one root r > −1
    above = sign_changes(future_value_coefficients(yearly))  # bounds the roots r > 0
    below = sign_changes(future_value_coefficients(yearly[:, ::-1]))  # bounds the roots −1 < r < 0
    not_zero = yearly.sum(axis=1) != 0  # 0 is not a root
    positive = (above == 1) & (one_sign_change | (below == 0)) & not_zero
    negative = (above == 0) & (one_sign_change | (below == 1)) & not_zero
    for rows, solve in ((positive, _solve_positive), (negative, _solve_negative)):
        if rows.any():
            out[rows] = _polish(yearly[rows], solve(yearly[rows]))
    rest = np.flatnonzero(~(positive | negative) | ~np.isfinite(out))
    if rest.size:
        out[rest] = _pyxirr_rows(yearly[rest])
    return out


def _pyxirr_rows(rows: np.ndarray) -> np.ndarray:
    """:func:`irr_pyxirr` of each row, with the per-call conversions done once for all rows."""
    values = np.array([pyxirr.irr(row, silent=True) for row in rows], dtype=float)  # None -> NaN
    values[~np.isfinite(values)] = np.nan
    return values


def irr_pyxirr(yearly_row: np.ndarray) -> float:
    """pyxirr's IRR of one series of yearly flows (NaN if none)."""
    value = pyxirr.irr(yearly_row, silent=True)
    return float(value) if value is not None and np.isfinite(value) else float("nan")


# Why an IRR is not shown (metric ``irr_reason``; locale keys ``engine.irr_reason.<name>``).
IRR_REASONS: tuple[str, ...] = (
    "ok",  # 0: conventional flows (money out first), one root in the sane range
    "no_change",  # 1: no incremental flows at all (doing nothing)
    "no_investment",  # 2: the first flows bring money in: a "rate" would be a cost of borrowing, not a return
    "several_sign_changes",  # 3: flows change sign more than once and more than one root is possible
    "out_of_range",  # 4: the only root lies outside the sane range (or none exists)
)
SANE_RANGE = (-0.99, 1.0)  # −99 % … +100 % a year: above it the money put in is small against what comes back (a merger whose only outlay is due diligence), and a rate says nothing a board can use: MIRR and NPV do (assumption)


def irr_checked(yearly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(IRR, reason code) per row of yearly flows ``(T, Y)``: the IRR only where it means something.

    An IRR is shown when the flows are an investment (the first non-zero flow is negative) whose NPV
    has exactly one root ``r > −1`` (Descartes' bounds of :func:`irr_yearly`; one sign change always
    qualifies) and that root lies in :data:`SANE_RANGE`; otherwise NaN and the index of the reason in
    :data:`IRR_REASONS`. No trial falls back to pyxirr's choice among several roots.
    """
    trials = yearly.shape[0]
    reason = np.zeros(trials)
    nonzero = np.abs(yearly) > 0.5  # below half a yen
    empty = ~nonzero.any(axis=1)
    first = yearly[np.arange(trials), np.argmax(nonzero, axis=1)]
    one_change = sign_changes(yearly) == 1
    above = sign_changes(future_value_coefficients(yearly))
    below = sign_changes(future_value_coefficients(yearly[:, ::-1]))
    unique = one_change | ((above + below) == 1)
    reason[~unique] = IRR_REASONS.index("several_sign_changes")
    reason[first > 0] = IRR_REASONS.index("no_investment")
    reason[empty] = IRR_REASONS.index("no_change")
    rows = reason == 0
    out = np.full(trials, np.nan)
    if rows.any():
        values = irr_yearly(yearly[rows])
        sane = np.isfinite(values) & (values > SANE_RANGE[0]) & (values <= SANE_RANGE[1])
        out[rows] = np.where(sane, values, np.nan)
        reason[np.flatnonzero(rows)[~sane]] = IRR_REASONS.index("out_of_range")
    return out, reason


def mirr(yearly: np.ndarray, rate: np.ndarray | float) -> np.ndarray:
    """Modified IRR per row, financing and reinvestment at ``rate`` (the discount rate; one per trial or
    one for all): ``(FV of the inflows at the end / PV of the outflows at the start) ** (1 / n) − 1``
    over ``n`` = years − 1 periods, as numpy-financial's ``mirr``. NaN without an outflow or an inflow."""
    trials, years = yearly.shape
    r = np.broadcast_to(np.asarray(rate, dtype=float).reshape(-1, 1), (trials, 1))
    k = np.arange(years, dtype=float)[None, :]
    n = years - 1
    inflows = np.where(yearly > 0, yearly, 0.0)
    outflows = np.where(yearly < 0, yearly, 0.0)
    fv = (inflows * (1.0 + r) ** (n - k)).sum(axis=1)
    pv = (outflows / (1.0 + r) ** k).sum(axis=1)
    ok = (fv > 0) & (pv < 0) & (n > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (fv / np.where(ok, -pv, 1.0)) ** (1.0 / max(n, 1)) - 1.0
    return np.where(ok, value, np.nan)
