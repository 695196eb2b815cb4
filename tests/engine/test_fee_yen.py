"""The fee pass (simulator/engine/fee_yen.py): a hand calculation, and the same bits as the numpy passes it
replaced, in the shapes the engine gives it (levels, month rows, every trial's)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine.fee_yen import fee_yen


def test_the_fee_is_floored_to_the_yen_after_the_guard_and_masked():
    # 100 units × 0.29 yen is 28.999999999999996 in binary: the 1e-6 guard keeps it at 29 yen, not 28;
    # 1,000 units × 1.02 (a 報酬改定) × 10.9 yen = 11,118 yen; a closed month bills nothing
    units, factor = np.array([[100.0, 1000.0, 1000.0]]), np.array([[1.0, 1.02, 1.02]])
    yen, opened = np.array([[0.29, 10.9, 10.9]]), np.array([[1.0, 1.0, 0.0]])
    assert 100.0 * 0.29 < 29.0
    np.testing.assert_array_equal(fee_yen(units, factor, yen, opened, (1, 3)), [[29.0, 11118.0, 0.0]])


def _numpy_passes(units, fee_factor, yen_per_unit, open_mask, shape):
    """revenue.fee_and_hotel before the pass: a product, a copy of every trial, then four passes in place."""
    units = units * fee_factor
    if units.shape != shape:
        units = np.broadcast_to(units, shape).copy()
    units *= yen_per_unit
    units += 1e-6
    fee = np.floor(units, out=units)
    if open_mask is not None:
        fee *= open_mask
    return fee


@pytest.mark.parametrize("units_shape", [(1, 24), (9, 1), (9, 24)])
@pytest.mark.parametrize("factor_shape", [None, (1, 24), (9, 24)])
@pytest.mark.parametrize("masked", [False, True])
def test_the_pass_gives_the_numpy_passes_bits(units_shape, factor_shape, masked):
    rng = np.random.default_rng(11)
    shape = (9, 24)
    units = rng.uniform(0.0, 5e5, units_shape) * rng.choice([1.0, 1e-3], units_shape)
    factor = 1.0 if factor_shape is None else rng.uniform(0.95, 1.1, factor_shape)
    yen = rng.choice([10.0, 10.14, 10.9, 11.4], (9, 1)) * np.ones((1, 24))
    opened = (np.arange(24)[None, :] >= rng.integers(0, 24, (9, 1))).astype(float) if masked else None
    got = fee_yen(units, factor, yen, 1.0 if opened is None else opened, shape)
    assert got.shape == shape and got.flags.c_contiguous
    assert got.tobytes() == _numpy_passes(units, factor, yen, opened, shape).tobytes()


def test_products_on_the_edge_of_a_yen_floor_as_the_numpy_passes_did():
    # units chosen so that units × factor × yen + 1e-6 lands within a few ulps of a whole yen: the floor then
    # shows the order of the products (the kernel must multiply left to right, as the passes did)
    rng = np.random.default_rng(3)
    shape = (50, 36)
    factor = rng.uniform(0.95, 1.1, shape)
    yen = rng.choice([10.0, 10.14, 10.9, 11.4], (50, 1)) * np.ones((1, 36))
    whole = rng.integers(1_000, 3_000_000, shape).astype(float)
    units = (whole - 1e-6) / yen / factor
    got = fee_yen(units, factor, yen, 1.0, shape)
    want = _numpy_passes(units, factor, yen, None, shape)
    assert got.tobytes() == want.tobytes()
    assert np.any(got != whole) and np.any(got == whole)  # both sides of the edge are reached
