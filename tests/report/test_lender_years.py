"""The lender page's 合否 rows test exactly the fiscal years the verdict tests (one definition: the phases of
engine/lender.py ``year_phases``): DSCR in every full operating year, the fill-up years included and marked
立ち上がり期; the construction years before the plan operates are labelled not tested, never 満たさない."""

from __future__ import annotations

import numpy as np
import pytest
from test_pack import EXAMPLES, TOKUYO, case

from simulator.decision import decide
from simulator.i18n import t
from simulator.report.board_docs import lender_document
from simulator.report.data import build_data


def _rows(path, lang):
    scenario, result = case(path)
    data = build_data(scenario, result, lang)
    table = lender_document(data, 7).tables[0]
    return scenario, result, table


def test_tokuyo_construction_years_are_not_tested_and_the_fill_up_year_fails_as_the_verdict_does():
    # scenarios/capacity_tokuyo_30beds.toml: start 2026-04, the 30 beds open in month 24 (FY2028) and fill up in
    # 6 months (stable from month 30, so FY2029 is the first stable year). FY2026 and FY2027 are construction;
    # FY2028 is a fill-up year whose DSCR (0.38, the verdict's dscr_min) is below 1.20.
    scenario, result, table = _rows(TOKUYO, "ja")
    tests = table.line(t("pack.lender.dscr_test", "ja")).texts
    construction = t("pack.lender.phase.before", "ja")
    assert tests[:2] == (construction, construction)
    assert construction == "建設・準備期間（判定対象外）"
    assert tests[2] == "満たさない\n（立ち上がり）"  # broken where the PDF cell wraps it
    assert result.metrics["dscr_min"] == pytest.approx(result.annual.at[2028, "dscr"])
    assert decide(scenario, result.metrics, levers=lambda *a: ()).verdict == "no_go"
    debt = table.line(t("pack.lender.debt_years_test", "ja")).texts
    assert debt[:2] == (construction, construction)
    assert debt[3] == t("report.check.pass", "ja")  # FY2029, the stable year the verdict reads (5.8 ≤ 10)
    assert result.metrics["debt_repayment_stable_year"] == 2029


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_dscr_row_tests_the_verdicts_years(path, lang):
    scenario, result, table = _rows(path, lang)
    a = result.annual.iloc[: len(table.columns)]
    tests = table.line(t("pack.lender.dscr_test", lang)).texts
    outcomes = {t(k, lang) for k in ("report.check.pass", "report.check.fail")}
    outcomes |= {t("pack.lender.fill_up_cell", lang, outcome=o) for o in set(outcomes)}
    not_tested = {t(f"pack.lender.phase.{p}", lang) for p in ("before", "preparation", "opening", "part_year")}
    fail = {t("report.check.fail", lang), t("pack.lender.fill_up_cell", lang, outcome=t("report.check.fail", lang))}
    tested_values = []
    for text, (year, row) in zip(tests, a.iterrows(), strict=True):
        if row["operating_year"]:
            assert text in outcomes or (text == "—" and not np.isfinite(row["dscr"])), (year, text)
            if np.isfinite(row["dscr"]) and row["lender_status"] == 0:
                tested_values.append(row["dscr"])
                assert (text in fail) == (row["dscr"] < scenario.workflow.criteria.min_dscr), (year, text)
        else:
            assert text in not_tested, (year, text)
    operating = result.annual[result.annual["operating_year"] == 1]
    dscr = operating["dscr"][operating["lender_status"] == 0].dropna()
    if len(dscr) and tested_values and len(operating) == len(tested_values):
        assert min(tested_values) == pytest.approx(result.metrics["dscr_min"])
    if len(dscr):  # the engine's dscr_min is the lowest DSCR over the annual table's operating years
        assert dscr.min() == pytest.approx(result.metrics["dscr_min"])
