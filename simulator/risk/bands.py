"""Percentiles of each row of a matrix by exact selection: the Monte Carlo's monthly P10 / P50 / P90 bands.

:func:`percentiles_by_row` gives the bits of ``np.percentile(matrix, percents, axis=1)`` (numpy's default
"linear" method: position (n - 1) · q between two order statistics, interpolated as numpy's ``_lerp``) without
sorting or partitioning whole rows. For each row it counts the values into buckets (floor((x - lo) · scale),
clamped: monotone in x, so a bucket's values lie between those of the buckets on either side; lo and scale
from a strided sample of the row), reads off the bucket of each order statistic it needs, copies only those
buckets and selects inside them: sorting a bucket of a few dozen values, bucketing a larger one again.

A row with a NaN gives NaN, as in numpy. ``-0.0`` and ``0.0`` are equal values: where a row holds both, a zero
result may carry the other sign than numpy's (whose sign follows its partition order).

2026-12-03, ``python -m benchmarks.bench_bands``: 120 × 100k 18.8 ms (np.percentile 253), 120 × 10k 1.8 (27).
"""

from __future__ import annotations

import numpy as np

from simulator.engine.jit import helper, kernel

SMALL = 48  # a bucket of at most this many values is sorted (insertion sort) instead of bucketed again
BUCKETS_MAX = 4096  # buckets per row (a row of n values gets about n / 16, at least 2)


@helper
def _sort(values: np.ndarray, start: int, stop: int) -> None:
    """Sort ``values[start:stop]`` in place (insertion sort, for a few dozen values)."""
    for i in range(start + 1, stop):
        x = values[i]
        j = i - 1
        while j >= start and values[j] > x:
            values[j + 1] = values[j]
            j -= 1
        values[j + 1] = x


