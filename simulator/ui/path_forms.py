"""STEP 2 forms: add, edit and remove the expansion paths (one form per path kind)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator import format as fmt
from simulator import location
from simulator.format import DASH, UNIT_DIVISOR, unit_label
from simulator.reference import TYPICAL_MARKER
from simulator.scenario import CapacityIncrease, CorpType, NewService, ServiceId
from simulator.ui import collaboration_form, defaults, model, ref, service_details, state, widgets
from simulator.ui.municipality_picker import grade_label
from simulator.ui.state import tr


def _service_label(value: str) -> str:
    return tr(f"ui.service.{value}")


def _add_path() -> None:
    s = state.scenario()
    kind = st.session_state.get("new_path_kind", "capacity_increase")
    amount = int(st.session_state.get("new_path_places") or 0)
    label = tr(f"ui.path.{kind}")
    if kind == "capacity_increase":
        target = int(st.session_state.get("new_path_target") or 0)
        # the site already grows in another path: this one is a new site (two can not grow one site)
        busy = any(isinstance(p, CapacityIncrease) and p.service_index == target and not p.new_site for p in s.paths)
        path = {"kind": kind, "label": label, "service_index": target, "added_capacity": amount, "new_site": busy}
    elif kind == "new_service":
        service = st.session_state.get("new_path_service", ServiceId.day_service.value)
        path = {"kind": kind, "label": label, "operation": {"service": service, "capacity": amount}}
    elif kind == "merger":
        path = {"kind": kind, "label": label, "partner": {"name": st.session_state.get("new_path_partner", "")}}
    elif kind == "collaboration":
        path = {"kind": kind, "label": label, "members": [{"name": st.session_state.get("new_path_partner", "")}]}
    else:
        path = {"kind": kind, "label": label, "business": {"name": st.session_state.get("new_path_partner", "")}}
    data = s.model_dump()
    data["paths"].append(path)
    if state.replace(data):
        state.note("success", tr("ui.step2.path_added", path=label))


def _remove_path(index: int) -> None:
    data = state.without_item(state.scenario().model_dump(), "paths", index)
    if state.replace(data):
        state.reset_widgets()


def add_form() -> None:
    s = state.scenario()
    with st.container(border=True):
        st.markdown(f"**{tr('ui.step2.add_path')}**")
        kinds = ["collaboration", "capacity_increase", "new_service", "merger", "business_transfer"]  # 協働化 first
        c1, c2, c3 = st.columns([2, 2, 1])
        kind = c1.selectbox(tr("ui.field.kind"), kinds, key="new_path_kind", format_func={k: tr(f"ui.path.{k}") for k in kinds}.__getitem__)
        if kind == "capacity_increase":
            if not s.organisation.services:
                c2.caption(tr("ui.step2.need_service"))
                return
            c2.selectbox(tr("ui.field.service_index"), list(range(len(s.organisation.services))), key="new_path_target",
                         format_func={i: f"{i + 1}. {_service_label(x.service.value)}"
                                      for i, x in enumerate(s.organisation.services)}.__getitem__)
            c2.number_input(fmt.labelled(tr("ui.field.added_capacity"), tr("ui.unit.places"), state.lang()), min_value=1, value=10, step=1, key="new_path_places")
        elif kind == "new_service":
            c2.selectbox(tr("ui.field.service"), [x.value for x in ServiceId], key="new_path_service",
                         format_func={x.value: _service_label(x.value) for x in ServiceId}.__getitem__)
            c2.number_input(fmt.labelled(tr("ui.field.capacity"), tr("ui.unit.places"), state.lang()), min_value=1, value=20, step=1, key="new_path_places")
        else:
            c2.text_input(tr("ui.step2.partner_name"), key="new_path_partner")
        c3.button(tr("ui.step1.add"), key="add_path", on_click=_add_path, type="primary")


def _default_note(path: str, shown: dict[str, tuple[str, object]], field: str) -> None:
    """Under an empty field: the value the engine will use, its source and confidence."""
    value, entry = shown.get(field, ("", None))
    defaults.show(value, entry, filled=state.get_path(state.scenario(), path) is not None)


def ramp_inputs(base: str) -> None:
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.percent(f"{base}.ramp.start", tr("ui.field.start"))
    with c2:
        widgets.percent(f"{base}.ramp.ceiling", tr("ui.field.ceiling"))
    with c3:
        widgets.number(f"{base}.ramp.months_to_ceiling", tr("ui.field.months_to_ceiling"), unit=tr("ui.unit.months"),
                       step=1.0, fmt="%.0f")


def construction_inputs(base: str, service: str, places: int) -> None:
    """Building, equipment and opening costs; each empty field shows the reference default used."""
    st.markdown(f"**{tr('ui.step2.construction')}**")
    c = f"{base}.construction"
    shown = defaults.construction_defaults(service, places, state.get_path(state.scenario(), f"{c}.kind"))
    u, lang = state.unit(), state.lang()
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.select(f"{c}.kind", tr("ui.field.kind"),
                       ["new_build", "extension", "renovation", "none"],
                       {k: tr(f"ui.construction.{k}") for k in ("new_build", "extension", "renovation", "none")})
        widgets.number(f"{c}.months_to_build", tr("ui.field.months_to_build"),
                       unit=tr("ui.unit.months"), step=1)
        widgets.money(f"{c}.fit_out_yen", tr("ui.step2.fit_out"))
        widgets.number(f"{c}.building_life_years", tr("ui.step2.building_life"), unit=tr("ui.unit.years"), step=1.0,
                       fmt="%.0f")
        widgets.number(f"{c}.equipment_life_years", tr("ui.step2.equipment_life"), unit=tr("ui.unit.years"),
                       step=1.0, fmt="%.0f")
    with c2:
        widgets.number(f"{c}.floor_area_m2", tr("ui.field.floor_area_m2"), unit="㎡", step=10.0,
                       fmt="%.0f", optional=True)
        _default_note(f"{c}.floor_area_m2", shown, "floor_area_m2")
        widgets.number(f"{c}.cost_per_m2_yen", tr("ui.field.cost_per_m2_yen"),
                       unit=f"{unit_label(u, lang)}/㎡", scale=1 / UNIT_DIVISOR[u], fmt="%.1f", optional=True)
        _default_note(f"{c}.cost_per_m2_yen", shown, "cost_per_m2_yen")
    with c3:
        widgets.money(f"{c}.equipment_yen", tr("ui.field.equipment_yen"), optional=True)
        _default_note(f"{c}.equipment_yen", shown, "equipment_yen")
        widgets.money(f"{c}.opening_prep_yen", tr("ui.field.opening_prep_yen"), optional=True)
        _default_note(f"{c}.opening_prep_yen", shown, "opening_prep_yen")


def staffing_input(path: str, service: str) -> None:
    """Staff per 10 users: empty = the survey benchmark (shown with its source)."""
    widgets.number(path, tr("ui.field.staff_per_10_users"), unit=tr("ui.unit.people"), step=0.1, fmt="%.2f",
                   optional=True)
    value, entry = defaults.benchmark(service, "staff_per_10_users")
    defaults.show(tr("ui.default.per_10", value=fmt.ratio(value)) if value is not None else "", entry,
                  filled=state.get_path(state.scenario(), path) is not None)


def hiring_lead_input(base: str) -> None:
    """How many months before opening the new staff are hired (the lever against a staffing shortfall)."""
    widgets.number(f"{base}.hiring_lead_months", tr("ui.step2.hiring_lead"), unit=tr("ui.unit.months"), step=1,
                   help=tr("ui.step2.hiring_lead_help"))


def capacity_form(i: int) -> None:
    s = state.scenario()
    base = f"paths.{i}"
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.select(f"{base}.service_index", tr("ui.field.service_index"),
                       list(range(len(s.organisation.services))),
                       {j: f"{j + 1}. {_service_label(x.service.value)}" for j, x in enumerate(s.organisation.services)})
    spec = s.paths[i]
    if not isinstance(spec, CapacityIncrease):
        raise TypeError(f"paths.{i} is not a capacity increase")
    with c2:
        target = s.organisation.services[spec.service_index].service.value \
            if 0 <= spec.service_index < len(s.organisation.services) else None
        widgets.number(f"{base}.added_capacity", tr("ui.field.added_capacity"), unit=defaults.places_unit(target),
                       step=1)
    with c3:
        widgets.number(f"{base}.opening_month", tr("ui.field.opening_month"), unit=tr("ui.unit.months"), step=1)
        widgets.toggle(f"{base}.new_site", tr("ui.step2.new_site"))
    c1, c2, c3 = st.columns(3)
    with c1:
        hiring_lead_input(base)
    with c2:
        widgets.money(f"{base}.shared_management_saving_yen_per_year", tr("ui.step2.shared_management"),
                      help=tr("ui.step2.shared_management_help"))
    if spec.new_site:  # a new site's own rent; places at the same site keep the service's rent (STEP 1)
        with c3:
            widgets.money(f"{base}.rent_yen_per_month", tr("ui.step2.site_rent"), help=tr("ui.step2.site_rent_help"))
            if target is not None:
                service_details.survey_rent(target, spec.added_capacity)
    ramp_inputs(base)
    if target is not None:
        construction_inputs(base, target, spec.added_capacity)


def _new_service(i: int) -> NewService:
    spec = state.scenario().paths[i]
    if not isinstance(spec, NewService):
        raise TypeError(f"paths.{i} is not a new service")
    return spec


def _change_service(i: int) -> None:
    """Another service for new-service path ``i``: its variant and 加算 belonged to the old one, so they
    go (the typical set stays); a refused change shows the service in force again."""
    key = widgets.key_of(f"paths.{i}.operation.service")
    data = state.scenario().model_dump()
    op = data["paths"][i]["operation"]
    op.update(service=st.session_state[key], variant={}, add_ons=[a for a in op["add_ons"] if a == TYPICAL_MARKER])
    if state.replace(data):
        for name in list(st.session_state):  # the detail widgets of the old service
            if isinstance(name, str) and name.startswith(widgets.key_of(f"paths.{i}.operation.")) and name != key:
                del st.session_state[name]
    else:
        st.session_state[key] = _new_service(i).operation.service


def new_service_form(i: int) -> None:
    base = f"paths.{i}"
    op = _new_service(i).operation
    c1, c2, c3 = st.columns(3)
    with c1:
        key = widgets.key_of(f"{base}.operation.service")
        if key not in st.session_state:
            st.session_state[key] = op.service
        st.selectbox(tr("ui.field.service"), list(ServiceId), key=key, on_change=_change_service, args=(i,),
                     format_func={x: _service_label(x.value) for x in ServiceId}.__getitem__)
    with c2:
        widgets.number(f"{base}.operation.capacity", tr("ui.field.capacity"), unit=defaults.places_unit(op.service.value),
                       step=1)
    with c3:
        widgets.number(f"{base}.opening_month", tr("ui.field.opening_month"), unit=tr("ui.unit.months"), step=1)
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.number(f"{base}.referrals_per_month_from_own_services", tr("ui.step2.referrals"),
                       unit=tr("ui.unit.people"), step=1.0, fmt="%.1f", help=tr("ui.step2.referrals_help"))
    with c2:
        widgets.money(f"{base}.startup_marketing_yen", tr("ui.step2.marketing"))
    with c3:
        hiring_lead_input(base)
    staffing_input(f"{base}.operation.staff_per_10_users", op.service.value)
    ramp_inputs(base)
    service_details.render(f"{base}.operation", op)
    construction_inputs(base, op.service.value, op.capacity)


def partner_inputs(base: str) -> None:
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.text(f"{base}.name", tr("ui.step2.partner_name"))
        widgets.select(f"{base}.corp_type", tr("ui.field.corp_type"), list(CorpType),
                       {c: tr(f"ui.corp.{c.value}") for c in CorpType})
        widgets.number(f"{base}.staff_headcount", tr("ui.step2.headcount"), unit=tr("ui.unit.people"), step=1)
    with c2:
        widgets.money(f"{base}.revenue_yen_per_year", tr("ui.step2.partner_revenue"))
        widgets.money(f"{base}.costs_yen_per_year", tr("ui.step2.partner_costs"))
        widgets.money(f"{base}.cash_yen", tr("ui.field.cash_yen"))
        widgets.money(f"{base}.annual_depreciation_yen", tr("ui.step2.partner_depreciation"))
    with c3:
        widgets.money(f"{base}.debt_yen", tr("ui.step2.partner_debt"))
        widgets.money(f"{base}.debt_service_yen_per_year", tr("ui.field.existing_debt_service_yen_per_year"))
        widgets.money(f"{base}.fixed_assets_fair_value_yen", tr("ui.step2.fixed_assets"))
        widgets.money(f"{base}.other_assets_yen", tr("ui.step2.other_assets"))
    with c1:
        widgets.percent(f"{base}.wage_level_vs_own", tr("ui.step2.partner_wage_level"),
                        help=tr("ui.step2.partner_wage_level_help"))
    located_services(base)


def located_services(base: str) -> None:
    """The other party's (or a 協働化 member's) location and 級地, then its services priced at that grade."""
    partner_location(base)
    partner_services(base)


def partner_location(base: str) -> None:
    """The other party's municipality and 級地: its services are priced at its own grade (fee per unit, pay)."""
    profile = state.get_path(state.scenario(), base)
    grades = [None, *range(1, location.OTHER_GRADE + 1)]
    labels: dict[int | None, str] = {g: grade_label(g) for g in grades[1:]}
    labels[None] = tr("ui.step2.partner_grade_auto")
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.text(f"{base}.municipality", tr("ui.step2.partner_municipality"))
    with c2:
        widgets.select(f"{base}.region_grade", tr("ui.field.region_grade"), grades, labels,
                       help=tr("ui.step2.partner_grade_help"))
    with c3:
        widgets.toggle(f"{base}.region_grade_override", tr("ui.field.region_grade_override"),
                       help=tr("ui.step1.grade_override_help"))
    on = state.scenario().assumptions.start_date
    found = location.reference_grade(profile.municipality, on)
    if profile.region_grade is not None and found is not None and found != profile.region_grade:
        st.badge(tr("ui.step1.grade_override_badge"), icon=":material/warning:", color="orange")
    shown = profile.region_grade if profile.region_grade is not None else found
    st.caption(tr("ui.step2.partner_grade_used", grade=labels[shown]) if shown is not None
               else tr("ui.step2.partner_grade_own"))


