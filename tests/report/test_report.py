"""Reports: the PDF, Excel and HTML files say what the engine computed, safely, in both languages."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import openpyxl
import pytest
from test_report_support import ROOT, synthetic_result, synthetic_risk, synthetic_scenario

from simulator.i18n import t
from simulator.report import build, compare_report, filename
from simulator.report.documents import Money
from simulator.report.excel import sheet_name
from simulator.report.labels import fmt_fte, fmt_metric
from simulator.report.references import reference_value

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm"))
# .ci/run installs poppler-utils: under CI a missing tool is a failure, not a skip
needs_poppler = pytest.mark.skipif(not POPPLER and os.environ.get("CI") != "true",
                                   reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed")
HOSTILE_TITLE = "<script>alert('x')</script> \"引用\" & 'single' " + "題" * 120
HOSTILE_NOTES = "<img src=x onerror=alert(1)>\n" + "長" * 700 + "\n" + "W" * 600 + " " + "https://example.jp/" + "a" * 300


def _real_case():
    """An example scenario through the real engine."""
    from simulator.engine import simulate
    from simulator.files import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    return scenario, simulate(scenario)


@pytest.fixture(scope="module", params=["synthetic", "engine"])
def case(request):
    """A Result built from the contract by hand, and an example scenario through the real engine."""
    if request.param == "synthetic":
        return synthetic_scenario(), synthetic_result()
    return _real_case()


@pytest.fixture(scope="module")
def pdfs(case, tmp_path_factory):
    scenario, result = case
    risk = synthetic_risk(result)
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for lang in ("ja", "en"):
        path = folder / f"report_{lang}.pdf"
        path.write_bytes(build(scenario, result, "pdf", lang, risk=risk))
        out[lang] = path
    return out


def _text(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_text_has_engine_figures(case, pdfs, lang):
    _, result = case
    text = _text(pdfs[lang], "-layout")
    m = result.metrics
    money = Money("thousand", lang)  # the report's default unit
    for figure in (money.text(m["npv_yen"]), money.text(m["lowest_cash_yen"]),
                   fmt_fte(m["fte_added"], lang), fmt_metric("dscr_min", m["dscr_min"], lang)):
        assert figure in text, figure
    assert ("事業計画の概要" in text) == (lang == "ja")
    assert ("Plan overview" in text) == (lang == "en")


@needs_poppler
def test_pdf_annual_table_shows_engine_cash(case, pdfs):
    _, result = case
    text = _text(pdfs["ja"], "-layout")
    last_year = result.annual.index[min(9, len(result.annual) - 1)]  # the 収支計画 shows the first 10 years
    revenue = result.annual.at[last_year, "revenue_yen"]
    assert f"{round(revenue / 1000):,}" in text


@needs_poppler
def test_pdf_font_is_embedded(pdfs):
    listing = subprocess.run(["pdffonts", str(pdfs["ja"])], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    assert all("IPAexGothic" in row for row in rows), listing
    # columns: name type encoding emb sub uni object ID — "emb" must be yes on every font
    assert all(row.split()[-5] == "yes" for row in rows), listing


@needs_poppler
def test_pdf_pages_are_not_blank(pdfs, tmp_path):
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdfs["ja"]), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 8
    inked = []
    for page in pages:
        pixels = mpimg.imread(page)[..., :3]
        inked.append(float(np.mean(pixels.mean(axis=2) < 0.9)))
    assert min(inked) > 0.003, inked  # every page carries text or a chart
    assert max(inked) > 0.05, inked  # and the chart pages carry a lot


@needs_poppler
def test_pdf_hostile_user_text_stays_on_the_page(case, tmp_path):
    scenario, result = case
    hostile = scenario.model_copy(deep=True)
    hostile.meta.title = HOSTILE_TITLE
    hostile.meta.notes = HOSTILE_NOTES
    path = tmp_path / "hostile.pdf"
    path.write_bytes(build(hostile, result, "pdf", "ja", charts=False))
    bbox = _text(path, "-bbox")
    pages = re.split(r"<page ", bbox)[1:]  # portrait pages, and landscape ones for the tables by fiscal year
    for page in pages:
        page_width = float(re.match(r'width="([\d.]+)"', page).group(1))
        right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', page)]
        assert not right_edges or max(right_edges) <= page_width - 20  # inside the 15 mm margin, nothing cut off
    assert any(re.findall(r'xMax="([\d.]+)"', page) for page in pages)
    flat = _text(path).replace("\n", "")
    assert "<script>alert('x')</script>" in flat
    assert flat.count("W") >= 600  # the long word is all there, wrapped over several lines (and pages)


def test_excel_annual_sheet_matches_engine_cell_for_cell(case):
    scenario, result = case
    from simulator.report.data import annual_table

    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "ja")))
    sheet = book[sheet_name("annual", "ja")]
    annual = annual_table(result)
    assert sheet.cell(1, 1).value == "年度"
    for i, year in enumerate(annual.index, start=2):
        assert sheet.cell(i, 1).value == year
        for j, column in enumerate(annual.columns, start=2):
            cell, expected = sheet.cell(i, j), annual.at[year, column]
            if np.isfinite(expected):
                assert cell.data_type == "n" and cell.value == pytest.approx(float(expected), rel=1e-12, abs=1e-9)
            else:
                assert cell.value is None
            if str(column).endswith("_yen"):
                assert cell.number_format == "#,##0"
    assert sheet.max_row == len(annual) + 1


def test_excel_sheets_and_risk_percentiles(case):
    scenario, result = case
    risk = synthetic_risk(result)
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "en", risk=risk)))
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert {"Cover and key figures", "Assumptions", "Annual", "Monthly", "Metrics", "Staffing by month",
            "Risk"} <= set(book.sheetnames)
    values = [row for row in book["Risk"].iter_rows(values_only=True)]
    p50 = risk.monte_carlo.percentiles.at["npv_yen", "P50"]
    # xlsx keeps 15-16 significant digits, so compare as numbers, not bit for bit
    assert any(isinstance(v, float) and v == pytest.approx(p50, rel=1e-12) for row in values for v in row)
    # the headers are in words, and each probability is listed once, as a number
    assert ("Input", "Low (P10)", "High (P90)", "Base") in [row[:4] for row in values]
    assert ("Metric", "P5", "P10", "P50", "P90", "P95", "Mean") in [row[:7] for row in values]
    ja = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "ja", risk=risk)))
    assert any(row[6] == "平均" for row in ja[sheet_name("risk", "ja")].iter_rows(values_only=True))
    labels = [row[0] for row in values if row[0]]
    probabilities = [label for label in labels if str(label).startswith("Probability")]
    assert len(probabilities) == len(set(probabilities)) and "input" not in labels
    without = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "en")))
    # without a risk run the sheet says so; the break-even (no sampling) is there all the same
    rows = [row for row in without["Risk"].iter_rows(values_only=True)]
    assert rows[0][0] == t("report.risk.not_run", "en")
    assert t("risk.title.break_even", "en") in [row[0] for row in rows]
    assert not any("P50" in str(v) for row in rows for v in row)


@pytest.mark.parametrize("text", ["=1+1", "=HYPERLINK(\"http://evil\",\"x\")", "+SUM(A1:A2)", "-2+3", "@SUM(A1)"])
def test_excel_user_text_never_becomes_a_formula(case, text):
    scenario, result = case
    hostile = scenario.model_copy(deep=True)
    hostile.meta.title = text
    hostile.meta.notes = text
    book = openpyxl.load_workbook(io.BytesIO(build(hostile, result, "xlsx", "ja")))
    sheet = book[sheet_name("summary", "ja")]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
    assert len(cells) >= 2  # the title and the notes
    assert all(c.data_type == "s" for c in cells)
    # the only formulas are the total rows' sums of cells, never a user's text
    formulas = [c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(re.fullmatch(r"=(SUM\([A-Z]+\d+(:[A-Z]+\d+)?(,[A-Z]+\d+)*\)|[A-Z]+\d+([+-][A-Z]+\d+)+)", f)
                            for f in formulas), formulas[:5]


@pytest.mark.parametrize("value,shown", [
    (4_590_000.0, "4,590,000"),  # 特養 personnel cost per FTE (WAM): was printed as 4.59e+06
    (0.637, "0.637"),
    ({"unit": 3511, "conventional": 2360}, "ユニット型個室: 3,511 / 従来型（多床室）: 2,360"),  # keys in words
    ({"care_1": 0.4, "odd_key": 0.6}, "表（2項目）"),  # a key without a name is never shown
    ([[10, 0.008], [17, 0.012]], "表（2項目）"),
    ({f"k{i}": i for i in range(9)}, "表（9項目）"),
    ("2024-04-01", "2024-04-01"),
])
def test_reference_values_are_shown_in_plain_numbers(value, shown):
    assert reference_value(value, "ja") == shown


def test_percentile_table_heads_the_mean_in_the_reports_language(case):
    scenario, result = case
    risk = synthetic_risk(result)
    for lang, mean in (("ja", "平均"), ("en", "Mean")):
        page = build(scenario, result, "html", lang, risk=risk).decode()
        assert re.search(rf"<th[^>]*>{mean}</th>", page) and not re.search(r"<th[^>]*>mean</th>", page)


def test_sources_table_has_no_scientific_notation(case):
    scenario, result = case
    page = build(scenario, result, "html", "ja").decode()
    # the section with the sources table (charts and their random element ids are elsewhere)
    sources = page.split("付録：前提条件と出典")[1].split("<h2>")[0]
    assert "有料職業紹介 平均手数料" in sources  # labour.agency_fee_yen, in words
    assert "labour.agency_fee_yen" not in sources
    assert not re.search(r"\d\.?\d*e[+-]\d\d", sources)


def test_html_is_self_contained_and_escapes_user_text(case):
    scenario, result = case
    hostile = scenario.model_copy(deep=True)
    hostile.meta.title = HOSTILE_TITLE
    hostile.meta.notes = HOSTILE_NOTES
    page = build(hostile, result, "html", "ja", risk=synthetic_risk(result)).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;引用&quot; &amp;" in page
    assert re.search(r"<script[^>]*\bsrc=", page) is None  # no external script: works offline
    # cash, P&L, stack, fan, histogram, tornado, stress, staffing: each a div and its JSON, drawn by the loader
    assert page.count("<script type='application/json' id='fig-") == 8
    assert page.count("id='plotly-gz'") == 1  # the library is inlined once (gzip, base64)
    assert len(page.encode("utf-8")) < 1_500_000


def test_the_inlined_plotly_is_the_basic_bundle_and_draws_only_what_it_has(case):
    """The HTML carries plotly.js's basic bundle (scatter, bar): every trace of its figures is one of those
    (a histogram trace, for one, would draw nothing), and the bundle unpacks to plotly.js itself."""
    import base64
    import gzip
    import json

    scenario, result = case
    page = build(scenario, result, "html", "en", risk=synthetic_risk(result)).decode("utf-8")
    packed = re.search(r"<script id='plotly-gz' type='application/octet-stream'>([^<]+)</script>", page)
    assert gzip.decompress(base64.b64decode(packed.group(1)))[:40].decode().lstrip("/*\n ").startswith("plotly.js")
    specs = re.findall(r"<script type='application/json' id='fig-\d+'>(.*?)</script>", page, flags=re.S)
    types = {trace.get("type", "scatter") for spec in specs for trace in json.loads(spec)["data"]}
    assert types <= {"scatter", "bar"}, types


def test_compare_report_highlights_the_one_field_that_differs(case):
    scenario, result = case
    other = scenario.model_copy(deep=True)
    other.assumptions.discount_rate = scenario.assumptions.discount_rate + 0.02
    data = compare_report([scenario, other], "xlsx", "ja", results=[result, result], names=["A案", "=B案"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    differ = book[sheet_name("differ", "ja")]
    rows = list(differ.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["割引率"]  # the field's label, not its path (assumptions.discount_rate)
    assert rows[0][1:] == pytest.approx((scenario.assumptions.discount_rate, other.assumptions.discount_rate))
    header = [c.value for c in differ[1]]
    assert header[2] == "=B案" and differ.cell(1, 3).data_type == "s"
    pdf = compare_report([scenario, other], "pdf", "en", results=[result, result])
    assert pdf.startswith(b"%PDF")


def test_compare_needs_two_to_five(case):
    scenario, result = case
    with pytest.raises(ValueError):
        compare_report([scenario], "xlsx", "ja", results=[result])


def test_filename_is_sanitised():
    scenario = synthetic_scenario(title="../../etc/passwd: <x>|?*" + "あ" * 150)
    name = filename(scenario, "pdf", "ja")
    assert "/" not in name and "\\" not in name and ".." not in name and ":" not in name
    assert name.endswith(".pdf") and len(name) <= 84


def test_unknown_format_and_language_are_refused(case):
    scenario, result = case
    with pytest.raises(ValueError):
        build(scenario, result, "docx", "ja")
    with pytest.raises(ValueError):
        build(scenario, result, "pdf", "fr")


def test_cli_bad_file_gives_localised_message(tmp_path, capsys):
    from simulator.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text("meta = 3\n", encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "r.pdf")]) == 2
    ja = capsys.readouterr().err
    assert main(["report", str(bad), "--out", str(tmp_path / "r.pdf"), "--lang", "en"]) == 2
    en = capsys.readouterr().err
    assert "meta" in ja and "meta" in en and ja != en and "Traceback" not in ja + en
    assert main(["report", str(tmp_path / "missing.toml"), "--out", str(tmp_path / "r.pdf")]) == 2
    assert "見つかりません" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "html"])
def test_cli_writes_the_report(tmp_path, fmt):
    from simulator.cli import main

    out = tmp_path / f"r.{fmt}"
    assert main(["report", str(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"), "--format", fmt,
                 "--out", str(out), "--lang", "en"]) == 0
    head = out.read_bytes()[:5]
    assert head == {"pdf": b"%PDF-", "xlsx": b"PK\x03\x04\x14", "html": b"<!DOC"}[fmt][: len(head)]


def test_reports_list_the_ranges_the_monte_carlo_drew_from(case):
    """A reader of the percentiles sees what was uncertain: every input with its distribution, values and
    source (PDF, HTML and Excel), when a Monte Carlo ran; without one there is no such table."""
    from simulator.risk.defaults import uncertain_inputs

    scenario, result = case
    risk = synthetic_risk(result)
    inputs, _ = uncertain_inputs(scenario)
    assert inputs
    page = build(scenario, result, "html", "ja", risk=risk).decode()
    section = page.split("モンテカルロの前提")[1].split("<h2>")[0]
    assert section.count("<tr>") == len(inputs) + 1 and "三角" in section
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "en", risk=risk)))
    cells = [c for row in book["Risk"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Monte Carlo inputs (uncertain ranges and their sources)" in cells
    assert "モンテカルロの前提" not in build(scenario, result, "html", "ja").decode()


def test_distribution_parameters_are_written_by_kind():
    from simulator.report.labels import distribution_parameters
    from simulator.scenario import Distribution

    assert distribution_parameters(Distribution(target="x", kind="triangular", low=0.7, mode=0.9, high=0.95)) == \
        "0.7 / 0.9 / 0.95"
    assert distribution_parameters(Distribution(target="x", kind="normal", mean=0.02, sd=0.01, low=0.0)) == \
        "0.02 ± 0.01 [0, ∞]"
    assert distribution_parameters(Distribution(target="x", kind="discrete", values=[-0.03, 0.02],
                                                probabilities=[0.4, 0.6])) == "-0.03 (0.4), 0.02 (0.6)"


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", "仮定（公的な数値なし）：人材確保の厳しさ ±0.2（シナリオの不確実性の設定で変更できます）"),
    ("en", "Assumption (no public figure): 人材確保の厳しさ ±0.2 (editable in the scenario's uncertainty settings)"),
])
def test_an_assumed_range_source_is_worded_in_the_reports_language(lang, expected):
    from simulator.report.labels import readable_source
    from simulator.risk.defaults import source_text

    class Found:  # a reference entry marked as an assumption
        confidence = "assumption"

        class source:
            title = "仮定：人材確保の厳しさ ±0.2"

    assert readable_source(source_text(Found()), lang) == expected
    assert readable_source("MHLW 調査; see [[uncertainty.inputs]]", lang).endswith(
        "シナリオの不確実性の設定" if lang == "ja" else "the scenario's uncertainty settings")
