"""The deal and lender metrics in words, Japanese or English: one wording for the app, the CLI and the reports.

Where a number means nothing (no IRR, no break-even in the range, no repayment source, no payback for
doing nothing) the text says why instead of showing a misleading 0 or a negative ratio.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from simulator.engine.breakeven import REASONS
from simulator.engine.irr import IRR_REASONS
from simulator.engine.lender import dscr_label_key
from simulator.i18n import Lang, t


def _num(metrics: Mapping[str, float], key: str) -> float:
    try:
        value = float(metrics.get(key, math.nan))
    except (TypeError, ValueError):
        return math.nan
    return value


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def irr_text(metrics: Mapping[str, float], lang: Lang = "ja") -> str:
    """The IRR, or why there is none (and the MIRR to judge by)."""
    irr = _num(metrics, "irr")
    if math.isfinite(irr):
        return _percent(irr)
    reason = _num(metrics, "irr_reason")
    name = IRR_REASONS[int(reason)] if math.isfinite(reason) and 0 < reason < len(IRR_REASONS) else "out_of_range"
    text = t(f"engine.irr_reason.{name}", lang)
    mirr = _num(metrics, "mirr")
    if name != "no_change" and math.isfinite(mirr):
        text += f"; MIRR {_percent(mirr)}（{t('engine.irr_reason.see_mirr', lang)}）" if lang == "ja" else \
            f"; MIRR {_percent(mirr)} ({t('engine.irr_reason.see_mirr', lang)})"
    return text


def break_even_text(value: float, reason: float, lang: Lang = "ja", target: str = "occupancy") -> str:
    """A break-even (``target`` of :data:`simulator.engine.breakeven.TARGETS`), or the outcome of the search
    where there is none. Occupancy as a share (84.0 %); the fee and wage levels as a change against the
    plan (-13.3 %, +19.9 %: the search's fee change, and the wage level − 1)."""
    if math.isfinite(value):
        if target == "occupancy":
            return _percent(value)
        change = value - 1.0 if target == "wage_level" else value
        return f"{change * 100:+.1f} %"
    name = REASONS[int(reason)] if math.isfinite(reason) and 0 <= reason < len(REASONS) else "not_applicable"
    name = "not_applicable" if name == "found" else name
    return t(f"engine.break_even_reason.{name}" if target == "occupancy"
             else f"engine.break_even_reason.{target}.{name}", lang)


def payback_text(metrics: Mapping[str, float], lang: Lang = "ja") -> str:
    value = _num(metrics, "payback_month")
    if math.isfinite(value):
        return f"{value:.0f} {t('engine.unit.month', lang)}"
    if _num(metrics, "irr_reason") == IRR_REASONS.index("no_change"):
        return t("engine.payback.no_change", lang)
    return t("engine.payback.never", lang)


def dscr_text(metrics: Mapping[str, float], lang: Lang = "ja") -> str:
    """The lowest DSCR of the operating years, and the years without a repayment source."""
    value = _num(metrics, "dscr_min")
    missing = _num(metrics, "years_without_repayment_source")
    parts = [f"{value:.2f}"] if math.isfinite(value) else []
    if math.isfinite(missing) and missing > 0:
        parts.append(t("engine.lender.no_source_years", lang, count=int(missing)))
    if not parts:
        parts.append(t("engine.lender_status.no_debt_service", lang))
    return " / ".join(parts)


def debt_years_text(metrics: Mapping[str, float], lang: Lang = "ja", worst: bool = False) -> str:
    """債務償還年数 of the stable year (or the worst year) with the fiscal year it is read in."""
    key, year_key = (("debt_repayment_years_worst", "debt_repayment_worst_year") if worst
                     else ("debt_repayment_years", "debt_repayment_stable_year"))
    value, year = _num(metrics, key), _num(metrics, year_key)
    shown = (f"{value:.1f} {t('engine.unit.years', lang)}" if math.isfinite(value)
             else t("engine.lender_status.no_repayment_source", lang))
    if not math.isfinite(year):
        return shown if math.isfinite(value) else t("engine.not_available", lang)
    return t("engine.lender.years_in", lang, value=shown, year=int(year))


def year_cell(value: float, status: float, lang: Lang = "ja", digits: int = 2) -> str:
    """A fiscal year's DSCR or 債務償還年数 cell: the ratio, or 返済なし / 返済原資なし."""
    if math.isfinite(value):
        return f"{value:.{digits}f}"
    key = dscr_label_key(status)
    return t(key, lang) if key else t("engine.not_available", lang)


TEXT_METRICS = {"irr": irr_text, "payback_month": payback_text, "dscr_min": dscr_text,
                "debt_repayment_years": debt_years_text,
                "debt_repayment_years_worst": lambda m, lang: debt_years_text(m, lang, worst=True),
                "break_even_occupancy": lambda m, lang: break_even_text(
                    _num(m, "break_even_occupancy"), _num(m, "break_even_occupancy_reason"), lang)}
# codes and years shown inside the texts above, not as numbers of their own
CODE_METRICS = frozenset({"irr_reason", "break_even_occupancy_reason", "debt_repayment_stable_year",
                          "debt_repayment_worst_year"})


def metric_text(key: str, metrics: Mapping[str, float], lang: Lang = "ja") -> str | None:
    """The wording of ``key`` where a number alone would mislead, else None (format the number)."""
    maker = TEXT_METRICS.get(key)
    return maker(metrics, lang) if maker else None
