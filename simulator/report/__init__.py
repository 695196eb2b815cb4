"""Downloadable reports: PDF (board / lender), Excel (numbers a lender can check) and HTML (offline).

- ``build(scenario, result=None, fmt="pdf"|"xlsx"|"html", lang="ja", risk=None, unit="thousand", koubo=False)
  -> bytes``: the one function the app and the CLI both call (the app passes its own risk run)
- ``compare_report(scenarios, fmt="xlsx"|"pdf"|"html", lang="ja", results=None, names=None, unit="thousand")
  -> bytes``: money figures and the charts in ``unit``, like the single report
- ``filename(scenario, fmt, lang)``: a safe download name derived from the scenario title
- ``MEDIA_TYPES``: MIME type per format, for download buttons

``result`` is computed with ``simulator.engine.simulate`` when not given; ``risk`` is a
:class:`simulator.risk.run.RiskRun` (:func:`simulator.risk.run.run`), its sections say "not run" when it is
None; ``unit`` is the money unit of every table (円, 千円 or 万円: the app's choice), stated on the cover;
``koubo`` adds the 公募-style 5-year 収支見込.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

from simulator.engine.result import Result
from simulator.format import MONEY_UNITS, MoneyUnit
from simulator.i18n import Lang
from simulator.report.documents import DEFAULT_UNIT
from simulator.risk.run import RiskRun
from simulator.scenario import Scenario

Format = Literal["pdf", "xlsx", "html"]
FORMATS: tuple[Format, ...] = ("pdf", "xlsx", "html")
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}


def _simulate(scenario: Scenario) -> Result:
    from simulator.engine import simulate

    return simulate(scenario)


def build(
    scenario: Scenario, result: Result | None = None, fmt: Format = "pdf", lang: Lang = "ja",
    risk: RiskRun | None = None, *, unit: MoneyUnit = DEFAULT_UNIT, koubo: bool = False, charts: bool = True,
) -> bytes:
    """The report for one scenario as bytes in ``fmt``."""
    from simulator.report.data import build_data

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {FORMATS}")
    if lang not in ("ja", "en"):
        raise ValueError(f"unknown language {lang!r}; use 'ja' or 'en'")
    if unit not in MONEY_UNITS:
        raise ValueError(f"unknown money unit {unit!r}; use one of {MONEY_UNITS}")
    result = result if result is not None else _simulate(scenario)
    data = build_data(scenario, result, lang, risk, unit=unit, koubo=koubo)
    if fmt == "pdf":
        from simulator.report import pdf

        return pdf.render(data, charts=charts)
    if fmt == "xlsx":
        from simulator.report import excel

        return excel.render(data)
    from simulator.report import html

    return html.render(data)


def compare_report(
    scenarios: Sequence[Scenario], fmt: Literal["xlsx", "pdf", "html"] = "xlsx", lang: Lang = "ja",
    results: Sequence[Result] | None = None, names: Sequence[str] | None = None, *, unit: MoneyUnit = DEFAULT_UNIT,
) -> bytes:
    """Side-by-side report of 2-5 scenarios: inputs that differ, metrics table, overlaid cash chart; money
    amounts and the charts' money axis in ``unit`` (円, 千円 or 万円: the app's choice)."""
    from simulator.report import comparison

    if unit not in MONEY_UNITS:
        raise ValueError(f"unknown money unit {unit!r}; use one of {MONEY_UNITS}")
    return comparison.render(scenarios, fmt, lang, results, names, unit=unit)


def filename(scenario: Scenario, fmt: str, lang: Lang = "ja") -> str:
    """A download name from the title: no path separators, control or reserved characters; ≤ 80 chars."""
    title = unicodedata.normalize("NFKC", scenario.meta.title)
    safe = re.sub(r"[\\/:*?\"<>|\x00-\x1f\x7f]+", "_", title)
    safe = re.sub(r"\s+", "_", safe).strip("._-") or "report"
    suffix = "" if lang == "ja" else "_en"
    return f"{safe[:80]}{suffix}.{fmt}"
