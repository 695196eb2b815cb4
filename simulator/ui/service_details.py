"""The details of one service that set its fees and costs (STEP 1's services, STEP 2's new service).

Variant (居室の種類, 提供時間 …), 処遇改善加算 tier, 加算, service days or visits, 食費・居住費, other-cost
ratio and rent. An empty field uses the reference default, shown with its source as elsewhere.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from simulator import format as fmt
from simulator.reference import TYPICAL_MARKER
from simulator.reference.services import service_days_entry
from simulator.scenario import ServiceOperation
from simulator.ui import defaults, ref, state, widgets
from simulator.ui.state import tr

TIERS = ("none", "I", "II", "III", "IV", "I_a", "I_b", "II_a", "II_b")


def _label(key: str, fallback: str) -> str:
    text = tr(key)
    return fallback if text == key else text


def _set_variant(base: str, name: str) -> None:
    op = state.get_path(state.scenario(), base)
    chosen = st.session_state[widgets.key_of(f"{base}.variant.{name}")]
    if not state.apply(f"{base}.variant", {**op.variant, name: chosen}):  # back to the one in force
        info = ref.call("service_info", op.service.value)
        default = info.default_variant.get(name) if info is not None else None
        st.session_state[widgets.key_of(f"{base}.variant.{name}")] = op.variant.get(name, default)


def _variant_inputs(base: str, svc: ServiceOperation, info: Any) -> None:
    for name, options in info.variant_options.items():
        if len(options) < 2:
            continue
        key = widgets.key_of(f"{base}.variant.{name}")
        if key not in st.session_state:
            st.session_state[key] = svc.variant.get(name, info.default_variant.get(name, options[0]))
        labels = {v: _label(f"ui.variant_value.{v}", v) for v in options}  # in the run's language
        st.selectbox(_label(f"ui.variant.{name}", name), list(options), key=key, format_func=labels.__getitem__,
                     on_change=_set_variant, args=(base, name))


def _set_add_ons(base: str) -> None:
    chosen = list(st.session_state[widgets.key_of(f"{base}.add_ons")])
    if not state.apply(f"{base}.add_ons", chosen):
        st.session_state[widgets.key_of(f"{base}.add_ons")] = list(state.get_path(state.scenario(), base).add_ons)


def _add_on_input(base: str, svc: ServiceOperation) -> None:
    found = ref.call("add_on_options", svc.service.value, on=defaults.start()) or []
    if not found:
        return
    ja = state.lang() == "ja"
    names = {TYPICAL_MARKER: tr("ui.step1.typical_add_ons")}
    names |= {a.id: f"{a.name_ja}（{_units_text(a)}）" if ja else f"{a.name_en} ({_units_text(a)})" for a in found}
    key = widgets.key_of(f"{base}.add_ons")
    if key not in st.session_state:
        st.session_state[key] = [a for a in svc.add_ons if a in names]
    st.multiselect(tr("ui.field.add_ons"), list(names), key=key, format_func=lambda a: names.get(a, a),
                   on_change=_set_add_ons, args=(base,), help=tr("ui.step1.add_ons_help"), select_all=False,
                   placeholder=tr("ui.common.choose"))


def _units_text(add_on: Any) -> str:
    """A 加算's units as the list shows them: ``46``, or by places ``31〜50人 27 / 他 18``."""
    bands = [tr("ui.add_on.band", first=a, last=b, units=f"{u:g}") for a, b, u in add_on.by_places]
    other = tr("ui.add_on.other", units=f"{add_on.units:g}") if bands else f"{add_on.units:g}"
    return " / ".join([*bands, other])


def _tier_rate(svc: ServiceOperation) -> None:
    """The 処遇改善加算 rate of the chosen tier on the start date, its source, and 仮定 made visible."""
    found = ref.call("wage_rate_entry", svc.service.value, svc.wage_improvement_tier, on=defaults.start())
    if found is None:
        return
    st.caption(tr("ui.step1.tier_rate", value=fmt.percent(found.value), source=defaults.source_md(found)))
    if defaults.is_assumption(found):
        st.caption(f":orange[:material/warning: {tr('ui.default.assumption_warning')}]")


def _unit_size_input(base: str, svc: ServiceOperation) -> None:
    """ユニット（GH: 共同生活住居）の定員, for the homes whose posts count units (night posts per unit or per two)."""
    sizes = ref.call("unit_sizes", svc.service.value, svc.variant, on=defaults.start())
    if sizes is None:
        return
    widgets.number(f"{base}.places_per_unit", tr("ui.field.places_per_unit"), unit=tr("ui.unit.people"),
                   step=1.0, fmt="%.0f", optional=True, help=tr("ui.step1.places_per_unit_help", limit=sizes[1]))
    st.caption(tr("ui.step1.places_per_unit_default", size=sizes[0], units=math.ceil(svc.capacity / sizes[0])))


