"""Risk results as readable text tables (Japanese labels and units by default) and as JSON-ready data."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from simulator.i18n import Lang, t
from simulator.risk.montecarlo import RiskResult

if TYPE_CHECKING:
    import pandas as pd

YEN_PER_MILLION = 1_000_000
PERCENT = 100


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def format_metric(metric: str, value: Any, lang: Lang = "ja") -> str:
    """One metric value with its unit: yen in 百万円, rates in %, months as month numbers."""
    if _blank(value):
        return t("risk.unit.never" if metric == "payback_month" else "risk.unit.none", lang)
    value = float(value)
    if metric.endswith("_yen"):
        return t("risk.unit.million_yen", lang, value=f"{value / YEN_PER_MILLION:,.1f}")
    if metric in ("irr", "margin_final_year", "personnel_ratio_final_year") or metric.startswith("margin"):
        return t("risk.unit.percent", lang, value=f"{value * PERCENT:.1f}")
    if metric.endswith("_month"):
        return t("risk.unit.month", lang, value=f"{value:.0f}")
    if metric.startswith("months_"):
        return t("risk.unit.months", lang, value=f"{value:.0f}")
    return f"{value:,.2f}"


def payback_cell(column: object, value: Any, lang: Lang = "ja") -> str:
    """A cell of the Monte Carlo payback row: a month, 回収なし for a percentile no trial reaches within the
    horizon, — for the mean when some trials never pay back (their mean is not a month)."""
    if _blank(value) and str(column).lower() == "mean":
        return t("risk.unit.none", lang)
    return format_metric("payback_month", value, lang)


def payback_note(no_payback_share: float, lang: Lang = "ja") -> str:
    """How to read the payback row: percentiles run from the earliest payback, and 回収なし starts where the
    share that never pays back begins."""
    return t("risk.note.payback", lang, share=f"{no_payback_share * PERCENT:.1f}%")


def format_number(value: float) -> str:
    """A plain number in the input's own unit (yen, share, months …)."""
    if _blank(value):
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def metric_label(metric: str, lang: Lang = "ja") -> str:
    key = f"risk.metric.{metric}"
    label = t(key, lang)
    return metric if label == key else label


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: Sequence[Sequence[str]], header: Sequence[str], left: int = 1) -> str:
    """Aligned plain-text table; the first ``left`` columns left-aligned, the rest right-aligned."""
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(str(cell)))
            out.append(f"{cell}{pad}" if i < left else f"{pad}{cell}")
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def montecarlo_text(result: RiskResult, lang: Lang = "ja") -> str:
    head = [t("risk.col.metric", lang), *result.percentiles.columns[:-1], t("risk.col.mean", lang)]
    frame = result.percentiles
    rows = [
        [metric_label(m, lang), *(payback_cell(c, v, lang) if m == "payback_month" else format_metric(m, v, lang)
                                  for c, v in frame.loc[m].items())]
        for m in frame.index
    ]
    probs = [[t(f"risk.prob.{k}", lang), f"{v * PERCENT:.1f}%"] for k, v in result.probabilities.items()]
    return "\n".join([
        t("risk.title.montecarlo", lang, trials=result.trials, seed=result.seed),
        t("risk.title.inputs", lang, count=result.samples.shape[1], pairs=len(result.correlations)),
        "",
        table(rows, head),
        payback_note(result.probabilities["no_payback"], lang),
        "",
        t("risk.title.probabilities", lang) + " (" + t("risk.note.floor", lang,
                                                       floor=format_metric("floor_yen", result.floor_yen, lang)) + ")",
        table(probs, ["", ""]),
    ])


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def montecarlo_json(result: RiskResult) -> dict[str, Any]:
    return {
        "seed": result.seed,
        "trials": result.trials,
        "floor_yen": result.floor_yen,
        "metrics": {
            m: {c: _clean(float(v)) for c, v in row.items()} for m, row in result.percentiles.iterrows()
        },
        "probabilities": result.probabilities,
        "inputs": list(result.samples.columns),
        "correlations": [list(c) for c in result.correlations],
    }


def tornado_text(frame: pd.DataFrame, lang: Lang = "ja") -> str:
    metric = frame.attrs.get("metric", "npv_yen")
    head = [t(f"risk.col.{c}", lang) for c in ("input", "low", "base", "high", "at_low", "at_high", "swing")]
    numbers = (frame[c].to_numpy(dtype=float)
               for c in ("low_value", "base_value", "high_value", "metric_at_low", "metric_at_high", "swing"))
    rows = [
        [str(label), format_number(low), format_number(base), format_number(high),
         format_metric(metric, at_low, lang), format_metric(metric, at_high, lang),
         format_metric(metric if metric.endswith("_yen") else "", swing, lang)]
        for label, low, base, high, at_low, at_high, swing in zip(frame["label"], *numbers, strict=True)
    ]
    base = format_metric(metric, frame["metric_base"].iloc[0], lang) if len(frame) else "—"
    title = t("risk.title.tornado", lang, metric=metric_label(metric, lang))
    lines = [title, f"{t('risk.col.base_case', lang)}: {base}", "", table(rows, head)]
    if frame.attrs.get("drivers"):
        lines += ["", drivers_note(frame.attrs["drivers"], lang)]
    return "\n".join(lines)


def drivers_note(names: list[str], lang: Lang = "ja") -> str:
    """Why the tornado leaves out the inputs that only drive correlated ones."""
    return t("risk.note.drivers", lang, names=("、" if lang == "ja" else ", ").join(names))


def tornado_json(frame: pd.DataFrame) -> dict[str, Any]:
    rows = [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    return {"metric": frame.attrs.get("metric", "npv_yen"), "rows": rows, "left_out": frame.attrs.get("drivers", [])}


def stress_text(frame: pd.DataFrame, lang: Lang = "ja") -> str:
    labels: Mapping[str, str] = frame.attrs.get("labels", {})
    head = ["", *(metric_label(m, lang) for m in frame.index)]
    rows = [[labels.get(c, c), *(format_metric(m, frame.at[m, c], lang) for m in frame.index)] for c in frame.columns]
    body = table(rows, head)
    lines = [t("risk.title.stress", lang), "", body]
    unchanged = frame.attrs.get("unchanged", [])
    if unchanged:
        lines += ["", t("risk.note.unchanged", lang, cases="、".join(labels.get(c, c) for c in unchanged))]
    for case, targets in frame.attrs.get("skipped", {}).items():
        lines += [t("risk.note.skipped", lang, case=labels.get(case, case), targets=", ".join(targets))]
    for case, fields in frame.attrs.get("clipped", {}).items():
        lines += [t("risk.note.clipped", lang, case=labels.get(case, case), fields=", ".join(fields))]
    return "\n".join(lines)


def stress_json(frame: pd.DataFrame) -> dict[str, Any]:
    labels = frame.attrs.get("labels", {})
    return {
        "cases": {
            c: {"label": labels.get(c, c), "metrics": {m: _clean(float(v)) for m, v in frame[c].items()}}
            for c in frame.columns
        },
        "unchanged": list(frame.attrs.get("unchanged", [])),
        "skipped": dict(frame.attrs.get("skipped", {})),
        "clipped": dict(frame.attrs.get("clipped", {})),
    }
