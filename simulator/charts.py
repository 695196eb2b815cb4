"""Plotly figure builders shared by the app and the HTML report.

Every builder takes the data (a :class:`~simulator.engine.result.Result` or a risk table) and
``lang`` and returns a ``go.Figure`` with a title, labelled axes and units. Money is shown in
百万円 (JPY million). Builders never compute the model: they only draw what they are given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from simulator import pdca
from simulator.engine.result import Result
from simulator.i18n import Lang, t

MILLION = 1_000_000
PALETTE = ("#1f5fa8", "#e07b00", "#2a9d57", "#c0392b", "#7d3c98", "#6c757d")
FONT = "IPAexGothic, 'Noto Sans CJK JP', 'Hiragino Sans', Meiryo, sans-serif"


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01},
        xaxis_title=x_title,
        yaxis_title=y_title,
        font={"family": FONT, "size": 13},
        template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0},
        margin={"l": 70, "r": 20, "t": 80, "b": 60},
        hovermode="x unified",
    )
    return fig


def _money_axis(lang: Lang) -> str:
    return t("report.unit.million_yen", lang)


def _dates(result: Result) -> pd.Series:
    return pd.to_datetime(result.monthly["date"])


def _fiscal_years(result: Result) -> list[str]:
    return [str(y) for y in result.annual.index]


def cash_chart(result: Result, lang: Lang = "ja", cash_floor_yen: float | None = None) -> go.Figure:
    """Month-end cash with the plan against the do-nothing baseline."""
    monthly, dates = result.monthly, _dates(result)
    fig = go.Figure()
    fig.add_scatter(x=dates, y=monthly["cash_yen"] / MILLION, name=t("report.chart.plan", lang),
                    line={"color": PALETTE[0], "width": 2.5})
    fig.add_scatter(x=dates, y=monthly["baseline_cash_yen"] / MILLION, name=t("report.chart.baseline", lang),
                    line={"color": PALETTE[5], "dash": "dash"})
    if cash_floor_yen is not None:
        fig.add_hline(y=cash_floor_yen / MILLION, line={"color": PALETTE[3], "dash": "dot"},
                      annotation_text=t("report.chart.floor", lang))
    return _layout(fig, t("report.chart.cash", lang), t("report.col.date", lang), _money_axis(lang))


def pnl_chart(result: Result, lang: Lang = "ja") -> go.Figure:
    """Revenue and total costs as bars, operating profit and net income as lines, by fiscal year."""
    annual, years = result.annual, _fiscal_years(result)
    costs = annual["revenue_yen"] - annual["operating_profit_yen"]
    fig = go.Figure()
    fig.add_bar(x=years, y=annual["revenue_yen"] / MILLION, name=t("report.col.revenue_yen", lang),
                marker_color=PALETTE[0])
    fig.add_bar(x=years, y=costs / MILLION, name=t("report.col.total_costs_yen", lang), marker_color=PALETTE[1])
    fig.add_scatter(x=years, y=annual["operating_profit_yen"] / MILLION, mode="lines+markers",
                    name=t("report.col.operating_profit_yen", lang), line={"color": PALETTE[2]}, yaxis="y2")
    fig.add_scatter(x=years, y=annual["net_income_yen"] / MILLION, mode="lines+markers",
                    name=t("report.col.net_income_yen", lang), line={"color": PALETTE[3]}, yaxis="y2")
    fig.update_layout(
        barmode="group",
        # round numbers on the profit axis (plotly aligns an overlaying axis to the grid: 4.79, 0.49 …)
        yaxis2={"overlaying": "y", "side": "right", "title": _money_axis(lang), "showgrid": False,
                "tickmode": "auto"},
    )
    return _layout(fig, t("report.chart.pnl", lang), t("report.col.fiscal_year", lang), _money_axis(lang))


REVENUE_PARTS = ("revenue_fee_yen", "revenue_hotel_yen", "revenue_other_yen")
COST_PARTS = ("personnel_yen", "recruiting_yen", "other_costs_yen", "rent_yen", "one_off_costs_yen",
              "depreciation_yen")


def revenue_cost_chart(result: Result, lang: Lang = "ja") -> go.Figure:
    """Stacked revenue (positive) and costs (negative) by fiscal year."""
    annual, years = result.annual, _fiscal_years(result)
    fig = go.Figure()
    for i, column in enumerate(REVENUE_PARTS):
        fig.add_bar(x=years, y=annual[column] / MILLION, name=t(f"report.col.{column}", lang),
                    marker_color=PALETTE[i % 3], legendgroup="revenue")
    for i, column in enumerate(COST_PARTS):
        fig.add_bar(x=years, y=-annual[column] / MILLION, name=t(f"report.col.{column}", lang),
                    marker_color=["#f4a259", "#f6c28b", "#bc4b51", "#8c2f39", "#d9a5b3", "#adb5bd"][i],
                    legendgroup="costs")
    fig.update_layout(barmode="relative")
    _layout(fig, t("report.chart.stack", lang), t("report.col.fiscal_year", lang), _money_axis(lang))
    # nine items in two groups do not fit one row above the plot (they covered the title): a column at the right
    return fig.update_layout(legend={"orientation": "v", "yanchor": "top", "y": 1.0, "x": 1.02, "xanchor": "left"},
                             margin={"r": 170})


def staffing_chart(result: Result, lang: Lang = "ja") -> go.Figure:
    """FTE required by the 人員基準 against FTE planned, per month; months below the standard marked."""
    monthly, dates = result.monthly, _dates(result)
    fig = go.Figure()
    fig.add_scatter(x=dates, y=monthly["fte_required"], name=t("report.col.fte_required", lang),
                    line={"color": PALETTE[3], "dash": "dash"})
    fig.add_scatter(x=dates, y=monthly["fte_planned"], name=t("report.col.fte_planned", lang),
                    line={"color": PALETTE[0], "width": 2.5})
    short = monthly["staff_shortfall"].to_numpy() > 0
    if short.any():
        fig.add_scatter(x=dates[short], y=monthly["fte_planned"][short], mode="markers",
                        name=t("report.col.staff_shortfall", lang), marker={"color": PALETTE[3], "size": 8})
    return _layout(fig, t("report.chart.staffing", lang), t("report.col.date", lang), t("report.unit.fte", lang))


def fan_chart(bands: pd.DataFrame, lang: Lang = "ja", base: pd.Series | None = None) -> go.Figure:
    """P10–P90 (and P5–P95 when given) bands of cash with the median; ``bands`` index = dates."""
    x = pd.to_datetime(pd.Index(bands.index)) if not np.issubdtype(bands.index.dtype, np.number) else bands.index
    fig = go.Figure()
    for low, high, key, alpha in (("p5", "p95", "report.chart.band_90", 0.15), ("p10", "p90", "report.chart.band_80", 0.3)):
        if low in bands and high in bands:
            fig.add_scatter(x=x, y=bands[high] / MILLION, line={"width": 0}, showlegend=False, hoverinfo="skip")
            fig.add_scatter(x=x, y=bands[low] / MILLION, fill="tonexty", line={"width": 0},
                            fillcolor=f"rgba(31,95,168,{alpha})", name=t(key, lang))
    if "p50" in bands:
        fig.add_scatter(x=x, y=bands["p50"] / MILLION, name=t("report.chart.median", lang),
                        line={"color": PALETTE[0], "width": 2})
    if base is not None:
        fig.add_scatter(x=x, y=np.asarray(base) / MILLION, name=t("report.chart.base", lang),
                        line={"color": PALETTE[1], "dash": "dash"})
    return _layout(fig, t("report.chart.fan", lang), t("report.col.date", lang), _money_axis(lang))


def histogram_chart(samples: np.ndarray, lang: Lang = "ja", metric: str = "npv_yen") -> go.Figure:
    """Distribution of a money metric over the Monte Carlo trials."""
    values = np.asarray(samples, dtype=float)
    values = values[np.isfinite(values)]
    fig = go.Figure(go.Histogram(x=values / MILLION, nbinsx=40, marker_color=PALETTE[0]))
    fig.add_vline(x=0, line={"color": PALETTE[3], "dash": "dot"})
    title = t("report.chart.histogram", lang)
    x_title = f"{t(f'report.metric.{metric}', lang)}（{_money_axis(lang)}）" if lang == "ja" else \
        f"{t(f'report.metric.{metric}', lang)} ({_money_axis(lang)})"
    fig = _layout(fig, title, x_title, t("report.chart.frequency", lang))
    fig.update_layout(hovermode="closest")
    return fig


def tornado_chart(rows: pd.DataFrame, lang: Lang = "ja") -> go.Figure:
    """Horizontal bars of the NPV change at each input's P10 and P90, largest swing on top."""
    frame = rows.copy()
    base = frame["base"] if "base" in frame else 0.0
    frame["d_low"] = (frame["low"] - base) / MILLION
    frame["d_high"] = (frame["high"] - base) / MILLION
    frame["swing"] = (frame["d_high"] - frame["d_low"]).abs()
    frame = frame.sort_values("swing")
    labels = frame["input"].astype(str)
    fig = go.Figure()
    fig.add_bar(y=labels, x=frame["d_low"], orientation="h", name=t("report.head.low", lang),
                marker_color=PALETTE[3])
    fig.add_bar(y=labels, x=frame["d_high"], orientation="h", name=t("report.head.high", lang),
                marker_color=PALETTE[2])
    fig.update_layout(barmode="overlay", hovermode="closest")
    return _layout(fig, t("report.chart.tornado", lang), t("report.chart.npv_change", lang), "")


