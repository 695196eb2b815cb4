"""Base case of each example scenario (and a test fixture): warm wall time of ``project`` and ``simulate``.

Target (issue 3): simulate() of any example < 20 ms warm.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import Row, register, warm_time_ms

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 20.0


def _fixture():
    from simulator.scenario import Scenario

    return Scenario.model_validate({
        "organisation": {"services": [{"service": "tokuyo", "capacity": 60}, {"service": "day_service", "capacity": 30}]},
        "paths": [{"kind": "capacity_increase", "added_capacity": 20, "opening_month": 12}],
        "financing": {"loans": [{"amount_yen": 3e8, "annual_rate": 0.012, "years": 20, "grace_months": 12}]},
    })


@register("engine base case (warm)")
def base_cases() -> list[Row]:
    from simulator.engine import project, simulate
    from simulator.files import load_scenario

    cases = [(p.name, load_scenario(p)) for p in sorted((ROOT / "scenarios").glob("*.toml"))]
    cases.append(("fixture: tokuyo+day, +20 beds", _fixture()))
    rows: list[Row] = []
    for name, scenario in cases:
        sim_ms = warm_time_ms(lambda s=scenario: simulate(s))
        rows.append({
            "scenario": name,
            "months": scenario.assumptions.horizon_months,
            "project ms": warm_time_ms(lambda s=scenario: project(s)),
            "simulate ms": sim_ms,
            "target ms": TARGET_MS,
            "ok": "yes" if sim_ms < TARGET_MS else "NO",
        })
    return rows
