"""Compile (or load from the on-disk cache) every kernel: ``python -m simulator.engine.warm``.

``make test`` and ``make run`` call it after installing, so neither the first test nor the app's first page waits
for a compilation; a later process loads the cached kernels when it imports them.
"""

from __future__ import annotations

import importlib
import shutil
import sys

from simulator.jit import CACHE_PREFIX, KERNEL_MODULES, KERNELS, cache_dir


def warm() -> int:
    """Import every kernel module (compiling what the cache does not hold); the number of kernels."""
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    return len(KERNELS)


def prune() -> int:
    """Delete the caches of earlier kernel sources beside the current one (:func:`simulator.jit.cache_dir`);
    how many."""
    current = cache_dir()
    stale = [path for path in current.parent.glob(CACHE_PREFIX + "*") if path != current and path.is_dir()]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return len(stale)


def main() -> int:
    pruned = prune()
    print(f"{warm()} kernels ready ({len(KERNEL_MODULES)} modules; {pruned} stale caches removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
