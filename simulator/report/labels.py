"""Words and numbers as every report shows them: formatted figures, labels of metrics, columns, roles and
services, and each expansion path described in a paragraph (no file format, no report data here)."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from simulator.format import finite, fmt_fte, fmt_metric, fmt_month, fmt_number, fmt_pct, fmt_yen, thousands
from simulator.i18n import Lang, t
from simulator.scenario import BusinessTransfer, CapacityIncrease, Collaboration, Merger, NewService, Scenario

# the number formats live in simulator.format; the report's modules take them from here with the labels
__all__ = ["finite", "fmt_fte", "fmt_metric", "fmt_month", "fmt_number", "fmt_pct", "fmt_yen", "thousands"]

# ---- font -----------------------------------------------------------------------------------------


@cache
def font_path() -> Path:
    """IPAexGothic from the matplotlib-fontja package (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib-fontja is not installed: pip install matplotlib-fontja")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise RuntimeError(f"IPAexGothic font not found at {path}")
    return path


@cache
def fallback_font_path() -> Path:
    """DejaVu Sans, shipped with matplotlib: the glyphs IPAexGothic lacks (≥ ≤ ⚠ … in a user's text)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed: pip install matplotlib")
    path = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    if not path.is_file():
        raise RuntimeError(f"DejaVu Sans font not found at {path}")
    return path


# ---- text helpers ---------------------------------------------------------------------------------


def percentile_heading(column: object, lang: Lang) -> str:
    """A column of the Monte Carlo percentiles: P5 … P95, or 平均 / Mean."""
    return t("risk.col.mean", lang) if str(column).lower() == "mean" else str(column).upper()


SHARE_WORDS = ("rate", "share", "growth", "occupancy", "ceiling", "change", "ratio", "realisation", "retention",
               "start", "attrition")
SETTINGS_PATH = re.compile(r"\[\[[a-z_.]+\]\]")


def is_share_field(target: str) -> bool:
    """A scenario field holding a share or a rate (shown as a percentage)."""
    last = target.rsplit(".", 1)[-1]
    return any(word in last for word in SHARE_WORDS) and "months" not in last and "yen" not in last


# a default range's source as simulator.risk.defaults.source_text writes it (stored in the scenario's ranges)
ASSUMED_SOURCE = re.compile(r"^assumption \(仮定\): (?P<title>.*); editable in (?P<where>\[\[[a-z_.]+\]\])$", re.S)


def readable_source(source: str, lang: Lang) -> str:
    """A source note for a reader: a settings path such as [[uncertainty.inputs]] becomes words, and a default
    range's "assumption (仮定): …; editable in …" is worded in the report's language."""
    found = ASSUMED_SOURCE.match(source or "")
    if found:
        return t("pack.risk.assumed_source", lang, title=found["title"], settings=t("pack.risk.settings", lang))
    return SETTINGS_PATH.sub(t("pack.risk.settings", lang), source or "—")


def distribution_parameters(d: Any, percent: bool = False) -> str:
    """low / mode / high, mean ± sd (with bounds) or the values with their probabilities, in the field's unit
    (a share or rate as a percentage)."""
    def num(x: float) -> str:
        return f"{x * 100:,.4g}%" if percent else f"{x:,.4g}"

    if d.kind == "discrete":
        return ", ".join(f"{num(v)} ({num(p)})" for v, p in zip(d.values, d.probabilities, strict=True))
    if d.kind in ("normal", "lognormal"):
        bounds = f" [{num(d.low) if d.low is not None else '−∞'}, {num(d.high) if d.high is not None else '∞'}]"
        return f"{num(d.mean)} ± {num(d.sd)}" + (bounds if d.low is not None or d.high is not None else "")
    return " / ".join(num(x) for x in (d.low, d.mode, d.high) if x is not None)


def service_label(service: Any, lang: Lang) -> str:
    return t(f"report.service.{getattr(service, 'value', service)}", lang)


def role_label(role: str, lang: Lang) -> str:
    key = f"report.staff_role.{role}"
    text = t(key, lang)
    return role if text == key else text


def col_label(column: str, lang: Lang) -> str:
    """Label of a monthly/annual column; per-role columns (fte_<role>, hires_<role>, <role>_required …)."""
    key = f"report.col.{column}"
    text = t(key, lang)
    if text != key:
        return text
    for prefix, template in (("fte_", "report.col.fte_role"), ("hires_", "report.col.hires_role")):
        if column.startswith(prefix):
            return t(template, lang, role=role_label(column.removeprefix(prefix), lang))
    for suffix, head in (("_required", "report.head.required"), ("_planned", "report.head.planned"),
                         ("_hires", "report.col.hires")):
        if column.endswith(suffix):
            return f"{role_label(column.removesuffix(suffix), lang)} {t(head, lang)}"
    return column


def metric_label(key: str, lang: Lang) -> str:
    return t(f"report.metric.{key}", lang)


def share_or_benchmark(value: float | None, lang: Lang) -> str:
    return t("report.input.benchmark", lang) if value is None else fmt_pct(value, lang, 0)


def _construction(path: Any, lang: Lang) -> str:
    return t(f"report.construction.{path.construction.kind}", lang)


def describe_path(path: Any, lang: Lang, scenario: Scenario, money: Callable[[Any], str] | None = None) -> str:
    """One paragraph in words for each expansion path (``money`` formats yen; default 千円)."""
    def yen(value: Any, lang: Lang) -> str:
        return money(value) if money is not None else fmt_yen(value, lang)

    if isinstance(path, CapacityIncrease):
        services = scenario.organisation.services
        service = services[path.service_index] if path.service_index < len(services) else None
        name = (service.name or service_label(service.service, lang)) if service else "?"
        site = "report.path.new_site" if path.new_site else "report.path.same_site"
        return t(
            "report.path.capacity_increase", lang, label=path.label or name, service=name,
            added=path.added_capacity, site=t(site, lang), opening=path.opening_month,
            ramp_start=fmt_pct(path.ramp.start, lang, 0), ceiling=fmt_pct(path.ramp.ceiling, lang, 0),
            months=f"{path.ramp.months_to_ceiling:g}", construction=_construction(path, lang),
            build=path.construction.months_to_build,
        ) + _rent(path.rent_yen_per_month, lang, yen)
    if isinstance(path, NewService):
        op = path.operation
        return t(
            "report.path.new_service", lang, label=path.label or op.name or service_label(op.service, lang),
            service=service_label(op.service, lang), capacity=op.capacity, opening=path.opening_month,
            ramp_start=fmt_pct(path.ramp.start, lang, 0), ceiling=fmt_pct(path.ramp.ceiling, lang, 0),
            months=f"{path.ramp.months_to_ceiling:g}", referrals=f"{path.referrals_per_month_from_own_services:g}",
            construction=_construction(path, lang),
        ) + _rent(op.rent_yen_per_month, lang, yen)
    if isinstance(path, Merger):
        integ = path.integration
        total = integ.systems_yen + integ.legal_and_registration_yen + integ.due_diligence_yen + integ.other_yen
        return t(
            "report.path.merger", lang, label=path.label or path.partner.name, partner=path.partner.name or "—",
            staff=path.partner.staff_headcount, lead=path.approval_lead_months,
            backoffice=f"{path.synergies.backoffice_fte_removed:g}",
            procurement=fmt_pct(path.synergies.procurement_saving_share, lang),
            realisation=fmt_pct(path.synergies.realisation, lang, 0), integration=yen(total, lang),
            attrition=fmt_pct(path.extra_attrition_first_year, lang), sessions=path.staff_sessions_planned,
        )
    if isinstance(path, BusinessTransfer):
        valuation = path.valuation
        method = t(
            f"report.valuation.{valuation.method}", lang, years=f"{valuation.earnings_years:g}",
            price=yen(valuation.price_yen, lang),
        )
        return t(
            "report.path.business_transfer", lang, label=path.label or path.business.name,
            role=t(f"report.role.{path.role}", lang), business=path.business.name or "—",
            month=path.transfer_month, method=method, lead=path.designation_lead_months,
            retention=fmt_pct(path.staff_retention, lang, 0), broker=fmt_pct(path.broker_fee_share, lang),
            dd=yen(path.due_diligence_yen, lang),
        )
    if isinstance(path, Collaboration):
        levers = [t(f"report.collab.lever.{name}", lang) for name in COLLAB_LEVERS
                  if getattr(getattr(path, name), "enabled", False)]
        return t("report.path.collaboration", lang, label=path.label or "—", members=len(path.members),
                 names=t("pack.list_sep", lang).join(m.name or "—" for m in path.members), start=path.start_month,
                 levers=t("pack.list_sep", lang).join(levers) or "—", sharing=t(f"report.collab.sharing.{path.sharing}", lang),
                 realisation=fmt_pct(path.realisation, lang, 0))
    return str(getattr(path, "label", "")) or str(getattr(path, "kind", ""))


def _rent(rent: float, lang: Lang, yen: Callable[[Any, Lang], str]) -> str:
    """The sentence on a new site's or service's own 地代家賃 ("" when none is entered)."""
    return t("report.path.rent", lang, rent=yen(rent, lang)) if rent > 0 else ""


COLLAB_LEVERS = ("backoffice", "recruiting", "training", "procurement", "transport", "data_link", "link_corporation")