def _add_partner_service(base: str) -> None:
    key = f"{widgets.key_of(base)}.new_service"
    service = st.session_state.get(f"{key}.kind", ServiceId.day_service.value)
    places = int(st.session_state.get(f"{key}.places") or 1)
    data = state.scenario().model_dump()
    state.get_path(data, base)["services"].append({"service": service, "capacity": places})
    state.replace(data)


def _remove_partner_service(base: str, j: int) -> None:
    data = state.without_item(state.scenario().model_dump(), f"{base}.services", j)
    if state.replace(data):
        state.reset_widgets()


def partner_services(base: str) -> None:
    """The other party's services (priced like your own); with one service, its totals above calibrate it."""
    profile = state.get_path(state.scenario(), base)
    st.markdown(f"**{tr('ui.step2.partner_services')}**")
    st.caption(tr("ui.step2.partner_services_help"))
    for j, svc in enumerate(profile.services):
        with st.container(border=True):
            where = f"{base}.services.{j}"
            st.markdown(f"{j + 1}. {_service_label(svc.service.value)}" + (f"（{svc.name}）" if svc.name else ""))
            c1, c2, c3 = st.columns(3)
            with c1:
                widgets.number(f"{where}.capacity", tr("ui.field.capacity"),
                               unit=defaults.places_unit(svc.service.value), step=1)
            with c2:
                widgets.percent(f"{where}.occupancy", tr("ui.field.occupancy"), optional=True)
            with c3:
                staffing_input(f"{where}.staff_per_10_users", svc.service.value)
            service_details.render(where, svc)
            st.button(tr("ui.step2.remove_partner_service"), key=f"{widgets.key_of(where)}.remove",
                      on_click=_remove_partner_service, args=(base, j))
    key = f"{widgets.key_of(base)}.new_service"
    c1, c2, c3 = st.columns([3, 2, 1])
    c1.selectbox(tr("ui.field.service"), [x.value for x in ServiceId], key=f"{key}.kind",
                 format_func={x.value: _service_label(x.value) for x in ServiceId}.__getitem__)
    c2.number_input(fmt.labelled(tr("ui.field.capacity"), tr("ui.unit.places"), state.lang()), min_value=1,
                    value=20, step=1, key=f"{key}.places")
    c3.button(tr("ui.step1.add"), key=f"{key}.add", on_click=_add_partner_service, args=(base,))


