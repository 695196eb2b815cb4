"""``python -m simulator run FILE [--json] [--lang en]``: project a scenario (base case).

Prints a readable table (Japanese labels by default, yen with thousands separators) or, with
``--json``, an object with ``metrics`` and ``vintage`` at the top level (plus ``annual``, ``flags`` and
``break_even``: occupancy, fee level and wage level at which the incremental NPV is 0, or why there is none).
A bad file is a message and exit code 2, never a traceback. ``--trials N`` (risk issue) runs Monte Carlo.
The base case is printed from :func:`simulator.engine.base_case` (numbers, no tables): a first call does not
import pandas.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING

from simulator.i18n import Lang, t

if TYPE_CHECKING:
    from simulator.engine import BaseCase

YEN_METRICS = {"npv_yen", "lowest_cash_yen", "npv_absolute_yen", "initial_investment_yen", "subsidies_yen",
               "residual_value_yen", "npv_baseline_yen", "npv_without_residual_yen", "residual_value_pv_yen",
               "goodwill_excluded_yen", "one_off_costs_yen"}
SHARE_METRICS = {"irr", "break_even_occupancy", "margin_final_year", "personnel_ratio_final_year", "mirr",
                 "residual_share_of_npv"}
MONTH_METRICS = {"payback_month", "lowest_cash_month", "months_below_staffing_standard"}
ANNUAL_COLUMNS = ("revenue_yen", "personnel_yen", "operating_profit_yen", "margin", "cash_yen", "fte_planned", "hires",
                  "repayment_source_yen", "dscr", "debt_repayment_years")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="scenario file (.toml or .json)")
    parser.add_argument("--json", action="store_true", help="print JSON (metrics and vintage at the top level)")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja", help="language of labels (default ja)")
    from simulator.risk.cli_common import add_trial_arguments

    add_trial_arguments(parser)


def _load(path: str, lang: Lang):
    from simulator.errors import ScenarioError
    from simulator.files import load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        print(exc.text(lang), file=sys.stderr)
        return None


def format_metric(key: str, value: float, lang: Lang) -> str:
    if value is None or not math.isfinite(value):
        return t("engine.not_available", lang)
    if key in YEN_METRICS:
        return f"{value:,.0f} {t('engine.unit.yen', lang)}"
    if key in SHARE_METRICS:
        return f"{value * 100:.1f} %"
    if key in MONTH_METRICS:
        return f"{value:.0f} {t('engine.unit.month', lang)}" if key != "months_below_staffing_standard" else f"{value:.0f}"
    if key == "debt_repayment_years":
        return f"{value:.1f} {t('engine.unit.years', lang)}"
    if key == "years_without_repayment_source":
        return f"{value:.0f}"
    if key == "fte_added":
        return f"{value:,.1f} {t('engine.unit.fte', lang)}"
    if key == "hires_total":
        return f"{value:,.1f} {t('engine.unit.people', lang)}"
    return f"{value:,.2f}"


def _cell(column: str, value: float, lender_status: float, lang: Lang = "ja") -> str:
    if column in ("dscr", "debt_repayment_years"):
        from simulator.metric_text import year_cell

        return year_cell(value, lender_status, lang, 2 if column == "dscr" else 1)
    if not math.isfinite(value):
        return "—"
    if column == "margin":
        return f"{value * 100:.1f}%"
    if column.endswith("_yen"):
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def text(result: BaseCase, title: str, lang: Lang, break_even=None) -> str:
    """The metrics, the break-even block (``break_even``: :func:`simulator.risk.breakeven.break_evens`),
    the annual table, flags and the reference data's vintage."""
    from simulator.engine.tables import annual_values
    from simulator.metric_text import CODE_METRICS, metric_text

    lines = [t("engine.run.title", lang, title=title), "", t("engine.run.metrics", lang)]
    width = max(len(t(f"engine.metric.{k}", lang)) for k in result.metrics) + 2
    for key, value in result.metrics.items():
        if key in CODE_METRICS:
            continue
        shown = metric_text(key, result.metrics, lang) or format_metric(key, value, lang)
        lines.append(f"  {t(f'engine.metric.{key}', lang):<{width}}{shown:>24}")
    lines.append(f"  ({t('engine.lender.definition', lang)})")
    if break_even is not None:
        from simulator.risk.breakeven import break_even_text_block

        lines += ["", break_even_text_block(break_even, lang)]
    lines += ["", t("engine.run.annual", lang) + f"  ({t('engine.unit.yen', lang)})"]
    header = [t("engine.col.fiscal_year", lang)] + [t(f"engine.col.{c}", lang) for c in ANNUAL_COLUMNS]
    years, annual = annual_values(result.projection)
    rows = [[str(year)] + [_cell(c, float(annual[c][i]), float(annual["lender_status"][i]), lang)
                           for c in ANNUAL_COLUMNS] for i, year in enumerate(years)]
    widths = [max(len(r[i]) for r in [header, *rows]) + 2 for i in range(len(header))]
    for r in [header, *rows]:
        lines.append("".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True)))
    if result.flags:
        lines += ["", t("engine.run.flags", lang)] + [f"  - {t(flag, lang)}" for flag in result.flags]
    lines += ["", t("engine.run.vintage", lang)] + [f"  {k}: {v}" for k, v in result.vintage.items()]
    return "\n".join(lines)


def to_json(result: BaseCase) -> dict:
    from simulator.engine.tables import annual_values

    def clean(value: float):
        return value if value is not None and math.isfinite(value) else None

    years, annual = annual_values(result.projection)
    return {
        "metrics": {k: clean(float(v)) for k, v in result.metrics.items()},
        "vintage": dict(result.vintage),
        "flags": list(result.flags),
        "annual": [{"fiscal_year": float(year), **{k: clean(float(v[i])) for k, v in annual.items()}}
                   for i, year in enumerate(years)],
    }


def main(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    scenario = _load(args.file, lang)
    if scenario is None:
        return 2
    if getattr(args, "trials", None) and args.trials > 1:
        from simulator.risk.cli_common import run_monte_carlo

        return run_monte_carlo(args, scenario)
    from simulator.engine import base_case
    from simulator.risk.breakeven import break_even_json, break_evens

    try:
        result = base_case(scenario)
        found = break_evens(scenario)  # the risk page's and the report's break-even, same search and wording
    except (ValueError, KeyError, LookupError) as exc:
        print(t("engine.run.error", lang, detail=str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**to_json(result), "break_even": break_even_json(found)}, ensure_ascii=False, indent=2))
    else:
        print(text(result, scenario.meta.title, lang, found))
    return 0