@helper
def _kth(values: np.ndarray, start: int, stop: int, k: int, work: np.ndarray, counts: np.ndarray) -> float:
    """The ``k``-th smallest (from 0) of ``values[start:stop]``, which stay as they are: ``work`` holds the
    copy that is narrowed, ``counts`` (``BUCKETS_MAX``) the bucket counts. No NaN may be among them."""
    size = stop - start
    for i in range(size):
        work[i] = values[start + i]
    while True:
        if size <= SMALL:
            _sort(work, 0, size)
            return work[k]
        lo = work[0]
        hi = work[0]
        for i in range(size):
            x = work[i]
            if x < lo:
                lo = x
            if x > hi:
                hi = x
        if lo == hi:
            return lo
        buckets = min(BUCKETS_MAX, max(2, size // 16))
        half_lo = lo * 0.5  # halves: the range of any two finite values is finite
        scale = buckets / (hi * 0.5 - half_lo)
        if not (0.0 < scale < np.inf):  # an infinite value, or a range too tiny to scale: sort
            work[:size].sort()
            return work[k]
        counts[:buckets] = 0
        for i in range(size):
            counts[min(int((work[i] * 0.5 - half_lo) * scale), buckets - 1)] += 1
        # the bucket holding rank k; it leaves out lo's bucket (0) or hi's (the last), so the values shrink
        below = 0
        chosen = 0
        while below + counts[chosen] <= k:
            below += counts[chosen]
            chosen += 1
        kept = 0
        for i in range(size):
            x = work[i]
            if min(int((x * 0.5 - half_lo) * scale), buckets - 1) == chosen:
                work[kept] = x
                kept += 1
        size = kept
        k -= below


@helper
def _order_statistics(row: np.ndarray, ranks: np.ndarray, stats: np.ndarray, counts: np.ndarray,
                      index: np.ndarray, slot: np.ndarray, gathered: np.ndarray, work: np.ndarray) -> None:
    """``stats[i]`` = the ``ranks[i]``-th smallest (from 0) of ``row``; NaN for all where the row holds a NaN.

    Scratch: ``counts`` (``BUCKETS_MAX``), ``index`` (as long as the row: each value's bucket), ``slot``
    (``BUCKETS_MAX``, all -1, and left so), ``gathered`` and ``work`` (as long as the row)."""
    n = row.size
    buckets = min(BUCKETS_MAX, max(2, n // 16))
    top = buckets - 1.0
    # the range to bucket: a strided sample's (values beyond it go to the first or the last bucket), or the
    # row's own where the sample holds a single value
    lo = row[0]
    hi = row[0]
    for j in range(0, n, max(1, n // 64)):
        x = row[j]
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    if not lo < hi:  # (also where the first value is NaN)
        nan = False
        for j in range(n):
            x = row[j]
            if x < lo:
                lo = x
            if x > hi:
                hi = x
            nan |= x != x
        if nan or lo == hi:
            stats[:] = np.nan if nan else lo
            return
    half_lo = lo * 0.5  # halves: the range of any two finite values is finite
    scale = buckets / (hi * 0.5 - half_lo)
    if not (0.0 < scale < np.inf):  # an infinite value, or a range too tiny to scale: sort the row
        gathered[:] = row
        gathered.sort()  # a NaN sorts last
        for i in range(ranks.size):
            stats[i] = np.nan if gathered[n - 1] != gathered[n - 1] else gathered[ranks[i]]
        return
    # each value's bucket, floor((x - lo) · scale) clamped to the buckets: monotone in x (a loop of its own,
    # which the compiler vectorises), then the count of each bucket
    nan = False
    for j in range(n):
        x = row[j]
        t = (x * 0.5 - half_lo) * scale
        t = t if t > 0.0 else 0.0
        t = t if t < top else top
        index[j] = np.int32(t)
        nan |= x != x
    if nan:
        stats[:] = np.nan
        return
    counts[:buckets] = 0
    for j in range(n):
        counts[index[j]] += 1
    # each rank's bucket and its rank inside it; the buckets to gather get a slot each
    bucket = np.empty(ranks.size, dtype=np.int64)
    inner = np.empty(ranks.size, dtype=np.int64)
    needed = 0
    for i in range(ranks.size):
        below = 0
        b = 0
        while below + counts[b] <= ranks[i]:
            below += counts[b]
            b += 1
        bucket[i] = b
        inner[i] = ranks[i] - below
        if slot[b] < 0:
            slot[b] = needed
            needed += 1
    # the gathered buckets lie one after the other in `gathered`, in slot order: one pass copies them
    first = np.zeros(needed + 1, dtype=np.int64)
    for i in range(ranks.size):
        first[slot[bucket[i]] + 1] = counts[bucket[i]]
    for s in range(needed):
        first[s + 1] += first[s]
    fill = first[:needed].copy()
    for j in range(n):
        s = slot[index[j]]
        if s >= 0:
            gathered[fill[s]] = row[j]
            fill[s] += 1
    for s in range(needed):
        if first[s + 1] - first[s] <= SMALL:
            _sort(gathered, first[s], first[s + 1])
    for i in range(ranks.size):
        s = slot[bucket[i]]
        if first[s + 1] - first[s] <= SMALL:
            stats[i] = gathered[first[s] + inner[i]]
        else:
            stats[i] = _kth(gathered, first[s], first[s + 1], inner[i], work, counts)
    for i in range(ranks.size):
        slot[bucket[i]] = -1


@kernel("float64[:, ::1](float64[:, ::1], float64[::1])")
def percentiles_by_row(matrix: np.ndarray, percents: np.ndarray) -> np.ndarray:
    """``percents`` (0-100) of each row of ``matrix``, shape ``(len(percents), rows)``: bit for bit
    ``np.percentile(matrix, percents, axis=1)``. A row with a NaN gives NaN; a percent outside 0-100 and a row
    without values are refused."""
    rows, n = matrix.shape
    count = percents.size
    if n == 0:
        raise ValueError("a row needs at least one value")
    # numpy's "linear" method: position (n - 1) · q in the sorted row, between the order statistics of ranks
    # `lower` and `upper`, weight gamma; at or beyond the last position both are the last, and numpy takes
    # gamma from index -1 (so position + 1)
    ranks = np.empty(2 * count, dtype=np.int64)  # lower ranks, then upper ranks
    gamma = np.empty(count)
    for p in range(count):
        if not 0.0 <= percents[p] <= 100.0:
            raise ValueError("percentiles must be in the range 0-100")
        position = (n - 1) * (percents[p] / 100.0)
        if position >= n - 1:
            ranks[p] = n - 1
            ranks[count + p] = n - 1
            gamma[p] = position - (-1.0)
        else:
            below = np.floor(position)
            ranks[p] = int(below)
            ranks[count + p] = int(below) + 1
            gamma[p] = position - below
    stats = np.empty(2 * count)
    counts = np.empty(BUCKETS_MAX, dtype=np.int32)
    index = np.empty(n, dtype=np.uint16)
    slot = np.full(BUCKETS_MAX, -1, dtype=np.int64)
    gathered = np.empty(n)
    work = np.empty(n)
    out = np.empty((count, rows))
    for r in range(rows):
        _order_statistics(matrix[r], ranks, stats, counts, index, slot, gathered, work)
        for p in range(count):
            # numpy's _lerp: a + (b - a) · t, and b - (b - a) · (1 - t) from t = 0.5 on
            a = stats[p]
            b = stats[count + p]
            t = gamma[p]
            out[p, r] = b - (b - a) * (1.0 - t) if t >= 0.5 else a + (b - a) * t
    return out
