"""The submission pack (issue 15): every document in order in both languages, no internal names where a reader
looks, the numbers tied to the engine (repayments to each loan, sources to uses, the 収支計画 to the annual
table), a workbook whose SUM formulas evaluate to the engine's totals, and the app's download equal to the CLI's."""

from __future__ import annotations

import argparse
import io
import re
import subprocess
from functools import cache
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from test_report_support import ROOT

from simulator.engine import simulate
from simulator.files import load_scenario
from simulator.format import UNIT_DIVISOR
from simulator.i18n import t
from simulator.report import build
from simulator.report.data import DOCUMENTS, build_data

EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
TOKUYO = ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"
TRIALS, SEED = 60, 7  # a small risk run: the test is about the pack, not about the Monte Carlo
URL = re.compile(r"https?://\S+")
SNAKE = re.compile(r"(?<![\w/.\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.\-])")
DOTTED = re.compile(r"(?<![\w/.\-])[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_*]*){2,}(?![\w/\-])")
DOMAIN_ENDINGS = ("jp", "com", "org", "net", "pdf", "html", "htm", "php", "info", "group", "tips")


@cache
def case(path: Path = TOKUYO):
    scenario = load_scenario(path)
    return scenario, simulate(scenario)


@cache
def risk_run():
    from simulator.risk.run import run

    scenario, _ = case()
    return {lang: run(scenario, trials=TRIALS, seed=SEED, lang=lang) for lang in ("ja", "en")}


@cache
def pdf_text(lang: str, unit: str = "thousand") -> str:
    scenario, result = case()
    pdf = build(scenario, result, "pdf", lang, risk_run()[lang], unit=unit, koubo=True, charts=False)
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def headings(lang: str) -> list[str]:
    """The pack's headings in order: the documents (the 公募 form included), then the sections after them."""
    scenario, result = case()
    data = build_data(scenario, result, lang, risk_run()[lang], koubo=True)
    return [d.heading for d in data.documents] + [data.section(k) for k in
                                                  ("risk", "checklist", "staff_explainer", "appendix")]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_has_every_document_heading_in_order(lang):
    text = flat(pdf_text(lang))
    found = headings(lang)
    assert len(found) == len([d for d in DOCUMENTS if d[0] != "collaboration"]) + 4  # 協働化: only with its path
    at = 0
    for heading in found:
        # the heading starts a page's text, after the contents line of the cover lists them too
        position = text.find(flat(heading), at if at else text.find(flat(t("report.cover.note", lang))))
        assert position > at, f"{heading!r} missing or out of order"
        at = position


def _internal_names(text: str) -> list[str]:
    # an address broken over the lines of a table cell goes on in the next line: rejoin it first
    text = re.sub(r"(https?://\S+)\n(?=[\w./%-]+\n)", r"\1", text)
    text = URL.sub(" ", text)
    text = re.sub(r"\S*/\S*", " ", text)  # the rest of a URL broken over lines, and file paths
    snake = SNAKE.findall(text)
    dotted = [d for d in DOTTED.findall(text) if d.rsplit(".", 1)[-1] not in DOMAIN_ENDINGS and "www" not in d]
    return snake + dotted


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_shows_no_internal_names(lang):
    assert _internal_names(pdf_text(lang)) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_example_report_shows_internal_names(path):
    """Every shipped example's PDF in both languages (base case, no charts: quick)."""
    scenario, result = case(path)
    for lang in ("ja", "en"):
        pdf = build(scenario, result, "pdf", lang, charts=False)
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert _internal_names(text) == [], (path.stem, lang)


def test_the_name_check_finds_internal_names():
    found = _internal_names("値 add_on.tokuyo.night_staff_i と npv_yen、https://a.jp/x_y と r05_gaiyo.pdf\n"
                            "https://example.jp/Minnanokaigo_\nnews_kaigogaku_no1226\n")
    assert set(found) == {"npv_yen", "add_on.tokuyo.night_staff_i"}


@pytest.mark.parametrize("lang,unit,label", [("ja", "man", "万円"), ("en", "yen", "yen")])
def test_the_money_unit_is_the_apps_and_is_stated_on_the_cover(lang, unit, label):
    text = pdf_text(lang, unit)
    cover = text[: text.find(headings(lang)[1])]
    assert t("pack.cover.unit_text", lang, unit=label) in cover.replace("\n", "")
    scenario, result = case()
    own = build_data(scenario, result, lang, unit=unit).money.text(300_000_000)
    assert own in text.replace("\n", "")  # the loan's amount in the chosen unit


