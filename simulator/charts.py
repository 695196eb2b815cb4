"""The plotly figure builders, the only ones: the app's pages and the HTML report draw with them.

Every builder takes the data (a :class:`~simulator.engine.result.Result`, a risk table or plain series),
``lang`` and the money ``unit`` and returns a ``go.Figure`` with a title, labelled axes and units, dates
and hover numbers in the reader's language (2026年7月 / Jul 2026; 1,234.5 not 1234.4821). Money is in
百万円 unless a unit (万円, 千円, 円) is given. Builders never compute the model: they only draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from simulator import pdca
from simulator.engine.result import Result
from simulator.i18n import Lang, t

if TYPE_CHECKING:
    from simulator.risk.run import RiskRun

MILLION = 1_000_000
PALETTE = ("#1f5fa8", "#e07b00", "#2a9d57", "#c0392b", "#7d3c98", "#6c757d")
GOOD, BAD = PALETTE[2], PALETTE[3]  # green where the result improves, red where it gets worse
FONT = "IPAexGothic, 'Noto Sans CJK JP', 'Hiragino Sans', Meiryo, sans-serif"
# money unit → (yen per shown unit, axis label key, decimals in hover text)
UNITS: dict[str, tuple[float, str, int]] = {
    "million": (MILLION, "report.unit.million_yen", 1),
    "man": (10_000, "report.unit.man_yen", 0),
    "thousand": (1_000, "report.unit.k_yen", 0),
    "yen": (1, "report.unit.yen", 0),
}
DATE_FORMAT = {"ja": "%Y年%-m月", "en": "%b %Y"}


def _divisor(unit: str) -> float:
    return UNITS[unit][0]


def money_label(lang: Lang, unit: str = "million") -> str:
    """The money axis title: 百万円 / JPY million, 万円 / ×10k yen …"""
    return t(UNITS[unit][1], lang)


def labelled(label: str, unit_text: str, lang: Lang) -> str:
    return f"{label}（{unit_text}）" if lang == "ja" else f"{label} ({unit_text})"


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, lang: Lang = "ja", *, dates: bool = False,
            unit: str | None = "million") -> go.Figure:
    """Title, axis titles, font; date ticks and hover numbers in the reader's language."""
    fig.update_layout(
        title={"text": title, "x": 0.01},
        xaxis_title=x_title,
        yaxis_title=y_title,
        font={"family": FONT, "size": 13},
        template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0},
        margin={"l": 70, "r": 20, "t": 80, "b": 60},
        hovermode="x unified",
        separators=".,",
    )
    if dates:
        fig.update_xaxes(tickformat=DATE_FORMAT.get(lang, DATE_FORMAT["en"]),
                         hoverformat=DATE_FORMAT.get(lang, DATE_FORMAT["en"]))
    if unit is not None:
        fig.update_yaxes(hoverformat=f",.{UNITS[unit][2]}f", tickformat=",")
    return fig


def _dates(result: Result) -> pd.Series:
    return pd.to_datetime(result.monthly["date"])


def _fiscal_years(result: Result) -> list[str]:
    return [str(y) for y in result.annual.index]


def cash_chart(result: Result, lang: Lang = "ja", cash_floor_yen: float | None = None,
               unit: str = "million") -> go.Figure:
    """Month-end cash with the plan against the do-nothing baseline."""
    monthly, dates, d = result.monthly, _dates(result), _divisor(unit)
    fig = go.Figure()
    fig.add_scatter(x=dates, y=monthly["cash_yen"] / d, name=t("report.chart.plan", lang),
                    line={"color": PALETTE[0], "width": 2.5})
    fig.add_scatter(x=dates, y=monthly["baseline_cash_yen"] / d, name=t("report.chart.baseline", lang),
                    line={"color": PALETTE[5], "dash": "dash"})
    if cash_floor_yen is not None:
        fig.add_hline(y=cash_floor_yen / d, line={"color": BAD, "dash": "dot"},
                      annotation_text=t("report.chart.floor", lang))
    return _layout(fig, t("report.chart.cash", lang), t("report.col.date", lang), money_label(lang, unit), lang,
                   dates=True, unit=unit)


