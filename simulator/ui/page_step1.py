"""STEP 1 大規模化を検討する: the organisation today, a diagnosis, the environment, policy, which paths fit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from simulator import diagnosis as diagnose
from simulator import format as fmt
from simulator.format import DASH
from simulator.location import OTHER_GRADE
from simulator.reference.loader import ValueEntry
from simulator.scenario import CorpType, ServiceId, ServiceOperation
from simulator.ui import (
    collaboration_steps,
    defaults,
    model,
    municipality_picker,
    ref,
    service_details,
    state,
    widgets,
)
from simulator.ui.checklists import CHECKLISTS
from simulator.ui.municipality_picker import grade_label
from simulator.ui.state import tr

CARE_LEVELS = ("support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5")


def service_label(service: str) -> str:
    return tr(f"ui.service.{service}")


def _add_service() -> None:
    s = state.scenario()
    kind = st.session_state.get("new_service_kind", ServiceId.day_service.value)
    capacity = int(st.session_state.get("new_service_capacity") or 0)
    data = s.model_dump()
    data["organisation"]["services"].append({"service": kind, "capacity": capacity})
    if state.replace(data):
        state.note("success", tr("ui.step1.service_added", service=service_label(kind)))


def _remove_service(index: int) -> None:
    data = state.without_item(state.scenario().model_dump(), "organisation.services", index)
    if state.replace(data):
        state.reset_widgets()


def _save_mix(index: int) -> None:
    mix = {lvl: (st.session_state.get(f"w.mix.{index}.{lvl}") or 0.0) / 100 for lvl in CARE_LEVELS}
    mix = {k: v for k, v in mix.items() if v > 0}
    state.apply(f"organisation.services.{index}.care_mix", mix, scale=100)


def _benchmark_line(value: str, entry: object, filled: bool) -> None:
    """Under an optional field: the benchmark the engine uses when it is empty, with its source."""
    defaults.show(value, entry, filled=filled)


def organisation_tab() -> None:
    s = state.scenario()
    c1, c2 = st.columns(2)
    with c1:
        widgets.text("organisation.name", tr("ui.step1.org_name"))
    with c2:
        widgets.select("organisation.corp_type", tr("ui.field.corp_type"), list(CorpType),
                       {c: tr(f"ui.corp.{c.value}") for c in CorpType})
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.money("organisation.cash_yen", tr("ui.field.cash_yen"))
    with c2:
        widgets.money("organisation.existing_debt_yen", tr("ui.field.existing_debt_yen"))
    with c3:
        widgets.money("organisation.existing_debt_service_yen_per_year",
                      tr("ui.field.existing_debt_service_yen_per_year"))
    c1, c2, _ = st.columns(3)
    with c1:
        widgets.money("organisation.fixed_assets_yen", tr("ui.field.fixed_assets_yen"))
    with c2:
        widgets.money("organisation.annual_depreciation_yen", tr("ui.field.annual_depreciation_yen"),
                      help=tr("ui.step1.depreciation_help"))
    st.markdown(f"#### {tr('ui.step1.services')}")
    st.caption(tr("ui.step1.services_help"))
    if not s.organisation.services:
        st.warning(tr("ui.step1.no_services"))
    for i, svc in enumerate(s.organisation.services):
        title = f"{i + 1}. {service_label(svc.service.value)}" + (f"（{svc.name}）" if svc.name else "") + \
            f" — {fmt.with_unit(svc.capacity, defaults.places_unit(svc.service.value), state.lang())}"
        with st.expander(title, expanded=(i == 0)):
            service_inputs(i, svc)
    with st.container(border=True):
        st.markdown(f"**{tr('ui.step1.add_service')}**")
        c1, c2, c3 = st.columns([3, 2, 1])
        c1.selectbox(tr("ui.field.service"), [x.value for x in ServiceId], key="new_service_kind",
                     format_func={x.value: service_label(x.value) for x in ServiceId}.__getitem__)
        c2.number_input(fmt.labelled(tr("ui.field.capacity"), tr("ui.unit.places"), state.lang()), min_value=1, value=20, step=1, key="new_service_capacity")
        c3.button(tr("ui.step1.add"), key="add_service", on_click=_add_service)


def service_inputs(i: int, svc: ServiceOperation) -> None:
    base = f"organisation.services.{i}"
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.text(f"{base}.name", tr("ui.step1.service_name"))
        widgets.number(f"{base}.capacity", tr("ui.field.capacity"), unit=defaults.places_unit(svc.service.value), step=1)
    with c2:
        widgets.percent(f"{base}.occupancy", tr("ui.field.occupancy"), optional=True,
                        help=tr("ui.step1.occupancy_help"))
        value, found = defaults.benchmark(svc.service.value, "occupancy")
        _benchmark_line(fmt.percent(value), found, svc.occupancy is not None)
        widgets.number(f"{base}.staff_per_10_users", tr("ui.field.staff_per_10_users"), unit=tr("ui.unit.people"),
                       step=0.1, fmt="%.2f", optional=True)
        value, found = defaults.benchmark(svc.service.value, "staff_per_10_users")
        _benchmark_line(tr("ui.default.per_10", value=fmt.ratio(value)), found, svc.staff_per_10_users is not None)
    with c3:
        widgets.money(f"{base}.actual_revenue_yen_per_year", tr("ui.field.actual_revenue_yen_per_year"),
                      help=tr("ui.step1.actual_help"))
        widgets.money(f"{base}.actual_costs_yen_per_year", tr("ui.field.actual_costs_yen_per_year"))
    with st.form(f"mix_form_{i}", border=True):
        st.markdown(f"**{fmt.labelled(tr('ui.field.care_mix'), '%', state.lang())}**")
        found = ref.call("default_care_mix_entry", svc.service.value, on=state.scenario().assumptions.start_date)
        bench = getattr(found, "value", None)
        if svc.care_mix is None:
            st.caption(tr("ui.step1.mix_benchmark") + (f"{tr('ui.common.bar')}{tr('ui.common.source', source=defaults.source_md(found))}"
                                                        if found is not None else ""))
        shown: Mapping[Any, float] = svc.care_mix if svc.care_mix is not None else (
            bench if isinstance(bench, dict) else {})
        cols = st.columns(len(CARE_LEVELS))
        for col, lvl in zip(cols, CARE_LEVELS, strict=True):
            col.number_input(tr(f"ui.care.{lvl}"), min_value=0.0, max_value=100.0, step=1.0, format="%.1f",
                             value=float(shown.get(lvl, 0.0)) * 100, key=f"w.mix.{i}.{lvl}")
        st.form_submit_button(tr("ui.step1.mix_save"), on_click=_save_mix, args=(i,))
    service_details.render(f"organisation.services.{i}", svc)
    b1, b2 = st.columns(2)
    if svc.care_mix is not None:
        b1.button(tr("ui.step1.mix_reset"), key=f"mix_reset_{i}",
                  on_click=_reset_mix, args=(i,))
    b2.button(tr("ui.step1.remove_service"), key=f"remove_service_{i}", on_click=_remove_service, args=(i,))


def diagnosis() -> diagnose.Today:
    """The organisation today (simulator.diagnosis), with the app's cached engine call."""
    return diagnose.today(state.scenario(), lambda s: model.simulate(s)[0])