def integration_inputs(base: str, due_diligence_label: str, other_help: str | None = None) -> None:
    """One-off integration costs (systems, legal and registration, due diligence, other with ``other_help``)."""
    st.markdown(f"**{tr('ui.step2.integration')}**")
    names = [("systems_yen", "ui.step2.systems"), ("legal_and_registration_yen", "ui.step2.legal"),
             ("due_diligence_yen", due_diligence_label), ("other_yen", "ui.step2.integration_other")]
    for column, (name, label) in zip(st.columns(len(names)), names, strict=True):
        with column:
            widgets.money(f"{base}.integration.{name}", tr(label),
                          help=tr(other_help) if other_help and name == "other_yen" else None)


def merger_form(i: int) -> None:
    base = f"paths.{i}"
    partner_inputs(f"{base}.partner")
    st.markdown(f"**{tr('ui.step2.synergies')}**")
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.number(f"{base}.synergies.backoffice_fte_removed", tr("ui.step2.backoffice_fte"),
                       unit=tr("ui.unit.people"), step=0.5, fmt="%.1f")
        widgets.money(f"{base}.synergies.backoffice_wage_yen_per_year", tr("ui.step2.backoffice_wage"), optional=True)
        value, found = ref_labour("backoffice_wage_yen_per_year")
        defaults.show(fmt.money(value, state.unit(), state.lang()) if value is not None else "", found,
                      filled=state.get_path(state.scenario(), f"{base}.synergies.backoffice_wage_yen_per_year")
                      is not None)
    with c2:
        widgets.percent(f"{base}.synergies.procurement_saving_share", tr("ui.step2.procurement"))
        widgets.money(f"{base}.synergies.shared_recruiting_saving_yen_per_year", tr("ui.step2.recruiting_saving"))
    with c3:
        widgets.percent(f"{base}.synergies.realisation", tr("ui.step2.realisation"))
        widgets.number(f"{base}.synergies.phase_in_months", tr("ui.step2.phase_in"), unit=tr("ui.unit.months"),
                       step=1.0, fmt="%.0f")
        widgets.number(f"{base}.approval_lead_months", tr("ui.step2.approval_lead"), unit=tr("ui.unit.months"), step=1)
    # an adviser's or broker's quote goes in "other": a merger has no price, so no fee as a share of one
    integration_inputs(base, "ui.step2.due_diligence", other_help="ui.step2.integration_other_help")
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.toggle(f"{base}.harmonise_wages_to_higher", tr("ui.step2.harmonise"))
    with c2:
        widgets.percent(f"{base}.extra_attrition_first_year", tr("ui.step2.attrition"))
    with c3:
        widgets.number(f"{base}.staff_sessions_planned", tr("ui.field.staff_sessions_planned"),
                       unit=tr("ui.unit.times"), step=1)