def pnl_chart(result: Result, lang: Lang = "ja", unit: str = "million") -> go.Figure:
    """Revenue and total costs as bars, operating profit and net income as lines, by fiscal year, on one
    money axis (a second axis did not share zero: a loss was drawn above the bars)."""
    annual, years, d = result.annual, _fiscal_years(result), _divisor(unit)
    costs = annual["revenue_yen"] - annual["operating_profit_yen"]
    fig = go.Figure()
    fig.add_bar(x=years, y=annual["revenue_yen"] / d, name=t("report.col.revenue_yen", lang),
                marker_color=PALETTE[0])
    fig.add_bar(x=years, y=costs / d, name=t("report.col.total_costs_yen", lang), marker_color=PALETTE[1])
    fig.add_scatter(x=years, y=annual["operating_profit_yen"] / d, mode="lines+markers",
                    name=t("report.col.operating_profit_yen", lang), line={"color": PALETTE[2]})
    fig.add_scatter(x=years, y=annual["net_income_yen"] / d, mode="lines+markers",
                    name=t("report.col.net_income_yen", lang), line={"color": PALETTE[4]})
    fig.add_hline(y=0, line={"color": "#888", "width": 1})
    fig.update_layout(barmode="group")
    return _layout(fig, t("report.chart.pnl", lang), t("report.col.fiscal_year", lang), money_label(lang, unit),
                   lang, unit=unit)


REVENUE_PARTS = ("revenue_fee_yen", "revenue_hotel_yen", "revenue_other_yen")
COST_PARTS = ("personnel_yen", "recruiting_yen", "other_costs_yen", "rent_yen", "one_off_costs_yen",
              "depreciation_yen")


def revenue_cost_chart(result: Result, lang: Lang = "ja", unit: str = "million") -> go.Figure:
    """Stacked revenue (positive) and costs (negative) by fiscal year."""
    annual, years, d = result.annual, _fiscal_years(result), _divisor(unit)
    fig = go.Figure()
    for i, column in enumerate(REVENUE_PARTS):
        fig.add_bar(x=years, y=annual[column] / d, name=t(f"report.col.{column}", lang),
                    marker_color=PALETTE[i % 3], legendgroup="revenue")
    for i, column in enumerate(COST_PARTS):
        fig.add_bar(x=years, y=-annual[column] / d, name=t(f"report.col.{column}", lang),
                    marker_color=["#f4a259", "#f6c28b", "#bc4b51", "#8c2f39", "#d9a5b3", "#adb5bd"][i],
                    legendgroup="costs")
    fig.update_layout(barmode="relative")
    _layout(fig, t("report.chart.stack", lang), t("report.col.fiscal_year", lang), money_label(lang, unit), lang,
            unit=unit)
    # nine items in two groups do not fit one row above the plot (they covered the title): a column at the right
    return fig.update_layout(legend={"orientation": "v", "yanchor": "top", "y": 1.0, "x": 1.02, "xanchor": "left"},
                             margin={"r": 170})


def staffing_chart(result: Result, lang: Lang = "ja") -> go.Figure:
    """FTE required by the 人員基準 against FTE planned, per month; months below the standard marked."""
    monthly, dates = result.monthly, _dates(result)
    fig = go.Figure()
    fig.add_scatter(x=dates, y=monthly["fte_required"], name=t("report.col.fte_required", lang),
                    line={"color": BAD, "dash": "dash"})
    fig.add_scatter(x=dates, y=monthly["fte_planned"], name=t("report.col.fte_planned", lang),
                    line={"color": PALETTE[0], "width": 2.5})
    short = monthly["staff_shortfall"].to_numpy() > 0
    if short.any():
        fig.add_scatter(x=dates[short], y=monthly["fte_planned"][short], mode="markers",
                        name=t("report.col.staff_shortfall", lang), marker={"color": BAD, "size": 8})
    fig = _layout(fig, t("report.chart.staffing", lang), t("report.col.date", lang), t("report.unit.fte", lang),
                  lang, dates=True, unit=None)
    return fig.update_yaxes(hoverformat=",.1f")


def fan_chart(bands: pd.DataFrame, lang: Lang = "ja", base: pd.Series | None = None,
              unit: str = "million") -> go.Figure:
    """P10–P90 (and P5–P95 when given) bands of cash with the median; ``bands`` index = dates."""
    dated = not (isinstance(bands.index.dtype, np.dtype) and np.issubdtype(bands.index.dtype, np.number))
    x: Any = pd.to_datetime(pd.Index(bands.index)) if dated else bands.index  # plotly takes an Index
    d = _divisor(unit)
    fig = go.Figure()
    for low, high, key, alpha in (("p5", "p95", "report.chart.band_90", 0.15), ("p10", "p90", "report.chart.band_80", 0.3)):
        if low in bands and high in bands:
            fig.add_scatter(x=x, y=bands[high] / d, line={"width": 0}, showlegend=False, hoverinfo="skip")
            fig.add_scatter(x=x, y=bands[low] / d, fill="tonexty", line={"width": 0},
                            fillcolor=f"rgba(31,95,168,{alpha})", name=t(key, lang))
    if "p50" in bands:
        fig.add_scatter(x=x, y=bands["p50"] / d, name=t("report.chart.median", lang),
                        line={"color": PALETTE[0], "width": 2})
    if base is not None:
        fig.add_scatter(x=x, y=np.asarray(base) / d, name=t("report.chart.base", lang),
                        line={"color": PALETTE[1], "dash": "dash"})
    return _layout(fig, t("report.chart.fan", lang), t("report.col.date", lang), money_label(lang, unit), lang,
                   dates=dated, unit=unit)


