"""A side's column summed in one pass (simulator/engine/column_sums.py): the bits of adding each block's term, in
order, into a column of zeros, as the engine did."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine.column_sums import GROUP, column_sum


def _added_into_zeros(terms: list[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    total = np.zeros(shape)
    for term in terms:
        total += term
    return total


def test_a_column_is_its_terms_added_in_order():
    terms = [np.array([[1.0, 2.0]]), np.array([[10.0], ]), np.array([[0.5, -4.0]])]  # a level broadcasts
    np.testing.assert_array_equal(column_sum(terms, (1, 2)), [[11.5, 8.0]])
    np.testing.assert_array_equal(column_sum([], (2, 3)), np.zeros((2, 3)))


@pytest.mark.parametrize("count", [1, 2, GROUP - 1, GROUP, GROUP + 1, 2 * GROUP + 3])
def test_the_sum_has_the_bits_of_adding_block_by_block(count):
    rng = np.random.default_rng(count)
    shape = (5, 13)
    # magnitudes far apart, so that the order of the additions shows in the last bits; a level and a month row
    terms = [rng.standard_normal(shape) * 10.0 ** rng.integers(-8, 9) for _ in range(count)]
    if count > 2:
        terms[1] = rng.standard_normal((5, 1)) * 1e6
        terms[2] = rng.standard_normal((1, 13)) * 1e-6
    got = column_sum(terms, shape)
    assert got.tobytes() == _added_into_zeros(terms, shape).tobytes()


def test_a_negative_zero_term_gives_the_zero_of_a_column_of_zeros():
    got = column_sum([np.array([[-0.0, -0.0]]), np.array([[-0.0, 1.0]])], (1, 2))
    assert got.tobytes() == _added_into_zeros([np.array([[-0.0, -0.0]]), np.array([[-0.0, 1.0]])], (1, 2)).tobytes()
    assert not np.signbit(got[0, 0])  # 0 + (−0) is +0


def test_terms_no_trial_changes_give_one_row_of_every_trial():
    rng = np.random.default_rng(7)
    shape = (6, 11)
    terms = [rng.standard_normal((1, 11)) * 10.0 ** k for k in (-6, 0, 6)] + [np.array([[3.0]]), 2.5]
    got = column_sum(terms, shape)
    assert got.shape == shape and not got.flags.writeable  # a view of one row: no (T, M) array written
    assert got.tobytes() == _added_into_zeros(terms, shape).tobytes()
    with_a_level = column_sum([*terms, np.ones((6, 1))], shape)  # one term that varies by trial: every trial's
    assert with_a_level.flags.writeable
    assert with_a_level.tobytes() == _added_into_zeros([*terms, np.ones((6, 1))], shape).tobytes()
