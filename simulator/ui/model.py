"""Cached calls into the model, keyed on the scenario's JSON (same content -> same answer, instantly).

``st.cache_resource`` is used rather than ``st.cache_data`` because a Result is immutable and holds
read-only mappings that cannot be serialised; sharing the one object is safe.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from simulator.scenario import Scenario
from simulator.ui.state import optional


def engine_ready() -> bool:
    module = optional("simulator.engine")
    return module is not None and hasattr(module, "simulate")


@st.cache_resource(max_entries=128, show_spinner=False)
def _simulate(scenario_json: str) -> Any:
    engine = optional("simulator.engine")
    return engine.simulate(Scenario.model_validate_json(scenario_json))


def simulate(scenario: Scenario) -> tuple[Any, str | None]:
    """(Result, None) or (None, error text) — an engine failure is shown, never raised."""
    if not engine_ready():
        return None, "missing"
    try:
        return _simulate(scenario.model_dump_json()), None
    except Exception as exc:  # noqa: BLE001 - shown to the user as a message, with its kind
        return None, f"{type(exc).__name__}: {exc}"


def variants(scenario: Scenario) -> dict[str, Scenario]:
    """Do-nothing, each path alone, and all paths together (for the side-by-side view)."""
    out = {"do_nothing": scenario.without_plan()}
    if len(scenario.paths) > 1:
        for i, path in enumerate(scenario.paths):
            out[f"path_{i}"] = scenario.model_copy(update={"paths": [path]})
    if scenario.paths:
        out["all"] = scenario
    return out


def risk_ready() -> bool:
    return optional("simulator.risk") is not None


@st.cache_resource(max_entries=32, show_spinner=False)
def _risk(kind: str, scenario_json: str, trials: int, seed: int, lang: str) -> Any:
    risk = optional("simulator.risk")
    s = Scenario.model_validate_json(scenario_json)
    if kind == "monte_carlo":
        return risk.monte_carlo(s, trials=trials, seed=seed)
    if kind == "tornado":
        return risk.tornado(s, lang=lang)
    if kind == "stress":
        return risk.stress(s, lang=lang)
    raise ValueError(kind)


def risk_run(kind: str, scenario: Scenario, trials: int = 2000, seed: int = 1,
             lang: str = "ja") -> tuple[Any, str | None]:
    """One part of the risk run (Monte Carlo, tornado or stress; names in ``lang``), cached, or the error."""
    if not risk_ready():
        return None, "missing"
    try:
        return _risk(kind, scenario.model_dump_json(), trials, seed, lang), None
    except Exception as exc:  # noqa: BLE001
        return None, f"{type(exc).__name__}: {exc}"
