"""Chart builders: the data drawn is the Result's, axes are labelled with units, both languages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_report_support import synthetic_result, synthetic_risk

from simulator import charts


@pytest.fixture(scope="module")
def result():
    return synthetic_result()


def test_cash_chart_draws_the_result_in_million_yen(result):
    fig = charts.cash_chart(result, "ja")
    plan, baseline = fig.data[0], fig.data[1]
    np.testing.assert_allclose(plan.y, result.monthly["cash_yen"] / 1e6)
    np.testing.assert_allclose(baseline.y, result.monthly["baseline_cash_yen"] / 1e6)
    assert fig.layout.yaxis.title.text == "百万円"
    assert charts.cash_chart(result, "en").layout.yaxis.title.text == "JPY million"


def test_pnl_chart_costs_are_revenue_minus_operating_profit(result):
    fig = charts.pnl_chart(result, "en")
    revenue, costs = fig.data[0], fig.data[1]
    np.testing.assert_allclose(np.asarray(revenue.y) - np.asarray(costs.y),
                               result.annual["operating_profit_yen"] / 1e6)
    assert list(revenue.x) == [str(y) for y in result.annual.index]


def test_every_figure_has_a_title_and_labelled_axes_in_both_languages(result):
    risk = synthetic_risk(result)
    for lang in ("ja", "en"):
        figures = charts.result_figures(result, lang, risk, cash_floor_yen=0)
        assert set(figures) == {"cash", "pnl", "stack", "staffing", "fan", "histogram", "tornado", "stress"}
        for name, fig in figures.items():
            assert fig.layout.title.text, name
            assert fig.layout.xaxis.title.text, name
            if name != "tornado":  # the tornado's y axis carries the input names
                assert fig.layout.yaxis.title.text, name
    ja = charts.result_figures(result, "ja")["cash"].layout.title.text
    en = charts.result_figures(result, "en")["cash"].layout.title.text
    assert ja != en


def test_risk_figures_are_skipped_without_risk(result):
    assert set(charts.result_figures(result, "ja")) == {"cash", "pnl", "stack", "staffing"}


def test_tornado_puts_the_largest_swing_on_top(result):
    view = synthetic_risk(result)
    fig = charts.tornado_chart(view.tornado, "ja")
    swings = np.abs(np.asarray(fig.data[1].x) - np.asarray(fig.data[0].x))
    assert list(swings) == sorted(swings)  # plotly draws the last category at the top
    assert fig.data[0].y[-1] == "稼働率の上限"


def test_fan_chart_bands_come_from_the_risk_run(result):
    risk = synthetic_risk(result)
    view = risk
    fig = charts.fan_chart(view.fan, "ja")
    median = next(tr for tr in fig.data if tr.name == "中央値（P50）")
    np.testing.assert_allclose(median.y, risk.monte_carlo.bands["cash_p50"] / 1e6)


def test_compare_cash_chart_has_one_line_per_scenario(result):
    other = synthetic_result(seed=9)
    fig = charts.compare_cash_chart({"A": result, "B": other}, "ja")
    assert [tr.name for tr in fig.data] == ["A", "B"]


def test_legends_do_not_cover_titles_and_the_profit_axis_has_round_ticks(result):
    """The stacked chart's nine items stand in a column right of the plot (a row above it wrapped over the
    title); the P&L chart's profit axis ticks on its own round numbers, not aligned to the bars' grid."""
    stack = charts.revenue_cost_chart(result, "ja")
    assert len(stack.data) == 9
    assert stack.layout.legend.orientation == "v" and stack.layout.legend.x > 1.0
    assert stack.layout.margin.r >= 150

def test_profit_lines_share_the_bars_axis_so_a_loss_is_drawn_below_zero(result):
    fig = charts.pnl_chart(result, "ja")
    assert all(trace.yaxis in (None, "y") for trace in fig.data)
    assert "yaxis2" not in fig.layout.to_plotly_json()


def test_money_in_the_chosen_unit_and_dates_in_the_readers_language(result):
    ja = charts.cash_chart(result, "ja", unit="man")
    np.testing.assert_allclose(ja.data[0].y, result.monthly["cash_yen"] / 1e4)
    assert ja.layout.yaxis.title.text == "万円" and ja.layout.xaxis.tickformat == "%Y年%-m月"
    assert ja.layout.yaxis.hoverformat == ",.0f"  # 6,218 not 6218.462
    en = charts.cash_chart(result, "en", unit="thousand")
    assert en.layout.yaxis.title.text == "k yen" and en.layout.xaxis.tickformat == "%b %Y"
    assert charts.cash_chart(result, "en").layout.yaxis.hoverformat == ",.1f"


def test_tornado_colours_mean_better_or_worse_and_labels_say_the_input_end():
    rows = pd.DataFrame({"input": ["cost", "occupancy"], "low": [120e6, 40e6], "high": [80e6, 160e6],
                         "base": [100e6, 100e6], "low_value": [300_000, 0.85], "high_value": [420_000, 0.97]})
    fig = charts.tornado_chart(rows, "en")
    low, high = fig.data[0], fig.data[1]
    by_input = dict(zip(low.y, low.marker.color, strict=True))
    assert by_input["cost"] == charts.GOOD and by_input["occupancy"] == charts.BAD  # cheaper build: better
    assert dict(zip(high.y, high.marker.color, strict=True)) == {"cost": charts.BAD, "occupancy": charts.GOOD}
    assert list(low.text) == ["Low (P10) 300,000", "Low (P10) 85.0%"]  # smallest swing first (drawn at the bottom)
    assert {tr.name for tr in fig.data if tr.showlegend is not False} == {"Result improves", "Result gets worse"}


def test_histogram_is_binned_bars_coloured_by_sign():
    samples = np.concatenate([np.full(30, -5e6), np.full(70, 5e6)])
    fig = charts.histogram_chart(samples, "ja", bins=2)
    bar = fig.data[0]
    assert bar.type == "bar" and list(bar.y) == [30, 70]
    assert list(bar.marker.color) == [charts.BAD, charts.GOOD]
