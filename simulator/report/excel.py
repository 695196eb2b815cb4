"""The Excel workbook (xlsxwriter): numbers a lender can check, stored as numbers with formats.

Sheets: summary, assumptions with sources, annual (with native charts), monthly, metrics, staffing,
risk when present, and plan vs actual (STEP 3) when actuals or reviews are recorded. Yen are stored
in yen (format ``#,##0``), shares as fractions (``0.0%``).
Text is always written with ``write_string`` and the workbook is opened with
``strings_to_formulas=False``: a title such as ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from simulator.engine.result import Result
from simulator.i18n import Lang, t
from simulator.metric_text import metric_text
from simulator.report.data import KEY_METRICS, ReportData
from simulator.report.labels import col_label, metric_label, percentile_heading
from simulator.risk.text import payback_cell

SHEETS = {
    "summary": {"ja": "表紙と主要指標", "en": "Cover and key figures"},
    "assumptions": {"ja": "前提条件と出典", "en": "Assumptions"},
    "annual": {"ja": "年次", "en": "Annual"},
    "monthly": {"ja": "月次", "en": "Monthly"},
    "metrics": {"ja": "指標", "en": "Metrics"},
    "staffing": {"ja": "人員（月次）", "en": "Staffing by month"},
    "risk": {"ja": "リスク", "en": "Risk"},
    "compare": {"ja": "比較", "en": "Comparison"},
    "differ": {"ja": "異なる入力", "en": "Inputs that differ"},
    "pdca": {"ja": "計画と実績", "en": "Plan vs actual"},
}
PERCENT_KEYS = frozenset({"irr", "mirr", "residual_share_of_npv", "break_even_occupancy", "margin_final_year", "personnel_ratio_final_year",
                          "shortfall_probability"})
INTEGER_COLUMNS = frozenset({"capacity", "staff_shortfall", "months", "months_below_standard"})
PERCENT_COLUMNS = frozenset({"margin", "personnel_ratio"})
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
           "in_memory": True}


def sheet_name(key: str, lang: Lang) -> str:
    """A sheet name within Excel's 31-character limit and without []:*?/\\."""
    name = SHEETS[key][lang]
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31]


class Book:
    """A workbook with the formats the report uses."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, OPTIONS)
        font = {"font_name": "Yu Gothic", "font_size": 10}
        self.text = self.wb.add_format({**font, "text_wrap": True, "valign": "top"})
        self.head = self.wb.add_format({**font, "bold": True, "bg_color": "#E2EAF4", "border": 1, "text_wrap": True,
                                        "valign": "vcenter"})
        self.title = self.wb.add_format({**font, "bold": True, "font_size": 14})
        self.yen = self.wb.add_format({**font, "num_format": "#,##0"})
        self.pct = self.wb.add_format({**font, "num_format": "0.0%"})
        self.num = self.wb.add_format({**font, "num_format": "#,##0.00"})
        self.int = self.wb.add_format({**font, "num_format": "0"})
        self.date = self.wb.add_format({**font, "num_format": "yyyy-mm"})
        self.highlight = self.wb.add_format({**font, "bg_color": "#FFF2CC", "text_wrap": True, "valign": "top"})

    def sheet(self, key: str, lang: Lang) -> Worksheet:
        return self.wb.add_worksheet(sheet_name(key, lang))

    def pack_formats(self, lang: Lang) -> Any:
        """The formats of the pack's document sheets (made once per workbook)."""
        from simulator.report.excel_pack import PackFormats

        if not hasattr(self, "_pack"):
            self._pack = PackFormats(self, lang)
        return self._pack

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()

    def format_for(self, key: str) -> Any:
        if key.endswith("_yen"):
            return self.yen
        if key in PERCENT_KEYS:
            return self.pct
        if key in {"payback_month", "lowest_cash_month", "months_below_staffing_standard"}:
            return self.int
        return self.num


def _style(chart: Any, lang: Lang, title_key: str, x_axis: dict[str, str],
           size: tuple[int, int] = (760, 360)) -> None:
    """Title, axes (money in yen on y), legend below and size of a native Excel chart."""
    chart.set_title({"name": t(title_key, lang)})
    chart.set_x_axis(x_axis)
    chart.set_y_axis({"name": "円" if lang == "ja" else "JPY", "num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": size[0], "height": size[1]})


