"""A block's fee, personnel, recruiting and other costs after its calibration, each in one compiled pass (issue 18).

For trial i and month t, with s the trial's calibration scale (``evaluate`` says why each step is there):

    fee         = ⌊fee × s⌋                        the stated accounts describe the whole block
                = ⌊fee + (s − 1) × (fee × share)⌋  they describe its existing places (share: their users' share)
                  then ⌊fee × paid⌋ in the months of the 人員基準欠如減算 (reduced > 0)
    personnel   = P × s  or  P + (s − 1) × E       then + fee × payout share (the 処遇改善加算 paid out as wages)
    recruiting  = H × c × s  or  H × c + (s − 1) × (H₀ × c)
    other costs = (O × s  or  O + (s − 1) × O₀) × the procurement factor

where P and E are the block's and its existing staff's personnel at the base wage × the 級地's pay level × the
block's wage factor × yearly growth × the wage level (``staff_kernel.at_pay``), H and H₀ the block's and its
existing operation's hires, c the cost per hire, O and O₀ the block's and its existing operation's other costs.
Without a scale nothing is scaled and the fee is not floored; a scale of a plain 1 floors the fee only. Each
cell runs the numpy passes' operations in their order, so the bits are the ones those passes gave; where they
made nine to eleven ``(trials, months)`` arrays a block, these write four.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.jit import READ_MATRIX, as_matrix, kernel, per_trial
from simulator.engine.staff_kernel import at_pay
from simulator.engine.staffing import Pay, is_one

UNSCALED, WHOLE, EXISTING_PART = 0, 1, 2  # how a calibration scale acts


@kernel(f"void(float64[:, ::1], {READ_MATRIX}, int64, float64[::1], {READ_MATRIX}, boolean, {READ_MATRIX}, float64)")
def _fee(out, fee, mode, scale, share, reduce, reduced, paid):
    """The module's fee, cell by cell, into ``out`` (``share`` read in EXISTING_PART only, ``reduced`` if ``reduce``)."""
    for i in range(out.shape[0]):
        s = scale[i]
        for t in range(out.shape[1]):
            x = fee[i, t]
            if mode == WHOLE:
                x = np.floor(x * s)
            elif mode == EXISTING_PART:
                x = np.floor(x + (s - 1.0) * (x * share[i, t]))
            if reduce:
                x = np.floor(x * (paid if reduced[i, t] > 0 else 1.0))
            out[i, t] = x


@kernel(f"void(float64[:, ::1], {READ_MATRIX}, float64[::1], {READ_MATRIX}, {READ_MATRIX}, float64[::1], int64, "
        f"float64[::1], {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, boolean)")
def _personnel(out, personnel, region, wage_factor, growth, wage_level, mode, scale, existing, fee, payout_share,
               pays_out):
    """The module's personnel, cell by cell, into ``out`` (``existing`` read in EXISTING_PART only, the payout's
    ``fee`` × ``payout_share`` if ``pays_out``)."""
    for i in range(out.shape[0]):
        s, pay, level = scale[i], region[i], wage_level[i]
        for t in range(out.shape[1]):
            x = at_pay(personnel[i, t], pay, wage_factor[i, t], growth[i, t], level)
            if mode == WHOLE:
                x = x * s
            elif mode == EXISTING_PART:
                x = x + (s - 1.0) * at_pay(existing[i, t], pay, wage_factor[i, t], growth[i, t], level)
            out[i, t] = x + (fee[i, t] * payout_share[i, t] if pays_out else 0.0)


@kernel(f"void(float64[:, ::1], {READ_MATRIX}, {READ_MATRIX}, boolean, int64, float64[::1], {READ_MATRIX}, "
        f"{READ_MATRIX}, boolean)")
def _cost(out, cost, before, has_before, mode, scale, existing, after, has_after):
    """The module's recruiting or other costs, cell by cell, into ``out`` (``before`` and ``after`` read where their
    flags say, ``existing`` in EXISTING_PART only)."""
    for i in range(out.shape[0]):
        s = scale[i]
        for t in range(out.shape[1]):
            x = cost[i, t] * before[i, t] if has_before else cost[i, t]
            if mode == WHOLE:
                x = x * s
            elif mode == EXISTING_PART:
                x = x + (s - 1.0) * (existing[i, t] * before[i, t] if has_before else existing[i, t])
            out[i, t] = x * after[i, t] if has_after else x


UNREAD = np.zeros((1, 1))  # passed where a kernel does not read an input (its mode or flag says so)
UNREAD.flags.writeable = False


