"""The 職員配置計画 (issue 15): by role and year against the 人員基準, the hires and their cost (personnel cost
per role, recruiting cost of the hires), before opening and after, in the PDF and as a sheet of the workbook
whose total rows are SUM formulas equal to the engine's 人件費 and 採用費."""

from __future__ import annotations

import io
import subprocess

import numpy as np
import openpyxl
import pytest
from test_pack import EXAMPLES, _evaluate, _row_of, case
from test_report_support import synthetic_result, synthetic_scenario

from simulator.engine import simulate
from simulator.engine.role_costs import personnel_by_role, recruiting_by_role
from simulator.files import load_scenario
from simulator.i18n import t
from simulator.report import build
from simulator.report.data import build_data
from simulator.report.labels import role_label
from simulator.report.plan_docs import OPENING_WINDOW, opening_month


def test_personnel_is_shared_by_fte_times_the_roles_cost_and_recruiting_is_hires_times_cost_per_hire():
    planned = {"care_worker": np.array([[3.0, 0.0]]), "nurse": np.array([[1.0, 0.0]])}
    personnel = np.array([[1_000.0, 0.0]])
    same = personnel_by_role(personnel, planned, {"care_worker": 1.0, "nurse": 1.0})
    assert same["care_worker"][0, 0] == pytest.approx(750.0)  # 1,000 × 3 / (3 + 1)
    assert same["nurse"][0, 1] == 0.0  # no one in post: nothing to share, no division by zero
    by_wage = personnel_by_role(personnel, planned, {"care_worker": 250_000.0, "nurse": 350_000.0})
    assert by_wage["nurse"][0, 0] == pytest.approx(1_000 * 350 / (3 * 250 + 350))  # 318.18…
    hires = {"care_worker": np.array([[2.0, 0.5]]), "nurse": np.array([[1.0, 0.0]])}
    planned = {"care_worker": np.array([[10.0, 10.0]]), "nurse": np.array([[2.0, 2.0]])}
    # the block: (2 + 1 hires + (10 + 2) FTE × 0.1 extra attrition) × 50,000 yen = 210,000 yen in month 0
    cost = recruiting_by_role(np.array([[210_000.0, 25_000.0]]), hires, planned, 0.1)
    # care workers: 2 hires + 10 × 0.1 = 3 of the 4.2 → 3 × 50,000 = 150,000 yen
    assert cost["care_worker"][0, 0] == pytest.approx(150_000.0)
    assert cost["nurse"][0, 0] == pytest.approx(60_000.0)  # 1 + 2 × 0.1 = 1.2 hires × 50,000
    plain = recruiting_by_role(np.array([[150_000.0, 0.0]]), hires, planned, 0.0)
    assert plain["nurse"][0, 0] == pytest.approx(50_000.0) and plain["nurse"][0, 1] == 0.0  # no hires: nothing

def _staffing(path, lang="ja"):
    scenario, result = case(path)
    data = build_data(scenario, result, lang)
    return data, next(d for d in data.documents if d.key == "staffing")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_role_costs_add_up_to_the_engines_personnel_and_recruiting(path):
    data, doc = _staffing(path)
    cost = doc.tables[1]
    annual = data.annual.iloc[:10]
    for key, column in (("pack.staff.personnel", "personnel_yen"), ("pack.staff.recruiting", "recruiting_yen")):
        line = cost.line(t(key, "ja"))
        parts = [cost.lines[i].values for i, _ in line.sums]
        np.testing.assert_allclose(np.sum(parts, axis=0), annual[column], atol=10)  # month rounding only
    roles = [line for line in cost.lines if line.label.endswith(" 人件費")]
    assert roles, "no personnel line by role"