def _documents(path: Path, lang: str = "ja"):
    scenario, result = case(path)
    return build_data(scenario, result, lang), scenario, result


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_repayment_principal_sums_to_each_loan(path):
    data, scenario, result = _documents(path)
    tables = data.document("repayment").tables
    assert len(tables) == len(scenario.financing.loans)
    years = [int(y) for y in data.annual.index]
    within = dict.fromkeys(years, 0.0)
    for table, loan in zip(tables, scenario.financing.loans, strict=True):
        items = [line for line in table.lines if line.kind == "item"]
        principal = sum(line.values[2] for line in items)
        assert principal == pytest.approx(loan.amount_yen, abs=1e-3)
        assert sum(line.values[1] for line in items) == pytest.approx(loan.amount_yen)
        assert items[-1].values[4] == pytest.approx(0.0, abs=1e-3)
        total = table.lines[-1]
        assert total.kind == "total" and total.values[2] == pytest.approx(loan.amount_yen, abs=1e-3)
        for line in items:
            year = int(re.sub(r"\D", "", line.label))
            if year in within:
                within[year] += line.values[2]
    # within the horizon the loans' principal plus the existing debt's is the engine's principal repaid
    existing = data.document("repayment_source").tables[0]
    label = t("pack.source.principal_existing", "ja")
    shown = {int(re.sub(r"\D", "", c)): v for c, v in zip(existing.columns, existing.line(label).values, strict=True)}
    for year, new in within.items():
        if year in shown:
            assert new + shown[year] == pytest.approx(result.annual.at[year, "principal_repaid_yen"], abs=13)
            assert shown[year] >= -13  # the existing debt is never repaid negatively


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_sources_equal_uses(path):
    data, scenario, result = _documents(path)
    table = data.document("funding").tables[0]
    totals = [line for line in table.lines if line.kind == "total"]
    assert len(totals) == 2
    uses, sources = totals[0].values[0], totals[1].values[0]
    assert uses == pytest.approx(sources, abs=1e-6) and uses >= 0
    assert uses > 0 or result.metrics["initial_investment_yen"] == 0  # a plan that buys nothing may need nothing
    for loan in scenario.financing.loans:
        assert any(line.values == (float(loan.amount_yen),) for line in table.lines)
    capital = sum(line.values[0] for line in table.lines[: table.lines.index(totals[0])]
                  if line.kind == "item" and line.label != t("pack.funding.use.working_capital", "ja"))
    # the engine's record of what was bought covers its capital spending (construction, equipment, acquisitions)
    assert capital >= result.metrics["initial_investment_yen"] - 1


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_pnl_totals_equal_the_engines_annual_table(path):
    data, scenario, result = _documents(path)
    table = data.document("pnl").tables[0]
    welfare = scenario.organisation.corp_type.value == "social_welfare"
    k = "pack.pnl.welfare." if welfare else "pack.pnl.company."
    years = [int(y) for y in data.annual.index[: len(table.columns)]]
    annual = result.annual
    checks = {"revenue_total": "revenue_yen", "operating": "operating_profit_yen", "net": "net_income_yen",
              "personnel": "personnel_yen", "interest": "interest_yen"}
    services = max(1, len([line for line in table.lines if line.kind == "item"]) - 6)
    for key, column in checks.items():
        values = table.line(t(f"{k}{key}", "ja")).values
        expected = annual.loc[years, column].to_numpy(dtype=float)
        np.testing.assert_allclose(values, expected, atol=12 * services)  # monthly rounding to the yen, by service
    costs = table.line(t(f"{k}cost_total", "ja")).values
    revenue = table.line(t(f"{k}revenue_total", "ja")).values
    np.testing.assert_allclose(np.subtract(revenue, costs), annual.loc[years, "operating_profit_yen"], atol=12 * services)