def put(ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None, text_fmt: Any = None) -> None:
    """Numbers as numbers (NaN/None blank), dates as dates, everything else as a literal string."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool | np.bool_):
        ws.write_boolean(row, col, bool(value))
    elif isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isfinite(number):
            ws.write_number(row, col, number, fmt)
        else:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, pd.Timestamp):
        ws.write_datetime(row, col, value.to_pydatetime(), fmt)
    else:
        ws.write_string(row, col, str(value), text_fmt)


def write_frame(book: Book, ws: Worksheet, frame: pd.DataFrame, index_label: str, labels: Sequence[str],
                index_fmt: Any = None, first_row: int = 0) -> None:
    """A DataFrame with a header row of labels, the index in column A, one format per column name."""
    put(ws, first_row, 0, index_label, text_fmt=book.head)
    for j, label in enumerate(labels, 1):
        put(ws, first_row, j, label, text_fmt=book.head)
    formats = [book.int if c in INTEGER_COLUMNS else book.pct if c in PERCENT_COLUMNS else
               (book.yen if c.endswith("_yen") else book.num) for c in map(str, frame.columns)]
    for i, (key, row) in enumerate(frame.iterrows(), first_row + 1):
        put(ws, i, 0, key if not isinstance(key, np.integer) else int(key), index_fmt, book.text)
        for j, value in enumerate(row.to_numpy(), 1):
            put(ws, i, j, value, formats[j - 1], book.text)
    ws.freeze_panes(first_row + 1, 1)
    ws.set_row(first_row, 36)
    ws.set_column(0, 0, 12)
    ws.set_column(1, len(labels), 14)


def _summary(book: Book, data: ReportData) -> None:
    lang, ws = data.lang, book.sheet("summary", data.lang)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 60)
    put(ws, 0, 0, t("report.title", lang), text_fmt=book.title)
    put(ws, 1, 0, data.title, text_fmt=book.title)
    row = 3
    for label, value in data.cover_rows():
        put(ws, row, 0, label, text_fmt=book.head)
        put(ws, row, 1, value, text_fmt=book.text)
        row += 1
    row += 1
    put(ws, row, 0, t("report.verdict.title", lang), text_fmt=book.head)
    put(ws, row, 1, data.decision.label(lang), text_fmt=book.title)
    for line in data.decision_lines():
        row += 1
        put(ws, row, 1, line, text_fmt=book.text)
    row += 2
    put(ws, row, 0, t("report.head.item", lang), text_fmt=book.head)
    put(ws, row, 1, t("report.head.value", lang), text_fmt=book.head)
    m = data.result.metrics
    for key in KEY_METRICS:
        if key in m:
            row += 1
            put(ws, row, 0, yen_metric(key, lang), text_fmt=book.text)
            note = metric_text(key, m, lang) if not math.isfinite(float(m[key])) else None
            put(ws, row, 1, m[key] if note is None else note, book.format_for(key) if note is None else None,
                text_fmt=book.text)
    if data.scenario.meta.notes:
        row += 2
        put(ws, row, 0, t("report.section.notes", lang), text_fmt=book.head)
        put(ws, row, 1, data.scenario.meta.notes[:32_000], text_fmt=book.text)


def _assumptions(book: Book, data: ReportData) -> None:
    lang, ws = data.lang, book.sheet("assumptions", data.lang)
    heads = ["report.head.item", "report.head.value", "report.head.source", "report.head.confidence"]
    for j, key in enumerate(heads):
        put(ws, 0, j, t(key, lang), text_fmt=book.head)
    for i, cells in enumerate(data.assumption_rows(), 1):
        for j, value in enumerate(cells):
            put(ws, i, j, value, text_fmt=book.text)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 80)
    ws.set_column(3, 3, 14)
    ws.freeze_panes(1, 0)
    row = len(data.assumption_rows()) + 2
    put(ws, row, 0, t("report.section.paths", lang), text_fmt=book.head)
    for text in data.path_texts():
        row += 1
        ws.merge_range(row, 0, row, 3, "", book.text)
        put(ws, row, 0, text, text_fmt=book.text)
        ws.set_row(row, 45)


def yen_label(column: str, lang: Lang) -> str:
    """A column's label; the engine's money columns say they are in yen (the documents use the report's unit)."""
    label = col_label(column, lang)
    return f"{label}（円）" if column.endswith("_yen") and lang == "ja" else (
        f"{label} (yen)" if column.endswith("_yen") else label)


def yen_metric(key: str, lang: Lang) -> str:
    """A metric's label; one in yen says so (these sheets keep the engine's yen)."""
    label = metric_label(key, lang)
    return f"{label}（円）" if key.endswith("_yen") and lang == "ja" else (f"{label} (yen)" if key.endswith("_yen")
                                                                         else label)


def _annual(book: Book, data: ReportData) -> None:
    lang, ws = data.lang, book.sheet("annual", data.lang)
    annual = data.annual
    labels = [yen_label(str(c), lang) for c in annual.columns]
    write_frame(book, ws, annual, t("report.col.fiscal_year", lang), labels, book.int)
    n = len(annual)
    if n == 0:
        return
    name = sheet_name("annual", lang)
    columns = list(map(str, annual.columns))

    def ref(column: str) -> list[Any]:
        j = columns.index(column) + 1
        return [name, 1, j, n, j]

    categories = [name, 1, 0, n, 0]
    chart = book.wb.add_chart({"type": "column"})
    for column in ("revenue_yen", "personnel_yen"):
        if column in columns:
            chart.add_series({"name": [name, 0, columns.index(column) + 1], "categories": categories,
                              "values": ref(column)})
    if "operating_profit_yen" in columns:
        line = book.wb.add_chart({"type": "line"})
        line.add_series({"name": [name, 0, columns.index("operating_profit_yen") + 1], "categories": categories,
                         "values": ref("operating_profit_yen"), "y2_axis": True, "marker": {"type": "circle"}})
        chart.combine(line)
        line.set_y2_axis({"name": t("report.col.operating_profit_yen", lang), "num_format": "#,##0"})
    _style(chart, lang, "report.chart.pnl", {"name": t("report.col.fiscal_year", lang)})
    ws.insert_chart(n + 3, 1, chart)
    if "cash_yen" in columns:
        cash = book.wb.add_chart({"type": "line"})
        for column in ("cash_yen", "baseline_cash_yen"):
            if column in columns:
                cash.add_series({"name": [name, 0, columns.index(column) + 1], "categories": categories,
                                 "values": ref(column)})
        _style(cash, lang, "report.chart.cash", {"name": t("report.col.fiscal_year", lang)})
        ws.insert_chart(n + 22, 1, cash)


def _monthly(book: Book, data: ReportData) -> None:
    lang, ws = data.lang, book.sheet("monthly", data.lang)
    monthly = data.result.monthly.copy()
    if "date" in monthly.columns:
        monthly["date"] = pd.to_datetime(monthly["date"])
    labels = [yen_label(str(c), lang) for c in monthly.columns]
    write_frame(book, ws, monthly, t("report.col.month", lang), labels, book.int)
    if "date" in monthly.columns:  # the date column: month format
        for i, value in enumerate(monthly["date"], 1):
            put(ws, i, 1, value, book.date)


def _metrics(book: Book, data: ReportData) -> None:
    lang, ws = data.lang, book.sheet("metrics", data.lang)
    for j, key in enumerate(("report.head.item", "report.head.value")):
        put(ws, 0, j, t(key, lang), text_fmt=book.head)
    for i, (key, value) in enumerate(data.result.metrics.items(), 1):
        put(ws, i, 0, yen_metric(key, lang), text_fmt=book.text)
        put(ws, i, 1, value, book.format_for(key))
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 18)


