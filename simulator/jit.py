"""The one place the compiled kernels are configured (numba; issue 18, STYLE.md §7).

It sits below every layer that compiles (the engine, the risk bands, the reference's rule tables), so
``simulator.reference`` can compile without importing the engine; ``simulator.engine.jit`` re-exports it.

A kernel is plain Python loops over months and trials, compiled once with explicit types by
:func:`kernel` (a function only kernels call is a :func:`helper`, compiled inside its callers):

- ``cache=True``: compiled code is kept on disk, so a process after the first loads it in a fraction of a second;
  ``python -m simulator.engine.warm`` (run by ``make test`` and ``make run``) compiles every kernel before the
  first page or test needs it. Numba checks a cached kernel against its own file only, and a kernel holds the
  code of the helpers and kernels it calls from other modules: so the cache lives in a directory named by a
  digest of every module that compiles (:data:`KERNEL_MODULES`, ``simulator/__pycache__/kernels-<digest>``), and
  a change to any of them compiles afresh instead of running stale code;
- ``nogil=True``: a kernel releases the GIL, so the Monte Carlo's threads run chunks of trials on both cores;
  inside, a kernel loops over its trials in order, so a seed gives the same bits whatever the thread count;
- ``error_model="numpy"``: a division by zero gives ``inf`` or ``nan`` as in numpy, never an exception;
- no ``fastmath``: every operation rounds as IEEE 754 says, in the order written, so results are reproducible.

``NUMBA_DISABLE_JIT=1`` runs the same source as plain Python: the reference the benchmark compares the compiled
kernels with (``make bench``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# Every module that compiles kernels or helpers (importing one compiles, or loads, its kernels).
KERNEL_MODULES: tuple[str, ...] = (
    "simulator.engine.add_on_units",
    "simulator.engine.calibrated",
    "simulator.engine.cash",
    "simulator.engine.column_sums",
    "simulator.engine.fee_yen",
    "simulator.engine.financing",
    "simulator.engine.irr",
    "simulator.engine.metric_sums",
    "simulator.engine.other_costs",
    "simulator.engine.staff_kernel",
    "simulator.engine.standard_users",
    "simulator.reference.staffing_rules",
    "simulator.risk.bands",
    "simulator.risk.sampling",
)
CACHE_PREFIX = "kernels-"


def source_digest(paths: Iterable[Path]) -> str:
    """A digest of the files at ``paths`` (their bytes, in order)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def kernel_sources() -> list[Path]:
    """This file and every module of :data:`KERNEL_MODULES`."""
    package = Path(__file__).resolve().parent
    return [Path(__file__).resolve()] + [package.joinpath(*name.split(".")[1:]).with_suffix(".py")
                                         for name in KERNEL_MODULES]


def cache_dir() -> Path:
    """Where the kernels are cached: ``kernels-<digest of kernel_sources()>`` in ``NUMBA_CACHE_DIR`` if it is set,
    else in this package's ``__pycache__``."""
    name = CACHE_PREFIX + source_digest(kernel_sources())
    given = os.environ.get("NUMBA_CACHE_DIR")
    if given and Path(given).name == name:  # set by this module in a parent process
        return Path(given)
    return Path(given) / name if given else Path(__file__).resolve().parent / "__pycache__" / name


os.environ["NUMBA_CACHE_DIR"] = str(cache_dir())
import numba  # noqa: E402  (after NUMBA_CACHE_DIR: numba reads it when imported)
import numpy as np  # noqa: E402

if getattr(numba.core.config, "CACHE_DIR", None) != os.environ["NUMBA_CACHE_DIR"]:
    numba.core.config.reload_config()  # numba was imported before this module

# A kernel's input matrix: any strides and read-only, so a (1, M) row or a (T, 1) level broadcast to (T, M) by
# np.broadcast_to is read in place (stride 0) instead of copied.
READ_MATRIX = "Array(float64, 2, 'A', readonly=True)"

KERNELS: list[Any] = []  # every compiled kernel, in the order its module was imported (for warm-up reports)


