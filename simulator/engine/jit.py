"""The engine's name for :mod:`simulator.jit` (the kernel decorator moved below the reference data, which
compiles its rule tables too): the same ``kernel``, ``READ_MATRIX``, ``KERNELS`` and ``jit_disabled``."""

from __future__ import annotations

from simulator.jit import KERNELS, READ_MATRIX, jit_disabled, kernel

__all__ = ["KERNELS", "READ_MATRIX", "jit_disabled", "kernel"]
