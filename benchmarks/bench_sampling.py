"""Sampling benchmark: ``sample_inputs`` of each example at 100k trials (issue 18: ≤ 50 ms on the 2-core machine).

Columns: the example's sampled inputs and how many of them are correlated (re-paired by Iman–Conover), and
the best wall time of 5 calls after one warm call (the marginal draws, the normal scores and the re-pairing).

Run with ``make bench`` or alone: ``python -m benchmarks.bench_sampling``.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from benchmarks import register, warm_time_ms

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TRIALS = 100_000
TARGET_MS = 50.0


@register(f"sampling: sample_inputs at {TRIALS:,} trials (target ≤ {TARGET_MS:.0f} ms)")
def rows() -> list[dict[str, object]]:
    from simulator.files import load_scenario
    from simulator.risk.defaults import uncertain_inputs, user_pairs
    from simulator.risk.sampling import sample_inputs

    out: list[dict[str, object]] = []
    for path in sorted(SCENARIOS.glob("*.toml")):
        scenario = load_scenario(path)
        inputs, pairs = uncertain_inputs(scenario)
        firm = user_pairs(scenario)
        linked = {t for a, b, _ in pairs for t in (a, b) if a != b}
        ms = warm_time_ms(partial(sample_inputs, inputs, pairs, TRIALS, 1, firm=firm), repeat=5, warmup=1)
        out.append({"scenario": path.stem, "inputs": len(inputs), "correlated": len(linked), "ms": ms,
                    "within target": ms <= TARGET_MS})
    return out


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(rows()))
