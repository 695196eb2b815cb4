"""Speed benchmarks (``make bench`` = ``python -m benchmarks``), not timed tests.

A benchmark is a function registered with :func:`register`; it returns a list of rows (dicts) that
``python -m benchmarks`` prints as one table, or a table it rendered itself (a string). Other areas add their own module and register rows
(e.g. the risk module's trials × horizon table) by importing :func:`register` and listing the module in
``MODULES``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Row = dict[str, object]
REGISTRY: dict[str, Callable[[], list[Row] | str]] = {}
MODULES: list[str] = ["benchmarks.bench_engine", "benchmarks.bench_kernels", "benchmarks.bench_risk",
                      "benchmarks.bench_bands", "benchmarks.bench_sampling"]


def register(name: str) -> Callable[[Callable[[], list[Row] | str]], Callable[[], list[Row] | str]]:
    def wrap(fn: Callable[[], list[Row] | str]) -> Callable[[], list[Row] | str]:
        REGISTRY[name] = fn
        return fn

    return wrap


def warm_time_ms(fn: Callable[[], object], repeat: int = 20, warmup: int = 2) -> float:
    """Best wall time in milliseconds of ``fn()`` after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000.0
