"""IRR of yearly cash flows for many trials (a compiled kernel), with pyxirr where the root is ambiguous.

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
  and ``Σ c_k ≠ 0``, so 0 is not a root) → the IRR is unambiguous and the kernel solves it, on
  ``P(v) = Σ c_k v^k`` in ``v ∈ [1 / (1 + 1e9), 1]`` for a positive root and on
  ``Q(w) = Σ c_k w^(n−k)`` (``w = 1 + r``) in the same interval for a negative one: a grid of 26 points
  brackets the root, then safeguarded Newton (the secant of the bracket, or its midpoint, when a step
  leaves it), then two Newton steps in ``r``. It agrees with pyxirr to about 1e-13 where pyxirr finds
  the root; pyxirr 0.10 misses some unique negative roots (−65 % … −99 % in the examples' trials) and
  those get their root here, so "IRR undefined" means that no IRR exists.
- Anything else (several possible roots) → ``pyxirr.irr`` trial by trial, outside the kernel, so those
  results are exactly pyxirr's (the root it picks). NaN where pyxirr finds none.

The kernel (:func:`_irr_rows`, numba via :func:`simulator.engine.jit.kernel`) takes one trial at a time and
iterates it on its own, so a trial's IRR does not depend on the other trials; run with ``NUMBA_DISABLE_JIT=1``
it is the plain-Python reference and gives the same bits: only ``+ − × ÷`` and comparisons, which round alike
in both (no ``**``: plain Python raises on its overflow). Agreement with pyxirr: tests/engine/test_engine_speed.py.
Zero years at the start (in ``P(v)``) or at the end (in ``Q(w)``) are the polynomial's lowest coefficients, a factor
``v^m`` or ``w^m`` that does not move its roots: they are dropped before solving. Until 2026-12-03 they were not, and
the bracket end next to 0 passed the rounding test (two at the end, IRR below −83 %: r ≈ −100 %; two at the start,
above +506 %: r ≈ 1e9).

2026-12-03, irr_checked of the merger example's yearly flows, 10,000 sampled trials, best of 7 on one core:
54 ms in numpy, 5.6 ms compiled.
"""

from __future__ import annotations

import math

import numpy as np
import pyxirr

from simulator.engine.jit import helper, kernel

MAX_RATE = 1e9  # upper end of the bracket (numerical): a larger IRR is left to pyxirr
MAX_STEPS = 200  # bisection halves the bracket each step: 200 steps reach any float precision
STEP_TOLERANCE = 4e-16  # relative change in v at which a trial has converged (numerical)
ROUNDING = 4 * float(np.finfo(float).eps)  # |P(v)| below this × Σ |c_k| is rounding noise: v is a root (numerical)
GRID_POINTS = 24  # points of the first, coarse bracketing (numerical: fewer Newton and bisection steps after it)
# The bracketing grid in v: 1 / (1 + MAX_RATE), then GRID_POINTS points denser towards 1 (small rates), then 1.
_LOWEST = 1.0 / (1.0 + MAX_RATE)
_GRID = np.concatenate([[_LOWEST], 1.0 - np.geomspace(1.0 - _LOWEST, 1e-4, GRID_POINTS), [1.0]])


@helper
def _sign(x: float) -> float:
    """−1, 0 or 1 (NaN for NaN), as ``np.sign``."""
    if x > 0.0:
        return 1.0
    if x < 0.0:
        return -1.0
    return 0.0 if x == 0.0 else math.nan


@helper
def _sign_changes(coefficients: np.ndarray) -> int:
    """Sign changes of a row, zeros skipped."""
    changes = 0
    last = 0.0
    for k in range(coefficients.size):
        s = _sign(coefficients[k])
        if s != 0.0:
            if last != 0.0 and s != last:
                changes += 1
            last = s
    return changes


@helper
def _binomials(n: int) -> np.ndarray:
    """``B[k, j] = C(n − k, j)`` for ``k, j`` in ``0 … n`` (Pascal's triangle: exact in float64 up to n = 56)."""
    binom = np.zeros((n + 1, n + 1))
    for k in range(n, -1, -1):
        binom[k, 0] = 1.0
        for j in range(1, n - k + 1):
            binom[k, j] = binom[k + 1, j - 1] + binom[k + 1, j]  # C(m, j) = C(m − 1, j − 1) + C(m − 1, j)
    return binom


@helper
def _future_value(yearly: np.ndarray, binom: np.ndarray, out: np.ndarray) -> None:
    """``out``: the coefficients in ``w`` (ascending) of ``Σ_k c_k (1 + w)^(n − k)``: its positive roots are the
    IRRs > 0 (``binom`` from :func:`_binomials`)."""
    n = yearly.size - 1
    for j in range(n + 1):
        total = 0.0
        for k in range(n - j + 1):
            total += yearly[k] * binom[k, j]
        out[j] = total


