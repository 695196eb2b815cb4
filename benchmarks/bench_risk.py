"""Risk benchmark: each example scenario at 1, 1k, 10k and 100k trials, and the plain-Python twin at 1k.

Run with ``make bench`` (``python -m benchmarks``) or alone: ``python -m benchmarks.bench_risk``.
Columns: scenario, months, trials, engine time (project + metrics on sampled inputs, best of a few
runs), full Monte Carlo time (sampling, chunked engine, percentiles and monthly bands), peak memory
of the Monte Carlo (tracemalloc, which numpy reports its buffers to), and for 1k trials the twin's
time and the speed ratio twin / engine.
Peak memory: tracemalloc up to 10k trials; at 100k the process's peak resident size (ru_maxrss), so
the 100k run is not repeated under tracemalloc. ``BENCH_RISK_TRIALS=1,1000`` limits the trial counts.
Targets (issue 4): 100k × 120 months < 0.5 s; 10k < 60 ms; peak < 2 GB; ≥ 50× faster than the twin.
"""

from __future__ import annotations

import gc
import os
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import register

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TRIALS = (1, 1_000, 10_000, 100_000)
TWIN_TRIALS = 1_000
MIB = 1024 * 1024


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _peak_mib(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def _process_peak_mib() -> float:
    """Peak resident memory of this process so far (an upper bound for the last, largest run)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(name: str, scenario: Any, n: int, overrides: dict, repeat: int, twin_model: Any) -> dict[str, Any]:
    from simulator.risk.engine_api import metrics_from_projection, project
    from simulator.risk.montecarlo import monte_carlo

    def engine() -> None:
        metrics_from_projection(project(scenario, trials=n, overrides=overrides), scenario)

    def carlo() -> None:
        monte_carlo(scenario, trials=n, seed=1)

    row: dict[str, Any] = {
        "scenario": name,
        "months": scenario.assumptions.horizon_months,
        "trials": n,
        "engine_s": _best(engine, repeat),
        "monte_carlo_s": _best(carlo, repeat),
        "peak_mib": _peak_mib(carlo) if n <= 10_000 else _process_peak_mib(),
        "twin_s": None,
        "ratio": None,
    }
    if twin_model is not None and n == TWIN_TRIALS:
        row["twin_s"] = _best(lambda: twin_model.run(scenario, n, overrides), 1)
        row["ratio"] = row["twin_s"] / row["engine_s"]
    return row


def rows(trials: tuple[int, ...] = TRIALS, twin: bool = True) -> list[dict[str, Any]]:
    """One row per scenario × trials."""
    try:
        from benchmarks import twin as twin_model
    except ImportError:  # the plain-Python twin is not written yet
        twin_model = None
    from simulator.files import load_scenario
    from simulator.risk.defaults import uncertain_inputs
    from simulator.risk.montecarlo import monte_carlo
    from simulator.risk.sampling import sample_inputs

    trials = tuple(int(x) for x in os.environ.get("BENCH_RISK_TRIALS", "").split(",") if x) or trials

    out: list[dict[str, Any]] = []
    for path in sorted(SCENARIOS.glob("*.toml")):
        scenario = load_scenario(path)
        inputs, pairs = uncertain_inputs(scenario)
        monte_carlo(scenario, trials=10, seed=1)  # warm the reference caches
        for n in trials:
            overrides = sample_inputs(inputs, pairs, n, seed=1)
            repeat = 3 if n <= 1_000 else 1

            row = _row(path.stem, scenario, n, overrides, repeat, twin_model if twin else None)
            out.append(row)
    return out


def table(data: list[dict[str, Any]]) -> str:
    head = f"{'scenario':<36} {'months':>6} {'trials':>8} {'engine ms':>10} {'MC ms':>9} {'peak MiB':>9} " \
           f"{'twin ms':>9} {'twin/eng':>8}"
    lines = [head, "-" * len(head)]
    for r in data:
        twin = f"{r['twin_s'] * 1000:9.0f}" if r["twin_s"] is not None else f"{'':>9}"
        ratio = f"{r['ratio']:7.0f}×" if r["ratio"] is not None else f"{'':>8}"
        lines.append(f"{r['scenario']:<36} {r['months']:>6} {r['trials']:>8,} {r['engine_s'] * 1000:10.1f} "
                     f"{r['monte_carlo_s'] * 1000:9.1f} {r['peak_mib']:9.1f} {twin} {ratio}")
    return "\n".join(lines)


@register("risk: trials × horizon (engine, Monte Carlo, peak memory, twin)")
def registered_rows() -> list[dict[str, Any]]:
    return rows()


def main() -> None:
    print("Risk: engine on sampled inputs, full Monte Carlo, and the plain-Python twin")
    print(table(rows()))


if __name__ == "__main__":
    main()