def test_the_tokuyo_plan_shows_a_nurses_yearly_pay_above_a_care_workers_by_their_wage_ratio():
    """The 特養 is priced by the survey's one cost per staff FTE; its 人件費 by role still follows the roles'
    pay (wage.monthly): nurse 400,000 円 (ASSUMPTION) ÷ care worker 338,200 円 (令和6年度介護従事者処遇状況等
    調査, R6.9) = 1.1827. With flat weights the nurse's, 管理者's and 栄養士's yearly cost per FTE were equal."""
    data, doc = _staffing(EXAMPLES[0])  # the 30-bed 特養 増床: its posts do not change before 2028-04
    people, cost = doc.tables[:2]
    staffing = data.result.staffing
    first_year = np.asarray(data.result.monthly["date"].dt.year == 2026) & np.asarray(
        data.result.monthly["date"].dt.month >= 4)

    def yearly_per_fte(role):
        name = role_label(role, "ja")
        assert np.ptp(staffing[f"{role}_planned"].to_numpy()[first_year]) == 0  # the same posts all year
        return cost.line(f"{name} 人件費").values[0] / people.line(f"{name} 配置").values[0]

    care, nurse = yearly_per_fte("care_worker"), yearly_per_fte("nurse")
    assert nurse / care == pytest.approx(400_000 / 338_200, rel=1e-9)
    # 介護支援専門員 375,410 円 ÷ 介護職員 338,200 円: both read from the same survey (R6.9, 月給・常勤) = 1.110
    assert yearly_per_fte("care_manager") / care == pytest.approx(375_410 / 338_200, rel=1e-9)
    assert yearly_per_fte("manager") / yearly_per_fte("nutritionist") == pytest.approx(450_000 / 320_000, rel=1e-9)


def test_the_document_shows_each_roles_hires_and_costs_before_and_after_opening():
    path = EXAMPLES[0]  # the 30-bed 特養 増床
    data, doc = _staffing(path)
    people, cost, opening = doc.tables
    staffing, monthly = data.result.staffing, data.result.monthly
    care = role_label("care_worker", "ja")
    hires = people.line(f"{care} 採用人数")
    dates = monthly["date"]
    fiscal = np.where(dates.dt.month >= 4, dates.dt.year, dates.dt.year - 1)
    first_year = staffing["care_worker_hires"].to_numpy()[fiscal == fiscal[0]].sum()
    assert hires.values[0] == pytest.approx(first_year)
    assert cost.line(f"{care} 人件費").values[0] > 0 and cost.line(f"{care} 採用費").values[0] > 0
    # a 増床 adds no cost outside the roles: every yen of 人件費 and 採用費 is in a role's line
    assert not {t("pack.staff.personnel_rest", "ja"), t("pack.staff.recruiting_rest", "ja")} & {
        line.label for line in cost.lines}
    start = opening_month(data)
    assert start > 0
    proj = data.result.projection
    labels = [line.label for line in opening.lines]
    first = labels.index(care)  # the hires block comes first
    before, after = opening.lines[first].values
    # the plan's hires: the plan's minus the do-nothing organisation's (its replacement hires cancel)
    plan_hires = staffing["care_worker_hires"].to_numpy() - proj.extras["baseline_hires_by_role"]["care_worker"][0]
    assert before == pytest.approx(plan_hires[:start].sum())
    assert after == pytest.approx(plan_hires[start:start + OPENING_WINDOW].sum())
    totals = [line for line in opening.lines if line.kind == "total"]
    hires, recruiting, personnel = (line.values for line in totals)
    added = {c: proj.arrays[c][0] - proj.baseline[c][0] for c in ("hires", "recruiting_yen", "personnel_yen")}
    assert hires[0] == pytest.approx(added["hires"][:start].sum())
    assert recruiting[0] == pytest.approx(added["recruiting_yen"][:start].sum(), abs=10)
    assert personnel[1] == pytest.approx(added["personnel_yen"][start:start + OPENING_WINDOW].sum(), abs=10)


