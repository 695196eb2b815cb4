"""STEP 3 in the reports: plan vs actual, the re-forecast and the review log, with the app's numbers.

The actuals are the engine's own monthly plan scaled by known factors (users × 0.97, revenue × 0.95,
costs × 1.01), so every expected value is computed here from the engine's output, not typed in.
"""

from __future__ import annotations

import io
import re
import subprocess

import openpyxl
import pandas as pd
import pytest
from test_report import ROOT, needs_poppler

from simulator import pdca
from simulator.engine import simulate
from simulator.files import load_scenario
from simulator.report import build
from simulator.report.data import build_data
from simulator.report.labels import thousands
from simulator.scenario import Scenario

FACTORS = {"users": 0.97, "revenue_yen": 0.95, "costs_yen": 1.01, "staff_fte": 1.0}
MONTHS_WITH_ACTUALS = 15
REVIEW = {"date": "2026-07-01", "findings": "<script>alert(1)</script> 稼働率が計画を下回った。",
          "actions": "居宅介護支援事業所への営業を強化する。"}


@pytest.fixture(scope="module")
def case() -> tuple[Scenario, object, pd.DataFrame]:
    scenario = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    plan = pdca.plan_table(simulate(scenario))
    data = scenario.model_dump()
    data["workflow"]["actuals"] = [{k: float(plan.at[m, k]) * f for k, f in FACTORS.items()} | {"month": m}
                                   for m in range(MONTHS_WITH_ACTUALS)]
    data["workflow"]["reviews"] = [REVIEW]
    with_actuals = Scenario.model_validate(data)
    return with_actuals, simulate(with_actuals), plan


def test_variance_and_ratios_are_the_apps(case) -> None:
    scenario, result, plan = case
    data = build_data(scenario, result, "ja")
    variance = data.pdca_variance(latest=None)
    assert len(variance) == MONTHS_WITH_ACTUALS * len(pdca.KPIS)
    revenue = variance[variance["kpi"] == "revenue_yen"]
    assert revenue["plan"].tolist() == pytest.approx(plan["revenue_yen"][:MONTHS_WITH_ACTUALS].tolist(), rel=1e-12)
    assert revenue["difference_share"].tolist() == pytest.approx([FACTORS["revenue_yen"] - 1] * MONTHS_WITH_ACTUALS)
    assert len(data.pdca_variance()) == 12 * len(pdca.KPIS)  # the latest 12 months in the PDF and HTML
    assert list(data.pdca_variance()["date"])[0] == plan["date"][MONTHS_WITH_ACTUALS - 12]
    lines = data.pdca_lines()
    assert "95.0%" in lines[0] and "101.0%" in lines[0] and "97.0%" in lines[0]
    forecast = pdca.reforecast(plan, pdca.actuals_table(scenario))
    assert thousands(abs(pdca.profit_over_horizon(forecast))) in lines[1]


def _pdf_text(scenario: Scenario, result, lang: str, tmp_path) -> str:
    path = tmp_path / f"r_{lang}.pdf"
    path.write_bytes(build(scenario, result, "pdf", lang))
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_shows_plan_vs_actual_and_reviews(case, lang, tmp_path) -> None:
    scenario, result, plan = case
    text = _pdf_text(scenario, result, lang, tmp_path)
    title = {"ja": "計画と実績（PDCA）", "en": "Plan vs actual (PDCA)"}[lang]
    assert title in text
    last = MONTHS_WITH_ACTUALS - 1
    assert thousands(plan.at[last, "revenue_yen"] * FACTORS["revenue_yen"]) in text  # the latest actual revenue
    assert f"{plan['date'][last]:%Y-%m}" in text
    assert "-5.0%" in text
    assert "居宅介護支援事業所への営業を強化する。" in text


@needs_poppler
def test_pdf_without_actuals_says_so(tmp_path) -> None:
    scenario = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    text = _pdf_text(scenario, simulate(scenario), "ja", tmp_path)
    assert "実績はまだ入力されていません" in text


def test_excel_sheet_has_every_month_as_numbers(case) -> None:
    scenario, result, plan = case
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "ja")))
    sheet = book["計画と実績"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1] == "収益" and isinstance(r[2], int | float)]
    assert len(rows) == MONTHS_WITH_ACTUALS
    for month, row in enumerate(rows):
        assert row[2] == pytest.approx(plan.at[month, "revenue_yen"], rel=1e-12)
        assert row[3] == pytest.approx(plan.at[month, "revenue_yen"] * FACTORS["revenue_yen"], rel=1e-12)
        assert row[5] == pytest.approx(FACTORS["revenue_yen"] - 1, rel=1e-9)
    texts = [c for r in sheet.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert REVIEW["findings"] in texts  # user text stays a literal string
    without = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    assert "計画と実績" not in openpyxl.load_workbook(io.BytesIO(build(without, simulate(without), "xlsx", "ja"))).sheetnames


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_html_shows_plan_vs_actual_and_escapes_the_review(case, lang) -> None:
    scenario, result, _ = case
    html = build(scenario, result, "html", lang).decode("utf-8")
    assert {"ja": "計画と実績（PDCA）", "en": "Plan vs actual (PDCA)"}[lang] in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert re.search(r"<script[^>]*\bsrc=", html) is None  # still works offline
    assert html.count("id='plotly-gz'") == 1  # the library inlined once, the new chart uses it
    assert html.count("<script type='application/json' id='fig-") >= 5
    ids = re.findall(r"id='fig-(\d+)'", html)
    assert len(ids) == len(set(ids))  # every figure has its own block
