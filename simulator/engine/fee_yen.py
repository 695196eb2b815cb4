"""A block's fee in yen per month, cell by cell in one compiled pass (issue 18).

    fee = ⌊units × fee factor × yen per unit + 1e-6⌋ × open

in that order, as the numpy passes ran it (so the same bits): the units with their 加算 and 処遇改善, the product of
the 報酬改定 in force, the 地域区分's yen per unit, 1e-6 so that an exact yen is not floored below itself, and the
block's open mask (1 for a block without a Level: × 1 is exact). Before, that was a product into a new array, a
copy where it was not of every trial yet, and four passes over ``(trials, months)``.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.jit import READ_MATRIX, as_matrix, kernel

ROUNDING_GUARD = 1e-6  # yen: a product that is an exact yen in decimal must not floor to the yen below


@kernel(f"void(float64[:, ::1], {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX})")
def _fee_yen(out, units, fee_factor, yen_per_unit, open_mask):
    """``out`` = ⌊units × fee factor × yen per unit + guard⌋ × open mask, cell by cell, left to right."""
    for i in range(out.shape[0]):
        for t in range(out.shape[1]):
            billed = units[i, t] * fee_factor[i, t] * yen_per_unit[i, t] + ROUNDING_GUARD
            out[i, t] = np.floor(billed) * open_mask[i, t]


def fee_yen(units: np.ndarray, fee_factor: np.ndarray | float, yen_per_unit: np.ndarray,
            open_mask: np.ndarray | float, shape: tuple[int, int]) -> np.ndarray:
    """The fee ``shape`` ``(T, M)`` (a new array) from its factors, each ``(T, M)`` or broadcastable to it."""
    out = np.empty(shape)
    _fee_yen(out, *(as_matrix(x, shape) for x in (units, fee_factor, yen_per_unit, open_mask)))
    return out
