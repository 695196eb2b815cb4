"""The value the engine uses for an empty field, with its source, shown next to the field.

Each helper computes the default exactly as the engine does (same reference function, same date:
the scenario's start date) and renders "空欄なら 468㎡ … 出典：[title](url)・確度". A value marked
``assumption`` in the reference data is shown with ⚠ 仮定 so the user knows to check it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from simulator import format as fmt
from simulator.ui import ref, state
from simulator.ui.state import tr

CONFIDENCES = ("verified", "single_source", "assumption")


def _md(text: str) -> str:
    """Text safe inside Markdown link text (no brackets, no $ maths, no * emphasis)."""
    return text.replace("[", "(").replace("]", ")").replace("$", "＄").replace("*", "＊")


def confidence_text(entry: Any) -> str:
    """確認済み / 単一出典 / ⚠ 仮定 — the reference data's confidence mark in the user's language."""
    level = getattr(entry, "confidence", None)
    if isinstance(entry, dict):
        level = entry.get("confidence")
    if level not in CONFIDENCES:
        return ""
    return tr(f"ui.conf.{level}")


def source_md(entry: Any) -> str:
    """“[title](url)、locator（確度）” for a reference entry (Markdown), or ''."""
    source = entry.get("source") if isinstance(entry, dict) else getattr(entry, "source", None)
    if source is None:
        return ""
    title = _md(getattr(source, "title", str(source)))
    url = getattr(source, "url", None)
    locator = _md(getattr(source, "locator", "") or "")
    ja = state.lang() == "ja"
    cited = title + ((f"、{locator}" if ja else f", {locator}") if locator else "")
    text = f"[{cited}]({url})" if url else cited  # the place in the source is part of the citation
    conf = confidence_text(entry)
    return (f"{text}（{conf}）" if ja else f"{text} ({conf})") if conf else text


def is_assumption(entry: Any) -> bool:
    level = entry.get("confidence") if isinstance(entry, dict) else getattr(entry, "confidence", None)
    return level == "assumption"


def show(value_text: str, entry: Any, *, filled: bool = False) -> None:
    """The default under a field: value with unit, source link and confidence; 仮定 made visible."""
    if entry is None:
        st.caption(tr("ui.default.none"))
        return
    key = "ui.default.unused" if filled else "ui.default.value"
    st.caption(tr(key, value=value_text, source=source_md(entry)))
    if is_assumption(entry) and not filled:
        st.caption(f":orange[:material/warning: {tr('ui.default.assumption_warning')}]")


def start() -> dt.date:
    return state.scenario().assumptions.start_date


def benchmark(service: str, name: str) -> tuple[float | None, Any]:
    """(value, entry) of a survey benchmark as the engine reads it (start date, no variant)."""
    found = ref.call("benchmark_entry", service, name, on=start())
    if found is None:
        return None, None
    try:
        return float(found.value), found
    except (TypeError, ValueError):
        return None, found


def construction(name: str, service: str) -> tuple[float | None, Any]:
    found = ref.call("construction_entry", name, service, on=start())
    if found is None:
        return None, None
    return float(found.value), found


def places_unit(service: str | None = None) -> str:
    """What a place of ``service`` is: a home's 床 (beds), a day service's 人 (places: users a day)."""
    info = ref.call("service_info", service) if service else None
    if info is None:
        return tr("ui.unit.places")
    return tr("ui.unit.beds") if info.residential else tr("ui.unit.day_places")


def per_place_unit(service: str | None = None) -> str:
    info = ref.call("service_info", service) if service else None
    if info is not None and not info.residential:
        return tr("ui.unit.day_place_one")
    return tr("ui.unit.bed_one")


def construction_defaults(service: str, places: int, kind: str = "new_build") -> dict[str, tuple[str, Any]]:
    """Shown text and entry of the engine's defaults for a path's empty construction fields (a renovation's
    cost per m² is the new-build figure × the renovation share, an assumption: shown with its own entry)."""
    lang, unit = state.lang(), state.unit()
    per = per_place_unit(service)
    counted = fmt.with_unit(places, places_unit(service), lang)
    out: dict[str, tuple[str, Any]] = {}
    m2, e = construction("m2_per_place", service)
    if m2 is not None:
        out["floor_area_m2"] = (f"{m2:,.1f}㎡/{per} × {counted} = {m2 * places:,.0f}㎡", e)
    cost, e = construction("cost_per_m2_yen", service)
    if cost is not None and kind == "renovation":
        share, e_share = construction("renovation_cost_share", service)
        if share is not None:
            text = tr("ui.default.renovation", new=f"{fmt.money_precise(cost, unit, lang)}/㎡",
                      share=fmt.percent(share), value=f"{fmt.money_precise(cost * share, unit, lang)}/㎡",
                      source=source_md(e))
            out["cost_per_m2_yen"] = (text, e_share)
    elif cost is not None:
        out["cost_per_m2_yen"] = (f"{fmt.money_precise(cost, unit, lang)}/㎡", e)
    for field, name in (("equipment_yen", "equipment_yen_per_place"), ("opening_prep_yen", "opening_prep_yen_per_place")):
        each, e = construction(name, service)
        if each is not None:
            out[field] = (f"{fmt.money_precise(each, unit, lang)}/{per} × {counted} = "
                          f"{fmt.money(each * places, unit, lang)}", e)
    return out


def loan_rate(years: float) -> tuple[str, Any] | None:
    """The WAM 福祉貸付 fixed rate for a loan of ``years`` (a hint next to the rate field)."""
    found = ref.call("loan_rate_entry", years, on=start())
    if found is None:
        return None
    return fmt.percent(float(found.value), 2), found
