"""The compiled 前年度平均, trailing means, new places' estimate and 減算 timing (issue 18) give the numpy engine's
bits: random users (levels, steps, noisy ramps), mixed open masks, broadcast rows and levels, horizons starting in
April and mid fiscal year (2026-07, 2025-10, 2025-01), against the numpy implementation kept below."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.engine import standard_users
from simulator.engine.staffing import reduced_months
from simulator.engine.timeline import Timeline

# --- the numpy implementation as of commit 7aef594cb466c9d5eeeb6518a273b07a2b48b357, kept here only as the test's
# --- reference (simulator/engine/standard_users.py and staffing.reduced_months before they were compiled)


def _numpy_prior_year_mean(tl: Timeline, x: np.ndarray, open_mask: np.ndarray | None = None) -> np.ndarray:
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


def _numpy_trailing_mean(x: np.ndarray, window: int) -> np.ndarray:
    csum = np.concatenate([np.zeros_like(x[:, :1]), np.cumsum(x, axis=1)], axis=1)
    end = np.arange(x.shape[1])  # months before t: t - window .. t - 1
    start = np.maximum(end - window, 0)
    count = np.maximum(end - start, 1)
    return (csum[:, end] - csum[:, start]) / count


def _numpy_new_place_users(tl: Timeline, users: np.ndarray, capacity: np.ndarray, admit: np.ndarray,
                           share: float, first: int, full: int) -> np.ndarray:
    since = tl.t - admit
    fy_start = np.array([np.argmax(tl.fiscal_year == y) for y in tl.fiscal_year], dtype=float)[None, :]
    months_in_first_fy = np.array([(tl.fiscal_year == y).sum() for y in tl.fiscal_year], dtype=float)[None, :]
    prior_start = fy_start - 12.0 - (12.0 - months_in_first_fy) * (fy_start == 0)
    whole_year_after = prior_start >= admit
    basis = np.where(since < first, share * capacity,
                     np.where(since < full, _numpy_trailing_mean(users, first),
                              np.where(whole_year_after, _numpy_prior_year_mean(tl, users),
                                       _numpy_trailing_mean(users, full))))
    return np.where(since >= 0, basis, 0.0)


def _numpy_reduced_months(gap: np.ndarray, tolerance: float) -> np.ndarray:
    short = gap > 0
    severe = gap > tolerance
    pad = 2

    def lag(x: np.ndarray, k: int) -> np.ndarray:
        padded = np.concatenate([np.repeat(x[:, :1], pad, axis=1), x], axis=1)
        return padded[:, pad - k:pad - k + x.shape[1]]

    return (lag(short, 1) & (lag(severe, 1) | lag(short, 2))).astype(float)


# --- end of the reference

TRIALS = 24
HORIZONS = [(dt.date(2026, 7, 1), 61), (dt.date(2025, 4, 1), 36), (dt.date(2025, 10, 1), 13),
            (dt.date(2025, 1, 1), 120), (dt.date(2026, 7, 1), 9), (dt.date(2027, 3, 1), 2), (dt.date(2026, 7, 1), 1)]
SEEDS = range(6)


def _same_bits(got: np.ndarray, want: np.ndarray) -> None:
    assert got.shape == want.shape and got.dtype == want.dtype == np.float64
    assert got.tobytes() == want.tobytes(), np.argwhere(got != want)[:5]


def _users(rng: np.random.Generator, months: int) -> np.ndarray:
    """(TRIALS, months) users: per trial a level, steps at random months, or a noisy ramp (non-integer sums)."""
    out = np.empty((TRIALS, months))
    for i in range(TRIALS):
        kind = i % 3
        if kind == 0:
            out[i] = rng.uniform(0.0, 80.0)  # a level
        elif kind == 1:
            steps = np.sort(rng.integers(0, months, size=3))
            out[i] = rng.uniform(0.0, 80.0) + rng.uniform(-10.0, 20.0, size=3) @ (np.arange(months) >= steps[:, None])
        else:
            out[i] = np.linspace(rng.uniform(0.0, 10.0), rng.uniform(10.0, 90.0), months) + rng.normal(0.0, 1.3, months)
    return np.maximum(out, 0.0)


def _open(rng: np.random.Generator, months: int) -> np.ndarray:
    """(TRIALS, months) 0/1: open throughout, opening or closing inside the horizon, or open in random months."""
    t = np.arange(months)
    out = np.empty((TRIALS, months))
    for i in range(TRIALS):
        kind = i % 4
        month = rng.integers(-3, months + 3)
        out[i] = 1.0 if kind == 0 else (t >= month) if kind == 1 else (t < month) if kind == 2 else rng.random(months) < 0.6
    return out


@pytest.mark.parametrize("start,months", HORIZONS)
@pytest.mark.parametrize("seed", SEEDS)
def test_prior_year_mean_gives_the_numpy_bits(start, months, seed):
    rng = np.random.default_rng(seed)
    tl = Timeline.build(start, months)
    users, is_open = _users(rng, months), _open(rng, months)
    cases = [(users, is_open), (users * is_open, is_open), (users, None), (users[2:3], is_open[3:4]), (users[2:3], None),  # a (1, M) row
             (users[:, :1], is_open), (users[:, :1] * np.ones(months), is_open[:1]),  # a (T, 1) level; a mask row
             (np.broadcast_to(users[:, :1], users.shape), np.broadcast_to(is_open[:, :1], is_open.shape) > 0)]
    for x, mask in cases:
        _same_bits(standard_users.prior_year_mean(tl, x, mask), _numpy_prior_year_mean(tl, x, mask))


@pytest.mark.parametrize("window", [1, 3, 6, 12, 200])
@pytest.mark.parametrize("seed", SEEDS)
def test_trailing_mean_gives_the_numpy_bits(window, seed):
    rng = np.random.default_rng(seed)
    for _, months in HORIZONS:
        users = _users(rng, months)
        for x in (users, users[2:3], np.broadcast_to(users[2:3], users.shape)):
            _same_bits(standard_users.trailing_mean(x, window), _numpy_trailing_mean(x, window))


@pytest.mark.parametrize("start,months", HORIZONS)
@pytest.mark.parametrize("seed", SEEDS)
def test_new_place_users_gives_the_numpy_bits(start, months, seed):
    rng = np.random.default_rng(seed)
    tl = Timeline.build(start, months)
    users = _users(rng, months)
    admit = rng.integers(-15, months + 3, size=(TRIALS, 1)).astype(float)
    admit[::5] += 0.5  # a part month
    places = np.where(np.arange(months) >= admit, rng.uniform(5.0, 40.0, size=(TRIALS, 1)), 0.0)
    for share, first, full in ((0.9, 6, 12), (0.75, 3, 9)):
        for u, cap, at in ((users, places, admit), (users, places[:, :1], admit), (users[2:3], places, admit),
                           (users[2:3], places[2:3], admit[2:3]), (np.broadcast_to(users[2:3], users.shape), places, admit)):
            _same_bits(standard_users.new_place_users(tl, u, cap, at, share, first, full),
                       _numpy_new_place_users(tl, u, cap, at, share, first, full))


@pytest.mark.parametrize("seed", SEEDS)
def test_reduced_months_gives_the_numpy_bits(seed):
    rng = np.random.default_rng(seed)
    for _, months in HORIZONS:
        gap = rng.choice([0.0, 0.0, 0.0, 0.05, 0.1, 0.1000001, 0.3, -0.2], size=(TRIALS, months))
        for g in (gap, gap[:1], np.broadcast_to(gap[:1], gap.shape), gap * rng.random(gap.shape)):
            for tolerance in (0.1, 0.0):
                _same_bits(reduced_months(g, tolerance), _numpy_reduced_months(g, tolerance))


def test_the_fiscal_years_of_a_horizon_starting_in_july():
    # 2026-07 .. 2028-06 (24 months): FY2026 Jul–Mar (months 0-8), FY2027 (9-20), FY2028 Apr–Jun (21-23)
    assert standard_users.year_starts(Timeline.build(dt.date(2026, 7, 1), 24)).tolist() == [0, 9, 21, 24]
