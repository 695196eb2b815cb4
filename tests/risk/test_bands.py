"""The bands' kernel (simulator.risk.bands, issue 18 item 2) gives the bits of np.percentile, row by row.

The reference is numpy itself: ``np.percentile(matrix, percents, axis=1)`` with its default "linear" method.
Equal bits are checked with ``tobytes`` wherever a row cannot hold both ``-0.0`` and ``0.0`` (the one case
where numpy's zero sign follows its partition order, see the module), with ``np.array_equal`` there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from simulator.files import load_scenario
from simulator.jit import KERNEL_MODULES
from simulator.risk import montecarlo
from simulator.risk.bands import SMALL, percentiles_by_row

ROOT = Path(__file__).resolve().parents[2]
CAPACITY = ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"
BANDS = np.array([10.0, 50.0, 90.0])
TRIALS = (1, 2, 3, 7, 1000, 10001)


def numpy_percentiles(matrix: np.ndarray, percents: np.ndarray = BANDS) -> np.ndarray:
    return np.percentile(matrix, percents, axis=1)


def assert_same_bits(matrix: np.ndarray, percents: np.ndarray = BANDS) -> None:
    got, want = percentiles_by_row(matrix, percents), numpy_percentiles(matrix, percents)
    assert got.shape == want.shape == (len(percents), matrix.shape[0])
    assert got.tobytes() == want.tobytes(), np.argwhere(got != want)[:5]


@pytest.mark.parametrize("trials", TRIALS)
def test_random_rows(trials: int) -> None:
    rng = np.random.default_rng(trials)
    cash = rng.normal(5e7, 2e7, size=(12, trials))  # yen, like the monthly cash
    skewed = rng.lognormal(0.0, 2.0, size=(5, trials)) - 3.0  # a long right tail, negatives
    assert_same_bits(np.ascontiguousarray(np.vstack([cash, skewed])))


@pytest.mark.parametrize("trials", TRIALS)
def test_many_ties(trials: int) -> None:
    rng = np.random.default_rng(100 + trials)
    small_range = rng.integers(-3, 4, size=(8, trials)).astype(float)  # 7 values: ties everywhere
    two_values = rng.choice([1.5, 2.5], size=(4, trials))
    assert_same_bits(np.vstack([small_range, two_values]))


@pytest.mark.parametrize("trials", TRIALS)
def test_constant_rows(trials: int) -> None:
    matrix = np.array([[7.25] * trials, [-1e12] * trials, [0.0] * trials, [-0.0] * trials, [5e-324] * trials])
    assert_same_bits(matrix)
    # numpy's interpolation a + (b - a) · t makes -0.0 + 0.0 = +0.0 below t = 0.5 (and keeps -0.0 from 0.5)
    got = percentiles_by_row(matrix, np.array([0.0, 10.0, 50.0, 90.0, 100.0]))
    assert got.tobytes() == numpy_percentiles(matrix, np.array([0.0, 10.0, 50.0, 90.0, 100.0])).tobytes()


@pytest.mark.parametrize("trials", TRIALS)
def test_huge_tiny_and_negative_magnitudes(trials: int) -> None:
    rng = np.random.default_rng(200 + trials)
    matrix = np.vstack([
        rng.normal(1e12, 3e11, size=(3, trials)),  # 1e12 yen
        rng.normal(1e-3, 4e-4, size=(3, trials)),  # 1e-3 (a margin's thousandth)
        -rng.exponential(1e9, size=(3, trials)),  # all negative
        rng.normal(size=(1, trials)) * 10.0 ** rng.integers(-300, 300, size=(1, trials)),  # any size
        rng.uniform(-1.0, 1.0, size=(1, trials)) * 1.7e308,  # a range beyond the largest float
        rng.integers(0, 5, size=(1, trials)) * 5e-324,  # subnormals: a range too small to scale
    ])
    assert_same_bits(matrix)


def test_both_zeros_are_equal_values() -> None:
    rng = np.random.default_rng(3)
    matrix = rng.choice([-0.0, 0.0, 1.0, -1.0], size=(6, 1001))
    assert np.array_equal(percentiles_by_row(matrix, BANDS), numpy_percentiles(matrix))


def test_large_buckets_are_bucketed_again() -> None:
    """Far outliers in the sample put the bulk into one bucket; clustered and geometric values need
    several rounds of bucketing inside it."""
    rng = np.random.default_rng(4)
    bulk = rng.normal(0.0, 1.0, size=(3, 20_000))
    bulk[:, :40] = 1e15  # the first values are in the strided sample: the range reaches 1e15
    bulk[1, 40:10_000] = 0.0  # half the row tied at zero, the rest near it
    bulk[2] = np.where(rng.random(20_000) < 0.5, 0.0, 10.0 ** -rng.integers(0, 300, size=20_000))
    assert_same_bits(bulk)


def test_large_buckets_that_cannot_be_scaled_are_sorted() -> None:
    """Outside the strided sample (every 15th of 1000 values) the sample's range misses them: a top bucket
    of many infinities, a bottom bucket of subnormals (a range too small to scale), both sorted."""
    rng = np.random.default_rng(8)
    matrix = rng.normal(size=(2, 1000))
    outside = np.flatnonzero(np.arange(1000) % 15 != 0)
    matrix[0, rng.choice(outside, 200, replace=False)] = np.inf  # P90 among them: inf - inf = NaN, as numpy
    tiny = rng.choice(outside, 300, replace=False)
    matrix[1, tiny] = rng.integers(0, 4, size=300) * 5e-324
    matrix[1, np.setdiff1d(outside, tiny)] += 10.0
    with np.errstate(invalid="ignore"):
        want = numpy_percentiles(matrix)
    assert np.isnan(want[2, 0]) and 0.0 <= want[0, 1] < 1e-322
    assert percentiles_by_row(matrix, BANDS).tobytes() == want.tobytes()


def test_other_percentiles_in_any_order() -> None:
    rng = np.random.default_rng(5)
    percents = np.array([100.0, 0.0, 33.3, 99.9, 25.0, 50.0, 0.1, 50.0])
    for trials in TRIALS:
        assert_same_bits(rng.normal(size=(4, trials)), percents)
    assert percentiles_by_row(np.zeros((2, 3)), np.array([], dtype=float)).shape == (0, 2)


def test_nan_and_infinity_as_in_numpy() -> None:
    """A row with a NaN gives NaN (numpy's partition puts the NaN last); infinities interpolate as numpy's do
    (inf - inf = NaN where both neighbours are infinite)."""
    rng = np.random.default_rng(6)
    matrix = rng.normal(size=(6, 501))
    matrix[0, 17] = np.nan
    matrix[1, 0] = np.nan  # the first value: the sample's start
    matrix[2, 250:] = np.inf
    matrix[3, :400] = -np.inf
    matrix[4, ::2] = np.inf
    matrix[5, 0], matrix[5, 3] = np.inf, np.nan  # the sample's infinity sorts the row; the NaN still shows
    got = percentiles_by_row(matrix, BANDS)
    with np.errstate(invalid="ignore"):  # numpy's own inf - inf
        want = numpy_percentiles(matrix)
    assert np.array_equal(got, want, equal_nan=True)
    assert np.isnan(got[:, :2]).all() and np.isnan(got[:, 5]).all()


def test_refuses_what_numpy_refuses() -> None:
    with pytest.raises(ValueError, match="0-100"):
        percentiles_by_row(np.ones((2, 3)), np.array([10.0, 101.0]))
    with pytest.raises(ValueError, match="0-100"):
        percentiles_by_row(np.ones((2, 3)), np.array([np.nan]))
    with pytest.raises(ValueError, match="at least one"):
        percentiles_by_row(np.ones((2, 0)), BANDS)
    with pytest.raises(TypeError):  # the compiled signature: float64, C order
        percentiles_by_row(np.ones((3, 2)).T, BANDS)


def test_small_is_a_real_threshold() -> None:
    """A bucket just above SMALL values takes the other path (bucketed again) and agrees too."""
    rng = np.random.default_rng(7)
    for width in (SMALL - 1, SMALL, SMALL + 1, 3 * SMALL):
        row = np.concatenate([rng.normal(0, 1e-9, size=width), rng.normal(0, 1, size=50), [1e6]])
        assert_same_bits(rng.permutation(row)[None, :])


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
tied = st.sampled_from([-2.0, -0.0, 0.0, 1.0, 1.0 + 2**-52, 3.0, 1e300])


@settings(max_examples=50, deadline=None)
@given(matrix=hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 300)),
                         elements=st.one_of(finite, tied)),
       percents=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=4))
def test_property_equal_to_numpy(matrix: np.ndarray, percents: list[float]) -> None:
    q = np.array(percents)
    assert np.array_equal(percentiles_by_row(matrix, q), numpy_percentiles(matrix, q), equal_nan=True)


def test_monte_carlo_bands_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    """monte_carlo's bands are np.percentile of its own cash and margin matrices, bit for bit."""
    matrices: list[np.ndarray] = []
    band = montecarlo._band

    def keep(matrix: np.ndarray) -> np.ndarray:
        matrices.append(matrix.copy())
        return band(matrix)

    monkeypatch.setattr(montecarlo, "_band", keep)
    result = montecarlo.monte_carlo(load_scenario(CAPACITY), trials=2000, seed=1)
    assert len(matrices) == 2
    for matrix in matrices:
        assert matrix.shape == (len(result.bands), 2000)
        want = numpy_percentiles(matrix)
        name = "cash" if np.array_equal(want[1], result.bands["cash_p50"].to_numpy()) else "margin"
        for row, p in zip(want, (10, 50, 90), strict=True):
            assert result.bands[f"{name}_p{p}"].to_numpy().tobytes() == row.tobytes()


def test_monte_carlo_one_trial_band_is_the_trial() -> None:
    result = montecarlo.monte_carlo(load_scenario(CAPACITY), trials=1, seed=1)
    for name in ("cash", "margin"):
        p50 = result.bands[f"{name}_p50"].to_numpy()
        assert np.array_equal(result.bands[f"{name}_p10"].to_numpy(), p50)
        assert np.array_equal(result.bands[f"{name}_p90"].to_numpy(), p50)
    # a one-trial run's monthly cash is that trial's: its lowest month is the trial's lowest cash
    assert result.bands["cash_p50"].min() == pytest.approx(result.metrics["lowest_cash_yen"][0])


def test_the_kernel_is_warmed() -> None:
    assert "simulator.risk.bands" in KERNEL_MODULES
