"""The comparison report follows the report's money unit (円, 千円 or 万円, the app's choice) like the single
report: its money metrics and its charts' money axis, in PDF and HTML. It drew the cash chart in 百万円
whatever the unit (and its metrics in 千円)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from test_report_support import synthetic_result, synthetic_scenario

from simulator.charts import money_label
from simulator.format import UNIT_DIVISOR
from simulator.report import compare_report, static_charts


def _pair():
    scenario = synthetic_scenario()
    other = scenario.model_copy(deep=True)
    other.assumptions.discount_rate = scenario.assumptions.discount_rate + 0.02
    result = synthetic_result()
    return [scenario, other], [result, result]


@pytest.mark.parametrize("unit", ["yen", "thousand", "man"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_pdf_cash_chart_is_drawn_in_the_reports_unit(monkeypatch, unit, lang):
    drawn = []
    png = static_charts._png
    monkeypatch.setattr(static_charts, "_png", lambda fig: (drawn.append(fig), png(fig))[1])
    scenarios, results = _pair()
    assert compare_report(scenarios, "pdf", lang, results=results, unit=unit).startswith(b"%PDF")
    (fig,) = drawn
    ax = fig.axes[0]
    assert ax.get_ylabel() == money_label(lang, unit)
    divisor = {"yen": 1, "thousand": 1_000, "man": 10_000}[unit]  # 円, 千円, 万円 by hand
    assert divisor == UNIT_DIVISOR[unit]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), results[0].monthly["cash_yen"] / divisor)


@pytest.mark.parametrize("unit", ["yen", "thousand", "man"])
def test_the_html_charts_and_money_metrics_follow_the_unit(unit):
    scenarios, results = _pair()
    page = compare_report(scenarios, "html", "ja", results=results, unit=unit).decode()
    specs = [json.loads(s) for s in re.findall(r"<script type='application/json' id='fig-\d+'>(.*?)</script>",
                                                 page, flags=re.S)]
    assert len(specs) == 2  # cash and P&L compared
    for spec in specs:
        assert spec["layout"]["yaxis"]["title"]["text"] == money_label("ja", unit)
    npv = results[0].metrics["npv_yen"]
    label = {"yen": "円", "thousand": "千円", "man": "万円"}[unit]
    shown = f"{abs(round(npv / UNIT_DIVISOR[unit])):,}{label}"
    assert shown in page, shown


def test_an_unknown_unit_is_refused():
    scenarios, results = _pair()
    with pytest.raises(ValueError, match="money unit"):
        compare_report(scenarios, "pdf", "ja", results=results, unit="million")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_differing_inputs_read_as_the_forms_label_them(lang):
    """The comparison PDF listed dotted paths and raw values (organisation.services[0].care_mix.care_3 0.24,
    paths[0].kind capacity_increase, 251000000.0): every shipped pair now reads as labels and formatted values,
    with no snake_case or dotted key left."""
    import subprocess
    from itertools import combinations

    from test_pack import DOTTED, EXAMPLES, SNAKE

    from simulator.files import load_scenario

    found = []
    for a, b in combinations(EXAMPLES, 2):
        pdf = compare_report([load_scenario(a), load_scenario(b)], "pdf", lang, unit="man")
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        found += [(a.stem, b.stem, m) for m in SNAKE.findall(text) + DOTTED.findall(text)]
    assert not found, found[:10]


@pytest.mark.parametrize(("lang", "capital", "opening"), [("ja", "施設整備", "開設準備"),
                                                           ("en", "facility construction", "opening preparation")])
def test_a_subsidys_kind_reads_as_its_label(lang, capital, opening):
    from simulator.field_text import value_text

    assert value_text("financing.subsidies.0.kind", "capital", lang=lang) == capital  # was the raw 'capital'
    assert value_text("financing.subsidies[1].kind", "opening", lang=lang) == opening


@pytest.mark.parametrize(("lang", "label", "money"), [("ja", "地代家賃（月額）", "25万円"),
                                                      ("en", "rent per month", "25")])
def test_a_new_sites_rent_reads_as_its_label(lang, label, money):
    """A capacity increase's rent (a rented new site, paths[0].rent_yen_per_month) reads in the comparison as the
    field's label with its path, never as the key: 250,000 円 shows as 25 (万円)."""
    import subprocess

    from test_pack import DOTTED, EXAMPLES, SNAKE

    from simulator.field_text import field_text, value_text
    from simulator.files import load_scenario

    same_site = load_scenario(next(e for e in EXAMPLES if e.stem == "capacity_tokuyo_30beds"))
    rented = same_site.model_copy(deep=True)
    rented.paths[0].new_site, rented.paths[0].rent_yen_per_month = True, 250_000
    name = field_text(rented, "paths[0].rent_yen_per_month", lang)
    assert label in name and not SNAKE.findall(name), name
    assert money in value_text("paths[0].rent_yen_per_month", 250_000, "man", lang)
    pdf = compare_report([same_site, rented], "pdf", lang, unit="man")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert not SNAKE.findall(text) + DOTTED.findall(text)
    assert label.split("（")[0] in text


def test_a_row_names_the_item_of_every_scenario_not_only_the_first():
    """Comparing the 特養 増床 with the GH 新設: paths[0]'s opening month belongs to「30床増床」in one and to the GH
    in the other; the row named only the first scenario's path, as if both files had it."""
    from simulator.field_text import field_text_across
    from simulator.files import load_scenario
    from simulator.risk.tornado import item_name

    root = Path(__file__).resolve().parents[2] / "scenarios"
    pair = [load_scenario(root / "capacity_tokuyo_30beds.toml"),
            load_scenario(root / "combined_gh_and_care_management.toml")]
    path = "paths.0.opening_month"
    names = [item_name(s, path, "ja") for s in pair]
    assert names[0] and names[1] and names[0] != names[1]
    row = field_text_across(pair, path, "ja")
    assert names[0] in row and names[1] in row
    assert field_text_across([pair[0], pair[0]], path, "ja").count(names[0]) == 1  # one name said once
