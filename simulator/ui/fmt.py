"""Numbers with their units in Japanese conventions (1,234万円, 12.3%, 4.5人, 80床)."""

from __future__ import annotations

import math

from simulator.format import UNIT_DIVISOR, UNIT_LABEL, MoneyUnit

DASH = "—"


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def unit_label(unit: MoneyUnit, lang: str = "ja") -> str:
    """The money unit's name: 万円 / ×10k yen …"""
    return UNIT_LABEL.get(lang, UNIT_LABEL["ja"])[unit]


def money(yen: float | None, unit: MoneyUnit = "man", lang: str = "ja") -> str:
    """Yen shown in the chosen unit, rounded, with thousands separators: 1,234万円."""
    if _missing(yen):
        return DASH
    value = round(float(yen) / UNIT_DIVISOR[unit])
    text = f"{value:,}"
    return f"{text}{unit_label(unit, lang)}" if lang == "ja" else f"{text} {unit_label(unit, lang)}"


def with_unit(value: float | None, unit: str, lang: str = "ja", digits: int = 0) -> str:
    """A number followed by its unit word: 20年 / 20 years."""
    if _missing(value):
        return DASH
    text = f"{float(value):,.{digits}f}"
    return f"{text}{unit}" if lang == "ja" else f"{text} {unit}"


def labelled(label: str, unit: str, lang: str = "ja") -> str:
    """A label with its unit: 収益（万円） / Revenue (×10k yen)."""
    return f"{label}（{unit}）" if lang == "ja" else f"{label} ({unit})"


def money_precise(yen: float | None, unit: MoneyUnit = "man", lang: str = "ja") -> str:
    """Like ``money`` but keeps one decimal for small amounts (38.7万円/㎡ instead of 39万円/㎡)."""
    if _missing(yen):
        return DASH
    value = float(yen) / UNIT_DIVISOR[unit]
    text = f"{value:,.0f}" if value.is_integer() or abs(value) >= 1000 else f"{value:,.1f}"
    return f"{text}{unit_label(unit, lang)}" if lang == "ja" else f"{text} {unit_label(unit, lang)}"


def percent(share: float | None, digits: int = 1) -> str:
    """A share of 1 as a percentage: 0.123 -> 12.3%."""
    if _missing(share):
        return DASH
    return f"{float(share) * 100:,.{digits}f}%"


def people(fte: float | None, lang: str = "ja", digits: int = 1) -> str:
    """Persons or FTE: 12.3人."""
    if _missing(fte):
        return DASH
    return f"{float(fte):,.{digits}f}人" if lang == "ja" else f"{float(fte):,.{digits}f} FTE"


def users(n: float | None, lang: str = "ja", digits: int = 1) -> str:
    """Users (利用者数): 46.4人 / 46.4 users."""
    if _missing(n):
        return DASH
    return f"{float(n):,.{digits}f}人" if lang == "ja" else f"{float(n):,.{digits}f} users"


def persons(n: float | None, lang: str = "ja", digits: int = 0) -> str:
    """A head count (hires): 12人 / 12 persons."""
    if _missing(n):
        return DASH
    return f"{float(n):,.{digits}f}人" if lang == "ja" else f"{float(n):,.{digits}f} persons"


def places(n: float | None, lang: str = "ja") -> str:
    """Places (beds, day places): 80床 / 80 places."""
    if _missing(n):
        return DASH
    return f"{float(n):,.0f}床" if lang == "ja" else f"{float(n):,.0f} places"


def months(n: float | None, lang: str = "ja") -> str:
    """A count of months (e.g. payback): 38か月 / 38 months; NaN = never."""
    if _missing(n):
        return "回収せず" if lang == "ja" else "not within horizon"
    return f"{float(n):,.0f}か月" if lang == "ja" else f"{float(n):,.0f} months"


def ratio(x: float | None, digits: int = 2) -> str:
    """A plain ratio such as DSCR: 1.35倍 is written 1.35."""
    if _missing(x):
        return DASH
    return f"{float(x):,.{digits}f}"
