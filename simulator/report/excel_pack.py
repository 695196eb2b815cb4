"""The pack's documents as sheets of the workbook: one sheet per document with the PDF's layout, numbers as
numbers in the report's money unit, SUM formulas on total rows (with their values cached, so a viewer that
does not recalculate shows them too), print areas one page wide, repeated header rows, Japanese sheet names.

Cells from the user's text are always written as strings (the workbook is opened with
``strings_to_formulas=False``); only the total rows' formulas, built here from cell positions, are formulas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from simulator.report.documents import Document, Line, Money, Table

if TYPE_CHECKING:
    from simulator.report.data import ReportData
    from simulator.report.excel import Book

PAPER_A4 = 9
NUMBER_FORMATS = {"money": {"ja": "#,##0;△#,##0", "en": "#,##0;-#,##0"}, "ratio": {"ja": "0.0%;△0.0%", "en": "0.0%"},
                  "people": {"ja": "#,##0.0;△#,##0.0", "en": "#,##0.0"}, "years": {"ja": "0.0", "en": "0.0"},
                  "months": {"ja": "0", "en": "0"}, "number": {"ja": "#,##0.00;△#,##0.00", "en": "#,##0.00"}}


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name within Excel's 31 characters, without []:*?/\\, unique in the workbook."""
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    found, n = base, 2
    while found.lower() in taken:
        found = f"{base[:28]}({n})"
        n += 1
    taken.add(found.lower())
    return found


class PackFormats:
    """The formats of the document sheets (per unit and row kind)."""

    def __init__(self, book: Book, lang: str) -> None:
        wb, font = book.wb, {"font_name": "Yu Gothic", "font_size": 10}
        self.text = book.text
        self.head = book.head
        self.title = book.title
        self.note = wb.add_format({**font, "font_size": 9, "italic": True})
        self.label_total = wb.add_format({**font, "bold": True, "top": 1, "bg_color": "#F2F5FA"})
        self.label_heading = wb.add_format({**font, "bold": True})
        self.value: dict[tuple[str, bool], Any] = {}
        for unit, formats in NUMBER_FORMATS.items():
            for is_total in (False, True):
                extra = {"bold": True, "top": 1, "bg_color": "#F2F5FA"} if is_total else {}
                self.value[(unit, is_total)] = wb.add_format({**font, "num_format": formats.get(lang, formats["en"]),
                                                              **extra})

    def number(self, unit: str, total: bool) -> Any:
        return self.value[(unit if unit in NUMBER_FORMATS else "number", total)]


def _amount(line: Line, j: int, money: Money) -> float | None:
    value = line.values[j] if j < len(line.values) else None
    if value is None:
        return None
    return money.amount(value) if line.unit == "money" else float(value)


def _formula(rows: list[int], table_first_row: int, parts: tuple[tuple[int, int], ...], col: int) -> str:
    """=SUM(B5:B9) for a run of consecutive lines added, else =B6-B14 (+/- each part)."""
    cells = [(rows[i], sign) for i, sign in parts]
    positions = sorted(r for r, _ in cells)
    if all(sign > 0 for _, sign in cells) and positions == list(range(positions[0], positions[-1] + 1)):
        return f"=SUM({xl_rowcol_to_cell(positions[0], col)}:{xl_rowcol_to_cell(positions[-1], col)})"
    if all(sign > 0 for _, sign in cells):
        return "=SUM(" + ",".join(xl_rowcol_to_cell(r, col) for r, _ in cells) + ")"
    text = ""
    for r, sign in cells:
        text += ("+" if sign > 0 else "-") + xl_rowcol_to_cell(r, col)
    return "=" + text.lstrip("+")


def write_table(ws: Worksheet, fmt: PackFormats, table: Table, money: Money, row: int) -> tuple[int, int]:
    """``table`` from ``row``: title, header row, one row per line. Returns (header row, next free row)."""
    if table.title:
        ws.write_string(row, 0, table.title, fmt.note)
        row += 1
    header = row
    ws.write_string(row, 0, table.head, fmt.head)
    for j, column in enumerate(table.columns, 1):
        ws.write_string(row, j, column, fmt.head)
    row += 1
    rows = [row + i for i in range(len(table.lines))]
    for line, r in zip(table.lines, rows, strict=True):
        is_total = line.kind == "total"
        label_fmt = fmt.label_total if is_total else fmt.label_heading if line.kind == "heading" else fmt.text
        ws.write_string(r, 0, line.label, label_fmt)
        for j in range(len(table.columns)):
            col = j + 1
            if line.unit == "text":
                text = line.texts[j] if j < len(line.texts) else ""
                if text:
                    ws.write_string(r, col, text, fmt.text)
                continue
            value = _amount(line, j, money)
            if value is None:
                continue
            number_fmt = fmt.number(line.unit, is_total)
            if is_total and line.sums:
                ws.write_formula(r, col, _formula(rows, header, line.sums, col), number_fmt, value)
            else:
                ws.write_number(r, col, value, number_fmt)
    return header, row + len(table.lines)


def write_document(book: Book, doc: Document, data: ReportData, taken: set[str]) -> Worksheet:
    """One sheet for ``doc``: heading, intro, its tables, notes; print set-up for A4, one page wide."""
    ws = book.wb.add_worksheet(safe_sheet_name(doc.sheet, taken))
    fmt = book.pack_formats(data.lang)
    money = data.money
    ws.write_string(0, 0, doc.heading, fmt.title)
    row = 2
    if doc.key == "overview":
        ws.write_string(row, 0, f"{data.decision.label(data.lang)}", fmt.title)
        row += 1
        for line in data.decision_lines():
            ws.write_string(row, 0, line, fmt.text)
            row += 1
    for text in doc.intro:
        ws.write_string(row, 0, text, fmt.text)
        row += 1
    row += 1
    first_header = None
    width = 1
    for table in doc.tables:
        header, row = write_table(ws, fmt, table, money, row)
        first_header = header if first_header is None else first_header
        width = max(width, len(table.columns) + 1)
        row += 1
    for text in doc.notes:
        ws.write_string(row, 0, text, fmt.note)
        row += 1
    wide = any(table.wide for table in doc.tables)
    ws.set_column(0, 0, 38 if wide else 52)
    ws.set_column(1, max(width - 1, 1), 13 if wide else 18)
    ws.set_paper(PAPER_A4)
    if wide:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.print_area(0, 0, max(row - 1, 0), max(width - 1, 0))
    if first_header is not None:
        ws.repeat_rows(first_header)
        ws.freeze_panes(first_header + 1, 1)
    return ws
