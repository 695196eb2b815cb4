"""A side's column as the sum of its blocks' terms, in one compiled pass (issue 18).

    column = ((0 + t₁) + t₂) + … + t_B        t = the block's value × its sign (the value itself where the sign is 1)

in block order, as the numpy engine added each block's term into a column of zeros, so the bits are the same. One pass
reads each block's term once and writes the column once; adding block by block read and wrote the column once a
block (three streams a block instead of one).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.engine.jit import READ_MATRIX, as_matrix, kernel, same_in_every_trial

GROUP = 8  # terms a pass takes; more are added by further passes, in order


@kernel(f"void(float64[:, ::1], boolean, {', '.join([READ_MATRIX] * GROUP)}, int64)")
def _add_terms(out, first, v0, v1, v2, v3, v4, v5, v6, v7, n):
    """``out`` (in place; from 0 where ``first``) + each of the first ``n`` terms, in order: trial by
    trial, term by term over the trial's months (its row stays in cache; each cell adds its terms in order)."""
    for i in range(out.shape[0]):
        row = out[i]
        if first:
            row[:] = 0.0
        for k in range(n):
            v = v0 if k == 0 else v1 if k == 1 else v2 if k == 2 else v3 if k == 3 else v4 if k == 4 else (
                v5 if k == 5 else v6 if k == 6 else v7)
            for t in range(row.shape[0]):
                row[t] = row[t] + v[i, t]


def column_sum(terms: Sequence[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """The sum of ``terms`` in their order (each ``(T, M)`` or broadcastable to it): a new ``shape`` array, or a
    read-only ``shape`` view of one new row where no term varies by trial (each cell adds the same numbers)."""
    if same_in_every_trial(terms):
        return np.broadcast_to(_sum_of(terms, (1, shape[1])), shape)
    return _sum_of(terms, shape)


def _sum_of(terms: Sequence[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    if not terms:
        return np.zeros(shape)
    out = np.empty(shape)
    for start in range(0, len(terms), GROUP):
        group = terms[start:start + GROUP]
        values = [as_matrix(value, shape) for value in group]
        values += [values[-1]] * (GROUP - len(values))  # not read (n)
        _add_terms(out, start == 0, *values, len(group))
    return out