def histogram_chart(samples: np.ndarray, lang: Lang = "ja", metric: str = "npv_yen",
                    unit: str = "million", bins: int = 40) -> go.Figure:
    """Distribution of a money metric over the Monte Carlo trials, binned here (bars of trial counts: the
    figure carries 40 numbers, not every trial), losses red, gains green."""
    values = np.asarray(samples, dtype=float)
    values = values[np.isfinite(values)] / _divisor(unit)
    counts, edges = np.histogram(values, bins=bins) if values.size else (np.zeros(0), np.zeros(1))
    centres = (edges[:-1] + edges[1:]) / 2
    colours = [GOOD if c >= 0 else BAD for c in centres]
    decimals = UNITS[unit][2]
    hover = [f"{a:,.{decimals}f} – {b:,.{decimals}f}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    fig = go.Figure(go.Bar(x=centres, y=counts, width=np.diff(edges), marker_color=colours,
                           customdata=hover,  # type: ignore[arg-type]  # plotly-stubs: numbers only; plotly takes text
                           hovertemplate="%{customdata}: %{y:,}<extra></extra>"))
    fig.add_vline(x=0, line={"color": "#444", "dash": "dot"})
    x_title = labelled(t(f"report.metric.{metric}", lang), money_label(lang, unit), lang)
    fig = _layout(fig, t("report.chart.histogram", lang), x_title, t("report.chart.frequency", lang), lang,
                  unit=None)
    fig.update_layout(hovermode="closest", bargap=0)
    return fig.update_xaxes(tickformat=",")


def input_value_text(value: float) -> str:
    """An input's value for a tornado label: shares as percentages, other numbers to 3 significant digits."""
    if not np.isfinite(value):
        return "—"
    if abs(value) <= 1.5 and not float(value).is_integer():
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def tornado_chart(rows: pd.DataFrame, lang: Lang = "ja", unit: str = "million") -> go.Figure:
    """Horizontal bars of the NPV change with each input at its P10 and at its P90, largest swing on top.

    A bar is green where the result improves and red where it gets worse (whatever the input's direction);
    the bar's text says which end of the input it is (下振れ P10 / 上振れ P90, with the value when given)."""
    frame = rows.copy()
    d = _divisor(unit)
    base = frame["base"] if "base" in frame else 0.0
    frame["d_low"] = (frame["low"] - base) / d
    frame["d_high"] = (frame["high"] - base) / d
    frame["swing"] = (frame["d_high"] - frame["d_low"]).abs()
    frame = frame.sort_values("swing")
    labels = frame["input"].astype(str)
    decimals = UNITS[unit][2]
    fig = go.Figure()
    for end, column, value_column in (("low", "d_low", "low_value"), ("high", "d_high", "high_value")):
        name = t(f"report.head.{end}", lang)
        values = frame[value_column] if value_column in frame else None
        text = [f"{name} {input_value_text(float(v))}" for v in values] if values is not None else [name] * len(frame)
        fig.add_bar(y=labels,  # type: ignore[arg-type]  # plotly-stubs: numbers only; a category axis takes text
                    x=frame[column], orientation="h", name=name, text=text, textposition="auto",
                    cliponaxis=False,
                    marker_color=[GOOD if v >= 0 else BAD for v in frame[column]], showlegend=False,
                    hovertemplate=f"%{{y}}<br>%{{text}}<br>%{{x:+,.{decimals}f}}<extra></extra>")
    for colour, key in ((GOOD, "report.chart.better"), (BAD, "report.chart.worse")):  # the colours' legend
        fig.add_bar(y=[None], x=[None],  # type: ignore[arg-type]  # plotly-stubs: no None; a legend-only bar
                    orientation="h", marker_color=colour, name=t(key, lang))
    fig.update_layout(barmode="overlay", hovermode="closest")
    x_title = labelled(t("report.chart.npv_change", lang), money_label(lang, unit), lang)
    fig = _layout(fig, t("report.chart.tornado", lang), x_title, "", lang, unit=None)
    fig.update_layout(margin={"l": 70, "r": 150})  # room for the text of the longest bars
    return fig.update_xaxes(tickformat=",")


