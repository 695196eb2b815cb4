"""The submission pack's documents as data: headed tables of numbers, one renderer per format.

A :class:`Document` (収支計画, 資金計画, 借入金償還計画表 …) holds :class:`Table` s of :class:`Line` s; a line's
values are numbers in their own unit (money in yen, shares as fractions), never formatted text, so the PDF,
the workbook and the HTML show the same figures and the workbook can keep them as numbers. A total line names
the lines it adds up (``sums``: line index and sign), which the workbook writes as a SUM formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from simulator.format import UNIT_DIVISOR, UNIT_LABEL, MoneyUnit
from simulator.i18n import Lang, t

DEFAULT_UNIT: MoneyUnit = "thousand"  # 千円: the unit of 社会福祉法人 計算書類 and of WAM's forms

Unit = Literal["money", "ratio", "number", "people", "text", "years", "months"]
Kind = Literal["item", "total", "heading", "memo"]


@dataclass(frozen=True)
class Money:
    """The report's money unit: divides yen and names the unit."""

    unit: MoneyUnit = DEFAULT_UNIT
    lang: Lang = "ja"

    @property
    def divisor(self) -> int:
        return UNIT_DIVISOR[self.unit]

    @property
    def label(self) -> str:
        return UNIT_LABEL[self.lang][self.unit]

    def amount(self, yen: object) -> float | None:
        """Yen in the report's unit, unrounded (None, NaN or a non-number: None)."""
        try:
            value = float(yen)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return value / self.divisor if math.isfinite(value) else None

    def text(self, yen: object, with_unit: bool = True) -> str:
        """'12,346千円' / '12,346 k yen'; a negative amount as △12,346 in Japanese; '—' for none."""
        value = self.amount(yen)
        if value is None:
            return "—"
        shown = number_text(value, 0, self.lang)
        if not with_unit:
            return shown
        return f"{shown}{self.label}" if self.lang == "ja" else f"{shown} {self.label}"


def round_half_away(value: float, digits: int = 0) -> float:
    scale = 10.0 ** digits
    return math.floor(abs(value) * scale + 0.5) / scale * (1 if value >= 0 else -1)


def number_text(value: float | None, digits: int, lang: Lang) -> str:
    """Grouped digits, rounded half away from zero; negative as △ in Japanese (as in 計算書類)."""
    if value is None or not math.isfinite(value):
        return "—"
    rounded = round_half_away(value, digits)
    text = f"{abs(rounded):,.{digits}f}"
    if rounded < 0:
        return f"△{text}" if lang == "ja" else f"-{text}"
    return text


@dataclass(frozen=True)
class Line:
    """One row: a label and one value per column (None = empty). ``sums``: for a total, the (index, sign) of
    the lines of the same table it is made of; ``texts``: cell texts where ``unit`` is "text"."""

    label: str
    values: tuple[float | None, ...] = ()
    kind: Kind = "item"
    unit: Unit = "money"
    sums: tuple[tuple[int, int], ...] = ()
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A headed table: ``head`` over the labels, ``columns`` over the values."""

    head: str
    columns: tuple[str, ...]
    lines: tuple[Line, ...]
    title: str = ""
    wide: bool = False  # a table by fiscal year: a landscape page, a narrow label column

    def line(self, label: str) -> Line:
        """The line labelled ``label`` (KeyError naming it if absent)."""
        for line in self.lines:
            if line.label == label:
                return line
        raise KeyError(label)


@dataclass(frozen=True)
class Document:
    """One document of the pack: its heading (numbered), sheet name, text before and after its tables."""

    key: str
    heading: str
    sheet: str
    intro: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)


def cell_text(line: Line, j: int, money: Money) -> str:
    """The cell ``j`` of ``line`` as the PDF and HTML show it, in the report's unit."""
    if line.unit == "text":
        return line.texts[j] if j < len(line.texts) else ""
    value = line.values[j] if j < len(line.values) else None
    if value is None:
        return ""
    lang = money.lang
    if line.unit == "money":
        return number_text(money.amount(value), 0, lang)
    if line.unit == "ratio":
        return "—" if not math.isfinite(value) else number_text(value * 100, 1, lang) + "%"
    if line.unit in ("people", "years"):
        return number_text(value, 1, lang)
    if line.unit == "months":
        return number_text(value, 0, lang)
    return number_text(value, 2, lang)


def total(lines: Sequence[Line], parts: Sequence[tuple[int, int]], label: str, kind: Kind = "total") -> Line:
    """A total line of ``parts`` (index, sign) of ``lines``: the values added column by column."""
    width = max(len(lines[i].values) for i, _ in parts)
    values: list[float | None] = []
    for j in range(width):
        cells = [(lines[i].values[j] if j < len(lines[i].values) else None, sign) for i, sign in parts]
        known = [(v, s) for v, s in cells if v is not None]
        values.append(sum(v * s for v, s in known) if known else None)
    return Line(label, tuple(values), kind=kind, sums=tuple(parts))


def fiscal_year_label(year: int, lang: Lang) -> str:
    return t("pack.fiscal_year", lang, year=year)
