"""A block's fee and personnel after its calibration (simulator/engine/calibrated.py): a hand calculation, and the
same bits and shapes as the numpy passes they replaced, in every mode and in the shapes the engine gives them."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine.calibrated import calibrated_cost, calibrated_fee, calibrated_personnel
from simulator.engine.staffing import is_one

T, M = 7, 18


def test_a_hand_calculation():
    fee = np.array([[1000.7, 1000.0, 1000.0]])
    # the whole block at 1.1: ⌊1,100.77⌋, ⌊1,100⌋, ⌊1,100⌋
    np.testing.assert_array_equal(calibrated_fee(fee, np.array([[1.1]]), None, None, 1.0), [[1100.0, 1100.0, 1100.0]])
    # the existing places (half the users) at 1.1: ⌊1,000 + 0.1 × 500⌋; the 減算 (× 0.7) in the last month only
    share, reduced = np.full((1, 3), 0.5), np.array([[0.0, 0.0, 1.0]])
    got = calibrated_fee(fee, np.array([[1.1]]), share, reduced, 0.7)
    np.testing.assert_array_equal(got, [[1050.0, 1050.0, 735.0]])
    # personnel 2,000,000 yen at the base wage, the existing staff's 1,500,000, priced at 1.05 (the 級地) × 1.02
    # (growth): 2,142,000 and 1,606,500; the existing staff's at 0.9 (−160,650), plus 2 % of the fee as wages
    personnel, existing = np.full((1, 3), 2_000_000.0), np.full((1, 3), 1_500_000.0)
    got = calibrated_personnel(personnel, _pay(1.05, 1.0, 1.02, 1.0), np.array([[0.9]]), existing,
                               np.full((1, 3), 1_000_000.0), np.full((1, 3), 0.02))
    np.testing.assert_allclose(got, [[2_142_000.0 - 160_650.0 + 20_000.0] * 3], rtol=1e-15)
    # at the base pay, without a scale or payout: as it was (+ 0)
    got = calibrated_personnel(personnel, _pay(1.0, 1.0, 1.0, 1.0), None, None, fee, None)
    assert got.tobytes() == personnel.tobytes()


def _pay(region, wage_factor, growth, level, trials=1, months=3):
    """``staffing.pay_factors``' shapes: per trial, (T, M), (T, M), per trial."""
    matrix = np.broadcast_to(np.asarray(wage_factor, dtype=float), (trials, months))
    return (np.full(trials, region) * 1.0, matrix, np.broadcast_to(np.asarray(growth, dtype=float), (trials, months)),
            np.full(trials, level) * 1.0)


def _on_existing(x, scale, existing):
    """evaluate._on_existing before the passes: x + (scale − 1) × existing, x × scale, or x (no scale)."""
    if scale is None or is_one(scale):
        return x
    if existing is None:
        return x * scale
    return x + (scale - 1.0) * existing


def _numpy_other_costs(base, cost_scale, other_cost_factor, existing):
    """evaluate._other_costs before the pass: on_existing(base) × the procurement factor (a new array)."""
    out = _on_existing(base, cost_scale, existing)
    if is_one(other_cost_factor):
        return out.copy() if out is base else out
    if out is base or out.shape != np.broadcast_shapes(out.shape, np.shape(other_cost_factor)):
        return out * other_cost_factor
    np.multiply(out, other_cost_factor, out=out)
    return out


def _numpy_recruiting(hires, cost_per_hire, scale, existing_hires):
    """evaluate.evaluate before the pass: hires × cost per hire, on_existing with the existing hires × cost."""
    return _on_existing(hires * cost_per_hire, scale, None if existing_hires is None else existing_hires * cost_per_hire)


def _numpy_fee(fee, scale, share, reduced, paid):
    """evaluate.evaluate before the pass: ⌊on_existing(fee)⌋, then ⌊fee × (paid where reduced)⌋."""
    if scale is not None:
        fee = np.floor(_on_existing(fee, scale, None if share is None else fee * share))
    if reduced is not None:
        fee = np.floor(fee * np.where(reduced > 0, paid, 1.0))
    return fee


def _numpy_personnel(personnel, pay, scale, existing, fee, payout_share):
    """evaluate.evaluate before the pass: personnel and existing priced (staff_kernel.priced), on_existing(personnel)
    + the payout (zeros where none)."""
    region, wage_factor, growth, level = pay

    def priced(x):
        return np.broadcast_to(x, wage_factor.shape) * region[:, None] * wage_factor * growth * level[:, None]

    payout = np.zeros_like(fee) if payout_share is None else fee * payout_share
    return _on_existing(priced(personnel), scale, None if existing is None else priced(existing)) + payout


def _data(rng, shape):
    return None if shape is None else rng.uniform(0.0, 3e6, shape) * rng.choice([1.0, 1e-3], shape)


SCALES = [None, 1, (1, 1), (T, 1)]