@helper
def _poly(coefficients: np.ndarray, v: float) -> tuple[float, float]:
    """``P(v) = Σ a_k v^k`` and ``P'(v)`` (Horner)."""
    p = 0.0
    dp = 0.0
    for k in range(coefficients.size - 1, -1, -1):
        dp = dp * v + p
        p = p * v + coefficients[k]
    return p, dp


@helper
def _bracketed_root(coefficients: np.ndarray, lo: float, hi: float, noise: float) -> float:
    """The root of ``P`` in ``[lo, hi]`` (``P(lo)``, ``P(hi)`` of opposite signs): safeguarded Newton (a Newton
    step that leaves the bracket is replaced by the secant of the bracket, else its midpoint).

    A point where ``|P|`` is at most ``noise`` (the rounding level of its terms: ``v ≤ 1``, so at most
    ``ROUNDING × Σ |a_k|``) is the root to machine precision; without that test a bracket end that lands next
    to the root would be approached by halving, one bit a step.
    """
    a, b = lo, hi
    pa, _ = _poly(coefficients, a)
    pb, _ = _poly(coefficients, b)
    v = 0.5 * (a + b)
    for _step in range(MAX_STEPS):
        p, dp = _poly(coefficients, v)
        if _sign(p) == _sign(pa):
            a, pa = v, p
        else:
            b, pb = v, p
        newton = v - p / dp if dp != 0.0 else math.nan  # 0 / 0 or ±inf: not inside the bracket either way
        secant = a - pa * (b - a) / (pb - pa) if pb != pa else math.nan
        if math.isfinite(newton) and a < newton < b:
            new = newton
        elif math.isfinite(secant) and a < secant < b:
            new = secant
        else:
            new = 0.5 * (a + b)
        at_root = abs(p) <= noise
        end_at_root = abs(pa) <= noise or abs(pb) <= noise
        done = abs(new - v) <= STEP_TOLERANCE * abs(v) or at_root or end_at_root
        if at_root:
            new = v
        elif end_at_root:
            new = a if abs(pa) <= abs(pb) else b
        v = new
        if done:
            break
    return v


@helper
def _root_in_unit_interval(all_coefficients: np.ndarray, grid: np.ndarray) -> float:
    """The root of ``Σ a_k v^k`` between ``grid[0]`` and ``grid[-1]`` (``1 / (1 + MAX_RATE)`` and 1), or NaN
    where it has no sign change there. The values on ``grid`` change sign once (the unique root); the two grid
    points around that change bracket it for :func:`_bracketed_root`.

    Leading zeros ``a_0 … a_(m−1)`` are dropped first (``P / v^m``: the same roots ``v > 0``): they make ``P``
    tiny next to ``v = 0``, where the bracket end would pass the rounding test as a root (zero years at the end
    of the flows, in ``w``: r ≈ −100 %; at the start, in ``v``: r ≈ 1e9)."""
    start = 0
    while start < all_coefficients.size and all_coefficients[start] == 0.0:
        start += 1
    if start == all_coefficients.size:
        return math.nan
    coefficients = all_coefficients[start:]
    last = grid.size - 1
    p_lo, _ = _poly(coefficients, grid[0])
    p_hi, _ = _poly(coefficients, grid[last])
    upper_sign = _sign(p_hi)
    if not _sign(p_lo) * upper_sign < 0.0:
        return math.nan
    upper = 0
    for g in range(grid.size):
        value, _ = _poly(coefficients, grid[g])
        if _sign(value) == upper_sign or value == 0.0:  # on the root's upper side (or at it)
            upper = g
            break
    noise = 0.0
    for k in range(coefficients.size):
        noise += abs(coefficients[k])
    return _bracketed_root(coefficients, grid[max(upper - 1, 0)], grid[upper], ROUNDING * noise)


@helper
def _polish(yearly: np.ndarray, rate: float) -> float:
    """Two Newton steps on NPV(r) (1/v − 1 loses digits near r = 0); a step that does not help is dropped."""
    for _step in range(2):
        base = 1.0 + rate  # > 0: rate > −1
        f = 0.0  # NPV(r) = Σ c_k (1 + r)^-k
        slope = 0.0  # Σ k c_k (1 + r)^-k, so NPV'(r) = −slope / (1 + r)
        discount = 1.0
        for k in range(yearly.size):
            f += yearly[k] * discount
            slope += yearly[k] * k * discount
            discount = discount / base
        df = -slope / base
        if df == 0.0:
            continue
        new = rate - f / df
        if not (math.isfinite(new) and new > -1.0):
            continue
        f_new = 0.0
        discount = 1.0
        base = 1.0 + new  # > 0: new > −1
        for k in range(yearly.size):
            f_new += yearly[k] * discount
            discount = discount / base
        if abs(f_new) <= abs(f):
            rate = new
    return rate