def stress_chart(stress: pd.DataFrame, lang: Lang = "ja", base_npv: float | None = None) -> go.Figure:
    """NPV of each stress case (index = case name), with the base case first when given."""
    names = [str(n) for n in stress.index]
    values = list(stress["npv_yen"] / MILLION)
    if base_npv is not None:
        names, values = [t("report.chart.base", lang)] + names, [base_npv / MILLION] + values
    colors = [PALETTE[2] if v >= 0 else PALETTE[3] for v in values]
    fig = go.Figure(go.Bar(x=names, y=values, marker_color=colors))
    fig.update_layout(hovermode="closest")
    return _layout(fig, t("report.chart.stress", lang), t("report.head.case", lang),
                   f"NPV（{_money_axis(lang)}）" if lang == "ja" else f"NPV ({_money_axis(lang)})")


def plan_actual_chart(plan: pd.DataFrame, actuals: pd.DataFrame, forecast: pd.DataFrame,
                      lang: Lang = "ja") -> go.Figure:
    """STEP 3: monthly operating revenue of the plan, the actuals and the re-forecast."""
    shown = pdca.chart_months(plan, actuals)
    dates = pd.to_datetime(plan["date"][shown])
    fig = go.Figure()
    fig.add_scatter(x=dates, y=plan["revenue_yen"][shown] / MILLION, name=t("report.chart.plan", lang),
                    line={"color": PALETTE[0], "width": 2.5})
    fig.add_scatter(x=dates, y=forecast["revenue_yen"][shown] / MILLION, name=t("report.pdca.forecast", lang),
                    line={"color": PALETTE[1], "dash": "dash"})
    fig.add_scatter(x=dates, y=actuals["revenue_yen"].reindex(plan.index)[shown] / MILLION, mode="markers",
                    name=t("report.pdca.actual", lang), marker={"color": PALETTE[3]})
    return _layout(fig, t("report.pdca.chart", lang), t("report.col.date", lang), _money_axis(lang))


