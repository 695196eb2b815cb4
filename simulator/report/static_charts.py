"""PNG charts for the PDF, drawn with matplotlib and the bundled IPAexGothic (no browser needed).

Same content and labels as :mod:`simulator.charts`; money in the report's unit (円, 千円, 万円: the unit the
tables and the cover state) or 百万円 when none is given, ticks with grouped digits (never 1e8).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping
from functools import cache

import numpy as np
import pandas as pd

from simulator import pdca
from simulator.charts import UNITS, labelled, money_label
from simulator.engine.result import Result
from simulator.i18n import Lang, t
from simulator.report.labels import font_path
from simulator.report.linebreak import wrap

PALETTE = ("#1f5fa8", "#e07b00", "#2a9d57", "#c0392b", "#7d3c98", "#6c757d")
ROW_INCHES = 0.32  # a tornado row: room for a label of two lines at 7.5 pt
SIZE = (7.2, 3.4)  # inches: fits the A4 text width
DPI = 130


@cache
def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font_manager.fontManager.addfont(str(font_path()))
    name = font_manager.FontProperties(fname=str(font_path())).get_name()
    matplotlib.rcParams.update(
        {"font.family": [name, "DejaVu Sans"],  # DejaVu (matplotlib's own) for the glyphs IPAex lacks
         "axes.unicode_minus": False, "pdf.fonttype": 42, "axes.grid": True,
         "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False, "font.size": 9}
    )
    return plt


def _png(fig) -> bytes:
    plt = _pyplot()
    buffer = io.BytesIO()
    if fig.get_layout_engine() is None:  # a figure with its legend outside the axes lays itself out
        fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getvalue()


def divisor(unit: str) -> float:
    """Yen per shown unit of ``unit`` ("million", "man", "thousand" or "yen": :data:`simulator.charts.UNITS`)."""
    return UNITS[unit][0]


def _grouped(axis) -> None:
    """Tick labels with grouped digits (1,234,567), never an offset or 1e8 (amounts in 円 are large)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5 if axis.axis_name == "x" else 7, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}" if abs(value) >= 10 or value == 0
                                           else f"{value:,.1f}"))


def _new(title: str, x_label: str, y_label: str, money: str | None = None):
    """A figure with its title and axis labels; ``money`` (x or y) is the axis that carries money."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=SIZE)
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    if money is not None:
        _grouped(ax.xaxis if money == "x" else ax.yaxis)
    return fig, ax


def _columns(text: str) -> int:
    """Width in half-width columns: a Japanese (full-width) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(label: str, width: int = 34, lines: int = 2) -> str:
    """A long axis label on at most ``lines`` lines of ``width`` half-width columns, broken by the PDF's
    rules (Japanese 禁則, English words kept whole); what does not fit ends in "…"."""
    parts = wrap(label, width, _columns) or [""]
    if len(parts) > lines:
        last = parts[lines - 1]
        while last and _columns(last + "…") > width:
            last = last[:-1]
        parts = parts[: lines - 1] + [last + "…"]
    return "\n".join(parts)


def cash_png(result: Result, lang: Lang = "ja", cash_floor_yen: float | None = None, unit: str = "million") -> bytes:
    m, d = result.monthly, divisor(unit)
    dates = pd.to_datetime(m["date"])
    fig, ax = _new(t("report.chart.cash", lang), t("report.col.date", lang), money_label(lang, unit), "y")
    ax.plot(dates, m["cash_yen"] / d, color=PALETTE[0], lw=2, label=t("report.chart.plan", lang))
    ax.plot(dates, m["baseline_cash_yen"] / d, color=PALETTE[5], ls="--", label=t("report.chart.baseline", lang))
    if cash_floor_yen is not None:
        ax.axhline(cash_floor_yen / d, color=PALETTE[3], ls=":", lw=1, label=t("report.chart.floor", lang))
    ax.legend(loc="best", fontsize=8)
    return _png(fig)


def pnl_png(result: Result, lang: Lang = "ja", unit: str = "million") -> bytes:
    a, d = result.annual, divisor(unit)
    years = [str(y) for y in a.index]
    x = np.arange(len(years))
    costs = a["revenue_yen"] - a["operating_profit_yen"]
    fig, ax = _new(t("report.chart.pnl", lang), t("report.col.fiscal_year", lang), money_label(lang, unit), "y")
    ax.bar(x - 0.2, a["revenue_yen"] / d, 0.4, color=PALETTE[0], label=t("report.col.revenue_yen", lang))
    ax.bar(x + 0.2, costs / d, 0.4, color=PALETTE[1], label=t("report.col.total_costs_yen", lang))
    ax2 = ax.twinx()
    ax2.plot(x, a["operating_profit_yen"] / d, "o-", color=PALETTE[2], label=t("report.col.operating_profit_yen", lang))
    ax2.plot(x, a["net_income_yen"] / d, "s-", color=PALETTE[3], label=t("report.col.net_income_yen", lang))
    ax2.axhline(0, color="#999", lw=0.8)
    ax2.set_ylabel(money_label(lang, unit))
    _grouped(ax2.yaxis)
    ax2.grid(False)
    ax.set_xticks(x, years, rotation=45 if len(years) > 12 else 0)
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    # below the plot, outside both axes: inside, it covered the first years' bars and the profit lines
    fig.set_layout_engine("constrained")
    fig.legend(handles, labels, loc="outside lower center", fontsize=7, ncol=len(labels), frameon=False)
    return _png(fig)