def transfer_form(i: int) -> None:
    base = f"paths.{i}"
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.select(f"{base}.role", tr("ui.step2.role"), ["buyer", "seller"],
                       {"buyer": tr("ui.step2.buyer"), "seller": tr("ui.step2.seller")})
    with c2:
        widgets.number(f"{base}.transfer_month", tr("ui.step2.transfer_month"), unit=tr("ui.unit.months"), step=1)
        widgets.number(f"{base}.designation_lead_months", tr("ui.step2.designation_lead"),
                       unit=tr("ui.unit.months"), step=1, help=tr("ui.step2.designation_lead_help"))
    with c3:
        widgets.percent(f"{base}.staff_retention", tr("ui.step2.retention"))
        widgets.percent(f"{base}.subsidised_property_approval_risk", tr("ui.step2.approval_risk"),
                        help=tr("ui.step2.approval_risk_help"))
    partner_inputs(f"{base}.business")
    st.markdown(f"**{tr('ui.step2.valuation')}**")
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.select(f"{base}.valuation.method", tr("ui.step2.valuation_method"),
                       ["net_assets_plus_earnings", "dcf", "fixed_price"],
                       {k: tr(f"ui.valuation.{k}") for k in ("net_assets_plus_earnings", "dcf", "fixed_price")})
        widgets.money(f"{base}.valuation.price_yen", tr("ui.step2.price"), optional=True,
                      help=tr("ui.step2.price_help"))
    with c2:
        widgets.number(f"{base}.valuation.earnings_years", tr("ui.step2.earnings_years"), unit=tr("ui.unit.years"),
                       step=0.5, fmt="%.1f")
    with c3:
        widgets.money(f"{base}.due_diligence_yen", tr("ui.step2.due_diligence"))
        widgets.percent(f"{base}.broker_fee_share", tr("ui.step2.broker_fee"), help=tr("ui.step2.broker_fee_help"))
        minimum = ref.entry("deal.broker_fee_minimum_yen", state.scenario().assumptions.start_date)
        widgets.money(f"{base}.broker_fee_minimum_yen", tr("ui.step2.broker_fee_minimum"), optional=True,
                      help=tr("ui.step2.broker_fee_minimum_help", source=defaults.source_md(minimum),
                              value=fmt.money(minimum.value if minimum else None, state.unit(), state.lang())))
    integration_inputs(base, "ui.step2.integration_due_diligence")  # the deal's own is above


