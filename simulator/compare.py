"""Compare 2–5 scenarios: which inputs differ (dotted paths) and a metrics table side by side.

Data only: the app shows it and the report helper exports it to Excel / PDF.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simulator import engine
from simulator.engine.result import METRIC_KEYS
from simulator.files import to_data
from simulator.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

MIN_SCENARIOS, MAX_SCENARIOS = 2, 5
MISSING = None  # a field absent on one side (an empty optional, or a list item only one side has)


@dataclass(frozen=True)
class Change:
    """One input that differs between two versions: ``old → new``."""

    path: str
    old: Any
    new: Any


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts / lists → ``{"organisation.services[0].capacity": 50, ...}`` (leaves only).

    Empty lists and tables are leaves (``[]`` / ``{}``) so that "nothing" vs "something" shows up.
    """
    if isinstance(data, Mapping) and data:
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list | tuple) and data and not all(_is_scalar(v) for v in data):
        out = {}
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
        return out
    return {prefix: list(data) if isinstance(data, tuple) else data}


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list | tuple)


def _same(a: Any, b: Any) -> bool:
    """Equal values (1 == 1.0, NaN == NaN), but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def field_differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every leaf that differs between two plain-data scenarios, in the order of the fields."""
    a, b = flatten(old), flatten(new)
    paths = list(a) + [p for p in b if p not in a]
    return [Change(p, a.get(p, MISSING), b.get(p, MISSING)) for p in paths if not _same(a.get(p), b.get(p))]


def scenario_differences(old: Scenario, new: Scenario) -> list[Change]:
    """Inputs that differ between two scenarios (``meta`` included; see :func:`differing_inputs`)."""
    return field_differences(to_data(old), to_data(new))


@dataclass
class Comparison:
    """2–5 scenarios side by side.

    ``inputs``: one row per input path that is not the same in all scenarios (columns = scenario
    names); ``metrics``: one row per metric key (columns = scenario names); ``failed``: name → message
    for scenarios the engine could not run.
    """

    names: list[str]
    inputs: pd.DataFrame
    metrics: pd.DataFrame
    failed: dict[str, str] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def differing_paths(self) -> list[str]:
        return list(self.inputs.index)


def _names(scenarios: Sequence[Scenario], names: Sequence[str] | None) -> list[str]:
    if names is None:
        names = [s.meta.title or f"#{i + 1}" for i, s in enumerate(scenarios)]
    out: list[str] = []
    for name in names:  # column labels must be unique
        label, n = name, 2
        while label in out:
            label, n = f"{name} ({n})", n + 1
        out.append(label)
    return out


def differing_inputs(
    scenarios: Sequence[Scenario], names: Sequence[str] | None = None, include_meta: bool = False
) -> pd.DataFrame:
    """Rows = input paths whose value is not the same in every scenario; columns = scenarios."""
    import pandas as pd  # lazy, here and below: the library (store) imports this module on the app's first page

    labels = _names(scenarios, names)
    flat = [flatten(to_data(s)) for s in scenarios]
    paths: list[str] = []
    for f in flat:
        paths += [p for p in f if p not in paths]
    if not include_meta:
        paths = [p for p in paths if not p.startswith("meta.")]
    rows = [p for p in paths if any(not _same(flat[0].get(p), f.get(p)) for f in flat[1:])]
    table = pd.DataFrame({label: [f.get(p, MISSING) for p in rows] for label, f in zip(labels, flat, strict=True)},
                         index=pd.Index(rows, name="path"), dtype=object)
    return table


def metrics_table(
    scenarios: Sequence[Scenario],
    names: Sequence[str] | None = None,
    simulate: Callable[[Scenario], Any] | None = None,
) -> tuple[pd.DataFrame, dict[str, str], dict[str, Any]]:
    """Run each scenario; rows = metric keys (engine order), columns = scenarios (NaN for a failed run)."""
    import pandas as pd

    labels = _names(scenarios, names)
    run = simulate or engine.simulate
    keys: list[str] = list(METRIC_KEYS)
    columns: dict[str, dict[str, float]] = {}
    failed: dict[str, str] = {}
    results: dict[str, Any] = {}
    for label, scenario in zip(labels, scenarios, strict=True):
        try:
            result = run(scenario)
        except Exception as exc:  # one failing scenario must not hide the others
            failed[label] = f"{type(exc).__name__}: {exc}"
            columns[label] = {}
            continue
        results[label] = result
        columns[label] = {k: float(v) for k, v in result.metrics.items()}
        keys += [k for k in result.metrics if k not in keys]
    table = pd.DataFrame({label: [columns[label].get(k, math.nan) for k in keys] for label in labels},
                         index=pd.Index(keys, name="metric"), dtype=float)
    return table, failed, results


def compare(
    scenarios: Sequence[Scenario],
    names: Sequence[str] | None = None,
    simulate: Callable[[Scenario], Any] | None = None,
    run_engine: bool = True,
) -> Comparison:
    """Compare 2–5 scenarios: differing inputs and (unless ``run_engine=False``) their metrics."""
    if not MIN_SCENARIOS <= len(scenarios) <= MAX_SCENARIOS:
        raise ValueError(f"compare needs {MIN_SCENARIOS}-{MAX_SCENARIOS} scenarios, got {len(scenarios)}")
    labels = _names(scenarios, names)
    inputs = differing_inputs(scenarios, labels)
    if not run_engine:
        import pandas as pd

        return Comparison(labels, inputs, pd.DataFrame(columns=labels, dtype=float))
    metrics, failed, results = metrics_table(scenarios, labels, simulate)
    return Comparison(labels, inputs, metrics, failed, results)
