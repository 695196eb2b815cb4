"""One engine, one trial axis: row i of an N-trial Monte Carlo is exactly a 1-trial run of the scenario
with row i's sampled values (the same numbers, not only the same distribution).

If a formula mixed trials (a sum or a maximum over the trial axis, a chunk-wide convergence test, a
cache keyed on the wrong thing), a trial's result would depend on its neighbours and this fails. The
Monte Carlo runs in chunks of 3 trials so that rows on both sides of a chunk boundary are checked.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.engine import metrics_from_projection, project
from simulator.files import load_scenario
from simulator.risk.montecarlo import monte_carlo

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
TRIALS = 7
SEEDS = (1, 20261202)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_trial_equals_a_one_trial_run_with_its_sampled_values(path, seed):
    scenario = load_scenario(path)
    risk = monte_carlo(scenario, trials=TRIALS, seed=seed, chunk=3)
    assert len(risk.samples) == TRIALS and len(risk.samples.columns) >= 3  # something really varies
    moved = [c for c in risk.samples.columns if risk.samples[c].nunique() > 1]
    assert moved, "the sampled inputs do not vary between trials"
    for i in range(TRIALS):
        row = {target: risk.samples[target].to_numpy()[i:i + 1] for target in risk.samples.columns}
        alone = metrics_from_projection(project(scenario, trials=1, overrides=row), scenario)
        for key, values in alone.items():
            single = float(np.asarray(values, dtype=float).reshape(-1)[0])
            in_run = float(risk.metrics[key][i])
            assert np.isclose(in_run, single, rtol=1e-12, atol=1e-6, equal_nan=True), (
                f"{path.stem} seed {seed} trial {i}: {key} is {in_run} in the {TRIALS}-trial run, "
                f"{single} alone")


def test_the_trials_differ_so_the_check_has_teeth():
    """Different sampled values give different NPVs: a trial matched to the wrong row would fail above."""
    scenario = load_scenario(EXAMPLES[0])
    risk = monte_carlo(scenario, trials=TRIALS, seed=SEEDS[0], chunk=3)
    assert len(np.unique(np.round(risk.metrics["npv_yen"]))) == TRIALS