def collaboration_form_of(i: int) -> None:
    collaboration_form.form(i, located_services)


FORMS = {"capacity_increase": capacity_form, "new_service": new_service_form, "merger": merger_form,
         "business_transfer": transfer_form, "collaboration": collaboration_form_of}


def edit_paths() -> None:
    s = state.scenario()
    if not s.paths:
        st.info(tr("ui.step2.no_paths"))
    for i, path in enumerate(s.paths):
        kind = tr(f"ui.path.{path.kind}")
        title = f"{i + 1}. {kind}" + (f" — {path.label}" if path.label and path.label != kind else "")
        with st.expander(title, expanded=(i == 0)):
            widgets.text(f"paths.{i}.label", tr("ui.field.label"))
            FORMS[path.kind](i)
            st.button(tr("ui.step2.remove_path"), key=f"remove_path_{i}", on_click=_remove_path, args=(i,))
    add_form()


def financing() -> None:
    s = state.scenario()
    st.caption(tr("ui.step2.financing_help"))
    widgets.money("financing.own_funds_yen", tr("ui.step2.own_funds"))
    for i, _loan in enumerate(s.financing.loans):
        with st.container(border=True):
            st.markdown(f"**{tr('ui.step2.loan')} {i + 1}**")
            c1, c2, c3, c4 = st.columns(4)
            with c1:
                widgets.text(f"financing.loans.{i}.name", tr("ui.field.name"))
                widgets.money(f"financing.loans.{i}.amount_yen", tr("ui.field.amount_yen"))
            with c2:
                widgets.percent(f"financing.loans.{i}.annual_rate", tr("ui.field.annual_rate"))
                hint = defaults.loan_rate(_loan.years)
                if hint is not None:
                    st.caption(tr("ui.default.loan_rate", years=_loan.years, value=hint[0],
                                  date=hint[1].valid_from.isoformat(), source=defaults.source_md(hint[1])))
                    if defaults.is_assumption(hint[1]):
                        st.caption(f":orange[:material/warning: {tr('ui.default.assumption_warning')}]")
                widgets.number(f"financing.loans.{i}.years", tr("ui.field.years"), unit=tr("ui.unit.years"), step=1)
            with c3:
                widgets.number(f"financing.loans.{i}.grace_months", tr("ui.field.grace_months"),
                               unit=tr("ui.unit.months"), step=1)
                widgets.number(f"financing.loans.{i}.drawdown_month", tr("ui.step2.drawdown"),
                               unit=tr("ui.unit.months"), step=1)
            with c4:
                widgets.select(f"financing.loans.{i}.method", tr("ui.step2.method"),
                               ["equal_principal", "equal_payment"],
                               {"equal_principal": tr("ui.step2.equal_principal"),
                                "equal_payment": tr("ui.step2.equal_payment")})
                st.button(tr("ui.step2.remove"), key=f"remove_loan_{i}", on_click=_remove_item, args=("loans", i))
    for i, _sub in enumerate(s.financing.subsidies):
        with st.container(border=True):
            st.markdown(f"**{tr('ui.step2.subsidy')} {i + 1}**")
            c1, c2, c3 = st.columns(3)
            with c1:
                widgets.text(f"financing.subsidies.{i}.name", tr("ui.field.name"))
            with c2:
                widgets.money(f"financing.subsidies.{i}.amount_yen", tr("ui.field.amount_yen"))
            with c3:
                widgets.number(f"financing.subsidies.{i}.month", tr("ui.step2.subsidy_month"),
                               unit=tr("ui.unit.months"), step=1)
                st.button(tr("ui.step2.remove"), key=f"remove_subsidy_{i}", on_click=_remove_item,
                          args=("subsidies", i))
    c1, c2 = st.columns(2)
    c1.button(tr("ui.step2.add_loan"), key="add_loan", on_click=_add_item, args=("loans",))
    c2.button(tr("ui.step2.add_subsidy"), key="add_subsidy", on_click=_add_item, args=("subsidies",))