def _staffing(book: Book, data: ReportData) -> None:
    lang, ws = data.lang, book.sheet("staffing", data.lang)
    staffing = data.result.staffing
    frame = pd.DataFrame(index=data.result.monthly.index)
    for column in ("date", "fte_required", "fte_planned", "staff_shortfall"):
        if column in data.result.monthly.columns:
            frame[column] = data.result.monthly[column]
    if staffing is not None and not staffing.empty:
        frame = frame.join(staffing, how="left")
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"])
    labels = [col_label(str(c), lang) for c in frame.columns]
    write_frame(book, ws, frame, t("report.col.month", lang), labels, book.int)
    if "date" in frame.columns:
        for i, value in enumerate(frame["date"], 1):
            put(ws, i, 1, value, book.date)
    row = len(frame) + 2
    for line in data.staffing_summary():
        put(ws, row, 0, line, text_fmt=book.text)
        row += 1


def _pdca(book: Book, data: ReportData) -> None:
    """STEP 3: every month with actuals against the plan (yen in yen), the re-forecast lines, the review log."""
    if not (data.has_actuals or data.review_rows()):
        return
    lang, ws = data.lang, book.sheet("pdca", data.lang)
    put(ws, 0, 0, t("report.pdca.title", lang), text_fmt=book.title)
    row = 2
    if data.has_actuals:
        for line in data.pdca_lines():
            put(ws, row, 0, line, text_fmt=book.text)
            row += 1
        row += 1
        for j, label in enumerate(data.pdca_header()):
            put(ws, row, j, label, text_fmt=book.head)
        for r in data.pdca_variance(latest=None).to_dict("records"):
            row += 1
            money = book.yen if r["kpi"].endswith("_yen") else book.num
            put(ws, row, 0, pd.Timestamp(r["date"]), book.date)
            put(ws, row, 1, t(f"report.pdca.kpi.{r['kpi']}", lang), text_fmt=book.text)
            for j, value in enumerate((r["plan"], r["actual"], r["difference"]), 2):
                put(ws, row, j, value, money)
            put(ws, row, 5, r["difference_share"], book.pct)
        row += 2
    if data.review_rows():
        put(ws, row, 0, t("report.checklist.reviews", lang), text_fmt=book.head)
        for j, key in enumerate(("date", "findings", "actions")):
            put(ws, row + 1, j, t(f"report.head.{key}", lang), text_fmt=book.head)
        for i, values in enumerate(data.review_rows(), row + 2):
            for j, value in enumerate(values):
                put(ws, i, j, value, text_fmt=book.text)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 5, 16)