def stress_chart(stress: pd.DataFrame, lang: Lang = "ja", base_npv: float | None = None,
                 unit: str = "million") -> go.Figure:
    """NPV of each stress case (index = case name), with the base case first when given."""
    d = _divisor(unit)
    names = [str(n) for n in stress.index]
    values = list(stress["npv_yen"] / d)
    if base_npv is not None:
        names, values = [t("report.chart.base", lang)] + names, [base_npv / d] + values
    colors = [GOOD if v >= 0 else BAD for v in values]
    fig = go.Figure(go.Bar(x=names, y=values, marker_color=colors))
    fig.update_layout(hovermode="closest")
    return _layout(fig, t("report.chart.stress", lang), t("report.head.case", lang),
                   labelled("NPV", money_label(lang, unit), lang), lang, unit=unit)


def plan_actual_chart(plan: pd.DataFrame, actuals: pd.DataFrame, forecast: pd.DataFrame,
                      lang: Lang = "ja", unit: str = "million") -> go.Figure:
    """STEP 3 (report): monthly operating revenue of the plan, the actuals and the re-forecast."""
    shown = pdca.chart_months(plan, actuals)
    return plan_vs_actual(plan["date"][shown], plan["revenue_yen"][shown] / _divisor(unit),
                          actuals["revenue_yen"].reindex(plan.index)[shown] / _divisor(unit),
                          forecast["revenue_yen"][shown] / _divisor(unit), lang, t("report.pdca.chart", lang),
                          money_label(lang, unit), unit)


def plan_vs_actual(dates: pd.Series, plan: pd.Series, actual: pd.Series, forecast: pd.Series | None,
                   lang: Lang, title: str, y_title: str, unit: str | None = None) -> go.Figure:
    """STEP 3: one KPI by month, plan against actuals and the re-forecast (values already in their unit)."""
    x = pd.to_datetime(dates)
    fig = go.Figure()
    fig.add_scatter(x=x, y=plan, name=t("report.chart.plan", lang), line={"color": PALETTE[0], "width": 2.5})
    if forecast is not None:
        fig.add_scatter(x=x, y=forecast, name=t("report.pdca.forecast", lang),
                        line={"color": PALETTE[1], "dash": "dash"})
    fig.add_scatter(x=x, y=actual, mode="markers+lines", name=t("report.pdca.actual", lang),
                    marker={"color": BAD})
    fig = _layout(fig, title, t("report.col.date", lang), y_title, lang, dates=True, unit=unit)
    return fig if unit is not None else fig.update_yaxes(hoverformat=",.1f")


def compare_cash_chart(results: Mapping[str, Result], lang: Lang = "ja", unit: str = "million") -> go.Figure:
    """Cash balance of 2-5 scenarios (or the paths of one) overlaid (names as given)."""
    d = _divisor(unit)
    fig = go.Figure()
    for i, (name, result) in enumerate(results.items()):
        fig.add_scatter(x=_dates(result), y=result.monthly["cash_yen"] / d, name=name,
                        line={"color": PALETTE[i % len(PALETTE)], "width": 2})
    return _layout(fig, t("report.chart.compare_cash", lang), t("report.col.date", lang), money_label(lang, unit),
                   lang, dates=True, unit=unit)


def compare_pnl_chart(results: Mapping[str, Result], lang: Lang = "ja", unit: str = "million") -> go.Figure:
    """Operating profit by fiscal year of 2-5 scenarios side by side."""
    d = _divisor(unit)
    fig = go.Figure()
    for i, (name, result) in enumerate(results.items()):
        fig.add_bar(x=_fiscal_years(result), y=result.annual["operating_profit_yen"] / d, name=name,
                    marker_color=PALETTE[i % len(PALETTE)])
    fig.update_layout(barmode="group")
    return _layout(fig, t("report.col.operating_profit_yen", lang), t("report.col.fiscal_year", lang),
                   money_label(lang, unit), lang, unit=unit)


def result_figures(result: Result, lang: Lang = "ja", risk: RiskRun | None = None,
                   cash_floor_yen: float | None = None, unit: str = "million") -> dict[str, go.Figure]:
    """All the figures for one result (risk figures only when the risk run has those parts)."""
    figures = {
        "cash": cash_chart(result, lang, cash_floor_yen, unit),
        "pnl": pnl_chart(result, lang, unit),
        "stack": revenue_cost_chart(result, lang, unit),
        "staffing": staffing_chart(result, lang),
    }
    view = risk
    if view is not None:  # the one risk result type (simulator.risk.run.RiskRun)
        if view.fan is not None:
            figures["fan"] = fan_chart(view.fan, lang, unit=unit)
        if view.npv_samples is not None and view.npv_samples.size:
            figures["histogram"] = histogram_chart(view.npv_samples, lang, unit=unit)
        if view.tornado is not None:
            figures["tornado"] = tornado_chart(view.tornado, lang, unit)
        if view.stress is not None and "npv_yen" in view.stress:
            figures["stress"] = stress_chart(view.stress, lang, unit=unit)
    return figures
