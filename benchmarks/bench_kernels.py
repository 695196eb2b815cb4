"""Compiled kernels against the same source run as plain Python (issue 18 item 4).

For each example, a projection of 100 sampled trials gives each kernel its real inputs; each kernel is timed
compiled (warm, best of 5) in this process and with ``NUMBA_DISABLE_JIT=1`` in a child process (best of 2): the
same source, uncompiled, is the plain-Python reference, and ``ratio`` is how much the compilation gains.

Run with ``make bench`` or alone: ``python -m benchmarks.bench_kernels``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import register, warm_time_ms

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TRIALS = 100


def _calls(path: Path) -> dict[str, Callable[[], Any]]:
    """kernel name -> a call of it on inputs from a 100-trial projection of the example at ``path``."""
    import numpy as np

    from simulator import reference
    from simulator.engine import (
        calibrated,
        cash,
        fee_yen,
        financing,
        irr,
        metric_sums,
        project,
        staffing,
        standard_users,
    )
    from simulator.engine.inputs import Inputs
    from simulator.engine.lender import fiscal_of
    from simulator.engine.metrics import residual, yearly_flows
    from simulator.engine.projection import _path_changes, _prepare
    from simulator.files import load_scenario
    from simulator.risk.bands import percentiles_by_row
    from simulator.risk.defaults import uncertain_inputs
    from simulator.risk.sampling import sample_inputs

    scenario = load_scenario(path)
    inputs, pairs = uncertain_inputs(scenario)
    samples = sample_inputs(inputs, pairs, TRIALS, seed=1)
    proj = project(scenario, TRIALS, samples)
    inp = Inputs(scenario, TRIALS, samples)
    ctx, _ = _prepare(inp)
    blocks = [*ctx.org_blocks, *_path_changes(ctx).add]  # every service block, the paths' new places included
    a, b = dict(proj.arrays), dict(proj.baseline)
    from simulator.engine.timeline import Timeline

    proj_timeline = Timeline.build(scenario.assumptions.start_date, scenario.assumptions.horizon_months)
    fiscal = fiscal_of(proj.dates)
    years = [int(y) for y in dict.fromkeys(fiscal.tolist())]
    lag = np.full(TRIALS, 2.0)
    per_trial = np.linspace(0.5, 1.5, TRIALS)[:, None]
    cash_by_month = np.ascontiguousarray(a["cash_yen"].T)  # (months, trials), as the Monte Carlo keeps it
    flows = yearly_flows(a["incremental_cash_flow_yen"], residual(a) - residual(b))  # the IRR's yearly flows
    service = scenario.organisation.services[0].service.value  # its rules on the projection's users and places
    users, places, start = a["users"], a["capacity"], scenario.assumptions.start_date
    opened = (places > 0) * 1.0
    admit = np.argmax(users > 0, axis=1)[:, None] * 1.0  # the first month with users
    gap = np.sin(users) * 0.3  # short in some months, by more or less than the 1割
    share = np.divide(b["users"], users, out=np.zeros(users.shape), where=users > 0)  # existing places' users
    pay = (per_trial[:, 0].copy(), np.ones(users.shape), np.ascontiguousarray(np.broadcast_to(per_trial, users.shape)),
           np.full(TRIALS, 1.01))  # 級地, wage factor, growth, wage level
    paid_out = np.full((1, users.shape[1]), 0.02)  # the 処遇改善 share paid out as wages
    return {
        "financing.loan_schedule": lambda: financing.loan_schedule(proj_timeline, 3e8 * per_trial, 0.012 * per_trial,
                                                                   20, 12 * per_trial, "equal_payment", per_trial),
        "financing.existing_debt": lambda: financing.existing_debt(proj_timeline, 2e8 * per_trial, 2e7 * per_trial,
                                                                   6 * per_trial),
        "cash.accounts": lambda: cash.accounts(a, lag, a["revenue_fee_yen"][:, 0], 1e8, 0.3),
        "metric_sums.cash_sums": lambda: metric_sums.cash_sums(a["incremental_cash_flow_yen"], a["cash_flow_yen"],
                                                               b["cash_flow_yen"], a["cash_yen"], 0.04),
        "metric_sums.totals": lambda: metric_sums.totals(a, b),
        "metric_sums.fiscal_sums": lambda: metric_sums.fiscal_sums(a, fiscal, years),
        "irr.irr_checked": lambda: irr.irr_checked(flows),
        "bands.percentiles_by_row": lambda: percentiles_by_row(cash_by_month, np.array([10.0, 50.0, 90.0])),
        "sampling.sample_inputs": lambda: sample_inputs(inputs, pairs, TRIALS, seed=1),
        "standard_users.prior_year_mean": lambda: standard_users.prior_year_mean(proj_timeline, users, opened),
        "standard_users.trailing_mean": lambda: standard_users.trailing_mean(users, 6),
        "standard_users.new_place_users": lambda: standard_users.new_place_users(proj_timeline, users, places, admit,
                                                                                 0.9, 6, 12),
        "staffing.reduced_months": lambda: staffing.reduced_months(gap, 0.1),
        "fee_yen.fee_yen": lambda: fee_yen.fee_yen(users * 800.0, per_trial, np.full((1, users.shape[1]), 10.9), opened,
                                                   users.shape),
        "calibrated.calibrated_fee": lambda: calibrated.calibrated_fee(a["revenue_fee_yen"], 1.02 * per_trial,
                                                                       share, (gap > 0.2) * 1.0, 0.7),
        "calibrated.calibrated_personnel": lambda: calibrated.calibrated_personnel(
            b["personnel_yen"], pay, 0.98 * per_trial, a["personnel_yen"] * 0.5, a["revenue_fee_yen"], paid_out),
        "calibrated.calibrated_cost": lambda: calibrated.calibrated_cost(a["other_costs_yen"], 0.97 * per_trial,
                                                                         after=1.0 - 0.02 * per_trial),
        "staff_kernel.staff_pass (every block)": lambda: [
            staffing.staff_before_wages(inp, ctx.tl, ctx.ref, block, 0.15, ctx.social_rate) for block in blocks],
        "staffing_rules (required_staff)": lambda: reference.required_staff(service, users, on=start),
        "staffing_rules (staffed_posts)": lambda: reference.staffed_posts(service, places, users, on=start,
                                                                          visits_per_user=10.0),
    }


def _timings(repeat: int) -> dict[str, dict[str, float]]:
    return {path.stem: {name: warm_time_ms(fn, repeat=repeat, warmup=1) for name, fn in _calls(path).items()}
            for path in sorted(SCENARIOS.glob("*.toml"))}


def _uncompiled() -> dict[str, dict[str, float]]:
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_kernels", "--child"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@register(f"kernels: compiled vs the same source uncompiled (NUMBA_DISABLE_JIT=1), {TRIALS} trials")
def rows() -> list[dict[str, object]]:
    compiled = _timings(5)
    plain = _uncompiled()
    out: list[dict[str, object]] = []
    for scenario, kernels in compiled.items():
        for name, ms in kernels.items():
            reference = plain[scenario][name]
            out.append({"scenario": scenario, "kernel": name, "compiled ms": ms, "plain Python ms": reference,
                        "ratio": f"{reference / ms:,.0f}×"})
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        print(json.dumps(_timings(2)))
    else:
        from benchmarks.__main__ import table

        print(table(rows()))
