"""The projection engine: revenue, staffing, costs, financing and metrics over ``(trials, months)``.

- ``project(scenario, trials=1, overrides=None) -> Projection``: raw arrays; ``overrides`` maps a dotted
  scenario path to a ``(trials,)`` array (see :mod:`simulator.engine.inputs`).
- ``simulate(scenario) -> Result``: the base case as tables, metrics, vintage and flags; ``base_case(scenario)
  -> BaseCase`` the same without the tables (and without pandas: the CLI's ``run``).
- ``metrics_from_projection(projection, scenario) -> dict[str, ndarray]``: metrics per trial.
- ``break_even_occupancy(scenario, trials=1, overrides=None) -> ndarray``.
- ``clear_caches()``: forget every cached value that follows the reference data (each cached module
  clears its own cache; tests that swap reference data call this).
"""

from __future__ import annotations

from simulator.engine import projection, refdata
from simulator.engine.breakeven import break_even_occupancy
from simulator.engine.inputs import OverrideError
from simulator.engine.metrics import metrics_from_projection
from simulator.engine.projection import project
from simulator.engine.result import METRIC_KEYS, MONTHLY_COLUMNS, BaseCase, Projection, Result
from simulator.engine.tables import base_case, simulate


def clear_caches() -> None:
    """Forget the cached reference values and the stated calibrations."""
    for module in (refdata, projection):
        module.clear_cache()


__all__ = ["METRIC_KEYS", "MONTHLY_COLUMNS", "BaseCase", "OverrideError", "Projection", "Result", "base_case",
           "break_even_occupancy", "clear_caches", "metrics_from_projection", "project", "simulate"]
