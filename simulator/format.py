"""Numbers with their units, for the reports, the 判定 and the app: one home for every formatter.

``finite`` turns anything into a finite float or None. The report formatters (``fmt_*``, ``thousands``)
show a missing or non-finite value as the language's "n/a" (``report.unit.na``) instead of "nan"; the
app's (``money``, ``percent``, ``people`` … in Japanese conventions: 1,234万円, 12.3%, 4.5人, 80床)
as :data:`DASH`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

from simulator.i18n import Lang, t

__all__ = [
    "MONEY_UNITS",
    "UNIT_DIVISOR",
    "UNIT_LABEL",
    "DASH",
    "MoneyUnit",
    "finite", "fmt_fte", "fmt_metric", "fmt_month", "fmt_number", "fmt_pct", "fmt_yen", "thousands",
    "labelled", "money", "money_precise", "months", "people", "percent", "persons", "places", "ratio",
    "unit_label", "users", "with_unit"]


# The money units a user can choose (app sidebar) and the reports follow.
MoneyUnit = Literal["yen", "thousand", "man"]
MONEY_UNITS: tuple[MoneyUnit, ...] = ("man", "thousand", "yen")
UNIT_DIVISOR: dict[MoneyUnit, int] = {"yen": 1, "thousand": 1_000, "man": 10_000}
UNIT_LABEL: dict[str, dict[MoneyUnit, str]] = {
    "ja": {"yen": "円", "thousand": "千円", "man": "万円"},
    "en": {"yen": "yen", "thousand": "k yen", "man": "×10k yen"},  # short: metrics must not be cut
}


def finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _round_half_away(value: float) -> int:
    return int(math.floor(abs(value) + 0.5)) * (1 if value >= 0 else -1)


def thousands(value: Any) -> str:
    """Yen as thousand yen with separators: 12345678 → '12,346'; NaN → '—'."""
    number = finite(value)
    if number is None:
        return "—"
    return f"{_round_half_away(number / 1000):,}"


def _finite_or_na(value: Any, lang: Lang, show: Callable[[float], str]) -> str:
    """``show(value)`` for a finite number, else the language's "n/a"."""
    number = finite(value)
    return t("report.unit.na", lang) if number is None else show(number)


def fmt_yen(value: Any, lang: Lang = "ja") -> str:
    """A key figure in yen: '12,346千円' / 'JPY 12,346k'."""
    return _finite_or_na(value, lang, lambda x: f"{thousands(x)}千円" if lang == "ja" else f"JPY {thousands(x)}k")


def fmt_pct(value: Any, lang: Lang = "ja", digits: int = 1) -> str:
    return _finite_or_na(value, lang, lambda x: f"{x * 100:.{digits}f}%")


def fmt_fte(value: Any, lang: Lang = "ja") -> str:
    return _finite_or_na(value, lang, lambda x: f"{x:,.1f}人" if lang == "ja" else f"{x:,.1f} FTE")


def fmt_number(value: Any, lang: Lang = "ja", digits: int = 2) -> str:
    return _finite_or_na(value, lang, lambda x: f"{x:,.{digits}f}")


def fmt_month(value: Any, lang: Lang = "ja", never_key: str = "report.unit.na") -> str:
    number = finite(value)
    if number is None:
        return t(never_key, lang)
    return t("report.unit.month_n", lang, n=int(number))


def fmt_metric(key: str, value: Any, lang: Lang = "ja") -> str:
    """A metric formatted the way every report shows it."""
    if key.endswith("_yen"):
        return fmt_yen(value, lang)
    if key in {"irr", "mirr", "residual_share_of_npv", "break_even_occupancy", "margin_final_year",
               "personnel_ratio_final_year"}:
        return fmt_pct(value, lang)
    if key == "payback_month":
        return fmt_month(value, lang, "report.unit.never")
    if key == "lowest_cash_month":
        return fmt_month(value, lang)
    if key in {"fte_added"}:
        return fmt_fte(value, lang)
    if key in {"hires_total"}:
        return fmt_number(value, lang, 1)
    if key == "months_below_staffing_standard":
        return fmt_number(value, lang, 0)
    if key in {"dscr_min", "dscr_mean"}:
        return fmt_number(value, lang, 2)
    if key in {"debt_repayment_years", "debt_repayment_years_worst"}:
        return fmt_number(value, lang, 1)
    if key == "shortfall_probability":
        return fmt_pct(value, lang)
    return fmt_number(value, lang)


