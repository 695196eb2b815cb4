"""Users the 人員基準 is checked on: the 前年度平均, and the estimate the rules set for new or added places.

The standards count the 前年度 (April–March) average of users, not the month's: a home that loses users keeps
its staffing duty until the next fiscal year, and one that fills up meets it a year later. For new or added
places with less than a year of record the 留意事項通知 sets the count (reference ``staffing.standard_users``):
from the opening, 90 % of the new places for 6 months; then the mean of the last 6 months; after a year the mean
of the last 12 months, until a whole 前年度 lies after the opening (then its average).
Before the first month of the horizon the first month's users are assumed (as for the 減算 timing).
"""

from __future__ import annotations

import numpy as np

from simulator.engine.timeline import Timeline


def prior_year_mean(tl: Timeline, x: np.ndarray, open_mask: np.ndarray | None = None) -> np.ndarray:
    """Each month's 前年度平均 of ``x`` ``(T, M)``: the mean over the open months of the previous fiscal year in
    the horizon (exactly the level where it did not change); in the horizon's first fiscal year ``x``'s first
    month if open then; where no such month exists (a service opening inside the horizon) the month's own."""
    shape = np.broadcast(x, tl.t).shape
    x = np.broadcast_to(x, shape)
    is_open = np.ones(shape, dtype=bool) if open_mask is None else np.broadcast_to(open_mask > 0, shape)
    out = np.array(x, dtype=float)
    years = np.unique(tl.fiscal_year)
    first = tl.fiscal_year == years[0]
    out[:, first] = np.where(is_open[:, :1], x[:, :1], x[:, first])
    for before, year in zip(years, years[1:], strict=False):
        prior, months = tl.fiscal_year == before, tl.fiscal_year == year
        values, counted = x[:, prior], is_open[:, prior]
        n = counted.sum(axis=1, keepdims=True)
        total = np.where(counted, values, 0.0).sum(axis=1, keepdims=True)
        high = np.where(counted, values, -np.inf).max(axis=1, keepdims=True)
        low = np.where(counted, values, np.inf).min(axis=1, keepdims=True)
        mean = np.where(high == low, high, total / np.maximum(n, 1))  # a level is its own mean, exactly
        out[:, months] = np.where(n > 0, mean, x[:, months])
    return out


def trailing_mean(x: np.ndarray, window: int) -> np.ndarray:
    """Mean of the ``window`` months before each month (fewer at the start of the horizon; 0 in month 0)."""
    csum = np.concatenate([np.zeros_like(x[:, :1]), np.cumsum(x, axis=1)], axis=1)
    end = np.arange(x.shape[1])  # months before t: t - window .. t - 1
    start = np.maximum(end - window, 0)
    count = np.maximum(end - start, 1)
    return (csum[:, end] - csum[:, start]) / count


def new_place_users(tl: Timeline, users: np.ndarray, capacity: np.ndarray, admit: np.ndarray,
                    share: float, first: int, full: int) -> np.ndarray:
    """The standard's users of new or added places first admitting in month ``admit`` ``(T, 1)``: ``share`` of
    the places for ``first`` months, then the mean of the last ``first`` months, from ``full`` months the
    mean of the last ``full``, and the 前年度平均 once a whole fiscal year lies after ``admit``."""
    since = tl.t - admit
    fy_start = np.array([np.argmax(tl.fiscal_year == y) for y in tl.fiscal_year], dtype=float)[None, :]
    months_in_first_fy = np.array([(tl.fiscal_year == y).sum() for y in tl.fiscal_year], dtype=float)[None, :]
    # the previous fiscal year starts 12 months before this one's April (the horizon may start mid-year)
    prior_start = fy_start - 12.0 - (12.0 - months_in_first_fy) * (fy_start == 0)
    whole_year_after = prior_start >= admit
    basis = np.where(since < first, share * capacity,
                     np.where(since < full, trailing_mean(users, first),
                              np.where(whole_year_after, prior_year_mean(tl, users), trailing_mean(users, full))))
    return np.where(since >= 0, basis, 0.0)