def as_matrix(value: np.ndarray | float, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` as a float view of ``shape`` for a :data:`READ_MATRIX` argument (a row or a level broadcast in
    place, not copied)."""
    array = np.asarray(value, dtype=float)
    # of that shape already: itself (np.broadcast_to costs some 5-7 µs a call, and a merger simulate makes some 250)
    return array if array.shape == shape else _broadcast(array, shape)


def _broadcast(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``np.broadcast_to(array, shape)`` (a read-only view, stride 0 along each axis it spreads), built directly
    where ``array`` is contiguous (about 1.2 µs for a number or a matrix's row or level, 3 µs otherwise, instead of
    5-7)."""
    pad = len(shape) - array.ndim
    if pad < 0 or not array.flags.c_contiguous:
        return np.broadcast_to(array, shape)
    if array.ndim == 0:  # a number: stride 0 along every axis
        steps: tuple[int, ...] = (0,) * len(shape)
    elif pad == 0 and array.ndim == 2:  # a (1, M) row, a (T, 1) level or a (1, 1) value of a (T, M) matrix
        (rows, cols), (row_step, col_step) = array.shape, array.strides
        if rows not in (1, shape[0]) or cols not in (1, shape[1]):
            return np.broadcast_to(array, shape)  # raises, naming the shapes
        steps = (0 if rows == 1 else row_step, 0 if cols == 1 else col_step)
    else:
        sizes, strides = (1,) * pad + array.shape, (0,) * pad + array.strides
        if any(n != 1 and n != want for n, want in zip(sizes, shape, strict=True)):
            return np.broadcast_to(array, shape)  # raises, naming the shapes
        steps = tuple(0 if n == 1 else step for n, step in zip(sizes, strides, strict=True))
    view = np.ndarray(shape, np.float64, array, 0, steps)
    view.flags.writeable = False
    return view


def same_in_every_trial(matrices: Iterable[np.ndarray | float], numbers: Iterable[np.ndarray | float] = ()) -> bool:
    """Whether a kernel's inputs are the same in every trial: each of ``matrices`` a ``(1, ·)`` row or a number,
    each of ``numbers`` (its per-trial values) a single one. The kernel may then run on one trial for all."""
    return (all(np.ndim(x) < 2 or np.shape(x)[0] == 1 for x in matrices)
            and all(np.size(x) == 1 for x in numbers))


def per_trial(value: np.ndarray | float, trials: int) -> np.ndarray:
    """A per-trial input (``(T, 1)``, ``(1, 1)`` or a number) as a writable contiguous ``(T,)`` vector (a copy)."""
    flat = np.asarray(value, dtype=float).reshape(-1)
    if flat.shape[0] == 1:
        return np.full(trials, flat[0])
    if flat.shape[0] != trials:
        raise ValueError(f"a per-trial input has {flat.shape[0]} values for {trials} trials")
    return flat.copy()


def kernel(signature: str) -> Callable[[Callable[..., Any]], Any]:
    """Compile the decorated function for ``signature`` (numba types, e.g.
    ``"float64[:, ::1](float64[:, ::1], float64)"``): ahead of the first call, cached on disk, without the GIL."""

    def compile_(fn: Callable[..., Any]) -> Any:
        compiled = numba.njit(signature, cache=True, nogil=True, error_model="numpy")(fn)
        KERNELS.append(compiled)
        return compiled

    return compile_


def helper(fn: Callable[..., Any]) -> Any:
    """Compile the decorated function as a part of the kernels that call it (never called from Python): typed
    by each caller's explicit types when that caller compiles, kept in the caller's cached code, and so not
    loaded on its own. Loading a typed kernel from the cache costs 3–10 ms at import (issue 18: the first call
    of the CLI and the app stays under 2 s); a helper costs nothing then."""
    return numba.njit(cache=True, nogil=True, error_model="numpy")(fn)


def jit_disabled() -> bool:
    """True when ``NUMBA_DISABLE_JIT`` is set: the kernels run as plain Python."""
    return os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0")
