"""The Monte Carlo's monthly bands: the compiled kernel (simulator.risk.bands) against ``np.percentile``.

P10 / P50 / P90 of each row of a random (120 months, trials) matrix, warm, best of 5; the kernel's result is
checked to be numpy's, bit for bit, before it is timed. Run with ``make bench`` or alone:
``python -m benchmarks.bench_bands``. Target (issue 18): at most 30 ms a matrix at 100k trials, so that the
Monte Carlo at 100k trials × 120 months fits in 0.5 s.
"""

from __future__ import annotations

import sys

import numpy as np

from benchmarks import Row, register, warm_time_ms

MONTHS = 120
TRIALS = (10_000, 100_000)
TARGET_MS = {100_000: 30.0}
BANDS = (10, 50, 90)


@register("risk: monthly bands, kernel vs np.percentile (120 months, warm, best of 5)")
def rows() -> list[Row]:
    from simulator.risk.bands import percentiles_by_row

    percents = np.array(BANDS, dtype=float)
    rng = np.random.default_rng(1)
    out: list[Row] = []
    for trials in TRIALS:
        matrix = rng.normal(5e7, 2e7, size=(MONTHS, trials))
        if percentiles_by_row(matrix, percents).tobytes() != np.percentile(matrix, BANDS, axis=1).tobytes():
            raise AssertionError("the kernel's bands differ from np.percentile")
        kernel_ms = warm_time_ms(lambda m=matrix: percentiles_by_row(m, percents), repeat=5, warmup=1)
        numpy_ms = warm_time_ms(lambda m=matrix: np.percentile(m, BANDS, axis=1), repeat=5, warmup=1)
        target = TARGET_MS.get(trials)
        out.append({
            "trials": trials,
            "kernel ms": kernel_ms,
            "np.percentile ms": numpy_ms,
            "np/kernel": numpy_ms / kernel_ms,
            "target ms": "" if target is None else target,
            "ok": "" if target is None else ("yes" if kernel_ms <= target else "NO"),
        })
    return out


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(rows()))
    sys.exit(0)