def diagnosis_tab() -> None:
    s = state.scenario()
    lang, unit = state.lang(), state.unit()
    d = diagnosis()
    st.caption(tr("ui.step1.diagnosis_help"))
    if not s.organisation.municipality:  # the fee per unit depends on the 地域区分 of the location
        st.warning(tr("ui.step1.location_first", grade=grade_label(s.organisation.region_grade),
                      tab=tr("ui.step1.tab.environment")))
    c = st.columns(4)
    c[0].metric(tr("ui.step1.total_capacity"), fmt.places(d.capacity, lang))
    c[1].metric(tr("ui.step1.avg_occupancy"), fmt.percent(d.occupancy))
    c[2].metric(tr("ui.step1.revenue"), fmt.money(d.revenue, unit, lang))
    c[3].metric(tr("ui.step1.margin"), fmt.percent(d.margin))
    if d.basis:
        st.caption(tr(f"ui.step1.basis.{d.basis}"))
    if d.personnel_ratio is not None:
        st.metric(tr("ui.step1.personnel_ratio"), fmt.percent(d.personnel_ratio))
    st.markdown(f"#### {tr('ui.step1.vs_benchmark')}")
    rows: list[dict[str, str]] = []
    sources: dict[str, list[str]] = {}
    names = {"occupancy": "ui.step1.bench_occupancy", "margin": "ui.step1.bench_margin",
             "personnel_ratio": "ui.step1.bench_personnel"}
    for svc in s.organisation.services:
        row = {tr("ui.field.service"): service_label(svc.service.value),
               tr("ui.field.capacity"): fmt.places(svc.capacity, lang)}
        for name, key in names.items():
            value, found = defaults.benchmark(svc.service.value, name)
            row[tr(key)] = fmt.percent(value) if value is not None else tr("ui.step1.no_benchmark")
            if found is not None:  # one line per source (the table would cut long titles)
                sources.setdefault(defaults.source_md(found), []).append(
                    tr("ui.step1.bench_item", service=service_label(svc.service.value), what=tr(key)))
        rows.append(row)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", placeholder=DASH)
        for source, what in sources.items():
            st.caption(f"{tr('ui.common.list_sep').join(dict.fromkeys(what))}{tr('ui.common.bar')}"
                       f"{tr('ui.common.source', source=source)}")
    size_class()


