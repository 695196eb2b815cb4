"""STEP 2 form of a 協働化 path: the member corporations, the levers with their defaults, and each
member's view (what it pays, saves, and what its staff gain) in the results tab."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from simulator import format as fmt
from simulator.scenario import CorpType, Scenario
from simulator.ui import defaults, ref, state, widgets
from simulator.ui.state import tr

R = "collaboration."
# lever -> [(field, kind, reference id or None)]; kind: money / percent / number / months / toggle
LEVERS: dict[str, list[tuple[str, str, str | None]]] = {
    "backoffice": [("enabled", "toggle", None), ("office_fte_saved", "fte", None), ("coordinator_fte", "fte", None),
                   ("office_wage_yen_per_month", "money", "wage.monthly"),
                   ("systems_yen_per_member_year", "money", R + "backoffice.systems_yen_per_member_year"),
                   ("setup_yen_per_member", "money", R + "backoffice.setup_yen_per_member")],
    "recruiting": [("enabled", "toggle", None),
                   ("shared_advertising_yen_per_year", "money", R + "recruiting.shared_advertising_yen_per_year"),
                   ("agency_hire_share", "percent", None),
                   ("direct_early_leave_share", "percent", R + "recruiting.agency_early_leave_share")],
    "training": [("enabled", "toggle", None),
                 ("saving_yen_per_member_year", "money", R + "training.saving_yen_per_member_year")],
    "procurement": [("enabled", "toggle", None), ("saving_share", "percent", R + "procurement.saving_share")],
    "transport": [("enabled", "toggle", None), ("vehicles_saved", "count", None),
                  ("cost_per_vehicle_yen_year", "money", R + "transport.cost_per_vehicle_yen_year"),
                  ("operator_fee_share", "percent", R + "transport.operator_fee_share")],
    "data_link": [("enabled", "toggle", None),
                  ("licence_yen_per_office_year", "money", R + "ict.careplan_licence_yen_per_office_year"),
                  ("saving_yen_per_office_year", "money", R + "ict.careplan_saving_yen_per_office_year"),
                  ("setup_yen_per_office", "money", R + "ict.setup_yen_per_office"),
                  ("technology_subsidy_rate", "percent", R + "ict.technology_subsidy_rate")],
    "link_corporation": [("enabled", "toggle", None), ("months_to_certify", "months", None),
                         ("setup_yen", "money", R + "corporation.setup_yen"),
                         ("annual_yen", "money", R + "corporation.annual_yen")],
    "productivity": [("tier", "tier", R + "productivity_add_on.units"),
                     ("technology_yen_per_facility", "money", None)],
    "grant": [("scheme", "scheme", None), ("rate", "percent", R + "grant.rate"),
              ("cap_yen_per_group", "money", R + "grant.cap_yen_per_group"),
              ("per_member_yen", "money", R + "grant.per_member_yen"), ("month", "months", None)],
}
OPTIONAL = {"office_wage_yen_per_month", "systems_yen_per_member_year", "setup_yen_per_member",
            "shared_advertising_yen_per_year", "direct_early_leave_share", "saving_yen_per_member_year",
            "saving_share", "cost_per_vehicle_yen_year", "operator_fee_share", "licence_yen_per_office_year",
            "saving_yen_per_office_year", "setup_yen_per_office", "technology_subsidy_rate", "setup_yen",
            "annual_yen", "rate", "cap_yen_per_group", "per_member_yen", "month"}


def _default_text(pid: str, value: object, scheme: str) -> str:
    if isinstance(value, dict):
        key = "office" if pid == "wage.monthly" else scheme
        value = value.get(key) if key in value else ", ".join(f"{k} {v:g}" for k, v in value.items())
    if not isinstance(value, int | float):
        return str(value)
    if pid.endswith(("share", "rate")) or "grant.rate" in pid:
        return fmt.percent(float(value))
    if pid.endswith("units"):
        return f"{value:g}"
    return fmt.money(float(value), state.unit(), state.lang())


def _field(base: str, lever: str, name: str, kind: str, pid: str | None) -> None:
    path = f"{base}.{lever}.{name}"
    label = tr(f"ui.collab.field.{name}")
    optional = name in OPTIONAL
    if kind == "toggle":
        widgets.toggle(path, label)
    elif kind == "money":
        widgets.money(path, label, optional=optional)
    elif kind == "percent":
        widgets.percent(path, label, optional=optional)
    elif kind in ("fte", "count"):
        widgets.number(path, label, unit=tr("ui.unit.people") if kind == "fte" else "", step=0.5, fmt="%.1f")
    elif kind == "months":
        widgets.number(path, label, unit=tr("ui.unit.months"), step=1)
    elif kind == "tier":
        widgets.select(path, label, ["none", "I", "II"], {t: tr(f"ui.collab.tier.{t}") for t in ("none", "I", "II")})
    elif kind == "scheme":
        widgets.select(path, label, ["none", "gifu", "shiga"],
                       {t: tr(f"ui.collab.scheme.{t}") for t in ("none", "gifu", "shiga")})
    if pid is not None:
        found = ref.entry(pid, defaults.start())
        spec = state.get_path(state.scenario(), base)
        text = _default_text(pid, getattr(found, "value", None), spec.grant.scheme) if found is not None else ""
        defaults.show(text, found, filled=optional and state.get_path(state.scenario(), path) is not None)


def _add_member(base: str) -> None:
    data = state.scenario().model_dump()
    members = state.get_path(data, base)["members"]
    members.append({"name": f"{tr('ui.collab.member')} {len(members) + 1}"})
    state.replace(data)


def _remove_member(base: str, j: int) -> None:
    data = state.without_item(state.scenario().model_dump(), f"{base}.members", j)
    if state.replace(data):
        state.reset_widgets()


def members(base: str, services: Callable[[str], None]) -> None:
    """The partner corporations: each stays independent; its services set what the levers do for it."""
    spec = state.get_path(state.scenario(), base)
    st.markdown(f"**{tr('ui.collab.members')}**")
    st.caption(tr("ui.collab.members_help"))
    for j, _member in enumerate(spec.members):
        where = f"{base}.members.{j}"
        with st.container(border=True):
            c1, c2, c3 = st.columns(3)
            with c1:
                widgets.text(f"{where}.name", tr("ui.step2.partner_name"))
            with c2:
                widgets.select(f"{where}.corp_type", tr("ui.field.corp_type"), list(CorpType),
                               {c: tr(f"ui.corp.{c.value}") for c in CorpType})
            with c3:
                widgets.money(f"{where}.revenue_yen_per_year", tr("ui.step2.partner_revenue"), optional=True)
                widgets.number(f"{where}.staff_fte", tr("ui.collab.field.staff_fte"), unit=tr("ui.unit.people"),
                               step=0.5, fmt="%.1f", optional=True)
            services(where)
            if len(spec.members) > 1:
                st.button(tr("ui.collab.remove_member"), key=f"{widgets.key_of(where)}.remove",
                          on_click=_remove_member, args=(base, j))
    st.button(tr("ui.collab.add_member"), key=f"{widgets.key_of(base)}.add_member", on_click=_add_member,
              args=(base,))


def form(i: int, services: Callable[[str], None]) -> None:
    """The whole path: timing and sharing, the members (``services`` renders a member's location, 級地 and
    services), the levers."""
    base = f"paths.{i}"
    st.info(tr("ui.collab.intro"))
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.number(f"{base}.start_month", tr("ui.collab.field.start_month"), unit=tr("ui.unit.months"), step=1)
        widgets.number(f"{base}.end_month", tr("ui.collab.field.end_month"), unit=tr("ui.unit.months"), step=1,
                       optional=True, help=tr("ui.collab.end_help"))
    with c2:
        widgets.number(f"{base}.phase_in_months", tr("ui.step2.phase_in"), unit=tr("ui.unit.months"), step=1.0,
                       fmt="%.0f")
        widgets.percent(f"{base}.realisation", tr("ui.step2.realisation"))
    with c3:
        widgets.select(f"{base}.sharing", tr("ui.collab.field.sharing"), ["equal", "revenue", "staff"],
                       {k: tr(f"ui.collab.sharing.{k}") for k in ("equal", "revenue", "staff")})
        widgets.toggle(f"{base}.claim_tier_b", tr("ui.collab.field.claim_tier_b"), help=tr("ui.collab.tier_b_help"))
        widgets.toggle(f"{base}.wage_support", tr("ui.collab.field.wage_support"))
    members(base, services)
    st.markdown(f"**{tr('ui.collab.levers')}**")
    for lever, fields in LEVERS.items():
        with st.container(border=True):
            st.markdown(f"**{tr(f'ui.collab.lever.{lever}')}**")
            st.caption(tr(f"ui.collab.lever.{lever}.help"))
            columns = st.columns(3)
            for n, (name, kind, pid) in enumerate(fields):
                with columns[n % 3]:
                    _field(base, lever, name, kind, pid)


def results(s: Scenario) -> None:
    """Each member's view of every 協働化 path: pays, saves, staff gain, net, for a chosen plan year."""
    from simulator.collaboration_view import collaboration_paths, member_view

    found = collaboration_paths(s)
    if not found:
        return
    lang, unit = state.lang(), state.unit()
    st.markdown(f"#### {tr('ui.collab.results')}")
    st.caption(tr("ui.collab.results_help"))
    for index in found:
        try:
            view = member_view(s, index)
        except ValueError as exc:
            st.warning(tr("ui.common.engine_failed", detail=str(exc)))
            continue
        years = sorted({year for _, year in view.index})
        labels = {y: tr("ui.collab.year_n", n=y) for y in years}  # in the run's language
        year = st.selectbox(tr("ui.collab.year"), years, index=min(2, len(years) - 1), key=f"collab_year_{index}",
                            format_func=labels.__getitem__)
        rows = view.xs(year, level="year")
        table = pd.DataFrame({
            tr("ui.collab.col.member"): rows["name"],
            tr("ui.collab.col.share"): [fmt.percent(v) for v in rows["share"]],
            **{tr(f"ui.collab.col.{c}"): [fmt.money(v, unit, lang) for v in rows[c]]
               for c in ("pays_yen", "saves_yen", "net_yen", "staff_gain_yen")},
        })
        st.dataframe(table, hide_index=True, width="stretch")
        total = view.groupby(level="member")[["net_yen", "staff_gain_yen"]].sum()
        st.caption(tr("ui.collab.horizon_total", net=fmt.money(total["net_yen"].sum(), unit, lang),
                      staff=fmt.money(total["staff_gain_yen"].sum(), unit, lang)))
