"""Stress cases: named deterministic variants of a scenario, run side by side with the base.

The default cases live in ``stress_cases.toml`` next to this file; a scenario's own
``uncertainty.stress_cases`` are added, and one with the name of a default replaces it. Each case is
the scenario with its edits applied (:func:`simulator.risk.edits.apply_edits`), run by the same engine,
so a stress case equals the hand-edited scenario with the same change.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from simulator import fieldpath
from simulator.engine import metrics_from_projection, project
from simulator.i18n import Lang
from simulator.risk.edits import Resolver, apply_edits
from simulator.scenario import CapacityIncrease, NewService, Scenario, StressCase

if TYPE_CHECKING:
    import pandas as pd

CASES_FILE = Path(__file__).resolve().parent / "stress_cases.toml"
BASE = "base"
TABLE_METRICS: tuple[str, ...] = (
    "npv_yen",
    "irr",
    "payback_month",
    "lowest_cash_yen",
    "lowest_cash_month",
    "dscr_min",
    "margin_final_year",
    "personnel_ratio_final_year",
    "months_below_staffing_standard",
)


@cache
def default_cases() -> tuple[StressCase, ...]:
    """The default named stress cases (validated; an unknown key in the file is an error)."""
    data = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))
    return tuple(StressCase.model_validate(case) for case in data.get("case", []))


def cases_for(scenario: Scenario) -> list[StressCase]:
    """Defaults (if enabled) then the scenario's own cases; a user case replaces a default of the same name."""
    u = scenario.uncertainty
    cases = {c.name: c for c in default_cases()} if u.use_default_stress_cases else {}
    for case in u.stress_cases:
        cases[case.name] = case
    return list(cases.values())


def case_label(case: StressCase, lang: Lang = "ja") -> str:
    return (case.label_ja if lang == "ja" else case.label_en) or case.label_ja or case.label_en or case.name


def reference_default(scenario: Scenario, path: str) -> float | None:
    """The reference value for a field a stress case changes: the engine's default of an empty field
    (cost per m²), or a loan's WAM 福祉貸付 fixed rate for its term in the table in force on the start date."""
    parts = path.split(".")
    if len(parts) == 4 and parts[:2] == ["financing", "loans"] and parts[3] == "annual_rate":
        from simulator import reference

        loan = scenario.financing.loans[int(parts[2])]
        return reference.loan_rate(min(loan.years, 30), on=scenario.assumptions.start_date)
    if len(parts) == 4 and parts[0] == "paths" and parts[2:] == ["construction", "cost_per_m2_yen"]:
        from simulator import reference

        spec = scenario.paths[int(parts[1])]
        if isinstance(spec, NewService):
            operation = spec.operation
        elif isinstance(spec, CapacityIncrease):
            operation = scenario.organisation.services[spec.service_index]
        else:
            return None  # the path builds nothing
        return reference.building_cost_per_m2(operation.service.value, spec.construction.kind,
                                              on=scenario.assumptions.start_date)
    return None


def stressed(scenario: Scenario, case: StressCase, resolve: Resolver | None = reference_default,
             clipped: list[str] | None = None) -> Scenario:
    """The scenario with the case's edits applied (``clipped``: the fields held at a schema bound)."""
    return apply_edits(scenario, case.edits, resolve=resolve, clipped=clipped)


def run_metrics(scenario: Scenario, calibrate_from: Scenario | None = None) -> dict[str, float]:
    """The base-case metrics of one scenario (trials = 1); a stress variant keeps the base scenario's
    calibration to actual accounts (``calibrate_from``), so that e.g. its lower occupancy shows."""
    projection = project(scenario, trials=1, calibrate_from=calibrate_from)
    metrics = metrics_from_projection(projection, scenario)
    return {k: float(np.asarray(v, dtype=float).reshape(-1)[0]) for k, v in metrics.items()}


def stress(
    scenario: Scenario, cases: Sequence[StressCase] | None = None, lang: Lang = "ja",
    resolve: Resolver | None = reference_default,
) -> pd.DataFrame:
    """Metrics side by side: index = metric, first column the base, then one column per case (by name).

    ``attrs["labels"]`` maps each column to its label in ``lang``; ``attrs["changed"]`` lists the cases
    whose edits changed nothing in this scenario (e.g. merger synergies in a capacity plan);
    ``attrs["skipped"]`` maps a case to its edit targets that name no field of the scenario schema;
    ``attrs["clipped"]`` maps a case to the fields its edits would have pushed past a schema bound (held there).
    """
    cases = cases_for(scenario) if cases is None else list(cases)
    columns = {BASE: run_metrics(scenario)}
    labels = {BASE: "基本ケース" if lang == "ja" else "Base case"}
    unchanged: list[str] = []
    skipped: dict[str, list[str]] = {}
    clipped: dict[str, list[str]] = {}
    data = scenario.model_dump()
    for case in cases:
        missing = [e.target for e in case.edits if "*" not in e.target and not fieldpath.expand(data, e.target)]
        if missing:
            skipped[case.name] = missing
        held: list[str] = []
        variant = stressed(scenario, case, resolve, clipped=held)
        if held:
            clipped[case.name] = held
        if variant == scenario:
            unchanged.append(case.name)
        columns[case.name] = run_metrics(variant, calibrate_from=scenario)
        labels[case.name] = case_label(case, lang)
    import pandas as pd  # lazy: importing simulator.risk for the base case (CLI run) does not need pandas

    table = pd.DataFrame(columns)
    table = table.loc[[m for m in TABLE_METRICS if m in table.index]]
    table.attrs["labels"] = labels
    table.attrs["unchanged"] = unchanged
    table.attrs["skipped"] = skipped
    table.attrs["clipped"] = clipped
    return table