# The app's formatters: a missing value is a dash.
DASH = "—"


def unit_label(unit: MoneyUnit, lang: str = "ja") -> str:
    """The money unit's name: 万円 / ×10k yen …"""
    return UNIT_LABEL.get(lang, UNIT_LABEL["ja"])[unit]


def _in_unit(text: str, unit: str, lang: str) -> str:
    """A number followed by its unit word: 20年 / 20 years."""
    return f"{text}{unit}" if lang == "ja" else f"{text} {unit}"


def money(yen: float | None, unit: MoneyUnit = "man", lang: str = "ja") -> str:
    """Yen shown in the chosen unit, rounded, with thousands separators: 1,234万円."""
    number = finite(yen)
    if number is None:
        return DASH
    return _in_unit(f"{round(number / UNIT_DIVISOR[unit]):,}", unit_label(unit, lang), lang)


def with_unit(value: float | None, unit: str, lang: str = "ja", digits: int = 0) -> str:
    """A number followed by its unit word: 20年 / 20 years."""
    number = finite(value)
    return DASH if number is None else _in_unit(f"{number:,.{digits}f}", unit, lang)


def labelled(label: str, unit: str, lang: str = "ja") -> str:
    """A label with its unit: 収益（万円） / Revenue (×10k yen)."""
    return f"{label}（{unit}）" if lang == "ja" else f"{label} ({unit})"


def money_precise(yen: float | None, unit: MoneyUnit = "man", lang: str = "ja") -> str:
    """Like ``money`` but keeps one decimal for small amounts (38.7万円/㎡ instead of 39万円/㎡)."""
    number = finite(yen)
    if number is None:
        return DASH
    value = number / UNIT_DIVISOR[unit]
    text = f"{value:,.0f}" if value.is_integer() or abs(value) >= 1000 else f"{value:,.1f}"
    return _in_unit(text, unit_label(unit, lang), lang)


def percent(share: float | None, digits: int = 1) -> str:
    """A share of 1 as a percentage: 0.123 -> 12.3%."""
    number = finite(share)
    return DASH if number is None else f"{number * 100:,.{digits}f}%"


def _count(n: float | None, ja: str, en: str, lang: str, digits: int) -> str:
    number = finite(n)
    if number is None:
        return DASH
    return f"{number:,.{digits}f}{ja}" if lang == "ja" else f"{number:,.{digits}f} {en}"


def people(fte: float | None, lang: str = "ja", digits: int = 1) -> str:
    """Persons or FTE: 12.3人."""
    return _count(fte, "人", "FTE", lang, digits)


def users(n: float | None, lang: str = "ja", digits: int = 1) -> str:
    """Users (利用者数): 46.4人 / 46.4 users."""
    return _count(n, "人", "users", lang, digits)


def persons(n: float | None, lang: str = "ja", digits: int = 0) -> str:
    """A head count (hires): 12人 / 12 persons."""
    return _count(n, "人", "persons", lang, digits)


def places(n: float | None, lang: str = "ja") -> str:
    """Places (beds, day places): 80床 / 80 places."""
    return _count(n, "床", "places", lang, 0)


def months(n: float | None, lang: str = "ja") -> str:
    """A count of months (e.g. payback): 38か月 / 38 months; NaN = never."""
    number = finite(n)
    if number is None:
        return "回収せず" if lang == "ja" else "not within horizon"
    return f"{number:,.0f}か月" if lang == "ja" else f"{number:,.0f} months"


def ratio(x: float | None, digits: int = 2) -> str:
    """A plain ratio such as DSCR: 1.35倍 is written 1.35."""
    number = finite(x)
    return DASH if number is None else f"{number:,.{digits}f}"
