"""Compile (or load from the on-disk cache) every kernel: ``python -m simulator.engine.warm``.

``make test`` and ``make run`` call it after installing, so neither the first test nor the app's first page waits
for a compilation; a later process loads the cached kernels when it imports them.
"""

from __future__ import annotations

import importlib
import sys

from simulator.engine.jit import KERNELS

# Every module that defines kernels (simulator.jit.kernel); importing one compiles its kernels.
KERNEL_MODULES: tuple[str, ...] = (
    "simulator.engine.cash",
    "simulator.engine.financing",
    "simulator.engine.irr",
    "simulator.engine.metric_sums",
    "simulator.engine.staff_kernel",
    "simulator.engine.standard_users",
    "simulator.reference.staffing_rules",
    "simulator.risk.bands",
    "simulator.risk.sampling",
)


def warm() -> int:
    """Import every kernel module (compiling what the cache does not hold); the number of kernels."""
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    return len(KERNELS)


def main() -> int:
    print(f"{warm()} kernels ready ({len(KERNEL_MODULES)} modules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
