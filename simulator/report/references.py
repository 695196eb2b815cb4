"""The report's sources: the reference parameters a result read (``Result.references``), each with its
description in the reader's language, its value in words (money in the report's unit) and its source.

No id, key or dotted path reaches the reader: a table's keys are named by the labels the app uses (要介護1,
ユニット型個室, Ⅰイ, the services, roles and 加算), and a table whose keys have no label is summarised by its size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from simulator.engine.result import Result
from simulator.i18n import Lang, t
from simulator.reference._common import SERVICES
from simulator.reference.loader import Parameter, ValueEntry, catalogue
from simulator.scenario import Scenario

SHOWN_ITEMS = 8  # a reference table with more entries (or nested ones) is summarised by its size
KEY_LABELS = ("ui.care.{}", "ui.tier.{}", "ui.variant_value.{}", "report.service.{}", "report.staff_role.{}")
VALID_FROM = re.compile(r"\(valid from (\d{4}-\d{2}-\d{2})\)")
SERVICE_WORD = re.compile(r"\b(" + "|".join(sorted(SERVICES, key=len, reverse=True)) + r")\b")
UNIT_WORDS = {"units/day": "pack.unit.units_day", "units/month": "pack.unit.units_month",
              "units/visit": "pack.unit.units_visit", "staff/10 users": "pack.unit.staff_10",
              "days/month": "pack.unit.days_month", "visits/month": "pack.unit.visits_month",
              "m2/place": "pack.unit.m2_place", "years": "pack.unit.years", "fte": "pack.unit.fte"}
PER_YEN = {"yen/day": "pack.unit.per_day", "yen/month": "pack.unit.per_month", "yen/year": "pack.unit.per_year",
           "yen/m2": "pack.unit.per_m2", "yen/place": "pack.unit.per_place", "yen/hire": "pack.unit.per_hire",
           "yen/facility": "pack.unit.per_facility"}


def _plain_number(value: float) -> str:
    """1,234,567 or 0.637: grouped digits, never 4.59e+06."""
    return f"{value:,.10g}"


def key_label(key: object, lang: Lang, service: str = "") -> str | None:
    """The reader's name of a table key (care level, tier, room type, service, role, 加算), or None."""
    text = str(key)
    for template in KEY_LABELS:
        name = template.format(text)
        found = t(name, lang)
        if found != name:
            return found
    if service:
        add_on = catalogue().get(f"add_on.{service}.{text}")
        if add_on is not None:
            return description(add_on, lang)
    return None if re.search(r"[a-z]_[a-z0-9]|^[a-z]+$", text) else text


def description(param: Parameter, lang: Lang) -> str:
    """The parameter's description, service ids replaced by the services' names."""
    text = param.description if lang == "ja" else (param.description_en or param.description)
    return SERVICE_WORD.sub(lambda m: t(f"report.service.{m.group(1)}", lang), text)


def reference_value(value: Any, lang: Lang, show: Callable[[float], str] | None = None, service: str = "") -> str:
    """A reference value as the sources table shows it: a number (``show`` formats it), a short table as
    ``name: value`` pairs, a longer or nested one, or one whose keys have no name, as its size."""
    show = show or _plain_number
    if isinstance(value, bool) or not isinstance(value, int | float | Mapping | list | tuple):
        text = str(value)
        return text if not re.search(r"[a-z]_[a-z0-9]", text) else t("report.reference.table", lang, count=1)
    if isinstance(value, int | float):
        return show(float(value))
    items = list(value.items()) if isinstance(value, Mapping) else list(enumerate(value))
    flat = all(isinstance(v, int | float) and not isinstance(v, bool) for _, v in items)
    names = [key_label(k, lang, service) for k, _ in items] if isinstance(value, Mapping) else []
    if not flat or len(items) > SHOWN_ITEMS or any(n is None for n in names):
        return t("report.reference.table", lang, count=len(items))
    shown = [show(float(v)) for _, v in items]
    if isinstance(value, Mapping):
        shown = [f"{n}: {v}" for n, v in zip(names, shown, strict=True)]
    return " / ".join(shown)  # not ", ": numbers have commas


def value_text(param: Parameter, entry: ValueEntry, lang: Lang, money: Callable[[float], str]) -> str:
    """The value in the parameter's unit: a share as a percentage, yen amounts in the report's unit, a price
    per day, m² … in yen with its unit, units with their name."""
    unit = param.unit
    service = next((part for part in param.id.split(".") if part in SERVICES), "")

    def percent(x: float) -> str:
        return f"{x * 100:,.4g}%"

    def priced(x: float) -> str:
        return t(PER_YEN[unit], lang, value=f"{x:,.10g}")

    def worded(x: float) -> str:
        return t(UNIT_WORDS[unit], lang, value=f"{x:,.10g}")

    show: Callable[[float], str] = (percent if unit == "ratio" else money if unit == "yen"
                                    else priced if unit in PER_YEN else worded if unit in UNIT_WORDS
                                    else _plain_number)
    return reference_value(entry.value, lang, show, service)


def used_references(result: Result, scenario: Scenario) -> list[tuple[str, Any]]:
    """(id, entry in force on the start date) of exactly the reference parameters the engine read for
    ``result`` (``Result.references``, recorded by the reference lookup)."""
    params, on = catalogue(), scenario.assumptions.start_date
    rows = []
    for param_id in result.references:
        try:
            rows.append((param_id, params[param_id].entry(on)))
        except LookupError:  # read for a later month only: its value of that month is not the start's
            continue
    return rows


def reference_rows(result: Result, scenario: Scenario, lang: Lang,
                   money: Callable[[float], str]) -> list[tuple[str, str, str, str]]:
    """(what it is, value, source with its page and address, confidence) of every parameter read."""
    params = catalogue()
    services = {part for param_id in result.references for part in param_id.split(".") if part in SERVICES}
    rows = []
    for param_id, entry in used_references(result, scenario):
        param = params[param_id]
        value = entry.value
        if isinstance(value, Mapping) and value and set(value) <= set(SERVICES):  # one value per service
            entry = entry.model_copy(update={"value": {k: v for k, v in value.items() if k in services}})
        source = entry.source
        where = " ".join(part for part in (source.title, source.locator, str(source.url)) if part)
        rows.append((description(param, lang), value_text(param, entry, lang, money), where,
                     t(f"report.confidence.{entry.confidence}", lang)))
    return rows


def vintage_sentence(vintage: Mapping[str, str], lang: Lang) -> str:
    """The data vintage as a sentence: 'データは 2026-04-01 時点のものです。介護報酬: …; …'."""
    parts = []
    for key, value in vintage.items():
        if key == "as_of":
            continue
        name = t(f"pack.vintage.{key}", lang)
        parts.append(f"{name if name != f'pack.vintage.{key}' else t('pack.vintage.other', lang)}: {value}")
    head = t("pack.vintage.as_of", lang, date=vintage.get("as_of", "—"))
    text = head + " " + t("pack.list_sep_long", lang).join(parts)
    return VALID_FROM.sub(lambda m: t("pack.vintage.valid_from", lang, date=m.group(1)), text)
