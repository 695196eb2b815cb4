"""The PDF's charts follow the report's money unit, and every character a report prints has a glyph.

The charts are drawn by :mod:`simulator.report.static_charts`; ``_png`` is replaced here by a function that
keeps the matplotlib figure, so the test reads the drawn data and the axis labels instead of pixels.
"""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from test_report_support import synthetic_result, synthetic_risk, synthetic_scenario

from simulator.format import UNIT_DIVISOR, UNIT_LABEL
from simulator.i18n import catalogue
from simulator.report import build, static_charts
from simulator.report.labels import fallback_font_path, font_path

# the locale areas whose messages reach a report (references.KEY_LABELS names the ui.* ones)
REPORT_AREAS = ("report.", "pack.", "engine.", "risk.", "ui.care.", "ui.tier.", "ui.variant_value.")


@pytest.fixture()
def figures(monkeypatch):
    """The figures the chart builders draw, in order (their PNG bytes are still made)."""
    drawn: list = []
    png = static_charts._png

    def keep(fig) -> bytes:
        drawn.append(fig)
        return png(fig)

    monkeypatch.setattr(static_charts, "_png", keep)
    return drawn


@pytest.mark.parametrize("unit", ["yen", "thousand", "man"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_money_charts_are_drawn_in_the_unit_asked_for(figures, unit, lang):
    result = synthetic_result()
    static_charts.cash_png(result, lang, cash_floor_yen=20_000_000, unit=unit)
    static_charts.pnl_png(result, lang, unit=unit)
    static_charts.tornado_png(synthetic_risk(result).tornado, lang, unit=unit)
    cash, pnl, tornado = figures
    divisor = {"yen": 1, "thousand": 1_000, "man": 10_000}[unit]  # 円, 千円, 万円 by hand
    assert divisor == UNIT_DIVISOR[unit]
    label = UNIT_LABEL[lang][unit] if unit != "man" or lang == "ja" else "×10k yen"
    ax = cash.axes[0]
    assert ax.get_ylabel() == label
    np.testing.assert_allclose(ax.lines[0].get_ydata(), result.monthly["cash_yen"] / divisor)
    np.testing.assert_allclose(ax.lines[2].get_ydata(), [20_000_000 / divisor] * 2)  # the cash floor
    bars, profit = pnl.axes
    assert bars.get_ylabel() == profit.get_ylabel() == label
    revenue = [patch.get_height() for patch in bars.containers[0]]
    np.testing.assert_allclose(revenue, result.annual["revenue_yen"] / divisor)
    np.testing.assert_allclose(profit.lines[0].get_ydata(), result.annual["operating_profit_yen"] / divisor)
    assert tornado.axes[0].get_xlabel().endswith(("（" + label + "）", "(" + label + ")"))


def test_money_ticks_have_grouped_digits_not_an_exponent(figures):
    """In 円 a cash balance of 3億 reads 300,000,000 on the axis, not 3e8."""
    static_charts.cash_png(synthetic_result(), "ja", unit="yen")
    axis = figures[0].axes[0].yaxis
    assert axis.get_major_formatter()(300_000_000, 0) == "300,000,000"
    assert axis.get_major_formatter()(-2_500_000, 0) == "-2,500,000"


def test_the_pdf_draws_its_charts_in_the_reports_unit(figures):
    result = synthetic_result()
    build(synthetic_scenario(), result, "pdf", "ja", synthetic_risk(result), unit="man")
    labels = [ax.get_ylabel() or ax.get_xlabel() for fig in figures for ax in fig.axes]
    # 収支 (bars and profit axis), 資金残高, 職員配置, fan and tornado of the risk run
    assert labels == ["万円", "万円", "万円", "常勤換算（人）", "万円", "NPVの変化（万円）"]


def _cmap(path) -> set[int]:
    return set(TTFont(str(path)).getBestCmap())


def test_every_report_message_is_in_ipaex_gothic():
    """Messages that reach a report use only IPAexGothic's glyphs (e.g. "以上", not "≥", which it lacks)."""
    cmap = _cmap(font_path())
    missing = {(key, lang, ch) for key, texts in catalogue().items() if key.startswith(REPORT_AREAS)
               for lang, text in texts.items() for ch in text if ch != "\n" and ord(ch) not in cmap}
    assert not missing


def test_the_fallback_font_covers_what_ipaex_lacks_in_every_message():
    """The rest (the app's ⚠, ≤ …) and a user's text are drawn by DejaVu Sans where IPAexGothic has no glyph."""
    cmap = _cmap(font_path()) | _cmap(fallback_font_path())
    assert {ord(ch) for ch in "≥≤⚠→−"} <= cmap
    missing = {(key, ch) for key, texts in catalogue().items() for text in texts.values() for ch in text
               if ch != "\n" and ord(ch) not in cmap}
    assert not missing


def test_a_title_with_glyphs_ipaex_lacks_reaches_the_pdf():
    result = synthetic_result()
    pdf = build(synthetic_scenario(title="定員増 ≥ 30床 ⚠"), result, "pdf", "ja", charts=False)
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False).stdout.decode()
    text = subprocess.run(["pdftotext", "-l", "1", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "定員増 ≥ 30床 ⚠" in text
    assert "DejaVu" in fonts or b"DejaVu" in pdf


@pytest.mark.parametrize("unit", ["yen", "thousand", "man"])
def test_the_html_charts_follow_the_reports_unit_too(unit):
    from simulator import charts
    from simulator.report.html import charts_unit

    assert charts_unit(unit) == unit
    figure = charts.cash_chart(synthetic_result(), "ja", unit=charts_unit(unit))
    assert figure.layout.yaxis.title.text == UNIT_LABEL["ja"][unit]


def test_a_table_title_is_kept_with_its_table(monkeypatch):
    """The 職員配置計画's cost table title is not left alone at the foot of a page (it was, before)."""
    from simulator.report import pdf as pdf_module
    from simulator.report.documents import Line, Money, Table

    doc = pdf_module.ReportPDF("ja", "t")
    doc.add_page()
    doc.set_y(doc.page_break_trigger - 10)  # 10 mm left: room for a title, not for its table
    table = Table(head="職種", columns=("2026年度",), lines=(Line("人件費", (1_000.0,)),), title="人件費と採用費")
    pdf_module._document_table(doc, table, Money())
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-", "-"], input=bytes(doc.output()),
                            capture_output=True, check=True).stdout.decode() for n in (1, 2)]
    assert "人件費と採用費" not in pages[0] and "人件費と採用費" in pages[1]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_pnl_legend_sits_outside_the_plot_and_inside_the_figure(figures, lang):
    """Inside the axes (upper left) the legend covered the first years' bars and profit markers; it is drawn
    below the plot, so its box meets neither axes' area and is not cut off by the figure's edge."""
    from test_pack import case

    _, result = case()  # the 特養 example: 20 fiscal years, the first bars tall enough to reach the legend
    static_charts.pnl_png(result, lang, unit="thousand")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = figures[0]
    canvas = FigureCanvasAgg(fig)  # closed after its PNG was made: draw it again, as it was laid out
    canvas.draw()
    renderer = canvas.get_renderer()
    legends = [*fig.legends, *(a.get_legend() for a in fig.axes if a.get_legend() is not None)]
    assert len(legends) == 1
    box = legends[0].get_window_extent(renderer)
    assert len(legends[0].get_texts()) == 4  # revenue, costs, operating profit, net income
    for ax in fig.axes:
        assert not box.overlaps(ax.get_window_extent(renderer)), ax
        ticks = ax.xaxis.get_tightbbox(renderer)  # None on the twin axes, whose x axis is not drawn
        assert ticks is None or not box.overlaps(ticks), "legend over the year labels"
    assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)
