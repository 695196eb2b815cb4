"""The compiled IRR (issue 18): its plain-Python run gives the same bits, and an IRR it returns is a root.

- the same source run with ``NUMBA_DISABLE_JIT=1`` (a subprocess: the flag is read at import) gives the compiled
  run's IRRs and reasons bit for bit, on 300 random rows that take every branch (positive and negative roots
  solved in the kernel, pyxirr's rows, every reason code);
- hypothesis: where an IRR is returned, NPV at it is ≈ 0 relative to the size of its terms
  ``Σ |c_k| (1 + r)^-k`` (at most ``Σ |c|`` for ``r ≥ 0``), for flows with up to two zero years at either end
  (where the kernel once took r ≈ −100 % or ≈ 1e9 for a root); a root in the kernel to 1e-12, pyxirr's to
  its own tolerance (≈ 5e-10 seen on random rows, so 1e-9), plus what ``r`` itself cannot resolve
  (``|NPV'(r)| × 4 ε |r|``: near ``r = −1`` a float's last bit moves NPV far);
- zero years at either end (once a defect: r ≈ −100 % or ≈ 1e9): a deep loss ending in two, a high IRR
  starting with two, each against its root by hand, pyxirr and numpy-financial.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest
import pyxirr
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import irr
from simulator.engine.jit import jit_disabled

ROOT = Path(__file__).resolve().parents[2]
EPS = float(np.finfo(float).eps)
CHILD = """
import sys
import numpy as np
from simulator.engine import irr
from simulator.engine.jit import jit_disabled
assert jit_disabled() and not hasattr(irr._irr_rows, "signatures"), "the kernel ran compiled"
flows = np.load(sys.argv[1])
rate, reason = irr.irr_checked(flows)
np.save(sys.argv[2], np.stack([irr.irr_yearly(flows), rate, reason]))
"""


def _random_rows(rows_per_kind: int = 50, years: int = 12) -> np.ndarray:
    """Yearly flows [yen] of six kinds, ``rows_per_kind`` each: conventional, deep losses (negative IRR), random
    signs, income first, a small outlay for large inflows (IRR > 100 %), zero years at either end or all zero."""
    rng = np.random.default_rng(18)
    n = rows_per_kind
    outlay = -rng.uniform(50e6, 150e6, (n, 1))
    kinds = [
        np.hstack([outlay, rng.uniform(-20e6, 40e6, (n, years - 1))]),
        np.hstack([outlay, rng.uniform(-5e6, 10e6, (n, years - 1))]),
        rng.normal(0.0, 1e7, (n, years)),
        np.hstack([-outlay, rng.uniform(-30e6, 5e6, (n, years - 1))]),
        np.hstack([outlay * 0.02, rng.uniform(5e6, 40e6, (n, years - 1))]),
        np.hstack([outlay, rng.uniform(-10e6, 30e6, (n, years - 1))]) * (rng.random((n, years)) < 0.7),
    ]
    kinds[5][:5] = 0.0
    kinds[5][5:10, :2] = 0.0
    kinds[5][10:15, -2:] = 0.0
    return np.ascontiguousarray(np.vstack(kinds))


def test_plain_python_reference_gives_the_same_bits(tmp_path: Path) -> None:
    if jit_disabled():
        pytest.skip("this process runs the kernels uncompiled already")
    assert hasattr(irr._irr_rows, "signatures")  # a compiled numba dispatcher here
    flows = _random_rows()
    kernel_rate, _ = irr._irr_rows(flows, irr._GRID)
    rate, reason = irr.irr_checked(flows)
    yearly = irr.irr_yearly(flows)
    assert set(reason.astype(int)) == set(range(len(irr.IRR_REASONS)))  # every reason code is taken
    assert np.any(kernel_rate > 0) and np.any(kernel_rate < 0)  # positive and negative roots in the kernel
    assert np.any(np.isnan(kernel_rate) & np.isfinite(yearly))  # and pyxirr's rows
    np.save(tmp_path / "flows.npy", flows)
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "flows.npy"), str(tmp_path / "out.npy")],
                   env=env, cwd=ROOT, check=True, timeout=300)
    plain = np.load(tmp_path / "out.npy")
    compiled = np.stack([yearly, rate, reason])
    np.testing.assert_array_equal(plain.view(np.uint64), compiled.view(np.uint64))


_NONZERO = st.integers(-10**9, 10**9).filter(bool)
_FLOWS = st.tuples(st.integers(0, 2), _NONZERO, st.lists(st.integers(-10**9, 10**9), max_size=14), _NONZERO,
                   st.integers(0, 2)).map(lambda t: [0.0] * t[0] + [float(t[1]), *map(float, t[2]), float(t[3])]
                                          + [0.0] * t[4])


@settings(max_examples=50, deadline=None, database=None)
@given(_FLOWS)
def test_a_returned_irr_is_a_root(flows: list[float]) -> None:
    row = np.array([flows])
    rate = irr.irr_yearly(row)[0]
    shown, _ = irr.irr_checked(row)
    assert np.isnan(shown[0]) or shown[0] == rate  # irr_checked shows irr_yearly's root or nothing
    if np.isnan(rate):
        return
    assert rate > -1.0
    years = np.arange(row.shape[1], dtype=float)
    terms = row[0] * (1.0 + rate) ** -years  # c_k (1 + r)^-k
    slope = -(years * terms).sum() / (1.0 + rate)  # NPV'(r)
    in_kernel = np.isfinite(irr._irr_rows(row, irr._GRID)[0][0])
    tolerance = (1e-12 if in_kernel else 1e-9) * np.abs(terms).sum() + abs(slope) * 4 * EPS * abs(rate)
    assert abs(terms.sum()) <= tolerance


def test_deep_loss_with_two_zero_years_at_the_end() -> None:
    """−100 M, +5 M, +0.5 M, 0, 0: NPV × (1 + r)^4 = w² (−100 w² + 5 w + 0.5) M with w = 1 + r, whose root in
    (0, 1) is w = (5 + √(25 + 200)) / 200 = 0.1: the IRR is −90 % (one sign change: the only root r > −1; pyxirr
    and numpy-financial −0.9). Before the zero years were dropped, the bracket end w = 1e-9 passed the rounding
    test (|w² × 0.5 M| ≈ 5e-13 below 4 ε Σ |c| ≈ 1e-7): r ≈ −100 %, shown as out of range."""
    flows = np.array([[-100e6, 5e6, 0.5e6, 0.0, 0.0]])
    assert np.isfinite(irr._irr_rows(flows, irr._GRID)[0][0])  # solved in the kernel, not left to pyxirr
    rate, reason = irr.irr_checked(flows)
    assert irr.IRR_REASONS[int(reason[0])] == "ok"
    assert rate[0] == pytest.approx(-0.9, rel=1e-12)
    assert rate[0] == pytest.approx(pyxirr.irr(flows[0]), rel=1e-12)
    assert rate[0] == pytest.approx(npf.irr(flows[0]), rel=1e-12)


def test_high_irr_with_two_zero_years_at_the_start() -> None:
    """0, 0, −1 M, +4 M, +32 M: NPV × (1 + r)^2 = (−1 + 4 x + 32 x²) M with x = 1 / (1 + r), whose positive root
    is x = (−4 + √(16 + 128)) / 64 = 1/8: the IRR is +700 % (one sign change; pyxirr and numpy-financial 7.0).
    Before the zero years were dropped, the bracket end v = 1e-9 passed the rounding test: r ≈ 2.25e9.
    irr_checked shows no rate (above the sane range) either way."""
    flows = np.array([[0.0, 0.0, -1e6, 4e6, 32e6]])
    assert np.isfinite(irr._irr_rows(flows, irr._GRID)[0][0])  # solved in the kernel, not left to pyxirr
    yearly = irr.irr_yearly(flows)[0]
    assert yearly == pytest.approx(7.0, rel=1e-12)
    assert yearly == pytest.approx(pyxirr.irr(flows[0]), rel=1e-12)
    assert yearly == pytest.approx(npf.irr(flows[0]), rel=1e-12)
    rate, reason = irr.irr_checked(flows)
    assert np.isnan(rate[0]) and irr.IRR_REASONS[int(reason[0])] == "out_of_range"
