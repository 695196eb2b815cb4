"""The engine's name for :mod:`simulator.jit` (the kernel decorator moved below the reference data, which
compiles its rule tables too): the same ``kernel``, ``helper``, ``READ_MATRIX``, ``as_matrix``, ``per_trial``,
``same_in_every_trial``, ``KERNELS`` and ``jit_disabled``."""

from __future__ import annotations

from simulator.jit import (
    KERNELS,
    READ_MATRIX,
    as_matrix,
    helper,
    jit_disabled,
    kernel,
    per_trial,
    same_in_every_trial,
)

__all__ = ["KERNELS", "READ_MATRIX", "as_matrix", "helper", "jit_disabled", "kernel", "per_trial",
           "same_in_every_trial"]
