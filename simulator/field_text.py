"""A scenario field for a reader: its label and which item it belongs to, and its value with its unit.

Used by the library's version diff and comparison table and by the comparison report (PDF, HTML, workbook),
which showed dotted paths and raw numbers (``paths[0].construction.fit_out_yen 0.0 → 15000000.0``). Plain
functions, no streamlit: model code (the reports) reads them too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from simulator import format as fmt
from simulator.errors import field_label
from simulator.format import MoneyUnit
from simulator.i18n import Lang, catalogue, t
from simulator.risk.tornado import item_name
from simulator.scenario import Scenario

SHARE_WORDS = ("share", "rate", "occupancy", "ratio_of", "realisation", "retention", "ceiling", "start",
               "growth", "inflation", "probability", "level", "attrition", "change", "risk")


def dotted(path: str) -> str:
    """``paths[0].construction`` → ``paths.0.construction``."""
    return re.sub(r"\[(\d+)\]", r".\1", path)


def field_text(scenario: Scenario | None, path: str, lang: Lang = "ja") -> str:
    """「工事の内装・改修費（道筋1「30床の増築」）」 for ``paths[0].construction.fit_out_yen``; the path itself
    only where the catalogue has no label."""
    return field_text_across([] if scenario is None else [scenario], path, lang)


def field_text_across(scenarios: Sequence[Scenario], path: str, lang: Lang = "ja") -> str:
    """:func:`field_text` for a comparison row: the item each scenario has at ``path``, each name once
    (「工事費（道筋1「30床の増築」 / 道筋1「GHの新設」）」), so a row never names only the first scenario's item."""
    path = dotted(path)
    label = field_label(path, lang) or _form_label(path, lang) or path
    items = list(dict.fromkeys(item for s in scenarios if (item := item_name(s, path, lang))))
    return t("risk.item.of", lang, label=label, item=" / ".join(items)) if items else label


def _form_label(path: str, lang: Lang) -> str | None:
    """The form's label of a care level in a care mix (要介護3) or of a service variant's part (居室の種類)."""
    name = path.rsplit(".", 1)[-1]
    for key in (f"ui.care.{name}", f"ui.variant.{name}"):
        if key in catalogue():
            if key.startswith("ui.variant."):
                return t(key, lang)
            mix, level = t("errors.label.care_mix", lang), t(key, lang)
            return f"{mix}（{level}）" if lang == "ja" else f"{mix} ({level})"
    return None


def value_text(path: str, value: Any, unit: MoneyUnit = "man", lang: Lang = "ja") -> str:
    """The value as the forms show it: money in the chosen unit, shares as %, empty as 「空欄（標準値）」."""
    name = dotted(path).rsplit(".", 1)[-1]
    if value is None:
        return t("ui.common.empty_default", lang)
    if isinstance(value, bool):
        return t("ui.common.yes" if value else "ui.common.no", lang)
    if isinstance(value, int | float):
        if name.endswith("_yen") or "_yen_" in name:
            return fmt.money(value, unit, lang)
        if (any(word in name for word in SHARE_WORDS) or ".care_mix." in dotted(path)) and abs(value) <= 1.5:
            return fmt.percent(value, 1)
        return f"{value:,.10g}"
    if isinstance(value, list | dict):
        return t("ui.common.items", lang, n=len(value))
    for key in _choice_keys(dotted(path), str(value)):
        if key in catalogue():
            return t(key, lang)
    return str(value)


def _choice_keys(path: str, value: str) -> list[str]:
    """Locale keys that may name a choice field's value (the forms' labels): a service variant, a service,
    a legal form, a construction kind, a path or subsidy kind, a repayment method, else ``ui.<field>.<value>``."""
    parts = path.split(".")
    name, parent = parts[-1], (parts[-2] if len(parts) > 1 else "")
    if parent == "variant":
        return [f"ui.variant_value.{value}"]
    by_name = {"service": "ui.service", "corp_type": "ui.corp",
               "method": "ui.valuation" if parent == "valuation" else "report.loan"}
    if name == "kind" and len(parts) > 2 and parts[-3] == "subsidies":  # financing.subsidies.N.kind
        return [f"report.subsidy.{value}"]
    if name == "kind":
        return [f"ui.construction.{value}" if parent == "construction" else f"ui.path.{value}"]
    return [f"{by_name.get(name, 'ui.' + name)}.{value}"]
