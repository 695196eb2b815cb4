"""The 加算 pass (simulator/engine/add_on_units.py): a hand calculation, and the same bits as the numpy sum it
replaced, in the shapes the engine gives it."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine.add_on_units import with_add_ons
from simulator.reference.fees import AddOn


def _add_on(units: float, basis: str, by_places: tuple[tuple[int, int, float], ...] = ()) -> AddOn:
    return AddOn(id=f"{basis}-{units}", name_ja="", name_en="", units=units, basis=basis, by_places=by_places)


BANDED = _add_on(4.0, "day", ((31, 50, 6.0),))  # 特養's 看護体制加算 shape: イ for 31〜50 places, ロ otherwise


def test_add_ons_equal_the_hand_calculation():
    # 100 base units; 30 and 31 user-days; one registered user-month; 30 places, then 40
    units, days, months, places = np.array([[100.0, 100.0]]), np.array([[30.0, 31.0]]), np.ones((1, 1)), \
        np.array([[30.0, 40.0]])
    add_ons = [(_add_on(10.0, "day"), 0.5), (_add_on(20.0, "month"), 1.0), (BANDED, 1.0)]
    got = with_add_ons(units, {"day": days, "visit": np.zeros((1, 1)), "month": months}, places, add_ons)
    # month 0: 100 + 30 × 0.5 × 10 + 20 + 30 × 4 (30 places: ロ);  month 1: 100 + 155 + 20 + 31 × 6 (40 places: イ)
    np.testing.assert_array_equal(got, [[390.0, 461.0]])
    np.testing.assert_array_equal(units, [[100.0, 100.0]])  # a new array


def _numpy_sum(units, volumes, places, add_ons):
    """The numpy passes the kernel replaced (revenue.fee_and_hotel before issue 18's pass)."""
    for add_on, share in add_ons:
        units = units + volumes[add_on.basis] * (share * add_on.units_at(places))
    return units


@pytest.mark.parametrize("trials_shape", [(7, 1), (7, 24)])
@pytest.mark.parametrize("banded", [False, True])
def test_add_ons_give_the_numpy_sums_bits(trials_shape, banded):
    rng = np.random.default_rng(5)
    users = rng.uniform(0.0, 80.0, trials_shape)
    volumes = {"day": users * 30.4, "visit": users * rng.uniform(0, 12, (7, 1)), "month": users * 1.3}
    places = rng.integers(20, 60, trials_shape).astype(float)
    add_ons = [(_add_on(float(u), basis), float(s)) for u, basis, s in
               zip(rng.uniform(1, 900, 12), ["day", "visit", "month"] * 4, rng.uniform(0, 1, 12), strict=True)]
    if banded:
        add_ons.insert(3, (BANDED, 0.7))
        add_ons.append((_add_on(9.0, "month", ((1, 29, 12.0), (25, 40, 3.0))), 1.0))  # overlapping: the last wins
    units = users * rng.uniform(500, 900, (1, 24))
    got = with_add_ons(units, volumes, places, add_ons)
    want = _numpy_sum(units, volumes, places, add_ons)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)


def test_a_level_keeps_its_shape_and_no_add_on_changes_nothing():
    level = np.array([[12.0], [15.0]])
    volumes = {"day": level * 30.0, "visit": np.zeros((1, 1)), "month": level}
    assert with_add_ons(level * 700.0, volumes, np.full((2, 1), 20.0), [(_add_on(5.0, "day"), 1.0)]).shape == (2, 1)
    units = level * 700.0
    assert with_add_ons(units, volumes, np.full((2, 1), 20.0), []) is units