def test_before_opening_counts_only_the_plans_hires_not_the_existing_operations():
    """The 特養 example opens its 30 beds in month 24 (2028-04). Before that the existing 50-bed home replaces
    its leavers (the do-nothing organisation's hires, in the plan as well); those are not the plan's hires:
    the table's total and the intro count plan − do nothing, and the replacements show as a memo line."""
    data, doc = _staffing(EXAMPLES[0])
    opening = doc.tables[2]
    proj, start = data.result.projection, opening_month(data)
    assert start == 24
    existing = float(proj.baseline["hires"][0][:start].sum())  # the home's replacements over 2 years
    whole = float(data.result.monthly["hires"].iloc[:start].sum())  # what the table counted before
    plan = whole - existing
    assert existing > 5 and plan > 0  # both are real: a wrong split would not pass unnoticed
    total = next(line for line in opening.lines if line.kind == "total")
    assert total.label == t("pack.staff.opening_total", "ja")
    assert total.values[0] == pytest.approx(plan)
    memo = opening.line(t("pack.staff.opening_existing_hires", "ja"))
    assert memo.kind == "memo" and memo.values[0] == pytest.approx(existing)
    assert t("pack.staff.opening", "ja", date="2028-04", hires=f"{plan:,.1f}", existing=f"{existing:,.1f}") in doc.intro
    # the posts the plan adds, against the 人員基準 it adds, after opening (last month of the 12): 30 beds
    # need staff the do-nothing home does not have, and no standard applies to them before the opening
    posts = opening.line(t("pack.staff.opening_fte_added", "ja")).values
    standard = opening.line(t("pack.staff.opening_standard_added", "ja")).values
    assert standard[0] == pytest.approx(0.0, abs=1e-6) and standard[1] > 0
    assert posts[1] >= standard[1] > 0
    # personnel before opening: the new staff's pay, not the existing home's 2-year payroll
    personnel = [line for line in opening.lines if line.kind == "total"][2]
    payroll = float(data.result.monthly["personnel_yen"].iloc[:start].sum())
    assert 0 < personnel.values[0] < 0.2 * payroll
    assert t("pack.staff.opening_note", "ja") in doc.notes


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_staffing_sheet_has_numbers_and_sums_that_evaluate_to_the_engines_costs(lang):
    scenario, result = case()
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", lang, unit="man")))
    ws = book[t("pack.sheet.staffing", lang)]
    for key, column in (("pack.staff.personnel", "personnel_yen"), ("pack.staff.recruiting", "recruiting_yen")):
        row = _row_of(ws, t(key, lang))
        assert str(ws.cell(row, 2).value).startswith("=SUM(")
        for j, year in enumerate(result.annual.index[:10], 2):
            assert _evaluate(ws, ws.cell(row, j).coordinate) == pytest.approx(
                result.annual.at[year, column] / 10_000, abs=0.01)  # 万円
    both = _row_of(ws, t("pack.staff.cost_total", lang))
    expected = (result.annual["personnel_yen"] + result.annual["recruiting_yen"]).iloc[0] / 10_000
    assert _evaluate(ws, ws.cell(both, 2).coordinate) == pytest.approx(expected, abs=0.01)
    role = _row_of(ws, t("pack.staff.role_personnel", lang, role=role_label("care_worker", lang)))
    assert isinstance(ws.cell(role, 2).value, float | int)


def test_the_pdf_staffing_page_lists_role_costs_in_both_languages():
    scenario, result = case()
    for lang in ("ja", "en"):
        pdf = build(scenario, result, "pdf", lang, charts=False)
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        flat = "".join(text.split())
        for key in ("pack.staff.role_personnel", "pack.staff.role_recruiting", "pack.staff.role_hires"):
            assert "".join(t(key, lang, role=role_label("care_worker", lang)).split()) in flat
        assert "".join(t("pack.staff.opening_title", lang, unit="千円" if lang == "ja" else "k yen").split()) in flat


def test_a_result_without_role_costs_shows_the_engines_totals():
    """A Result from elsewhere (no projection): one personnel and one recruiting line, the engine's own."""
    result = synthetic_result()
    data = build_data(synthetic_scenario(), result, "en")
    cost = next(d for d in data.documents if d.key == "staffing").tables[1]
    line = cost.line(t("pack.staff.personnel", "en"))
    np.testing.assert_allclose(line.values, result.annual["personnel_yen"].iloc[:10])


def test_merger_keeps_the_rest_not_split_by_role():
    path = next(p for p in EXAMPLES if "merger" in p.stem)
    scenario = load_scenario(path)
    result = simulate(scenario)
    data = build_data(scenario, result, "ja")
    cost = next(d for d in data.documents if d.key == "staffing").tables[1]
    labels = [line.label for line in cost.lines]
    assert t("pack.staff.personnel_rest", "ja") in labels