def size_class() -> None:
    """Where each 特養 sits in WAM's size classes (occupancy, margin and deficit share by capacity)."""
    s = state.scenario()
    lang = state.lang()
    for svc in s.organisation.services:
        if svc.service.value not in ("tokuyo", "community_tokuyo"):
            continue
        st.markdown(f"#### {tr('ui.step1.size_class')}")
        found = ref.call("wam_tokuyo_size_class", svc.capacity, on=s.assumptions.start_date)
        table = ref.entry("benchmark.tokuyo.wam_size_class", s.assumptions.start_date)
        if found is None or table is None:
            st.caption(tr("ui.step1.size_class_missing"))
            return
        st.write(tr("ui.step1.size_class_is", capacity=fmt.places(svc.capacity, lang), label=found["label"]))
        rows = []
        for key, row in table.value.items():
            mark = "▶ " if key == found["size_class"] else ""
            rows.append({tr("ui.step1.size.class"): mark + str(row["label"]),
                         tr("ui.step1.bench_occupancy"): fmt.percent(row.get("occupancy")),
                         tr("ui.field.staff_per_10_users"): tr("ui.default.per_10",
                                                               value=fmt.ratio(row.get("staff_per_10_users"))),
                         tr("ui.step1.bench_personnel"): fmt.percent(row.get("personnel_ratio")),
                         tr("ui.step1.size.margin"): fmt.percent(row.get("margin")),
                         tr("ui.step1.size.deficit_share"): fmt.percent(row.get("deficit_share"))})
        st.dataframe(rows, hide_index=True, width="stretch", placeholder=DASH)
        st.caption(tr("ui.common.source", source=defaults.source_md(table)) + "　" + tr("ui.step1.size.note"))
        return


def _reset_mix(i: int) -> None:
    """Back to the benchmark mix of 要介護度 for service ``i``."""
    state.apply(f"organisation.services.{i}.care_mix", None)


def _set_call_windows(key: str) -> None:
    """The 公募 windows typed one per line (blank lines dropped)."""
    state.apply("market.public_call_windows", [x.strip() for x in st.session_state[key].splitlines() if x.strip()])


