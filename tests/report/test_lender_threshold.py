"""The lender tests' 債務償還年数 threshold row: shown with its value and a 合否 row when the plan's criteria
carry ``max_debt_repayment_years`` (a stub criteria object stands in for the field another change adds),
absent with a note when they do not."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
from test_pack import case

from simulator.i18n import t
from simulator.report.board_docs import lender_document
from simulator.report.data import build_data
from simulator.report.documents import cell_text


def _lender(max_years, lang="ja"):
    scenario, result = case()
    data = build_data(scenario, result, lang)
    criteria = SimpleNamespace(**{**dict(scenario.workflow.criteria), "max_debt_repayment_years": max_years})
    workflow = scenario.workflow.model_copy(update={"criteria": criteria})
    stubbed = dataclasses.replace(data, scenario=scenario.model_copy(update={"workflow": workflow}))
    return stubbed, lender_document(stubbed, 7)


def test_the_threshold_row_shows_the_criterion_and_each_year_is_tested_against_it():
    data, doc = _lender(10.0)
    table = doc.tables[0]
    row = table.line(t("pack.lender.debt_years_max", "ja", threshold="10"))
    assert row.values == tuple(10.0 for _ in table.columns)
    assert cell_text(row, 0, data.money) == "10.0"
    tests = table.line(t("pack.lender.debt_years_test", "ja")).texts
    values = table.line(t("pack.lender.debt_years", "ja")).values
    annual = data.annual.iloc[: len(values)]
    stable = int(data.result.metrics["debt_repayment_stable_year"])  # the year the verdict reads (FY2029)
    construction = t("pack.lender.phase.before", "ja")
    for year, text, value, operating in zip(annual.index, tests, values, annual["operating_year"], strict=True):
        if not operating:
            assert text == construction
        elif year == stable:
            assert text == t("report.check.pass" if value <= 10.0 else "report.check.fail", "ja")
        elif value is not None and np.isfinite(value):
            assert text == t("pack.lender.reference_cell", "ja")  # the verdict does not test it
    assert t("pack.lender.debt_years_no_threshold", "ja") not in doc.notes
    _, strict = _lender(0.5, "en")  # half a year: the stable year's 5.8 years fails it
    table = strict.tables[0]
    cells = dict(zip(annual.index, table.line(t("pack.lender.debt_years_test", "en")).texts, strict=True))
    assert cells[stable] == t("report.check.fail", "en")


def test_without_the_criterion_there_is_no_threshold_row_but_a_note():
    _, doc = _lender(None)
    labels = [line.label for line in doc.tables[0].lines]
    assert t("pack.lender.debt_years_test", "ja") not in labels
    assert not any(label.startswith("債務償還年数の基準（") for label in labels)
    assert t("pack.lender.debt_years_no_threshold", "ja") in doc.notes