def _break_even(book: Book, ws: Worksheet, data: ReportData, row: int) -> int:
    """The break-even rows (label, the app's wording, the value as a share where there is one) from ``row``;
    the next free row."""
    title, header, rows, note = data.break_even_table()
    put(ws, row, 0, title, text_fmt=book.title)
    row += 1
    for j, head in enumerate([*header, t("risk.col.break_even_share", data.lang)]):
        put(ws, row, j, head, text_fmt=book.head)
    for found, (label, text) in zip(data.break_even, rows, strict=True):
        row += 1
        put(ws, row, 0, label, text_fmt=book.text)
        put(ws, row, 1, text, text_fmt=book.text)
        put(ws, row, 2, found.share, book.pct)
    row += 1
    put(ws, row, 0, note, text_fmt=book.text)
    return row + 3


def _risk(book: Book, data: ReportData) -> None:
    """The risk sheet; without a risk run it says so and still has the break-even (no sampling needed)."""
    risk, lang = data.risk, data.lang
    ws = book.sheet("risk", lang)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 8, 16)
    if risk is None:
        put(ws, 0, 0, t("report.risk.not_run", lang), text_fmt=book.text)
        _break_even(book, ws, data, 2)
        return
    row = 0
    if risk.trials:
        put(ws, row, 0, t("report.risk.trials", lang, trials=risk.trials, seed=risk.seed), text_fmt=book.text)
        row += 1
    for key, value in risk.probabilities.items():
        if key == "shortfall_probability":  # the same number as cash_below_floor, for the verdict
            continue
        put(ws, row, 0, metric_label(key, lang), text_fmt=book.text)
        put(ws, row, 1, value, book.pct)
        row += 1
    row += 1
    if risk.percentiles is not None:
        put(ws, row, 0, t("report.section.risk_percentiles", lang), text_fmt=book.title)
        row += 1
        frame = risk.percentiles
        put(ws, row, 0, t("report.head.metric", lang), text_fmt=book.head)
        for j, column in enumerate(frame.columns, 1):
            put(ws, row, j, percentile_heading(column, lang), text_fmt=book.head)
        for key in frame.index:
            row += 1
            put(ws, row, 0, metric_label(str(key), lang), text_fmt=book.text)
            for j, (column, value) in enumerate(frame.loc[key].items(), 1):
                # a payback cell with no month (回収なし / —) is written as its wording, not left blank
                shown = payback_cell(column, value, lang) if key == "payback_month" and not np.isfinite(value) else value
                put(ws, row, j, shown, book.format_for(str(key)), text_fmt=book.text)
        note = data.percentile_note()
        if note:
            row += 1
            put(ws, row, 0, note, text_fmt=book.text)
        row += 2
    if risk.stress is not None:
        put(ws, row, 0, t("report.section.stress", lang), text_fmt=book.title)
        row += 1
        put(ws, row, 0, t("report.head.case", lang), text_fmt=book.head)
        columns = [str(c) for c in risk.stress.columns]
        for j, column in enumerate(columns, 1):
            put(ws, row, j, metric_label(column, lang), text_fmt=book.head)
        for case, values in risk.stress.iterrows():
            row += 1
            put(ws, row, 0, str(case), text_fmt=book.text)
            for j, (column, value) in enumerate(zip(columns, values.to_numpy(), strict=True), 1):
                put(ws, row, j, value, book.format_for(column))
        row += 2
    row = _break_even(book, ws, data, row) - 1
    if risk.tornado is not None:
        put(ws, row, 0, t("report.section.tornado", lang), text_fmt=book.title)
        row += 1
        frame = risk.tornado
        for j, column in enumerate(frame.columns):
            key = f"report.head.{column}"
            put(ws, row, j, column if t(key, lang) == key else t(key, lang), text_fmt=book.head)
        for _, values in frame.iterrows():
            row += 1
            for j, value in enumerate(values.to_numpy()):
                put(ws, row, j, value, book.yen, book.text)
    ranges = data.uncertainty_table()
    if ranges is not None:
        row += 2
        put(ws, row, 0, t("report.section.uncertainty", lang), text_fmt=book.title)
        row += 1
        for j, head in enumerate(ranges[0]):
            put(ws, row, j, head, text_fmt=book.head)
        for texts in ranges[1]:
            row += 1
            for j, text in enumerate(texts):
                put(ws, row, j, text, text_fmt=book.text)