def _grade_for(name: str) -> ValueEntry | None:
    """The reference entry (value = 級地) of a municipality, or None when it is not listed."""
    if not name.strip():
        return None
    return ref.call("region_grade_entry", name, on=state.scenario().assumptions.start_date)


def _set_municipality(name: str) -> None:
    """Set the municipality and, when the cited table lists it, the 級地 that follows from it.

    A name not found (a typo, or a name two prefectures share) keeps the grade the user has.
    """
    found = _grade_for(name)
    data = state.scenario().model_dump()
    data["organisation"]["municipality"] = name.strip()
    if found is not None:
        data["organisation"]["region_grade"] = int(found.value)
        data["organisation"]["region_grade_override"] = False
    if state.replace(data):
        for path in ("organisation.municipality", "organisation.region_grade", "organisation.region_grade_override"):
            st.session_state.pop(widgets.key_of(path), None)


def _on_grade_chosen() -> None:
    """A grade chosen by hand: where it differs from the municipality's in the reference data, the choice is the
    explicit override (``region_grade_override``, shown with a warning badge); the file then says so too."""
    grade = int(st.session_state[widgets.key_of("organisation.region_grade")])
    found = _grade_for(state.scenario().organisation.municipality)
    data = state.scenario().model_dump()
    data["organisation"]["region_grade"] = grade
    data["organisation"]["region_grade_override"] = found is not None and int(found.value) != grade
    if not state.replace(data):
        st.session_state[widgets.key_of("organisation.region_grade")] = state.scenario().organisation.region_grade
    st.session_state.pop(widgets.key_of("organisation.region_grade_override"), None)


def _on_municipality_typed() -> None:
    _set_municipality(st.session_state.get(widgets.key_of("organisation.municipality")) or "")


def municipality_inputs() -> None:
    """Municipality (typed, or 都道府県 → 市区町村 picked) → suggested 級地 with source and confidence."""
    s = state.scenario()
    municipality_picker.render(s.assumptions.start_date, _set_municipality)
    key = widgets.key_of("organisation.municipality")
    if key not in st.session_state:
        st.session_state[key] = s.organisation.municipality
    st.text_input(tr("ui.field.municipality"), key=key, on_change=_on_municipality_typed,
                  help=tr("ui.step1.municipality_help"))
    name = s.organisation.municipality
    if not name:
        return
    found = _grade_for(name)
    if found is not None:
        suggested = int(found.value)
        st.caption(tr("ui.step1.grade_found", name=name, grade=grade_label(suggested),
                      source=defaults.source_md(found)))
        if defaults.is_assumption(found):
            st.caption(f":orange[:material/warning: {tr('ui.step1.grade_assumption')}]")
    else:
        st.caption(f":orange[:material/warning: {tr('ui.step1.grade_unknown', name=name)}]")
        return
    if suggested != s.organisation.region_grade:
        st.badge(tr("ui.step1.grade_override_badge"), icon=":material/warning:", color="orange")
        st.caption(tr("ui.step1.grade_overridden", grade=grade_label(s.organisation.region_grade),
                      suggested=grade_label(suggested)))
        st.button(tr("ui.step1.grade_apply", grade=grade_label(suggested)), key="apply_grade",
                  on_click=_set_municipality, args=(name,))