@kernel("UniTuple(float64[::1], 2)(float64[:, ::1], float64[::1])")
def _irr_rows(yearly: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of yearly flows ``(T, Y)``: the IRR where it is unique and solved here (NaN otherwise: several
    possible roots, 0 a root, or no bracket; :func:`irr_yearly` asks pyxirr for those), and the index in
    :data:`IRR_REASONS` of why no IRR is shown (0, 1, 2 or 3; :func:`irr_checked` adds 4)."""
    trials, years = yearly.shape
    rate = np.full(trials, math.nan)
    reason = np.zeros(trials)
    binom = _binomials(years - 1)
    reverse = np.empty(years)
    coefficients = np.empty(years)
    for i in range(trials):
        row = yearly[i]
        total = 0.0
        first = 0.0  # the first flow of at least half a yen
        for k in range(years):
            reverse[k] = row[years - 1 - k]
            total += row[k]
            if first == 0.0 and abs(row[k]) > 0.5:
                first = row[k]
        one_change = _sign_changes(row) == 1  # exactly one root r > −1
        _future_value(row, binom, coefficients)
        above = _sign_changes(coefficients)  # bounds the roots r > 0
        _future_value(reverse, binom, coefficients)
        below = _sign_changes(coefficients)  # bounds the roots −1 < r < 0
        if first == 0.0:
            reason[i] = 1  # no_change
        elif first > 0.0:
            reason[i] = 2  # no_investment
        elif not (one_change or above + below == 1):
            reason[i] = 3  # several_sign_changes
        if total == 0.0:  # 0 is a root
            continue
        if above == 1 and (one_change or below == 0):
            root = 1.0 / _root_in_unit_interval(row, grid) - 1.0  # v = 1 / (1 + r)
        elif above == 0 and (one_change or below == 1):
            root = _root_in_unit_interval(reverse, grid) - 1.0  # w = 1 + r, a root of Σ c_k w^(n−k)
        else:
            continue
        if math.isfinite(root):
            rate[i] = _polish(row, root)
    return rate, reason


def _flows(yearly: np.ndarray) -> np.ndarray:
    """``yearly`` as the kernel takes it: float64, C-contiguous, two-dimensional."""
    return np.ascontiguousarray(yearly, dtype=np.float64)


def _with_pyxirr(yearly: np.ndarray, rate: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``rate`` with pyxirr's IRR where the kernel left NaN among ``rows`` (in place)."""
    rest = np.flatnonzero(rows & ~np.isfinite(rate))
    if rest.size:
        rate[rest] = _pyxirr_rows(yearly[rest])
    return rate


def irr_yearly(yearly: np.ndarray) -> np.ndarray:
    """IRR per row of yearly flows ``(T, Y)`` (NaN where none); see the module docstring for the root chosen."""
    flows = _flows(yearly)
    rate, _ = _irr_rows(flows, _GRID)
    return _with_pyxirr(flows, rate, np.ones(rate.shape, dtype=bool))


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

    An IRR is shown when the flows are an investment (the first flow of at least half a yen is negative)
    whose NPV has exactly one root ``r > −1`` (Descartes' bounds of :func:`irr_yearly`; one sign change
    always qualifies) and that root lies in :data:`SANE_RANGE`; otherwise NaN and the index of the reason
    in :data:`IRR_REASONS`. No trial falls back to pyxirr's choice among several roots.
    """
    flows = _flows(yearly)
    rate, reason = _irr_rows(flows, _GRID)
    rows = reason == 0
    rate = _with_pyxirr(flows, rate, rows)
    sane = rows & np.isfinite(rate) & (rate > SANE_RANGE[0]) & (rate <= SANE_RANGE[1])
    reason[rows & ~sane] = IRR_REASONS.index("out_of_range")
    return np.where(sane, rate, np.nan), reason


def mirr(yearly: np.ndarray, rate: np.ndarray | float) -> np.ndarray:
    """Modified IRR per row, financing and reinvestment at ``rate`` (the discount rate; one per trial or
    one for all): ``(FV of the inflows at the end / PV of the outflows at the start) ** (1 / n) − 1``
    over ``n`` = years − 1 periods, as numpy-financial's ``mirr``. NaN without an outflow or an inflow.
    A few vector operations, so numpy, not a kernel."""
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