@pytest.mark.parametrize("fee_shape", [(1, M), (T, M)])
@pytest.mark.parametrize("scale_shape", SCALES)
@pytest.mark.parametrize("share_shape", [None, (1, M), (T, M)])
@pytest.mark.parametrize("reduce", [False, True])
def test_the_fee_pass_gives_the_numpy_passes_bits(fee_shape, scale_shape, share_shape, reduce):
    rng = np.random.default_rng(5)
    fee = _data(rng, fee_shape)
    scale = scale_shape if scale_shape in (None, 1) else rng.uniform(0.6, 1.4, scale_shape)
    share = None if share_shape is None else rng.uniform(0.0, 1.0, share_shape)
    reduced = (rng.random((T, M)) < 0.3) * 1.0 if reduce else None
    if scale is None and reduced is None:
        return  # the engine does not call the pass: the fee is as it is
    got = calibrated_fee(fee, scale, share, reduced, 0.7)
    want = _numpy_fee(fee, scale, share, reduced, 0.7)
    assert got.shape == want.shape and got.flags.c_contiguous
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("personnel_shape", [(1, M), (T, 1), (T, M)])
@pytest.mark.parametrize("scale_shape", SCALES)
@pytest.mark.parametrize("existing_shape", [None, (1, M), (T, M)])
@pytest.mark.parametrize("fee_shape", [(1, M), (T, M)])
@pytest.mark.parametrize("pays_out", [False, True])
def test_the_personnel_pass_gives_the_numpy_passes_bits(personnel_shape, scale_shape, existing_shape, fee_shape,
                                                        pays_out):
    rng = np.random.default_rng(8)
    personnel, existing, fee = _data(rng, personnel_shape), _data(rng, existing_shape), _data(rng, fee_shape)
    scale = scale_shape if scale_shape in (None, 1) else rng.uniform(0.6, 1.4, scale_shape)
    share = rng.uniform(-0.01, 0.03, (1, M)) if pays_out else None
    pay = (rng.uniform(0.9, 1.2, T), np.broadcast_to(rng.uniform(1.0, 1.1, (1, M)), (T, M)),
           rng.uniform(1.0, 1.3, (T, M)), rng.uniform(0.95, 1.05, T))
    got = calibrated_personnel(personnel, pay, scale, existing, fee, share)
    want = _numpy_personnel(personnel, pay, scale, existing, fee, share)
    assert got.shape == want.shape and got.flags.c_contiguous
    assert got.tobytes() == want.tobytes()


def test_not_finite_values_pass_as_in_numpy():
    # a NaN or an infinite fee must not be hidden by the pass (e.g. a payout of 0 × inf): the numpy passes' result
    fee = np.array([[np.inf, np.nan, -np.inf, 5.0]])
    personnel = np.array([[1.0, 2.0, 3.0, np.nan]])
    for share in (None, np.full((1, 4), 0.0), np.full((1, 4), 0.01)):
        pay = _pay(1.1, 1.0, 1.05, 1.0, months=4)
        got = calibrated_personnel(personnel, pay, np.array([[1.2]]), None, fee, share)
        with np.errstate(invalid="ignore"):
            want = _numpy_personnel(personnel, pay, np.array([[1.2]]), None, fee, share)
        assert got.tobytes() == want.tobytes()
    for share in (None, np.full((1, 4), 0.5)):
        with np.errstate(invalid="ignore"):
            want = _numpy_fee(fee, np.array([[1.2]]), share, None, 1.0)
        assert calibrated_fee(fee, np.array([[1.2]]), share, None, 1.0).tobytes() == want.tobytes()


@pytest.mark.parametrize("cost_shape", [(1, M), (T, M)])
@pytest.mark.parametrize("scale_shape", SCALES)
@pytest.mark.parametrize("existing_shape", [None, (1, M), (T, M)])
@pytest.mark.parametrize("factor_shape", [1, (1, 1), (T, 1), (1, M), (T, M)])
def test_the_cost_pass_gives_the_numpy_passes_bits(cost_shape, scale_shape, existing_shape, factor_shape):
    rng = np.random.default_rng(13)
    cost, existing = _data(rng, cost_shape), _data(rng, existing_shape)
    scale = scale_shape if scale_shape in (None, 1) else rng.uniform(0.0, 1.4, scale_shape)
    factor = 1 if factor_shape == 1 else rng.uniform(0.8, 1.2, factor_shape)
    # the other costs: × the procurement factor after the scale
    got = calibrated_cost(cost, scale, existing, after=factor)
    want = _numpy_other_costs(cost, scale, factor, existing)
    assert got.shape == want.shape and got.flags.c_contiguous and got is not cost
    assert got.tobytes() == want.tobytes()
    # the recruiting: hires × the cost per hire before the scale (the existing hires too)
    got = calibrated_cost(cost, scale, existing, before=factor)
    want = _numpy_recruiting(cost, factor, scale, existing)
    assert got.shape == want.shape and got.flags.c_contiguous
    assert got.tobytes() == want.tobytes()


def test_the_cost_pass_by_hand():
    # 3 hires × 400,000 yen, the existing operation's 2 of them at 0.5: 1,200,000 − 0.5 × 800,000
    got = calibrated_cost(np.full((1, 2), 3.0), np.array([[0.5]]), np.full((1, 2), 2.0), before=400_000.0)
    np.testing.assert_array_equal(got, [[800_000.0, 800_000.0]])
    # other costs 1,000,000 yen at 1.2, then 3 % saved by procurement
    got = calibrated_cost(np.full((1, 2), 1_000_000.0), np.array([[1.2]]), after=np.array([[0.97]]))
    np.testing.assert_allclose(got, [[1_164_000.0, 1_164_000.0]], rtol=1e-15)