def environment_tab() -> None:
    s = state.scenario()
    st.caption(tr("ui.step1.environment_help"))
    c1, c2 = st.columns(2)
    with c1:
        municipality_inputs()
    with c2:
        key = widgets.key_of("organisation.region_grade")
        if key not in st.session_state:
            st.session_state[key] = s.organisation.region_grade
        st.selectbox(tr("ui.field.region_grade"), list(range(1, OTHER_GRADE + 1)), key=key,
                     format_func={g: grade_label(g) for g in range(1, OTHER_GRADE + 1)}.__getitem__,
                     help=tr("ui.step1.grade_help"), on_change=_on_grade_chosen)
        widgets.toggle("organisation.region_grade_override", tr("ui.field.region_grade_override"),
                       help=tr("ui.step1.grade_override_help"))
        rate = ref.call("yen_per_unit_entry", s.organisation.services[0].service.value if s.organisation.services
                        else "tokuyo", s.organisation.region_grade, on=s.assumptions.start_date)
        if rate is not None:
            st.caption(tr("ui.step1.yen_per_unit", value=f"{float(rate.value):.2f}", source=defaults.source_md(rate)))
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.percent("market.demand_growth_per_year", tr("ui.field.demand_growth_per_year"))
        widgets.number("market.competing_places_planned", tr("ui.field.competing_places_planned"),
                       unit=tr("ui.unit.places"), step=1)
    with c2:
        widgets.number("market.municipal_plan_volume", tr("ui.field.municipal_plan_volume"),
                       unit=tr("ui.unit.places_or_users"), step=1.0, fmt="%.0f", optional=True,
                       help=tr("ui.step1.plan_help"))
        calls_key = widgets.key_of("market.public_call_windows")
        if calls_key not in st.session_state:
            st.session_state[calls_key] = "\n".join(s.market.public_call_windows)
        st.text_area(tr("ui.field.public_call_windows"), key=calls_key, help=tr("ui.step1.calls_help"),
                     on_change=_set_call_windows, args=(calls_key,))
    with c3:
        widgets.percent("market.labour_tightness", tr("ui.field.labour_tightness"))
        widgets.number("market.hiring_delay_months", tr("ui.field.hiring_delay_months"),
                       unit=tr("ui.unit.months"), step=1.0, fmt="%.0f")


def fit_tab() -> None:
    s = state.scenario()
    situation = diagnose.situation(s, diagnosis())
    on = s.assumptions.start_date
    rules, entries = diagnose.rules(on), diagnose.rule_entries(on)
    st.caption(tr("ui.step1.fit_help", full=fmt.percent(rules.full_occupancy, 0),
                  tight=fmt.percent(rules.tight_labour, 0), thin=fmt.percent(rules.thin_margin, 0)))
    sources = dict.fromkeys(defaults.source_md(found) for found in entries.values())
    st.caption(tr("ui.common.source", source=tr("ui.common.list_sep").join(sources)))
    cols = st.columns(2)
    for n, found in enumerate(diagnose.assess(situation, rules)):
        with cols[n % 2].container(border=True):
            mark = ":green[:material/check_circle:]" if found.fits else ":gray[:material/radio_button_unchecked:]"
            verdict = tr("ui.fit.fits") if found.fits else tr("ui.fit.weak")
            st.markdown(f"{mark} **{tr(f'ui.path.{found.kind}')}** — {verdict}")
            for key in found.pros:
                st.markdown(f"- {tr('ui.fit.plus')} {tr(f'ui.fit.pro.{key}')}")
            for key in found.cons:
                st.markdown(f"- {tr('ui.fit.minus')} {tr(f'ui.fit.con.{key}')}")
            if not found.pros and not found.cons:
                st.caption(tr("ui.fit.none"))


def render() -> None:
    st.title(tr("ui.nav.step1"))
    st.info(tr("ui.step1.intro"))
    tabs = widgets.tabs("step1_tab", ["ui.step1.tab.org", "ui.step1.tab.diagnosis", "ui.step1.tab.environment",
                                     "ui.step1.tab.policy", "ui.step1.tab.fit", "ui.step1.tab.checklist"])
    with tabs[0]:
        organisation_tab()
    with tabs[1]:
        diagnosis_tab()
    with tabs[2]:
        environment_tab()
    with tabs[3]:
        st.caption(tr("ui.step1.policy_help"))
        widgets.text("organisation.management_policy", tr("ui.field.management_policy"), area=True)
    with tabs[4]:
        fit_tab()
        collaboration_steps.render()
    with tabs[5]:
        st.caption(tr("ui.common.checklist"))
        widgets.checklist("step1", CHECKLISTS["step1"])
    st.page_link("simulator/ui/page_step2.py", label=tr("ui.step1.next"), icon=":material/arrow_forward:")


render()
