"""The report's risk section shows the break-even of occupancy, fee level and wage level with the app's
wording: from the risk run when there is one (what the app showed), else the same search on the scenario."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess

import numpy as np
import openpyxl
import pytest
from test_report_support import ROOT

from simulator.engine import simulate
from simulator.files import load_scenario
from simulator.i18n import t
from simulator.report import build
from simulator.report.data import build_data
from simulator.report.excel import sheet_name
from simulator.risk.breakeven import BreakEven, break_evens
from simulator.risk.run import RiskRun

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def merger():
    scenario = load_scenario(ROOT / "scenarios" / "merger_two_welfare_corps.toml")
    return scenario, simulate(scenario)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_pdf_and_html_risk_section_has_the_three_lines(merger, lang):
    scenario, result = merger
    found = break_evens(scenario)
    pdf = build(scenario, result, "pdf", lang, charts=False)
    text = _flat(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())
    html = build(scenario, result, "html", lang, charts=False).decode()
    for shown in (text, _flat(html)):
        assert _flat(t("risk.title.break_even", lang)) in shown
        for b in found:
            assert _flat(b.label(lang)) in shown and _flat(b.text(lang)) in shown, (b, lang)
    if lang == "en":
        section = html[html.index(t("risk.title.break_even", "en")):]
        section = section[:section.index("</p>")]
        assert not JAPANESE.search(section)


def test_the_report_shows_the_risk_runs_break_even(merger):
    """The app passes its run: the report words the run's values (here made up, so the test sees that the
    report does not search again) and, where a target has none, the same reason as the app."""
    scenario, result = merger
    made_up = (BreakEven("occupancy", 0.617, "found"), BreakEven("fee_level", math.nan, "never_met"),
               BreakEven("wage_level", math.nan, "always_met"))
    run = RiskRun.of(None, None, None, made_up)
    data = build_data(scenario, result, "en", run)
    title, header, rows, note = data.break_even_table()
    assert rows == [[b.label("en"), b.text("en")] for b in made_up]
    assert rows[0][1] == "61.7 %" and rows[1][1] == t("engine.break_even_reason.fee_level.never_met", "en")
    assert note == t("risk.note.break_even", "en") and title == t("risk.title.break_even", "en")
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "ja", run)))
    values = [row[:3] for row in book[sheet_name("risk", "ja")].iter_rows(values_only=True)]
    assert (made_up[0].label("ja"), "61.7 %", pytest.approx(0.617)) in values
    assert (made_up[2].label("ja"), t("engine.break_even_reason.wage_level.always_met", "ja"), None) in values


def test_without_a_run_the_report_searches_once_on_the_scenario(merger):
    scenario, result = merger
    data = build_data(scenario, result, "ja", None)
    assert data.break_even == break_evens(scenario) and data.break_even is data.break_even
    assert np.isfinite(data.break_even[0].value)  # the merger's acquired services have a break-even occupancy
