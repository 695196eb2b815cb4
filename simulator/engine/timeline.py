"""The month axis: dates, fiscal years and vectorised time shifts over ``(trials, months)`` arrays.

Month ``t`` (0-based) is the calendar month starting ``t`` months after the scenario's start date.
Every per-trial time input (an opening month, a delay) is an array shaped ``(trials, 1)`` so the
helpers below broadcast without a Python loop over trials or months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

FISCAL_YEAR_START_MONTH = 4  # 日本の会計年度 (4月〜3月)


@dataclass(frozen=True)
class Timeline:
    """Dates of the projection and the index arrays formulas broadcast against."""

    first: dt.date  # the first day of month 0
    t: np.ndarray  # (1, months) month numbers 0..M-1 as float
    fiscal_year: np.ndarray  # (months,) fiscal year label (year in which the April falls)

    @property
    def months(self) -> int:
        return self.t.shape[1]

    @classmethod
    def build(cls, start: dt.date, months: int) -> Timeline:
        return _build(start, months)

    @classmethod
    def _make(cls, start: dt.date, months: int) -> Timeline:
        since_january = start.month - 1 + np.arange(months)  # months since January of the start year
        year, month = start.year + since_january // 12, since_january % 12 + 1
        fiscal = np.where(month >= FISCAL_YEAR_START_MONTH, year, year - 1).astype(int)
        t = np.arange(months, dtype=float)[None, :]
        t.setflags(write=False)
        fiscal.setflags(write=False)
        return cls(first=dt.date(start.year, start.month, 1), t=t, fiscal_year=fiscal)

    @cached_property
    def dates(self) -> pd.DatetimeIndex:
        """The first day of each month as pandas dates (the tables' ``date`` column, the charts)."""
        import pandas as pd  # lazy: the engine reads only fiscal_year and days, and a CLI run needs no pandas

        return pd.date_range(pd.Timestamp(self.first.year, self.first.month, 1), periods=self.months, freq="MS")

    @property
    def days(self) -> tuple[dt.date, ...]:
        return _days(self.first, self.months)

    def month_of(self, day: dt.date) -> float:
        """Month number in which ``day`` falls (may be negative or beyond the horizon)."""
        return float((day.year - self.first.year) * 12 + day.month - self.first.month)

    def full_fiscal_years(self) -> list[int]:
        """Fiscal years whose twelve months are all inside the horizon."""
        years, counts = np.unique(self.fiscal_year, return_counts=True)
        return [int(y) for y, c in zip(years, counts, strict=True) if c == 12]


@cache
def _build(start: dt.date, months: int) -> Timeline:
    return Timeline._make(start, months)  # build each month axis once (and its pandas dates, if asked for)


@cache
def _days(first: dt.date, months: int) -> tuple[dt.date, ...]:
    """The first day of each month from ``first`` (a first of the month)."""
    since_january = (first.month - 1 + k for k in range(months))
    return tuple(dt.date(first.year + m // 12, m % 12 + 1, 1) for m in since_january)


def from_month(tl: Timeline, start: np.ndarray) -> np.ndarray:
    """1.0 from month ``start`` (per trial, ``(T, 1)``) onwards, else 0.0: shape ``(T, M)``."""
    return (tl.t >= start).astype(float)


def window(tl: Timeline, start: np.ndarray | float, stop: np.ndarray | float) -> np.ndarray:
    """1.0 for ``start <= t < stop`` per trial, else 0.0."""
    return ((tl.t >= start) & (tl.t < stop)).astype(float)


def spread(tl: Timeline, amount: np.ndarray, start: np.ndarray, months: np.ndarray | float) -> np.ndarray:
    """``amount`` paid in equal parts over ``months`` months from ``start``, clipped to the horizon.

    A window that begins before month 0 is paid from month 0; a window of zero months is paid in
    month ``start``. The whole amount is always paid inside the horizon (last month at the latest).
    """
    last = tl.months - 1
    first = np.clip(np.floor(start), 0, last)
    stop = np.clip(np.floor(start) + np.maximum(np.floor(months), 1), first + 1, last + 1)
    mask = window(tl, first, stop)
    return mask * (amount / (stop - first))


def delay(x: np.ndarray, months: np.ndarray, fill: np.ndarray | float = 0.0) -> np.ndarray:
    """``x`` shifted later by ``months`` (per trial, may be fractional: linear between whole months).

    ``y[:, t] = x[:, t - months]``; before the series starts the value is ``fill``.
    """
    trials, n = x.shape
    src = np.arange(n, dtype=float)[None, :] - np.broadcast_to(months, (trials, 1))
    lo = np.floor(src)
    frac = src - lo
    lo_i = lo.astype(int)
    fill_arr = np.broadcast_to(np.asarray(fill, dtype=float), (trials, 1))

    def pick(idx: np.ndarray) -> np.ndarray:
        taken = np.take_along_axis(x, np.clip(idx, 0, n - 1), axis=1)
        return np.where(idx < 0, fill_arr, taken)

    return pick(lo_i) * (1 - frac) + pick(lo_i + 1) * frac


class Shift:
    """:func:`delay` by the same ``months`` (``(T, 1)``) applied to many ``(T, M)`` arrays: the source
    indices and weights are computed once. ``Shift(months, shape)(x) == delay(x, months)`` exactly."""

    def __init__(self, months: np.ndarray, shape: tuple[int, int]) -> None:
        trials, n = shape
        src = np.arange(n, dtype=float)[None, :] - np.broadcast_to(months, (trials, 1))
        lo = np.floor(src)
        self.frac = src - lo
        self.keep = 1 - self.frac
        lo_i = lo.astype(int)
        row = np.arange(trials)[:, None] * n  # flat indices: one np.take instead of take_along_axis
        self.lo, self.hi = np.clip(lo_i, 0, n - 1) + row, np.clip(lo_i + 1, 0, n - 1) + row
        self.lo_before, self.hi_before = lo_i < 0, lo_i + 1 < 0
        self.shape = shape

    def __call__(self, x: np.ndarray) -> np.ndarray:
        flat = np.ascontiguousarray(np.broadcast_to(x, self.shape)).reshape(-1)
        lo = np.take(flat, self.lo)
        lo[self.lo_before] = 0.0
        hi = np.take(flat, self.hi)
        hi[self.hi_before] = 0.0
        lo *= self.keep
        hi *= self.frac
        lo += hi
        return lo


def value_at(x: np.ndarray, month: np.ndarray) -> np.ndarray:
    """``x[:, month]`` per trial (month clipped to the horizon): shape ``(T, 1)``."""
    idx = np.clip(np.floor(month), 0, x.shape[1] - 1).astype(int)
    rows = max(x.shape[0], np.shape(idx)[0] if np.ndim(idx) else 1)
    return np.take_along_axis(np.broadcast_to(x, (rows, x.shape[1])), np.broadcast_to(idx, (rows, 1)), axis=1)


def ramp(tl: Timeline, opening: np.ndarray, start: np.ndarray, ceiling: np.ndarray, months_to_ceiling: np.ndarray) -> np.ndarray:
    """Occupancy of new places: 0 before ``opening``; ``start`` in the opening month, rising in a
    straight line to ``ceiling`` after ``months_to_ceiling`` months, then flat.

    The curve is linear (documented choice: easy to explain to a board and to check by hand).
    ``months_to_ceiling = 0`` means the ceiling from the opening month.
    """
    since = tl.t - opening
    with np.errstate(over="ignore"):  # a months_to_ceiling near 0 (a denormal) gives ±inf: clipped to 0 or 1
        progress = np.clip(np.divide(since, months_to_ceiling, out=np.ones_like(since * months_to_ceiling),
                                     where=months_to_ceiling > 0), 0.0, 1.0)
    occupancy = start + (ceiling - start) * progress
    return np.where(since >= 0, occupancy, 0.0)


def growth_index(tl: Timeline, rate_per_year: np.ndarray | float) -> np.ndarray:
    """(1 + rate) ** (fiscal years since the start): steps each April (賃金改定 at the fiscal year); ``(T, M)`` for a
    ``(T, 1)`` rate. The power is taken once per trial and fiscal year, then spread over the year's months."""
    years = tl.fiscal_year - tl.fiscal_year[0]
    steps = np.arange(int(years[-1]) + 1, dtype=years.dtype)[None, :]
    return ((1.0 + np.asarray(rate_per_year, dtype=float)) ** steps)[:, years]


def discount_factors(tl: Timeline, rate_per_year: np.ndarray) -> np.ndarray:
    """End-of-month discount factors ``(1 + r) ** (-(t + 1) / 12)``."""
    return (1.0 + rate_per_year) ** (-(tl.t + 1.0) / 12.0)