def compare_cash_chart(results: Mapping[str, Result], lang: Lang = "ja") -> go.Figure:
    """Cash balance of 2-5 scenarios overlaid (names as given)."""
    fig = go.Figure()
    for i, (name, result) in enumerate(results.items()):
        fig.add_scatter(x=_dates(result), y=result.monthly["cash_yen"] / MILLION, name=name,
                        line={"color": PALETTE[i % len(PALETTE)], "width": 2})
    return _layout(fig, t("report.chart.compare_cash", lang), t("report.col.date", lang), _money_axis(lang))


def compare_pnl_chart(results: Mapping[str, Result], lang: Lang = "ja") -> go.Figure:
    """Operating profit by fiscal year of 2-5 scenarios side by side."""
    fig = go.Figure()
    for i, (name, result) in enumerate(results.items()):
        fig.add_bar(x=_fiscal_years(result), y=result.annual["operating_profit_yen"] / MILLION, name=name,
                    marker_color=PALETTE[i % len(PALETTE)])
    fig.update_layout(barmode="group")
    return _layout(fig, t("report.col.operating_profit_yen", lang), t("report.col.fiscal_year", lang),
                   _money_axis(lang))


def result_figures(result: Result, lang: Lang = "ja", risk: Any = None,
                   cash_floor_yen: float | None = None) -> dict[str, go.Figure]:
    """All the figures for one result (risk figures only when the risk parts are present)."""
    from simulator.report.content import risk_view

    figures = {
        "cash": cash_chart(result, lang, cash_floor_yen),
        "pnl": pnl_chart(result, lang),
        "stack": revenue_cost_chart(result, lang),
        "staffing": staffing_chart(result, lang),
    }
    view = risk_view(risk)
    if view is not None:
        if view.fan is not None:
            figures["fan"] = fan_chart(view.fan, lang)
        if view.npv_samples is not None and view.npv_samples.size:
            figures["histogram"] = histogram_chart(view.npv_samples, lang)
        if view.tornado is not None:
            figures["tornado"] = tornado_chart(view.tornado, lang)
        if view.stress is not None and "npv_yen" in view.stress:
            figures["stress"] = stress_chart(view.stress, lang)
    return figures
