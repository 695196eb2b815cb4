"""Numbers as the reports and the 判定 show them: 千円 with separators, percentages, FTE, months.

``finite`` turns anything into a finite float or None; every formatter shows a missing or non-finite
value as the language's "n/a" (``report.unit.na``) instead of "nan".
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
    "MoneyUnit",
    "finite", "fmt_fte", "fmt_metric", "fmt_month", "fmt_number", "fmt_pct", "fmt_yen", "thousands"]


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
