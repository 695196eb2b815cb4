"""STEP 3 大規模化し PDCA を回す: plan and milestones, monthly targets, actuals, re-forecast, review log."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from simulator import charts, pdca
from simulator import format as fmt
from simulator.format import DASH, UNIT_DIVISOR, unit_label
from simulator.scenario import Actual, CapacityIncrease, Collaboration, Merger, NewService
from simulator.ui import errors, model, state, widgets
from simulator.ui.checklists import CHECKLISTS
from simulator.ui.state import tr

PLAN_COLUMNS = {"users": "users", "revenue_yen": "revenue_yen", "staff_fte": "fte_planned"}


def actuals_frame() -> pd.DataFrame:
    return pdca.actuals_table(state.scenario())


def _milestone_template() -> None:
    """Milestones drafted from the paths: staff sessions before each change, opening / effective dates."""
    s = state.scenario()
    items = []
    for path in s.paths:
        label = path.label or tr(f"ui.path.{path.kind}")
        if isinstance(path, CapacityIncrease | NewService):
            start = max(0, path.opening_month - path.construction.months_to_build)
            items += [(start, tr("ui.step3.tpl.build", path=label)),
                      (max(0, path.opening_month - path.hiring_lead_months), tr("ui.step3.tpl.hire", path=label)),
                      (path.opening_month, tr("ui.step3.tpl.open", path=label))]
        elif isinstance(path, Merger):
            sessions = max(1, path.staff_sessions_planned)
            items += [(round(path.approval_lead_months * k / (sessions + 1)),
                       tr("ui.step3.tpl.session", n=k, path=label)) for k in range(1, sessions + 1)]
            items.append((path.approval_lead_months, tr("ui.step3.tpl.effective", path=label)))
        elif isinstance(path, Collaboration):  # 協働化: the shared work starts, full effect after the phase-in
            items += [(path.start_month, tr("ui.step3.tpl.collaboration", path=label)),
                      (path.start_month + round(path.phase_in_months), tr("ui.step3.tpl.collaboration_full",
                                                                         path=label))]
        else:
            items += [(max(0, path.transfer_month - path.designation_lead_months),
                       tr("ui.step3.tpl.session", n=1, path=label)),
                      (path.transfer_month, tr("ui.step3.tpl.transfer", path=label))]
    items.append((12, tr("ui.step3.tpl.review")))
    data = s.model_dump()
    data["workflow"]["milestones"] = [{"month": m, "title": title[:200], "done": False} for m, title in
                                      sorted(items)]
    if state.replace(data):
        state.reset_widgets()


def plan_tab() -> None:
    s = state.scenario()
    st.caption(tr("ui.step3.plan_help"))
    for i, path in enumerate(s.paths):
        if path.kind == "merger":
            widgets.number(f"paths.{i}.staff_sessions_planned", tr("ui.field.staff_sessions_planned") +
                           f" — {path.label or tr('ui.path.merger')}", unit=tr("ui.unit.times"), step=1)
            if path.staff_sessions_planned < 2:
                st.warning(tr("ui.step3.sessions_warning"))
    st.button(tr("ui.step3.template"), key="milestone_template", on_click=_milestone_template,
              help=tr("ui.step3.template_help"))
    frame = pd.DataFrame([m.model_dump() for m in s.workflow.milestones], columns=["month", "title", "done"])
    start = s.assumptions.start_date
    edited = st.data_editor(
        frame, key="w.milestones_editor", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "month": st.column_config.NumberColumn(tr("ui.step3.month_col", start=start.strftime("%Y-%m")),
                                                   min_value=0, step=1),
            "title": st.column_config.TextColumn(tr("ui.step3.milestone"), max_chars=200),
            "done": st.column_config.CheckboxColumn(tr("ui.step3.done")),
        }, placeholder=DASH)
    if not edited.equals(frame):
        rows = edited.dropna(subset=["month"]).to_dict("records")
        data = s.model_dump()
        data["workflow"]["milestones"] = [{"month": int(r["month"]), "title": str(r.get("title") or ""),
                                           "done": bool(r.get("done"))} for r in rows]
        if state.replace(data):
            del st.session_state["w.milestones_editor"]
            st.rerun()
        else:
            state.show_notes()


def targets_tab(plan: pd.DataFrame) -> None:
    lang, unit = state.lang(), state.unit()
    st.caption(tr("ui.step3.targets_help"))
    view = pd.DataFrame({
        tr("ui.field.month"): plan.index,
        tr("ui.field.date"): plan["date"].dt.strftime("%Y-%m"),
        tr("ui.field.users"): plan["users"].map(lambda v: fmt.users(v, lang)),
        tr("ui.field.revenue_yen"): plan["revenue_yen"].map(lambda v: fmt.money(v, unit, lang)),
        tr("ui.field.costs_yen"): plan["costs_yen"].map(lambda v: fmt.money(v, unit, lang)),
        tr("ui.field.staff_fte"): plan["staff_fte"].map(lambda v: fmt.people(v, lang)),
    })
    st.dataframe(view, hide_index=True, width="stretch", height=360, placeholder=DASH)


def _save_actuals(frame: pd.DataFrame, divisor: float) -> bool:
    """Validate and save actuals entered in the sidebar's money unit (revenue and costs)."""
    rows = []
    problems = []
    for n, r in enumerate(frame.to_dict("records")):
        if r.get("month") is None or pd.isna(r.get("month")):
            continue
        clean: dict[str, float | None] = {str(k): (None if pd.isna(v) else float(v)) for k, v in r.items()
                                          if k != "month"}
        for k in ("revenue_yen", "costs_yen"):
            amount = clean.get(k)
            if amount is not None:
                clean[k] = amount * divisor
        try:
            rows.append(Actual(month=int(r["month"]), **clean).model_dump())
        except (ValidationError, ValueError, TypeError) as exc:
            if isinstance(exc, ValidationError):
                problems += errors.describe(exc, state.lang(), prefix=("actuals", n))
            else:
                problems.append(tr("ui.err.number", field=tr("ui.field.month")))
    for p in problems:
        st.error(p)
    if problems:
        return False
    data = state.scenario().model_dump()
    data["workflow"]["actuals"] = sorted(rows, key=lambda a: a["month"])
    return state.replace(data)