def staffing_png(result: Result, lang: Lang = "ja") -> bytes:
    m = result.monthly
    dates = pd.to_datetime(m["date"])
    fig, ax = _new(t("report.chart.staffing", lang), t("report.col.date", lang), t("report.unit.fte", lang))
    ax.plot(dates, m["fte_required"], color=PALETTE[3], ls="--", label=t("report.col.fte_required", lang))
    ax.plot(dates, m["fte_planned"], color=PALETTE[0], lw=2, label=t("report.col.fte_planned", lang))
    short = m["staff_shortfall"].to_numpy() > 0
    if short.any():
        ax.scatter(dates[short], m["fte_planned"][short], color=PALETTE[3], s=12,
                   label=t("report.col.staff_shortfall", lang), zorder=3)
    ax.legend(loc="best", fontsize=8)
    return _png(fig)


def fan_png(bands: pd.DataFrame, lang: Lang = "ja", unit: str = "million") -> bytes:
    numeric = isinstance(bands.index.dtype, np.dtype) and np.issubdtype(bands.index.dtype, np.number)
    x = bands.index if numeric else pd.to_datetime(bands.index)
    d = divisor(unit)
    fig, ax = _new(t("report.chart.fan", lang), t("report.col.date", lang), money_label(lang, unit), "y")
    for low, high, key, alpha in (("p5", "p95", "report.chart.band_90", 0.15), ("p10", "p90", "report.chart.band_80", 0.3)):
        if low in bands and high in bands:
            ax.fill_between(x, bands[low] / d, bands[high] / d, color=PALETTE[0], alpha=alpha,
                            lw=0, label=t(key, lang))
    if "p50" in bands:
        ax.plot(x, bands["p50"] / d, color=PALETTE[0], lw=2, label=t("report.chart.median", lang))
    ax.axhline(0, color=PALETTE[3], lw=0.8, ls=":")
    ax.legend(loc="best", fontsize=8)
    return _png(fig)


def tornado_png(rows: pd.DataFrame, lang: Lang = "ja", unit: str = "million") -> bytes:
    frame, d = rows.copy(), divisor(unit)
    base = frame["base"] if "base" in frame else 0.0
    frame["d_low"] = (frame["low"] - base) / d
    frame["d_high"] = (frame["high"] - base) / d
    frame = frame.assign(swing=(frame["d_high"] - frame["d_low"]).abs()).sort_values("swing").tail(12)
    fig, ax = _new(t("report.chart.tornado", lang), labelled(t("report.chart.npv_change", lang),
                                                             money_label(lang, unit), lang), "", "x")
    fig.set_size_inches(SIZE[0], max(SIZE[1], ROW_INCHES * len(frame) + 1.2))  # labels of two lines do not touch
    y = np.arange(len(frame))
    ax.barh(y, frame["d_low"], color=PALETTE[3], label=t("report.head.low", lang))
    ax.barh(y, frame["d_high"], color=PALETTE[2], label=t("report.head.high", lang))
    ax.set_yticks(y, [_wrap(str(s)) for s in frame["input"]], fontsize=7.5)
    ax.axvline(0, color="#333", lw=0.8)
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def compare_cash_png(results: Mapping[str, Result], lang: Lang = "ja", unit: str = "million") -> bytes:
    d = divisor(unit)
    fig, ax = _new(t("report.chart.compare_cash", lang), t("report.col.date", lang), money_label(lang, unit), "y")
    for i, (name, result) in enumerate(results.items()):
        ax.plot(pd.to_datetime(result.monthly["date"]), result.monthly["cash_yen"] / d,
                color=PALETTE[i % len(PALETTE)], lw=2, label=str(name)[:40])
    ax.legend(loc="best", fontsize=8)
    return _png(fig)



def plan_actual_png(plan: pd.DataFrame, actuals: pd.DataFrame, forecast: pd.DataFrame, lang: Lang = "ja",
                    unit: str = "million") -> bytes:
    """Monthly operating revenue: plan, actuals and the re-forecast (STEP 3)."""
    shown = pdca.chart_months(plan, actuals)
    dates = pd.to_datetime(plan["date"][shown])
    d = divisor(unit)
    fig, ax = _new(t("report.pdca.chart", lang), t("report.col.date", lang), money_label(lang, unit), "y")
    ax.plot(dates, plan["revenue_yen"][shown] / d, color=PALETTE[0], lw=2, label=t("report.chart.plan", lang))
    ax.plot(dates, forecast["revenue_yen"][shown] / d, color=PALETTE[1], ls="--",
            label=t("report.pdca.forecast", lang))
    actual = actuals["revenue_yen"].reindex(plan.index)[shown]
    ax.plot(dates, actual / d, color=PALETTE[3], marker="o", ms=3, lw=0, label=t("report.pdca.actual", lang))
    ax.legend(loc="best", fontsize=8)
    return _png(fig)