def _evaluate(ws, ref: str, seen: tuple[str, ...] = ()) -> float:
    """The value of a cell: a number, or a formula of SUM ranges and +/- cell references evaluated from the
    cells it names (so the test does not trust cached values)."""
    value = ws[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return float(value or 0.0)
    assert ref not in seen, f"circular formula at {ref}"
    body = value[1:]
    total = 0.0
    if body.startswith("SUM(") and body.endswith(")"):
        for part in body[4:-1].split(","):
            if ":" in part:
                for row in ws[part]:
                    for cell in row:
                        total += _evaluate(ws, cell.coordinate, (*seen, ref))
            else:
                total += _evaluate(ws, part, (*seen, ref))
        return total
    for sign, cell in re.findall(r"([+-]?)([A-Z]+\d+)", body):
        total += (-1.0 if sign == "-" else 1.0) * _evaluate(ws, cell, (*seen, ref))
    assert re.fullmatch(r"[A-Z]+\d+([+-][A-Z]+\d+)*", body), f"unexpected formula {value}"
    return total


def _row_of(ws, label: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"no row {label!r} in {ws.title}")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_workbook_has_the_documents_numbers_and_formulas_that_evaluate_to_the_engines_totals(lang):
    scenario, result = case()
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", lang, koubo=True)))
    data = build_data(scenario, result, lang, koubo=True)
    sheets = [d.sheet for d in data.documents]
    assert [s for s in book.sheetnames if s in sheets] == sheets
    if lang == "ja":
        assert {"収支計画", "資金計画", "借入金償還計画表", "償還財源内訳", "職員配置計画", "理事会資料"} <= set(book.sheetnames)
    divisor = UNIT_DIVISOR["thousand"]
    ws = book[t("pack.sheet.pnl", lang)]
    annual = result.annual
    for key, column in (("revenue_total", "revenue_yen"), ("cost_total", None), ("operating", "operating_profit_yen"),
                        ("ordinary", None), ("net", "net_income_yen")):
        row = _row_of(ws, t(f"pack.pnl.welfare.{key}", lang))
        assert str(ws.cell(row, 2).value).startswith("=")
        for j, year in enumerate(annual.index[:10], 2):
            value = _evaluate(ws, ws.cell(row, j).coordinate)
            if column is not None:
                assert value == pytest.approx(annual.at[year, column] / divisor, abs=0.05)
    personnel = _row_of(ws, t("pack.pnl.welfare.personnel", lang))
    assert isinstance(ws.cell(personnel, 2).value, float | int)
    assert ws.print_title_rows and ws.print_area and ws.page_setup.orientation == "landscape"
    funding = book[t("pack.sheet.funding", lang)]
    uses = _evaluate(funding, funding.cell(_row_of(funding, t("pack.funding.uses_total", lang)), 2).coordinate)
    sources = _evaluate(funding, funding.cell(_row_of(funding, t("pack.funding.sources_total", lang)), 2).coordinate)
    assert uses == pytest.approx(sources) and uses > 0
    repay = book[t("pack.sheet.repayment", lang)]
    total = _row_of(repay, t("pack.repay.total", lang))
    assert _evaluate(repay, repay.cell(total, 4).coordinate) == pytest.approx(
        scenario.financing.loans[0].amount_yen / divisor)


def test_app_and_cli_reports_agree(tmp_path, monkeypatch):
    """The app's download (its risk run, the report function it calls) equals the CLI's for one scenario and seed."""
    from simulator.cli import report as cli
    from simulator.risk.run import RiskRun
    from simulator.ui import model

    scenario, result = case()
    parts = {kind: model.risk_run(kind, scenario, trials=TRIALS, seed=SEED, lang="en")
             for kind in ("monte_carlo", "tornado", "stress")}
    assert all(error is None for _, error in parts.values())
    app_run = RiskRun.of(*(value for value, _ in parts.values()))
    texts = {}
    for fmt in ("pdf", "xlsx"):
        app = build(scenario, result, fmt, "en", app_run, unit="man")
        out = tmp_path / f"cli.{fmt}"
        args = argparse.Namespace(file=str(TOKUYO), fmt=fmt, out=str(out), lang="en", trials=TRIALS, seed=SEED,
                                  unit="man", koubo=False)
        assert cli.main(args) == 0
        texts[fmt] = (app, out.read_bytes())
    app_pdf, cli_pdf = (subprocess.run(["pdftotext", "-", "-"], input=b, capture_output=True, check=True).stdout
                        for b in texts["pdf"])
    assert app_pdf == cli_pdf
    assert b"Risk analysis" in app_pdf and b"Probability cash falls below the floor" in app_pdf
    assert b"Fee revision" in app_pdf  # the stress cases from the app's run are in its download
    books = [openpyxl.load_workbook(io.BytesIO(b)) for b in texts["xlsx"]]
    assert books[0].sheetnames == books[1].sheetnames
    for name in books[0].sheetnames:
        left = [[c for c in row] for row in books[0][name].iter_rows(values_only=True)]
        right = [[c for c in row] for row in books[1][name].iter_rows(values_only=True)]
        assert left == right, name


@pytest.mark.parametrize("name,body,law", [("capacity_tokuyo_30beds", "理事会", "社会福祉法 第45条の13第4項"),
                                           ("transfer_buy_home_help", "取締役会", "会社法 第362条第4項")])
def test_the_motion_goes_to_the_body_that_decides_it(name, body, law):
    """A 社会福祉法人's 理事会 (社会福祉法 第45条の13第4項), a company's 取締役会 (会社法 第362条第4項)."""
    data, scenario, _ = _documents(ROOT / "scenarios" / f"{name}.toml")
    doc = data.document("board")
    assert body in doc.heading and any(law in text for text in doc.intro)
    assert any(body in text for text in doc.intro)
    loans = [i for i in doc.intro if "借入" in i]
    assert len(loans) >= len(scenario.financing.loans)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_repayment_source_is_the_lenders(path):
    """償還財源内訳's total is the engine's 償還財源 (engine/lender.py: net income + depreciation − subsidy release,
    one-offs added back), the figure DSCR and 債務償還年数 divide by: one definition on both pages."""
    data, _scenario, result = _documents(path)
    table = data.document("repayment_source").tables[0]
    shown = table.line(t("pack.source.total", "ja")).values
    years = [int(re.sub(r"\D", "", c)) for c in table.columns]
    for year, value in zip(years, shown, strict=True):
        # the lines are rounded to the yen month by month (pack.rounding_note): a few yen a year
        assert value == pytest.approx(result.annual.at[year, "repayment_source_yen"], abs=13), year