def actuals_tab() -> None:
    lang, unit = state.lang(), state.unit()
    divisor = UNIT_DIVISOR[unit]
    st.caption(tr("ui.step3.actuals_help", unit=unit_label(unit, lang)))
    frame = actuals_frame().reset_index()
    shown = frame.copy()
    for k in ("revenue_yen", "costs_yen"):
        shown[k] = shown[k] / divisor
    money = unit_label(unit, lang)
    edited = st.data_editor(
        shown, key="w.actuals_editor", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "month": st.column_config.NumberColumn(tr("ui.field.month"), step=1),
            "users": st.column_config.NumberColumn(fmt.labelled(tr("ui.field.users"), tr("ui.unit.people"), lang)),
            "revenue_yen": st.column_config.NumberColumn(fmt.labelled(tr("ui.field.revenue_yen"), money, lang)),
            "costs_yen": st.column_config.NumberColumn(fmt.labelled(tr("ui.field.costs_yen"), money, lang)),
            "staff_fte": st.column_config.NumberColumn(fmt.labelled(tr("ui.field.staff_fte"), tr("ui.unit.fte"),
                                                                    lang)),
        }, placeholder=DASH)
    if not edited.equals(shown) and _save_actuals(edited, divisor):
        del st.session_state["w.actuals_editor"]
        st.rerun()
    upload = st.file_uploader(tr("ui.step3.csv"), type=["csv"], key="actuals_csv", help=tr("ui.step3.csv_help"))
    if upload is not None and st.session_state.get("actuals_csv_done") != upload.file_id:
        st.session_state["actuals_csv_done"] = upload.file_id
        try:
            csv = pd.read_csv(io.BytesIO(upload.getvalue()))
        except ValueError as exc:  # any unreadable CSV becomes a message
            st.error(tr("ui.step3.csv_bad", detail=str(exc)))
            return
        missing = {"month"} - set(csv.columns)
        unknown = set(csv.columns) - {"month", "users", "revenue_yen", "costs_yen", "staff_fte"}
        if missing or unknown:
            st.error(tr("ui.step3.csv_columns", missing=", ".join(sorted(missing)) or "—",
                        unknown=", ".join(sorted(unknown)) or "—"))
            return
        merged = actuals_frame().combine_first(csv.set_index("month").astype(float)).reset_index() \
            if len(csv) else actuals_frame().reset_index()
        if _save_actuals(merged, 1.0):
            st.session_state.pop("w.actuals_editor", None)
            state.note("success", tr("ui.step3.csv_loaded", rows=len(csv)))
            st.rerun()