def survey_rent(service: str, places: int) -> None:
    """The average rent the survey's 経費 contain at a site of ``service`` with ``places``, a month (reference
    ``other_costs.rent.<service>``, as the engine reads it): what an entered rent replaces. The field keeps what
    the user typed; only the engine's other costs drop by this amount while a rent is entered."""
    found = ref.call("survey_rent_entry", service, on=defaults.start())
    parts = ref.call("survey_rent", service, on=defaults.start())
    if found is None or parts is None:
        return
    monthly = float(ref.call("survey_rent_a_month", parts, places))
    source = defaults.source_md(found)
    if monthly > 0:
        st.caption(tr("ui.step1.survey_rent", value=fmt.money(monthly, state.unit(), state.lang()), source=source))
    else:
        st.caption(tr("ui.step1.survey_rent_none", source=source))


def _by_variant(svc: ServiceOperation, info: Any, name: str) -> tuple[float | None, Any]:
    """A benchmark the reference tables by variant (食費・居住費 by room type): the service's own value,
    as the engine reads it."""
    variant = {**info.default_variant, **svc.variant}
    found = ref.call("benchmark_entry", svc.service.value, name, on=defaults.start(), **variant)
    value = getattr(found, "value", None)
    return (float(value) if isinstance(value, int | float) else None), found


def render(base: str, svc: ServiceOperation) -> None:
    """The details of the service at ``base`` (an organisation service or a new service's operation)."""
    info = ref.call("service_info", svc.service.value)
    if info is None:
        return
    st.markdown(f"**{tr('ui.step1.details')}**")
    c1, c2, c3 = st.columns(3)
    with c1:
        _variant_inputs(base, svc, info)
        widgets.select(f"{base}.wage_improvement_tier", tr("ui.field.wage_improvement_tier"), list(TIERS),
                       {t: tr(f"ui.tier.{t}") for t in TIERS}, help=tr("ui.step1.tier_help"))
        _tier_rate(svc)
        _unit_size_input(base, svc)
    with c2:
        if info.billing == "visit":
            widgets.number(f"{base}.visits_per_user_month", tr("ui.field.visits_per_user_month"),
                           unit=tr("ui.unit.visits_per_month"), step=1.0, fmt="%.1f", optional=True)
            if info.default_visits_per_user_month is not None:
                st.caption(tr("ui.step1.default_is", value=fmt.with_unit(info.default_visits_per_user_month,
                                                                        tr("ui.unit.visits_per_month"),
                                                                        state.lang(), 1)))
        elif info.billing == "day" or info.hotel_costs:  # days bill the fee, or the 食費 (小多機)
            widgets.number(f"{base}.service_days_per_month", tr("ui.field.service_days_per_month"),
                           unit=tr("ui.unit.days_per_month"), step=1.0, fmt="%.1f", optional=True)
            days = service_days_entry(svc.service.value, on=defaults.start())
            value = info.default_service_days_per_month
            defaults.show(fmt.with_unit(value, tr("ui.unit.days_per_month"), state.lang(), 1) if value else "",
                          days, filled=svc.service_days_per_month is not None)
        if info.hotel_costs:
            # a home bills 食費・居住費; a day service (and 小多機's day use) only 食費
            label = "ui.field.hotel_yen_per_user_day" if info.residential else "ui.field.meal_yen_per_user_day"
            widgets.number(f"{base}.hotel_yen_per_user_day", tr(label),
                           unit=tr("ui.unit.yen_per_day"), step=10.0, fmt="%.0f", optional=True)
            value, found = _by_variant(svc, info, "hotel_yen_per_user_day")
            defaults.show(fmt.with_unit(value, tr("ui.unit.yen_per_day"), state.lang()) if value is not None else "",
                          found, filled=svc.hotel_yen_per_user_day is not None)
    with c3:
        widgets.percent(f"{base}.other_cost_ratio", tr("ui.field.other_cost_ratio"), optional=True,
                        help=tr("ui.step1.other_cost_help"))
        value, found = defaults.benchmark(svc.service.value, "other_cost_ratio")
        defaults.show(fmt.percent(value) if value is not None else "", found,
                      filled=svc.other_cost_ratio is not None)
        widgets.money(f"{base}.rent_yen_per_month", tr("ui.field.rent_yen_per_month"), help=tr("ui.step1.rent_help"))
        survey_rent(svc.service.value, svc.capacity)
    _add_on_input(base, svc)
