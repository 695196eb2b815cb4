"""Small plotly builders the pages use until (or where) simulator.charts has no equivalent."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from simulator.ui.fmt import UNIT_DIVISOR, MoneyUnit, unit_label


def _layout(fig: go.Figure, title: str, y_title: str) -> go.Figure:
    fig.update_layout(title=title, yaxis_title=y_title, height=380, margin=dict(l=10, r=10, t=50, b=10),
                      legend=dict(orientation="h", y=-0.2), hovermode="x unified")
    return fig


def cash(monthly: pd.DataFrame, unit: MoneyUnit, lang: str, names: dict[str, str], title: str) -> go.Figure:
    """Month-end cash with the plan and if the organisation does nothing."""
    d = UNIT_DIVISOR[unit]
    fig = go.Figure()
    fig.add_scatter(x=monthly["date"], y=monthly["cash_yen"] / d, name=names["plan"], mode="lines")
    if "baseline_cash_yen" in monthly:
        fig.add_scatter(x=monthly["date"], y=monthly["baseline_cash_yen"] / d, name=names["baseline"],
                        mode="lines", line=dict(dash="dot"))
    fig.add_hline(y=0, line_color="grey", line_width=1)
    return _layout(fig, title, unit_label(unit, lang))


def annual_pl(annual: pd.DataFrame, unit: MoneyUnit, lang: str, names: dict[str, str], title: str) -> go.Figure:
    """Revenue and costs as bars, operating profit as a line, by fiscal year."""
    d = UNIT_DIVISOR[unit]
    x = [str(i) for i in annual.index]
    fig = go.Figure()
    costs = annual.get("revenue_yen", 0) - annual.get("operating_profit_yen", 0)
    fig.add_bar(x=x, y=annual["revenue_yen"] / d, name=names["revenue"])
    fig.add_bar(x=x, y=costs / d, name=names["costs"])
    fig.add_scatter(x=x, y=annual["operating_profit_yen"] / d, name=names["profit"], mode="lines+markers")
    fig.update_layout(barmode="group")
    return _layout(fig, title, unit_label(unit, lang))


def overlay_cash(series: dict[str, pd.DataFrame], unit: MoneyUnit, lang: str, title: str) -> go.Figure:
    """Cash of several scenarios or paths on one chart."""
    d = UNIT_DIVISOR[unit]
    fig = go.Figure()
    for name, monthly in series.items():
        fig.add_scatter(x=monthly["date"], y=monthly["cash_yen"] / d, name=name, mode="lines")
    fig.add_hline(y=0, line_color="grey", line_width=1)
    return _layout(fig, title, unit_label(unit, lang))


def plan_vs_actual(x: pd.Series, plan: pd.Series, actual: pd.Series, forecast: pd.Series | None,
                   names: dict[str, str], title: str, y_title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=x, y=plan, name=names["plan"], mode="lines")
    if forecast is not None:
        fig.add_scatter(x=x, y=forecast, name=names["forecast"], mode="lines", line=dict(dash="dash"))
    fig.add_scatter(x=x, y=actual, name=names["actual"], mode="markers+lines")
    return _layout(fig, title, y_title)


def staffing(monthly: pd.DataFrame, names: dict[str, str], title: str, y_title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=monthly["date"], y=monthly["fte_required"], name=names["required"], mode="lines",
                    line=dict(dash="dot"))
    fig.add_scatter(x=monthly["date"], y=monthly["fte_planned"], name=names["planned"], mode="lines")
    return _layout(fig, title, y_title)
