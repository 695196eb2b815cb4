"""The engine's name for :mod:`simulator.jit` (the kernel decorator moved below the reference data, which
compiles its rule tables too): the same ``kernel``, ``KERNELS`` and ``jit_disabled``."""

from __future__ import annotations

from simulator.jit import KERNELS, jit_disabled, kernel

__all__ = ["KERNELS", "jit_disabled", "kernel"]