def render(data: ReportData) -> bytes:
    """The workbook: cover, one sheet per document of the pack, risk, sources, then the engine's tables."""
    from simulator.report.excel_pack import write_document

    book = Book()
    _summary(book, data)
    taken = {sheet_name("summary", data.lang).lower()} | {sheet_name(k, data.lang).lower() for k in SHEETS}
    for doc in data.documents:
        write_document(book, doc, data, taken)
    _risk(book, data)
    _assumptions(book, data)
    _annual(book, data)
    _monthly(book, data)
    _metrics(book, data)
    _staffing(book, data)
    _pdca(book, data)
    return book.close()


def render_compare(names: Sequence[str], results: Mapping[str, Result], differ: Sequence[Sequence[Any]],
                   metric_keys: Sequence[str], lang: Lang) -> bytes:
    """Comparison workbook: metrics side by side (numbers), inputs that differ highlighted, cash chart."""
    book = Book()
    ws = book.sheet("compare", lang)
    put(ws, 0, 0, t("report.compare_title", lang), text_fmt=book.title)
    put(ws, 2, 0, t("report.head.metric", lang), text_fmt=book.head)
    for j, name in enumerate(names, 1):
        put(ws, 2, j, name, text_fmt=book.head)
    for i, key in enumerate(metric_keys, 3):
        put(ws, i, 0, metric_label(key, lang), text_fmt=book.text)
        for j, result in enumerate(results.values(), 1):
            put(ws, i, j, result.metrics.get(key), book.format_for(key))
    ws.set_column(0, 0, 36)
    ws.set_column(1, len(names), 22)
    ws.set_row(2, 36)
    # monthly cash side by side, for the chart
    first = len(metric_keys) + 5
    put(ws, first, 0, t("report.col.date", lang), text_fmt=book.head)
    longest = max(results.values(), key=lambda r: len(r.monthly))
    for i, value in enumerate(pd.to_datetime(longest.monthly["date"]), first + 1):
        put(ws, i, 0, value, book.date)
    chart = book.wb.add_chart({"type": "line"})
    name = sheet_name("compare", lang)
    for j, (label, result) in enumerate(results.items(), 1):
        put(ws, first, j, f"{label} {t('report.col.cash_yen', lang)}", text_fmt=book.head)
        for i, value in enumerate(result.monthly["cash_yen"].to_numpy(), first + 1):
            put(ws, i, j, value, book.yen)
        chart.add_series({"name": [name, first, j], "categories": [name, first + 1, 0, first + len(longest.monthly), 0],
                          "values": [name, first + 1, j, first + len(result.monthly), j]})
    _style(chart, lang, "report.chart.compare_cash", {"name": t("report.col.date", lang), "num_format": "yyyy-mm"},
           size=(820, 380))
    ws.insert_chart(2, len(names) + 2, chart)

    ws2 = book.sheet("differ", lang)
    put(ws2, 0, 0, t("report.head.field", lang), text_fmt=book.head)
    for j, label in enumerate(names, 1):
        put(ws2, 0, j, label, text_fmt=book.head)
    for i, row in enumerate(differ, 1):
        put(ws2, i, 0, row[0], text_fmt=book.text)
        for j, value in enumerate(row[1:], 1):
            put(ws2, i, j, "" if value is None else (value if isinstance(value, int | float) else str(value)),
                book.highlight, book.highlight)
    ws2.set_column(0, 0, 50)
    ws2.set_column(1, len(names), 28)
    ws2.freeze_panes(1, 1)
    return book.close()
