"""Export a comparison of 2-5 scenarios (data from :mod:`simulator.compare`) to Excel, PDF or HTML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from simulator.engine.result import Result
from simulator.field_text import field_text_across, value_text
from simulator.format import MoneyUnit
from simulator.i18n import Lang
from simulator.report.data import KEY_METRICS
from simulator.report.documents import DEFAULT_UNIT, Money
from simulator.report.labels import fmt_metric, metric_label
from simulator.scenario import Scenario

COMPARE_METRICS: tuple[str, ...] = KEY_METRICS


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return str(value)
    return value


def render(
    scenarios: Sequence[Scenario], fmt: Literal["xlsx", "pdf", "html"], lang: Lang,
    results: Sequence[Result] | None = None, names: Sequence[str] | None = None, unit: MoneyUnit = DEFAULT_UNIT,
) -> bytes:
    """The comparison in ``fmt``: money metrics and the PDF/HTML charts in ``unit`` (the workbook keeps yen
    numbers with a yen format, as the single report's engine sheets and native charts do)."""
    from simulator.compare import MAX_SCENARIOS, MIN_SCENARIOS, compare

    if not MIN_SCENARIOS <= len(scenarios) <= MAX_SCENARIOS:
        raise ValueError(f"compare needs {MIN_SCENARIOS}-{MAX_SCENARIOS} scenarios, got {len(scenarios)}")
    given = list(results) if results is not None else None
    if given is not None and len(given) != len(scenarios):
        raise ValueError("results must match scenarios one to one")
    lookup = {id(s): r for s, r in zip(scenarios, given or [], strict=False)}
    comparison = compare(scenarios, names, simulate=(lambda s: lookup[id(s)]) if given else None)
    if comparison.failed:
        raise ValueError("; ".join(f"{k}: {v}" for k, v in comparison.failed.items()))
    labels = comparison.names
    by_name = {label: comparison.results[label] for label in labels}
    # a reader's label for each differing field (no dotted path, the item of every scenario), its value as the
    # forms show it
    differ_raw = [[field_text_across(scenarios, path, lang)] + [_cell(comparison.inputs.at[path, label]) for label in labels]
                  for path in comparison.inputs.index]
    keys = [k for k in COMPARE_METRICS if k in comparison.metrics.index]
    if fmt == "xlsx":
        from simulator.report import excel

        return excel.render_compare(labels, by_name, differ_raw, keys, lang)
    money = Money(unit, lang)

    def cell(key: str, value: Any) -> str:
        return money.text(value) if key.endswith("_yen") else fmt_metric(key, value, lang)

    metrics_rows = [[metric_label(k, lang)] + [cell(k, comparison.metrics.at[k, label]) for label in labels]
                    for k in keys]

    def shown(path: str, value: Any) -> str:  # absent on this side (or an empty optional): a dash
        return "—" if value is None else value_text(path, value, unit, lang)

    differ_text = [[field_text_across(scenarios, path, lang)] + [shown(path, comparison.inputs.at[path, label]) for label in labels]
                   for path in comparison.inputs.index]
    if fmt == "pdf":
        from simulator.report import pdf

        return pdf.render_compare(labels, by_name, differ_text, metrics_rows, lang, unit)
    if fmt == "html":
        from simulator.report import html

        return html.render_compare(labels, by_name, differ_text, metrics_rows, lang, unit)
    raise ValueError(f"unknown comparison format {fmt!r}")
