"""Users the 人員基準 is checked on: the 前年度平均, and the estimate the rules set for new or added places.

The standards count the 前年度 (April–March) average of users, not the month's: a home that loses users keeps
its staffing duty until the next fiscal year, and one that fills up meets it a year later. For new or added
places with less than a year of record the 留意事項通知 sets the count (reference ``staffing.standard_users``):
from the opening, 90 % of the new places for 6 months; then the mean of the last 6 months; after a year the mean
of the last 12 months, until a whole 前年度 lies after the opening (then its average).
Before the first month of the horizon the first month's users are assumed (as for the 減算 timing).

Each is one compiled loop over trials and months (:mod:`simulator.engine.jit`; issue 18). The horizon's fiscal
years are given to the kernels as ``year_start`` (:func:`year_starts`): the first month of each fiscal year in the
horizon, then the number of months. The sums round as the numpy engine's did (the 前年度 total in numpy's order,
the trailing means as differences of one running sum), so every result is bit-identical to it.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.jit import READ_MATRIX, as_matrix, helper, kernel
from simulator.engine.timeline import Timeline

M = READ_MATRIX
PAIRWISE_BLOCK = 8  # numpy's pairwise sum: 8 accumulators below its 128-element block (a fiscal year has ≤ 12)


def year_starts(tl: Timeline) -> np.ndarray:
    """The first month of each fiscal year in the horizon, then the number of months: ``int64`` ``(years + 1,)``."""
    changes = np.flatnonzero(np.diff(tl.fiscal_year)) + 1
    return np.concatenate([[0], changes, [tl.months]]).astype(np.int64)


@helper
def _numpy_sum(values, n, pairwise):
    """Σ ``values[:n]`` (n ≤ 128) in the order the numpy engine added the 前年度's months: its selection of months
    (``x[:, prior]``) of several trials was stored column-major, so they were added month by month onto numpy's
    initial 0 (``pairwise`` False); a single row (one trial, or one row for all) it summed pairwise: below 8 one
    by one, else 8 interleaved partial sums added in pairs, then the rest one by one."""
    if not pairwise:
        total = 0.0
        for k in range(n):
            total += values[k]
        return total
    if n < PAIRWISE_BLOCK:
        total = -0.0
        for k in range(n):
            total += values[k]
        return 0.0 + total
    r = np.empty(PAIRWISE_BLOCK)
    for j in range(PAIRWISE_BLOCK):
        r[j] = values[j]
    k = PAIRWISE_BLOCK
    while k < n - n % PAIRWISE_BLOCK:
        for j in range(PAIRWISE_BLOCK):
            r[j] += values[k + j]
        k += PAIRWISE_BLOCK
    total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    while k < n:
        total += values[k]
        k += 1
    return 0.0 + total


@helper
def _prior_year_row(x, is_open, i, year_start, pairwise, counted, out):
    """Trial ``i``'s 前年度平均 into ``out`` ``(M,)`` (``counted``: scratch of ≥ 12 months; ``pairwise``: the
    numpy engine had one row of users, see :func:`_numpy_sum`)."""
    first_open = is_open[i, 0] > 0
    for t in range(year_start[0], year_start[1]):  # the horizon's first fiscal year: its first month stands for 前年度
        out[t] = x[i, 0] if first_open else x[i, t]
    for k in range(1, year_start.shape[0] - 1):
        before, start, stop = year_start[k - 1], year_start[k], year_start[k + 1]
        n = 0  # open months of the previous fiscal year
        high, low = -np.inf, np.inf
        for t in range(before, start):
            value = 0.0  # a closed month adds 0 to the total
            if is_open[i, t] > 0:
                value = x[i, t]
                n += 1
                high = max(high, value)
                low = min(low, value)
            counted[t - before] = value
        total = _numpy_sum(counted, start - before, pairwise)
        # 前年度平均 = Σ users of the open months ÷ their number (a level is its own mean, exactly)
        mean = high if high == low else total / max(n, 1)
        for t in range(start, stop):
            out[t] = mean if n > 0 else x[i, t]  # no open month before (opening inside the horizon): the month's own


@kernel(f"float64[:, ::1]({M}, {M}, int64[::1], boolean)")
def _prior_year_mean(x, is_open, year_start, pairwise):
    trials, months = x.shape
    out = np.empty((trials, months))
    counted = np.empty(months)
    for i in range(trials):
        _prior_year_row(x, is_open, i, year_start, pairwise, counted, out[i])
    return out


@helper
def _running_sum(x, i, csum):
    """csum[t] = Σ x[i, :t] (``csum`` ``(M + 1,)``), added in month order as ``np.cumsum``."""
    csum[0] = 0.0
    if x.shape[1] > 0:
        csum[1] = x[i, 0]
    for t in range(1, x.shape[1]):
        csum[t + 1] = csum[t] + x[i, t]


@helper
def _window_mean(csum, t, window):
    """Mean of the ``window`` months before month ``t`` (fewer at the start; 0 in month 0), from the running sum."""
    start = max(t - window, 0)
    return (csum[t] - csum[start]) / max(t - start, 1)


@kernel(f"float64[:, ::1]({M}, int64)")
def _trailing_mean(x, window):
    trials, months = x.shape
    out = np.empty((trials, months))
    csum = np.empty(months + 1)
    for i in range(trials):
        _running_sum(x, i, csum)
        for t in range(months):
            out[i, t] = _window_mean(csum, t, window)
    return out


@kernel(f"float64[:, ::1]({M}, {M}, {M}, {M}, int64[::1], boolean, float64, int64, int64)")
def _new_place_users(users, capacity, admit, all_open, year_start, pairwise, share, first, full):
    trials, months = users.shape
    out = np.zeros((trials, months))
    csum = np.empty(months + 1)
    counted = np.empty(months)
    prior = np.empty(months)
    # the previous fiscal year starts 12 months before this one's April (the horizon may start mid-year)
    prior_start = np.empty(months)
    for k in range(year_start.shape[0] - 1):
        fy_start = float(year_start[k])
        in_year = float(year_start[k + 1] - year_start[k])
        for t in range(year_start[k], year_start[k + 1]):
            prior_start[t] = fy_start - 12.0 - ((12.0 - in_year) if fy_start == 0.0 else 0.0)
    for i in range(trials):
        _running_sum(users, i, csum)
        _prior_year_row(users, all_open, i, year_start, pairwise, counted, prior)
        for t in range(months):
            since = t - admit[i, t]  # months since the first admissions
            if not since >= 0.0:
                continue  # before admissions: nothing counted
            if since < first:
                out[i, t] = share * capacity[i, t]  # 90 % of the new places
            elif since < full:
                out[i, t] = _window_mean(csum, t, first)  # the last 6 months' mean
            elif prior_start[t] >= admit[i, t]:
                out[i, t] = prior[t]  # a whole 前年度 after the opening: its average
            else:
                out[i, t] = _window_mean(csum, t, full)  # the last 12 months' mean
    return out


def prior_year_mean(tl: Timeline, x: np.ndarray, open_mask: np.ndarray | None = None) -> np.ndarray:
    """Each month's 前年度平均 of ``x`` ``(T, M)``: the mean over the open months of the previous fiscal year in
    the horizon (exactly the level where it did not change); in the horizon's first fiscal year ``x``'s first
    month if open then; where no such month exists (a service opening inside the horizon) the month's own."""
    shape = np.broadcast_shapes(np.shape(x), tl.t.shape)
    is_open = as_matrix(1.0 if open_mask is None else open_mask, shape)
    return _prior_year_mean(as_matrix(x, shape), is_open, year_starts(tl), shape[0] == 1)


def trailing_mean(x: np.ndarray, window: int) -> np.ndarray:
    """Mean of the ``window`` months before each month (fewer at the start of the horizon; 0 in month 0)."""
    return _trailing_mean(as_matrix(x, np.shape(x)), int(window))


def new_place_users(tl: Timeline, users: np.ndarray, capacity: np.ndarray, admit: np.ndarray,
                    share: float, first: int, full: int) -> np.ndarray:
    """The standard's users of new or added places first admitting in month ``admit`` ``(T, 1)``: ``share`` of
    the places for ``first`` months, then the mean of the last ``first`` months, from ``full`` months the
    mean of the last ``full``, and the 前年度平均 once a whole fiscal year lies after ``admit``."""
    shape = np.broadcast_shapes(tl.t.shape, np.shape(admit), np.shape(users), np.shape(capacity))
    one_row = np.broadcast_shapes(np.shape(users), tl.t.shape)[0] == 1  # the numpy engine's 前年度 sum order
    return _new_place_users(as_matrix(users, shape), as_matrix(capacity, shape), as_matrix(admit, shape),
                            as_matrix(1.0, shape), year_starts(tl), one_row, float(share), int(first), int(full))
