"""The pack's 協働化 document: in the PDF (both languages) and the workbook for a scenario with a
collaboration path, its numbers the members' view by hand (the same ledgers), and absent without one."""

from __future__ import annotations

import io
import subprocess
from functools import cache

import openpyxl
import pytest
from test_report_support import ROOT

from simulator.collaboration_view import member_view
from simulator.engine import simulate
from simulator.files import load_scenario
from simulator.i18n import t
from simulator.report import build
from simulator.report.data import build_data

EXAMPLE = ROOT / "scenarios" / "collaboration_town_group.toml"


@cache
def case():
    scenario = load_scenario(EXAMPLE)
    return scenario, simulate(scenario)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_has_the_collaboration_document_with_each_member(lang):
    scenario, result = case()
    pdf = build(scenario, result, "pdf", lang, None, charts=False)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert t("pack.doc.collaboration", lang, n=2).split(". ", 1)[1] in flat
    for member in ("みなみ会", "きた会", "ひがし会", "にし"):
        assert member in flat
    assert t("pack.collab.wages_note", lang)[:20] in flat


def test_document_numbers_are_the_members_view():
    scenario, result = case()
    data = build_data(scenario, result, "ja", None)
    doc = next(d for d in data.documents if d.key == "collaboration")
    view = member_view(scenario).xs(3, level="year")
    year3 = doc.tables[0]
    nets = [line.values[2] for line in year3.lines[:-1]]
    assert nets == pytest.approx(list(view["net_yen"]))
    assert year3.lines[-1].values[2] == pytest.approx(view["net_yen"].sum())  # the total line
    assert year3.lines[-1].sums == tuple((i, 1) for i in range(len(view)))
    # the organisation's staff gain (the ロ add-on paid as wages) is not in its net
    assert year3.lines[0].values[3] > 0


def test_workbook_has_the_collaboration_sheet():
    scenario, result = case()
    book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", "ja", None)))
    assert t("pack.sheet.collaboration", "ja") in book.sheetnames
    sheet = book[t("pack.sheet.collaboration", "ja")]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(isinstance(v, str) and "みなみ会" in v for v in values)


def test_no_collaboration_document_without_the_path():
    scenario = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    data = build_data(scenario, simulate(scenario), "ja", None)
    assert all(d.key != "collaboration" for d in data.documents)
