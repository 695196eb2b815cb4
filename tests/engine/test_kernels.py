"""The compiled kernels are their own plain-Python reference (issue 18): the same source run with
NUMBA_DISABLE_JIT=1 gives the same bits, and every kernel module is warmed by ``python -m simulator.engine.warm``."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"

# Computes every kernel's output on a 40-trial sampled projection of EXAMPLE and saves it to argv[1].
SCRIPT = """
import sys
import numpy as np
from simulator.engine import cash, financing, metric_sums, project
from simulator.engine.timeline import Timeline
from simulator.engine.lender import fiscal_of
from simulator.files import load_scenario
from simulator.risk.defaults import uncertain_inputs
from simulator.risk.bands import percentiles_by_row
from simulator.risk.sampling import sample_inputs

scenario = load_scenario(sys.argv[2])
inputs, pairs = uncertain_inputs(scenario)
samples = sample_inputs(inputs, pairs, 40, seed=5)
out = {"samples." + k: v.copy() for k, v in samples.items()}
proj = project(scenario, 40, samples)
a, b = dict(proj.arrays), dict(proj.baseline)
out.update({"plan." + k: np.asarray(v) for k, v in a.items()} | {"baseline." + k: np.asarray(v) for k, v in b.items()})
for role in proj.roles:  # the staff pass's FTE by role (a second pass that writes them)
    out["roles." + role] = np.asarray(proj.roles[role])
for k, v in cash.accounts(a, np.arange(40) % 7, a["revenue_fee_yen"][:, 0] * 0.9, 1e8, 0.3).items():
    out["accounts." + k] = v
sums = metric_sums.cash_sums(a["incremental_cash_flow_yen"], a["cash_flow_yen"], b["cash_flow_yen"], a["cash_yen"],
                             np.linspace(0.0, 0.08, 40))
for k, v in vars(sums).items():
    out["cash_sums." + k] = v
for k, v in metric_sums.totals(a, b).items():
    out["totals." + k] = v
fiscal = fiscal_of(proj.dates)
for k, v in metric_sums.fiscal_sums(a, fiscal, [int(y) for y in dict.fromkeys(fiscal.tolist())]).items():
    out["fiscal." + k] = v
tl = Timeline.build(scenario.assumptions.start_date, scenario.assumptions.horizon_months)
x = np.linspace(0.5, 1.5, 40)[:, None]
for method in ("equal_payment", "equal_principal"):
    for k, v in vars(financing.loan_schedule(tl, 3e8 * x, 0.02 * x, 15, 9 * x, method, 3 * x)).items():
        out[method + "." + k] = v
for k, v in vars(financing.existing_debt(tl, 2e8 * x, 3e7 * x, 5 * x)).items():
    out["existing." + k] = v
from simulator.engine import staffing, standard_users
users, places = a["users"], a["capacity"]
for rows, tag in ((slice(None), ""), (slice(2, 3), ".row")):  # several trials; one row (numpy's pairwise order)
    out["prior_year_mean" + tag] = standard_users.prior_year_mean(tl, users[rows], (places[rows] > 0) * 1.0)
    out["new_place_users" + tag] = standard_users.new_place_users(tl, users[rows], places[rows],
                                                                  np.arange(40)[rows, None] % 9 - 2.0, 0.9, 6, 12)
out["trailing_mean"] = standard_users.trailing_mean(users, 6)
out["reduced_months"] = staffing.reduced_months(np.sin(users) * 0.3, 0.1)
by_month = np.ascontiguousarray(a["cash_yen"].T)  # (months, trials), as the Monte Carlo keeps it
by_month = np.vstack([by_month, np.round(by_month, -8)])  # and with ties
out["bands"] = percentiles_by_row(by_month, np.array([10.0, 50.0, 90.0]))
import datetime as dt
from simulator import reference
from simulator.reference._common import SERVICES
on = dt.date(2026, 4, 1)  # every service's rules in force
grid = np.concatenate([np.linspace(0.0, 150.0, 61), [-0.0, 80.0 / 3.0 * 3.0, 1e6]])
odd = np.concatenate([grid, [-3.5, np.nan, np.inf]])  # posts take their inputs unchecked
with np.errstate(all="ignore"):
    for service in SERVICES:
        for role, fte in reference.required_staff(service, grid, on=on).items():
            out[f"required_staff.{service}.{role}"] = fte
        for size in (None, 7.5):
            posts = reference.staffed_posts(service, odd[:, None], odd[None, :], on=on, visits_per_user=12.5,
                                            places_per_unit=size)
            for role, fte in posts.items():
                out[f"staffed_posts.{service}.{size}.{role}"] = fte
np.savez(sys.argv[1], **out)
"""


def _run(tmp_path: Path, name: str, disable_jit: bool) -> dict[str, np.ndarray]:
    target = tmp_path / f"{name}.npz"
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1" if disable_jit else "0"}
    subprocess.run([sys.executable, "-c", SCRIPT, str(target), str(EXAMPLE)], cwd=ROOT, env=env, check=True)
    with np.load(target) as data:
        return {k: data[k] for k in data.files}


@pytest.mark.slow
def test_uncompiled_source_gives_the_same_bits(tmp_path: Path) -> None:
    compiled = _run(tmp_path, "compiled", disable_jit=False)
    plain = _run(tmp_path, "plain", disable_jit=True)
    assert compiled.keys() == plain.keys() and len(compiled) > 15
    for key, value in compiled.items():
        np.testing.assert_array_equal(value, plain[key], err_msg=key)


def test_every_kernel_module_is_warmed() -> None:
    """A module that compiles kernels (it calls jit.kernel) or helpers (jit.helper) is listed in
    jit.KERNEL_MODULES, so make test and make run compile it before the first test or page needs it, and a change
    to it moves the kernels' cache directory."""
    from simulator.jit import KERNEL_MODULES

    defining = set()
    for path in (ROOT / "simulator").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.Call) and getattr(node.func, "id", None) == "kernel"
               or isinstance(node, ast.FunctionDef) and any(getattr(d, "id", None) == "helper"
                                                            for d in node.decorator_list)
               for node in ast.walk(tree)):
            defining.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    defining.discard("simulator.jit")  # where kernel and helper are defined
    assert defining and defining == set(KERNEL_MODULES)


def test_the_cache_follows_every_kernel_source(tmp_path: Path) -> None:
    """Numba checks a cached kernel against its own file only, but a kernel holds the code of the helpers it calls
    from other modules: the cache directory is named by a digest of every kernel module, so editing any of them
    compiles afresh instead of loading stale code."""
    import numba

    from simulator.jit import CACHE_PREFIX, KERNEL_MODULES, cache_dir, kernel_sources, source_digest

    assert cache_dir().name == CACHE_PREFIX + source_digest(kernel_sources())
    assert numba.config.CACHE_DIR == str(cache_dir())
    assert len(kernel_sources()) == len(KERNEL_MODULES) + 1 and all(path.exists() for path in kernel_sources())
    files = [tmp_path / "a.py", tmp_path / "b.py"]
    for path in files:
        path.write_text("x = 1\n")
    before = source_digest(files)
    files[1].write_text("x = 2\n")  # a helper's module changes, its caller's does not
    assert source_digest(files) != before