def _add_item(kind: str) -> None:
    data = state.scenario().model_dump()
    if kind == "loans":
        data["financing"]["loans"].append(new_loan(state.scenario()))
    else:
        data["financing"]["subsidies"].append({"name": tr("ui.step2.subsidy"), "amount_yen": 0})
    state.replace(data)


def new_loan(s) -> dict:
    """A new loan pre-filled the way a 福祉医療機構 loan would start: the longest WAM term and its fixed rate
    (reference data, shown with the source next to the field), and the amount still to fund (initial costs
    less subsidies and loans already entered, before own funds); the user changes each of them."""
    terms = ref.call("get", "loan.wam_terms", defaults.start())
    years = int(terms["max_years"]) if isinstance(terms, dict) and "max_years" in terms else 1
    rate = ref.call("loan_rate", years, on=defaults.start())
    result, _ = model.simulate(s)
    gap = 0.0
    if result is not None:
        monthly = result.monthly
        gap = sum(float(monthly[c].sum()) for c in ("capex_yen", "one_off_costs_yen") if c in monthly)
        gap -= sum(x.amount_yen for x in s.financing.subsidies) + sum(x.amount_yen for x in s.financing.loans)
    amount = max(0, round(gap, -4))
    state.note("info", tr("ui.step2.loan_prefilled", amount=fmt.money(amount, state.unit(), state.lang()),
                          years=years, rate=fmt.percent(rate, 2) if rate is not None else "—"))
    return {"name": tr("ui.step2.loan"), "amount_yen": amount, "annual_rate": float(rate or 0.0), "years": years}