def compare_tab(plan: pd.DataFrame) -> None:
    lang, unit = state.lang(), state.unit()
    actuals = actuals_frame()
    if not len(actuals):
        st.info(tr("ui.step3.no_actuals"))
        return
    window = st.slider(tr("ui.step3.window"), 1, 12, pdca.REFORECAST_WINDOW, key="reforecast_window")
    st.caption(tr("ui.step3.reforecast_help", window=window))
    ratios = pdca.ratios(plan, actuals, window)
    forecast = pdca.reforecast(plan, actuals, window)
    c = st.columns(4)
    for col, kpi in zip(c, pdca.KPIS, strict=True):
        col.metric(tr(f"ui.field.{kpi}"), fmt.percent(ratios[kpi]), help=tr("ui.step3.ratio_help"))
    horizon = plan.index <= max(int(actuals.index.max()) + 24, 24)
    d = UNIT_DIVISOR[unit]
    c1, c2 = st.columns(2)
    for col, kpi, scale, y, money in ((c1, "revenue_yen", d, unit_label(unit, lang), unit),
                                      (c2, "users", 1, tr("ui.unit.people"), None),
                                      (c1, "costs_yen", d, unit_label(unit, lang), unit),
                                      (c2, "staff_fte", 1, tr("ui.unit.fte"), None)):
        act = actuals[kpi].reindex(plan.index) if kpi in actuals else pd.Series(index=plan.index, dtype=float)
        fig = charts.plan_vs_actual(plan["date"][horizon], plan[kpi][horizon] / scale, act[horizon] / scale,
                                    forecast[kpi][horizon] / scale, lang, tr(f"ui.field.{kpi}"), y, money)
        col.plotly_chart(fig, key=f"pva_{kpi}")
    var = pdca.variance(plan, actuals)
    if len(var):
        shown = var.copy()
        shown["kpi"] = shown["kpi"].map(lambda k: tr(f"ui.field.{k}"))
        for k in ("plan", "actual", "difference"):
            shown[k] = [fmt.money(v, unit, lang) if kpi.endswith("_yen") else
                        fmt.users(v, lang) if kpi == "users" else fmt.people(v, lang)
                        for v, kpi in zip(var[k], var["kpi"], strict=True)]
        shown["difference_share"] = var["difference_share"].map(fmt.percent)
        shown.columns = [tr("ui.step3.kpi"), tr("ui.field.month"), tr("ui.chart.plan"), tr("ui.chart.actual"),
                         tr("ui.step3.diff"), tr("ui.step3.diff_share")]
        st.dataframe(shown, hide_index=True, width="stretch", placeholder=DASH)
    total_plan, total_fc = pdca.profit_over_horizon(plan), pdca.profit_over_horizon(forecast)
    st.metric(tr("ui.step3.profit_forecast"), fmt.money(total_fc, unit, lang),
              delta=fmt.money(total_fc - total_plan, unit, lang))


def _add_review() -> None:
    date = st.session_state.get("review_date") or dt.date.today()
    entry = {"date": date, "findings": st.session_state.get("review_findings", ""),
             "actions": st.session_state.get("review_actions", "")}
    data = state.scenario().model_dump()
    data["workflow"]["reviews"].append(entry)
    if state.replace(data):
        st.session_state["review_findings"] = ""
        st.session_state["review_actions"] = ""
        state.note("success", tr("ui.step3.review_saved"))


def _remove_review(index: int) -> None:
    data = state.scenario().model_dump()
    del data["workflow"]["reviews"][index]
    state.replace(data)


def reviews_tab() -> None:
    s = state.scenario()
    st.caption(tr("ui.step3.reviews_help"))
    with st.form("review_form", clear_on_submit=False):
        st.date_input(tr("ui.field.date"), key="review_date", value=dt.date.today())
        st.text_area(tr("ui.field.findings"), key="review_findings")
        st.text_area(tr("ui.field.actions"), key="review_actions")
        st.form_submit_button(tr("ui.step3.review_add"), on_click=_add_review)
    for i, r in sorted(enumerate(s.workflow.reviews), key=lambda x: x[1].date, reverse=True):
        with st.container(border=True):
            st.markdown(f"**{r.date.isoformat()}**")
            st.markdown(f"{tr('ui.field.findings')}：{r.findings or '—'}")
            st.markdown(f"{tr('ui.field.actions')}：{r.actions or '—'}")
            st.button(tr("ui.step2.remove"), key=f"remove_review_{i}", on_click=_remove_review, args=(i,))


def render() -> None:
    st.title(tr("ui.nav.step3"))
    st.info(tr("ui.step3.intro"))
    result, error = model.simulate(state.scenario())
    if error:
        st.error(tr("ui.common.engine_failed", detail=error))
    tabs = widgets.tabs("step3_tab", ["ui.step3.tab.plan", "ui.step3.tab.targets", "ui.step3.tab.actuals",
                                     "ui.step3.tab.compare", "ui.step3.tab.reviews", "ui.step3.tab.checklist"])
    plan = pdca.plan_table(result) if result is not None else None
    with tabs[0]:
        plan_tab()
    with tabs[1]:
        if plan is not None:
            targets_tab(plan)
    with tabs[2]:
        actuals_tab()
    with tabs[3]:
        if plan is not None:
            compare_tab(plan)
    with tabs[4]:
        reviews_tab()
    with tabs[5]:
        st.caption(tr("ui.common.checklist"))
        widgets.checklist("step3", CHECKLISTS["step3"])


render()
