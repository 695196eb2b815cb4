"""The 加算 units of a block, added to its base units in one compiled pass (issue 18).

    units += basis(add-on) × (share earning it × units_at(places))      for each add-on, in the order given

``basis`` is the block's user-days, visits or user-months (the add-on's billing basis) and ``units_at`` the
add-on's units, by the home's 入所定員 where the reference bands them (:meth:`~simulator.reference.fees.AddOn.units_at`).
Cell by cell the add-ons are added in their order, with the operations the numpy passes ran (one pass of two
operations an add-on before), so the result is the same bits; a typical set adds some twenty add-ons, and over a
``(trials, months)`` block that was forty passes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.engine.jit import READ_MATRIX, as_matrix, kernel
from simulator.reference.fees import AddOn

BASES = ("day", "visit", "month")  # basis codes 0, 1, 2: user-days, visits, user-months


@kernel(f"void(float64[:, ::1], {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, int64[::1], "
        "float64[::1], float64[::1], float64[:, :, ::1], int64[::1])")
def _add_units(units, user_days, visits, user_months, places, basis, share, plain, bands, n_bands):
    """``units`` (in place) + each add-on's basis × (share × units at the cell's places): a band's units where
    first ≤ places ≤ last (the last band that holds wins, as ``AddOn.units_at``), else ``plain``."""
    months = units.shape[1]
    volumes = np.empty((3, months))  # the trial's three bases, contiguous
    for i in range(units.shape[0]):
        row = units[i]
        for t in range(months):
            volumes[0, t], volumes[1, t], volumes[2, t] = user_days[i, t], visits[i, t], user_months[i, t]
        for k in range(basis.shape[0]):  # add-on by add-on over the trial's months (no chain of dependent adds)
            part, volume = share[k], volumes[basis[k]]
            if n_bands[k] == 0:
                each = part * plain[k]
                for t in range(row.shape[0]):
                    row[t] = row[t] + volume[t] * each
                continue
            for t in range(row.shape[0]):
                per, home = plain[k], places[i, t]
                for j in range(n_bands[k]):
                    if home >= bands[k, j, 0] and home <= bands[k, j, 1]:
                        per = bands[k, j, 2]
                row[t] = row[t] + volume[t] * (part * per)


def with_add_ons(units: np.ndarray, volumes: dict[str, np.ndarray], places: np.ndarray,
                 add_ons: Sequence[tuple[AddOn, float]]) -> np.ndarray:
    """``units`` plus the units of ``add_ons`` ((add-on, share earning it), in order) on ``volumes`` (basis ->
    ``(T, 1)`` or ``(T, M)``): a new array, of the shape the numpy sum had (``units`` broadcast with the bases
    used and, for a banded add-on, the places)."""
    if not add_ons:
        return units
    used = [np.shape(volumes[add_on.basis]) for add_on, _ in add_ons]
    banded = any(add_on.by_places for add_on, _ in add_ons)
    shape = np.broadcast_shapes(units.shape, *used, *((np.shape(places),) if banded else ()))
    out = np.array(np.broadcast_to(units, shape), dtype=float)
    most = max([len(add_on.by_places) for add_on, _ in add_ons] + [1])
    bands = np.zeros((len(add_ons), most, 3))
    for k, (add_on, _) in enumerate(add_ons):
        if add_on.by_places:
            bands[k, :len(add_on.by_places)] = add_on.by_places
    home = as_matrix(places if banded else 0.0, shape)  # read by banded add-ons only
    _add_units(out, *(as_matrix(volumes[name], shape) for name in BASES), home,
               np.array([BASES.index(add_on.basis) for add_on, _ in add_ons], dtype=np.int64),
               np.array([share for _, share in add_ons], dtype=float),
               np.array([add_on.units for add_on, _ in add_ons], dtype=float), bands,
               np.array([len(add_on.by_places) for add_on, _ in add_ons], dtype=np.int64))
    return out
