"""Tornado: each uncertain input at its P10 and at its P90, the others at base, ranked by swing.

One engine call with 2k+1 trials: trial 0 is the base, trials 2i+1 / 2i+2 move input i to P10 / P90.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator import fieldpath
from simulator.engine import metrics_from_projection, project
from simulator.errors import field_label
from simulator.i18n import Lang, t
from simulator.risk.defaults import DRIVERS, uncertain_inputs
from simulator.scenario import Distribution, Scenario

if TYPE_CHECKING:
    import pandas as pd

LOW_P, HIGH_P = 0.10, 0.90


def base_value(scenario: Scenario, d: Distribution) -> float:
    """The scenario's own value of the input, or the distribution's median where the field is empty."""
    try:
        value = fieldpath.get(scenario, d.target)
    except (AttributeError, IndexError, KeyError, ValueError):
        value = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    from simulator.risk.sampling import quantile  # lazy: sampling's kernels load only for the risk runs

    return float(quantile(d, 0.5))


def input_name(d: Distribution, lang: Lang = "ja", scenario: Scenario | None = None) -> str:
    """The input's name for a chart: its own label, else the field's label with the list item it belongs
    to (which fee revision, loan or path, from ``scenario``), else the dotted path."""
    if d.label:
        return d.label
    label = field_label(d.target, lang)
    if not label:
        return d.target
    item = item_name(scenario, d.target, lang) if scenario is not None else None
    return t("risk.item.of", lang, label=label, item=item) if item else label


def input_label(d: Distribution, lang: Lang = "ja", scenario: Scenario | None = None) -> str:
    """:func:`input_name` followed by the dotted path (for tables and the command line)."""
    name = input_name(d, lang, scenario)
    if d.label or name == d.target:
        return name
    return f"{name}（{d.target}）" if lang == "ja" else f"{name} ({d.target})"


def item_name(scenario: Scenario, target: str, lang: Lang = "ja") -> str | None:
    """Which fee revision, loan, subsidy, path or service of ``scenario`` a dotted ``target`` is in."""
    parts = target.split(".")
    key: tuple[str, ...]
    items: Sequence[Any]
    lists: dict[tuple[str, ...], Sequence[Any]] = {
        ("assumptions", "fee_revisions"): scenario.assumptions.fee_revisions,
        ("financing", "loans"): scenario.financing.loans,
        ("financing", "subsidies"): scenario.financing.subsidies,
        ("organisation", "services"): scenario.organisation.services}
    if len(parts) >= 2 and parts[0] == "paths" and parts[1].isdigit():
        key, items, index = ("paths",), scenario.paths, int(parts[1])
    elif len(parts) >= 3 and tuple(parts[:2]) in lists and parts[2].isdigit():
        key, items, index = tuple(parts[:2]), lists[tuple(parts[:2])], int(parts[2])
    else:
        return None
    if index >= len(items):
        return None
    item: Any = items[index]  # a fee revision, loan, subsidy, path or service
    number = index + 1
    if key == ("assumptions", "fee_revisions"):
        return t("risk.item.fee_revision", lang, year=item.date.year, month=item.date.month)
    name = getattr(item, "label", "") or getattr(item, "name", "")
    kind = {"paths": "path", "loans": "loan", "subsidies": "subsidy", "services": "service"}[key[-1]]
    return t(f"risk.item.{kind}_named" if name else f"risk.item.{kind}", lang, number=number, name=name)


def tornado(scenario: Scenario, metric: str = "npv_yen", lang: Lang = "ja") -> pd.DataFrame:
    """One row per uncertain input, largest swing first.

    Columns: target, label (name and path), name (for charts), base_value, low_value (P10), high_value (P90),
    metric_base, metric_at_low, metric_at_high, swing (|at_high − at_low|), source. ``attrs["metric"]`` names
    the metric; ``attrs["drivers"]`` names the default inputs left out (:data:`DRIVERS`: sampled in a
    Monte Carlo only to drive their correlated inputs, they move nothing alone).
    """
    import pandas as pd  # lazy, like sampling (kernels): the base case imports simulator.risk, needs neither

    from simulator.risk.sampling import quantile

    inputs, _ = uncertain_inputs(scenario)
    listed = {d.target for d in scenario.uncertainty.inputs}
    drivers = [d for d in inputs if d.target in DRIVERS and d.target not in listed]
    inputs = [d for d in inputs if d not in drivers]
    k = len(inputs)
    bases = np.array([base_value(scenario, d) for d in inputs])
    lows = np.array([float(quantile(d, LOW_P)) for d in inputs])
    highs = np.array([float(quantile(d, HIGH_P)) for d in inputs])
    overrides: dict[str, np.ndarray] = {}
    for i, d in enumerate(inputs):
        column = np.full(2 * k + 1, bases[i])
        column[2 * i + 1], column[2 * i + 2] = lows[i], highs[i]
        overrides[d.target] = column
    values = metrics_from_projection(project(scenario, trials=2 * k + 1, overrides=overrides), scenario)[metric]
    values = np.asarray(values, dtype=float).reshape(-1)
    at_low, at_high = values[1::2], values[2::2]
    table = pd.DataFrame(
        {
            "target": [d.target for d in inputs],
            "label": [input_label(d, lang, scenario) for d in inputs],
            "name": [input_name(d, lang, scenario) for d in inputs],
            "base_value": bases,
            "low_value": lows,
            "high_value": highs,
            "metric_base": np.full(k, values[0]),
            "metric_at_low": at_low,
            "metric_at_high": at_high,
            "swing": np.abs(at_high - at_low),
            "source": [d.source for d in inputs],
        }
    )
    table = table.sort_values("swing", ascending=False, kind="stable", na_position="last").reset_index(drop=True)
    table.attrs["metric"] = metric
    table.attrs["drivers"] = [input_name(d, lang, scenario) for d in drivers]
    return table
