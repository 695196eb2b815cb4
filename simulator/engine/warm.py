"""Compile (or load from the on-disk cache) every kernel: ``python -m simulator.engine.warm``.

``make test`` and ``make run`` call it after installing, so neither the first test nor the app's first page waits
for a compilation; a later process loads the cached kernels when it imports them.
"""

from __future__ import annotations

import importlib
import sys
import time

# Every module that defines kernels (simulator.engine.jit.kernel); importing one compiles its kernels.
KERNEL_MODULES: tuple[str, ...] = ()


def warm() -> float:
    """Import every kernel module (compiling what the cache does not hold); seconds taken."""
    start = time.perf_counter()
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    return time.perf_counter() - start


def main() -> int:
    seconds = warm()
    print(f"kernels ready in {seconds:.1f} s ({len(KERNEL_MODULES)} modules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
