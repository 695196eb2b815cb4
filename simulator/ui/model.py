"""Cached calls into the model, keyed on the scenario's JSON (same content -> same answer, instantly).

``st.cache_resource`` is used rather than ``st.cache_data`` because a Result is immutable and holds
read-only mappings that cannot be serialised; sharing the one object is safe.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from simulator import decision, engine, risk
from simulator.i18n import Lang
from simulator.scenario import Scenario

# What the model raises when it refuses a scenario it cannot price (a ValueError naming the problem:
# two paths on one site, an override, a break-even with no root …; a LookupError: no reference value in
# force on the scenario's dates). Shown as a message; anything else is a bug and is not caught here (the
# app shows its short notice, a test fails).
REFUSALS = (ValueError, LookupError)


@st.cache_resource(max_entries=128, show_spinner=False)
def _simulate(scenario_json: str) -> Any:
    return engine.simulate(Scenario.model_validate_json(scenario_json))


def simulate(scenario: Scenario) -> tuple[Any, str | None]:
    """(Result, None) or (None, error text) when the model refuses the scenario."""
    try:
        return _simulate(scenario.model_dump_json()), None
    except REFUSALS as exc:
        return None, f"{type(exc).__name__}: {exc}"


@st.cache_resource(max_entries=64, show_spinner=False)
def _decide(scenario_json: str, shortfall_probability: float | None) -> decision.Decision:
    s = Scenario.model_validate_json(scenario_json)
    return decision.decide(s, _simulate(scenario_json).metrics, shortfall_probability)


def decide(scenario: Scenario, shortfall_probability: float | None = None) -> decision.Decision:
    """The 判定 of the scenario's base case, cached (its levers run the engine a few times)."""
    return _decide(scenario.model_dump_json(), shortfall_probability)


def variants(scenario: Scenario) -> dict[str, Scenario]:
    """Do-nothing, each path alone, and all paths together (for the side-by-side view)."""
    out = {"do_nothing": scenario.without_plan()}
    if len(scenario.paths) > 1:
        for i, path in enumerate(scenario.paths):
            out[f"path_{i}"] = scenario.model_copy(update={"paths": [path]})
    if scenario.paths:
        out["all"] = scenario
    return out


@st.cache_resource(max_entries=32, show_spinner=False)
def _risk(kind: str, scenario_json: str, trials: int, seed: int, lang: Lang) -> Any:
    s = Scenario.model_validate_json(scenario_json)
    if kind == "monte_carlo":
        return risk.monte_carlo(s, trials=trials, seed=seed)
    if kind == "tornado":
        return risk.tornado(s, lang=lang)
    if kind == "stress":
        return risk.stress(s, lang=lang)
    if kind == "break_even":
        from simulator.risk.breakeven import break_evens

        return break_evens(s)
    raise ValueError(kind)


def risk_run(kind: str, scenario: Scenario, trials: int = 2000, seed: int = 1,
             lang: Lang = "ja") -> tuple[Any, str | None]:
    """One part of the risk run (Monte Carlo, tornado, stress or break-even; names in ``lang``), cached, or
    the error."""
    try:
        return _risk(kind, scenario.model_dump_json(), trials, seed, lang), None
    except REFUSALS as exc:
        return None, f"{type(exc).__name__}: {exc}"