def _given(scale: np.ndarray | float | None) -> bool:
    """Whether ``scale`` multiplies (a plain 1 does not: × 1 is exact)."""
    return scale is not None and not is_one(scale)


def _factor(scale: np.ndarray | float | None) -> np.ndarray | float:
    """The factor the kernel multiplies by (1 where ``scale`` does not multiply)."""
    if scale is None or is_one(scale):
        return 1.0
    return scale


def _shape(*values: np.ndarray | float | None) -> tuple[int, int]:
    """The ``(T, M)`` that ``values`` (matrices, numbers or None) broadcast to; a mismatch is refused by
    ``as_matrix`` (np.broadcast_shapes costs 2.5 µs, and a base case makes these calls some 200 times)."""
    rows = cols = 1
    for value in values:
        shape: tuple[int, ...] = getattr(value, "shape", ())
        if len(shape) == 2 and shape[0] != 1:
            rows = shape[0]
        if len(shape) >= 1 and shape[-1] != 1:
            cols = shape[-1]
    return rows, cols


def _read(value: np.ndarray | float | None, shape: tuple[int, int]) -> np.ndarray:
    """``value`` as the kernel's ``shape`` view, or :data:`UNREAD` where it is None."""
    return UNREAD if value is None else as_matrix(value, shape)


def calibrated_fee(fee: np.ndarray, scale: np.ndarray | float | None, share: np.ndarray | None,
                   reduced: np.ndarray | None, paid: float) -> np.ndarray:
    """``fee`` after the calibration ``scale`` (None: none and no floor; ``share`` None: on the whole block, else on
    the existing places' share of users) and the 減算 (``reduced`` None: none; else × ``paid`` where it is > 0): a
    new array of the shape its inputs broadcast to."""
    mode = UNSCALED if scale is None else WHOLE if share is None or not _given(scale) else EXISTING_PART
    part = share if mode == EXISTING_PART else None
    shape = _shape(fee, _factor(scale), part, reduced)
    out = np.empty(shape)
    _fee(out, as_matrix(fee, shape), mode, per_trial(_factor(scale), shape[0]), _read(part, shape),
         reduced is not None, _read(reduced, shape), float(paid))
    return out


def calibrated_personnel(personnel: np.ndarray, pay: Pay, scale: np.ndarray | float | None,
                         existing: np.ndarray | None, fee: np.ndarray, payout_share: np.ndarray | None) -> np.ndarray:
    """``personnel`` and ``existing`` (the existing staff's), both at the base wage, priced by ``pay``
    (``staffing.pay_factors``); then the calibration ``scale`` (None: none; ``existing`` None: on the whole block,
    else on the existing staff's cost), plus the 処遇改善 payout ``fee × payout_share`` (None: no payout, + 0): a new
    ``(T, M)`` array of the pay's shape."""
    mode = UNSCALED if not _given(scale) else WHOLE if existing is None else EXISTING_PART
    region, wage_factor, growth, wage_level = pay
    shape = wage_factor.shape
    out = np.empty(shape)
    _personnel(out, as_matrix(personnel, shape), region, wage_factor, growth, wage_level, mode,
               per_trial(_factor(scale), shape[0]), _read(existing if mode == EXISTING_PART else None, shape),
               as_matrix(fee, shape), _read(payout_share, shape), payout_share is not None)
    return out


def calibrated_cost(cost: np.ndarray, scale: np.ndarray | float | None, existing: np.ndarray | None = None, *,
                    before: np.ndarray | float = 1.0, after: np.ndarray | float = 1.0) -> np.ndarray:
    """``cost`` × ``before`` (the recruiting's cost per hire, of the hires), then the calibration ``scale`` (None:
    none; ``existing`` None: on the whole cost, else on the existing operation's part, ``existing`` × ``before``),
    then × ``after`` (the other costs' procurement factor); a factor of a plain 1 is not multiplied: a new array of
    the shape its inputs broadcast to."""
    mode = UNSCALED if not _given(scale) else WHOLE if existing is None else EXISTING_PART
    part = existing if mode == EXISTING_PART else None
    first, last = (None if is_one(x) else x for x in (before, after))
    shape = _shape(cost, _factor(scale), part, first, last)
    out = np.empty(shape)
    _cost(out, as_matrix(cost, shape), _read(first, shape), first is not None, mode,
          per_trial(_factor(scale), shape[0]), _read(part, shape), _read(last, shape), last is not None)
    return out
