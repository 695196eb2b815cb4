"""The engine calls the risk module makes, in one place (so a renamed engine function is one edit)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from simulator.engine.result import Projection
from simulator.scenario import Scenario


def project(scenario: Scenario, trials: int = 1, overrides: Mapping[str, np.ndarray] | None = None,
            calibrate_from: Scenario | None = None) -> Projection:
    """The engine's projection over ``trials`` trials with per-trial ``overrides``."""
    from simulator import engine

    return engine.project(scenario, trials=trials, overrides=overrides, calibrate_from=calibrate_from)


def metrics_from_projection(projection: Projection, scenario: Scenario) -> dict[str, np.ndarray]:
    """One value per trial for every key of METRIC_KEYS."""
    from simulator import engine

    return engine.metrics_from_projection(projection, scenario)