def _remove_item(kind: str, index: int) -> None:
    data = state.scenario().model_dump()
    del data["financing"][kind][index]
    if state.replace(data):
        state.reset_widgets()


def assumptions() -> None:
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        widgets.number("assumptions.horizon_months", tr("ui.field.horizon_months"), unit=tr("ui.unit.months"), step=12)
    with c2:
        widgets.percent("assumptions.discount_rate", tr("ui.field.discount_rate"))
    with c3:
        widgets.percent("assumptions.wage_growth_per_year", tr("ui.field.wage_growth_per_year"))
    with c4:
        widgets.money("assumptions.cash_floor_yen", tr("ui.field.cash_floor_yen"))
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        widgets.percent("assumptions.inflation_per_year", tr("ui.field.inflation_per_year"))
    with c2:
        widgets.number("assumptions.receivable_lag_months", tr("ui.field.receivable_lag_months"),
                       unit=tr("ui.unit.months"), step=1)
    with c3:
        widgets.percent("assumptions.turnover_rate_per_year", tr("ui.field.turnover_rate_per_year"), optional=True)
        value, found = ref_labour("turnover_rate")
        defaults.show(fmt.percent(value) if value is not None else "", found,
                      filled=state.scenario().assumptions.turnover_rate_per_year is not None)
    with c4:
        widgets.percent("assumptions.agency_hire_share", tr("ui.field.agency_hire_share"))
        widgets.percent("assumptions.wage_level", tr("ui.field.wage_level"), help=tr("ui.step2.wage_level_help"))
    widgets.select("assumptions.terminal_value", tr("ui.field.terminal_value"), ["tangible_book", "going_concern"],
                   labels={v: tr(f"ui.terminal_value.{v}") for v in ("tangible_book", "going_concern")},
                   help=tr("ui.field.terminal_value_help"))
    fee_revisions()


