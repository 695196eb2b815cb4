"""The PDF report (fpdf2, IPAexGothic embedded as a TrueType subset) in Japanese or English.

Layout: A4 portrait; cover, summary with the 判定, assumptions with sources, paths in words, P&L and
cash tables by fiscal year, charts (matplotlib PNGs), staffing, financing, risk, checklist with the
STEP 3 plan vs actual and review log, and a plain-language page for staff. Text is cleaned of control characters and broken into lines by
:mod:`simulator.report.linebreak` (Japanese 禁則処理, whole English words; a string longer than a line
is cut), so nothing runs off the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from simulator.engine.result import Result
from simulator.format import MoneyUnit
from simulator.i18n import Lang, t
from simulator.report import static_charts
from simulator.report.data import ReportData
from simulator.report.documents import DEFAULT_UNIT, Document, Money, Table, cell_text
from simulator.report.labels import fallback_font_path, font_path
from simulator.report.linebreak import wrap

FONT = "IPAexGothic"
FALLBACK = "DejaVuSans"  # for the few glyphs IPAexGothic lacks (≥, ≤, ⚠ in user text)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
HEAD_FILL = (226, 234, 244)
TOTAL_FILL = (242, 245, 250)
HEADING_FILL = (250, 250, 250)
MAX_CELL_LINES = 40
KEEP_WITH_TITLE_MM = 28.0  # a table's title, header row and first three rows stay together on one page
WRAP_SLACK_MM = 0.01  # lines are broken this much short of the width, so fpdf2 never breaks them again
VERDICT_COLOURS = {"go": (42, 157, 87), "conditional": (224, 123, 0), "no_go": (192, 57, 43),
                   "no_path": (120, 120, 120)}


def clean(text: object) -> str:
    """User or data text safe for the PDF: no control characters; tabs become spaces."""
    return CONTROL.sub("", str(text)).replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n")


class ReportPDF(FPDF):
    def __init__(self, lang: Lang, running_title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang = lang
        self.running_title = clean(running_title)[:60]
        path = str(font_path())
        self.add_font(FONT, "", path)
        self.add_font(FONT, "B", path)  # IPAex has no bold; fpdf2 tables ask for "B" in headings
        fallback = str(fallback_font_path())
        self.add_font(FALLBACK, "", fallback)
        self.add_font(FALLBACK, "B", fallback)
        self.set_fallback_fonts([FALLBACK], exact_match=False)
        self.set_font(FONT, size=10)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.set_title(self.running_title)
        self.set_creator("kaigo-scaleup-simulator")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, size=7)
        self.set_text_color(120)
        self.cell(0, 5, f"{self.running_title}  —  {self.page_no()}", align="C")
        self.set_text_color(0)

    # -- building blocks
    def wrapped(self, text: object) -> str:
        """``text`` cleaned and broken into lines for a cell as wide as the text area."""
        return "\n".join(wrap(clean(text), self.epw - 2 * self.c_margin - WRAP_SLACK_MM, self.get_string_width))

    def h1(self, text: str) -> None:
        if self.get_y() > self.h - 60:
            self.add_page(orientation=self.cur_orientation.value)
        self.ln(3)
        self.set_font(FONT, size=14)
        self.set_text_color(31, 95, 168)
        self.multi_cell(0, 8, self.wrapped(text), wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(31, 95, 168)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(0)
        self.set_draw_color(0)
        self.ln(2)
        self.set_font(FONT, size=10)

    def h2(self, text: str) -> None:
        if self.get_y() > self.h - 40:
            self.add_page(orientation=self.cur_orientation.value)
        self.ln(2)
        self.set_font(FONT, size=11.5)
        self.multi_cell(0, 6.5, self.wrapped(text), wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=10)

    def para(self, text: str, size: float = 10, height: float = 5.5) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, height, self.wrapped(text), wrapmode=WrapMode.CHAR, align=Align.L,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def grid(self, header: Sequence[str] | None, rows: Sequence[Sequence[str]], widths: Sequence[float],
             size: float = 8.5, align_numbers: bool = False, numbers_from: int = 1,
             fills: Sequence[tuple[int, int, int] | None] | None = None) -> None:
        """A bordered table; long cells wrap by character; the heading repeats on each new page.

        Drawn cell by cell (fpdf2's own table is ~10x slower on the long assumption tables).
        """
        if not rows:
            return
        scale = min(1.0, self.epw / sum(widths))
        widths = [w * scale for w in widths]
        self.set_font(FONT, size=size)
        line_h, pad = size * 0.42, 0.9

        def layout(row: Sequence[str]) -> tuple[list[list[str]], float]:
            cells = []
            for text, width in zip(row, widths, strict=False):
                text = clean(text)
                if "\n" not in text and self.get_string_width(text) <= width - 2 * pad:
                    lines = [text]
                else:
                    lines = wrap(text, width - 2 * pad - WRAP_SLACK_MM, self.get_string_width) or [""]
                    if len(lines) > MAX_CELL_LINES:
                        lines = lines[: MAX_CELL_LINES - 1] + ["…"]
                cells.append(lines)
            return cells, max(len(c) for c in cells) * line_h + 2 * pad

        def draw(cells: list[list[str]], height: float, heading: bool,
                 fill: tuple[int, int, int] | None = None) -> None:
            x, y = self.l_margin, self.get_y()
            for j, (lines, width) in enumerate(zip(cells, widths, strict=False)):
                shade = HEAD_FILL if heading else fill
                if shade is not None:
                    self.set_fill_color(*shade)
                self.rect(x, y, width, height, style="DF" if shade is not None else "D")
                align = "R" if align_numbers and j >= numbers_from and not heading else "L"
                for k, line in enumerate(lines):
                    self.set_xy(x + pad, y + pad + k * line_h)
                    self.cell(width - 2 * pad, line_h, line, align=align)
                x += width
            self.set_xy(self.l_margin, y + height)

        head = layout(header) if header is not None else None
        if head is not None:
            if self.get_y() + head[1] + 3 * line_h > self.page_break_trigger:
                self.add_page(orientation=self.cur_orientation.value)
            draw(*head, heading=True)
        for k, row in enumerate(rows):
            cells, height = layout(row)
            if self.get_y() + height > self.page_break_trigger:
                self.add_page(orientation=self.cur_orientation.value)
                if head is not None:
                    draw(*head, heading=True)
            draw(cells, height, heading=False, fill=fills[k] if fills is not None else None)
        self.set_fill_color(255)
        self.set_font(FONT, size=10)
        self.ln(2)

    def image_png(self, png: bytes, width: float | None = None) -> None:
        width = width or (self.w - self.l_margin - self.r_margin)
        height = width * static_charts.SIZE[1] / static_charts.SIZE[0]
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page(orientation=self.cur_orientation.value)
        self.image(png, x=self.l_margin, w=width)
        self.ln(2)

    @property
    def text_width(self) -> float:
        return self.w - self.l_margin - self.r_margin


def _document_table(pdf: ReportPDF, table: Table, money: Money) -> None:
    """One table of a pack document: label column, value columns right-aligned, totals shaded; its title
    starts a new page with the table when the title, the header and a few rows no longer fit."""
    if pdf.get_y() + KEEP_WITH_TITLE_MM > pdf.page_break_trigger:
        pdf.add_page(orientation=pdf.cur_orientation.value)
    if table.title:
        pdf.para(table.title, size=8.5, height=4.5)
    width = pdf.text_width
    label = 62.0 if table.wide else 110.0 if len(table.columns) == 1 else 70.0
    texts = any(line.unit == "text" for line in table.lines)
    rest = (width - label) / max(len(table.columns), 1)
    if len(table.columns) == 1 and not texts:
        rest = 40.0
    rows = [[line.label] + [cell_text(line, j, money) for j in range(len(table.columns))] for line in table.lines]
    fills = [TOTAL_FILL if line.kind == "total" else HEADING_FILL if line.kind == "heading" else None
             for line in table.lines]
    pdf.grid([table.head, *table.columns], rows, [label] + [rest] * len(table.columns),
             size=7 if table.wide else 8.5, align_numbers=not texts or table.wide, fills=fills)


def _document(pdf: ReportPDF, doc: Document, data: ReportData, charts: bool) -> None:
    """A pack document on its own page (landscape when its tables run by fiscal year)."""
    wide = any(table.wide for table in doc.tables)
    pdf.add_page(orientation="L" if wide else "P")
    pdf.h1(doc.heading)
    if doc.key == "overview":
        _verdict_box(pdf, data)
    for text in doc.intro:
        pdf.para(text, size=9.5, height=5)
    for table in doc.tables:
        _document_table(pdf, table, data.money)
    for text in doc.notes:
        pdf.para(text, size=8, height=4.2)
    if not charts:
        return
    r, lang = data.result, data.lang
    if doc.key == "pnl":
        pdf.image_png(static_charts.pnl_png(r, lang, data.unit), width=min(pdf.text_width, 180))
    elif doc.key == "funding":
        pdf.image_png(static_charts.cash_png(r, lang, data.scenario.assumptions.cash_floor_yen, data.unit),
                      width=min(pdf.text_width, 180))
    elif doc.key == "staffing":
        pdf.image_png(static_charts.staffing_png(r, lang), width=min(pdf.text_width, 180))


def _verdict_box(pdf: ReportPDF, data: ReportData) -> None:
    lang, w = data.lang, pdf.text_width
    pdf.set_fill_color(*VERDICT_COLOURS[data.decision.verdict])
    pdf.set_text_color(255)
    pdf.set_font(FONT, size=14)
    sep = "：" if lang == "ja" else ": "
    pdf.cell(w, 10, f"{t('report.verdict.title', lang)}{sep}{data.decision.label(lang)}", fill=True, align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.set_fill_color(255)
    pdf.ln(1)
    for line in data.decision_lines():
        pdf.para("・" + line, size=8.5, height=4.4)


def _cover(pdf: ReportPDF, data: ReportData) -> None:
    lang, w = data.lang, pdf.text_width
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font(FONT, size=12)
    pdf.set_text_color(90)
    pdf.multi_cell(0, 7, t("report.title", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.set_font(FONT, size=20)
    pdf.multi_cell(0, 10, pdf.wrapped(data.title), wrapmode=WrapMode.CHAR, align=Align.L,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.grid(None, data.cover_rows(), [45, w - 45], size=9.5)
    pdf.ln(4)
    pdf.para(t("pack.cover.contents", lang, items=" / ".join(d.heading for d in data.documents)), size=8.5)
    pdf.para(t("report.cover.note", lang), size=8.5)


def _risk(pdf: ReportPDF, data: ReportData, charts: bool) -> None:
    lang, w = data.lang, pdf.text_width
    pdf.add_page()
    pdf.h1(data.section("risk"))
    for line in data.probability_lines():
        pdf.para(line, size=9.5)
    for table, note in ((data.percentile_table(), data.percentile_note()), (data.stress_table(), None)):
        if table is not None:
            header, body = table
            first = 48.0
            rest = (w - first) / max(len(header) - 1, 1)
            pdf.grid(header, body, [first] + [rest] * (len(header) - 1), size=7.5, align_numbers=True)
            if note:
                pdf.para(note, size=8)
    title, header, body, note = data.break_even_table()
    pdf.h2(title)
    pdf.grid(header, body, [72.0, w - 72.0], size=8)
    pdf.para(note, size=8)
    ranges = data.uncertainty_table()
    if ranges is not None:
        pdf.h2(t("report.section.uncertainty", lang))
        pdf.grid(ranges[0], ranges[1], [52, 16, 34, w - 102], size=7)
    if charts and data.risk is not None:
        if data.risk.fan is not None:
            pdf.image_png(static_charts.fan_png(data.risk.fan, lang, data.unit))
        if data.risk.tornado is not None:
            pdf.image_png(static_charts.tornado_png(data.risk.tornado, lang, data.unit))


def _checklist(pdf: ReportPDF, data: ReportData) -> None:
    lang, w = data.lang, pdf.text_width
    pdf.h1(data.section("checklist"))
    for title, items in data.checklist():
        pdf.h2(title)
        if items:
            pdf.grid([t("report.head.item", lang), t("report.head.status", lang)], items, [w - 30, 30], size=9)
        else:
            pdf.para(t("report.checklist.empty", lang), size=9)
    if data.milestone_rows():
        pdf.h2(t("report.checklist.milestones", lang))
        pdf.grid([t("report.head.month", lang), t("report.head.name", lang), t("report.head.status", lang)],
                 data.milestone_rows(), [20, w - 50, 30], size=9)
    pdf.h2(t("report.pdca.title", lang))
    if data.has_actuals:
        for line in data.pdca_lines():
            pdf.para(line, size=9.5)
        pdf.image_png(static_charts.plan_actual_png(*data.pdca_frames, lang=lang, unit=data.unit))
        pdf.para(t("report.pdca.variance", lang), size=9.5)
        pdf.grid(data.pdca_header(), data.pdca_variance_rows(), [22, 30, 34, 34, 34, 26], size=8.5,
                 align_numbers=True, numbers_from=2)
    else:
        pdf.para(t("report.pdca.none", lang), size=9)
    if data.review_rows():
        pdf.h2(t("report.checklist.reviews", lang))
        pdf.grid([t("report.head.date", lang), t("report.head.findings", lang), t("report.head.actions", lang)],
                 data.review_rows(), [24, (w - 24) / 2, (w - 24) / 2], size=9)


def render(data: ReportData, charts: bool = True) -> bytes:
    """The whole report as PDF bytes: cover, the pack's documents, risk, checklists, staff page, appendix."""
    lang, s = data.lang, data.scenario
    pdf = ReportPDF(lang, data.title)
    _cover(pdf, data)
    for doc in data.documents:
        _document(pdf, doc, data, charts)
    _risk(pdf, data, charts)
    _checklist(pdf, data)
    pdf.add_page()
    pdf.h1(data.section("staff_explainer"))
    for paragraph in data.staff_paragraphs():
        pdf.para(paragraph, size=11, height=7)
    pdf.add_page()
    pdf.h1(data.section("appendix"))
    pdf.para(t("pack.appendix.intro", lang), size=9)
    w = pdf.text_width
    pdf.grid(
        [t("report.head.item", lang), t("report.head.value", lang), t("report.head.source", lang),
         t("report.head.confidence", lang)],
        data.assumption_rows(), [58, 32, w - 58 - 32 - 20, 20], size=7.5,
    )
    if s.meta.notes:
        pdf.h2(t("report.section.notes", lang))
        pdf.para(s.meta.notes, size=9, height=5)
    return bytes(pdf.output())


def render_compare(
    names: Sequence[str], results: Mapping[str, Result], differ: Sequence[Sequence[str]],
    metrics: Sequence[Sequence[str]], lang: Lang, unit: MoneyUnit = DEFAULT_UNIT,
) -> bytes:
    """The comparison report: inputs that differ, metrics side by side, overlaid cash chart (in ``unit``)."""
    pdf = ReportPDF(lang, t("report.compare_title", lang))
    w = pdf.text_width
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.multi_cell(0, 10, t("report.compare_title", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for i, name in enumerate(names, 1):
        pdf.para(f"{i}. {name}", size=10)
    first = 50.0
    rest = (w - first) / max(len(names), 1)
    pdf.h1(t("report.section.metrics", lang))
    pdf.grid([t("report.head.metric", lang)] + [f"{i}" for i in range(1, len(names) + 1)], metrics,
             [first] + [rest] * len(names), size=8, align_numbers=True)
    pdf.h1(t("report.section.inputs_differ", lang))
    if differ:
        pdf.grid([t("report.head.field", lang)] + [f"{i}" for i in range(1, len(names) + 1)], differ,
                 [first] + [rest] * len(names), size=7.5)
    else:
        pdf.para(t("report.none", lang))
    pdf.image_png(static_charts.compare_cash_png(dict(zip([f"{i}. {n}" for i, n in enumerate(names, 1)],
                                                          results.values(), strict=True)), lang, unit=unit))
    return bytes(pdf.output())