def ref_labour(name: str) -> tuple[float | None, object]:
    """(value, entry) of a labour-market reference value at the scenario's start date."""
    found = ref.call("labour_entry", name, on=defaults.start())
    value = getattr(found, "value", None)
    return (float(value) if isinstance(value, int | float) else None), found


def revision_rows(edited: pd.DataFrame) -> list[dict]:
    """The fee revisions of the edited table (date, change in %), complete rows only, change as a share."""
    return [{"date": pd.Timestamp(r["date"]).date(), "change": round(float(r["change"]) / 100.0, 10)}
            for r in edited.to_dict("records") if pd.notna(r["date"]) and pd.notna(r["change"])]


def fee_revisions() -> None:
    """Future 報酬改定: a small table of dates and changes (the what-if a manager asks most). A row is
    applied once both its cells are filled; a refused table stays on screen with the error."""
    st.markdown(f"**{tr('ui.step2.fee_revisions')}**")
    revisions = state.scenario().assumptions.fee_revisions
    current = [{"date": r.date, "change": r.change} for r in revisions]
    # typed columns even when empty: an empty object column is read as numbers and the date column fails
    frame = pd.DataFrame({"date": pd.to_datetime(pd.Series([r.date for r in revisions], dtype="object")),
                          "change": pd.Series([r.change * 100.0 for r in revisions], dtype=float)})
    key = widgets.key_of("assumptions.fee_revisions")
    edited = st.data_editor(
        frame, num_rows="dynamic", hide_index=True, key=key, width="stretch",
        column_config={"date": st.column_config.DateColumn(tr("ui.step2.revision_date"), format="YYYY-MM-DD"),
                       "change": st.column_config.NumberColumn(tr("ui.step2.revision_change"), format="%.1f",
                                                               step=0.1)}, placeholder=DASH)
    rows = revision_rows(edited)
    if rows != current and state.apply("assumptions.fee_revisions", rows):
        del st.session_state[key]
        st.rerun()
    st.caption(tr("ui.step2.fee_revisions_help"))
