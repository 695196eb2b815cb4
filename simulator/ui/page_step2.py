"""STEP 2 具体的な準備を進める: paths, financing, results, risk, comparison, 判定, checklist, reports."""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from simulator import charts, report
from simulator import format as fmt
from simulator.format import DASH
from simulator.risk.breakeven import break_even_lines
from simulator.risk.run import RiskRun
from simulator.risk.text import drivers_note, payback_cell, payback_note
from simulator.ui import (
    collaboration_form,
    model,
    path_forms,
    range_editor,
    results,
    state,
    stress_editor,
    widgets,
)
from simulator.ui.checklists import CHECKLISTS
from simulator.ui.state import tr

TRIAL_CHOICES = (1_000, 5_000, 10_000)


def _fingerprint() -> str:
    return hashlib.sha256(state.scenario().model_dump_json().encode()).hexdigest()


def risk_now() -> RiskRun | None:
    """The risk run for the current scenario, if the user ran one (the same type the reports take); after a
    language switch its tornado and stress cases are labelled again in the new language (the same numbers:
    the parts are cached)."""
    found = st.session_state.get("risk_run")
    if not found or found["key"] != _fingerprint():
        return None
    lang = state.lang()
    if found.get("lang", lang) != lang and found["run"] is not None:
        s = state.scenario()
        tornado, _ = model.risk_run("tornado", s, lang=lang)
        stress, _ = model.risk_run("stress", s, lang=lang)
        found.update(lang=lang, run=RiskRun.of(found["run"].monte_carlo, tornado, stress, found["run"].break_even))
    return found["run"]


def _run_risk() -> None:
    s = state.scenario()
    trials = int(st.session_state.get("risk_trials", TRIAL_CHOICES[0]))
    bar = st.progress(0.0, text=tr("ui.risk.running_mc", trials=f"{trials:,}"))
    lang = state.lang()
    mc, err = model.risk_run("monte_carlo", s, trials=trials, lang=lang)
    bar.progress(0.5, text=tr("ui.risk.running_tornado"))
    tornado, err2 = model.risk_run("tornado", s, lang=lang)
    bar.progress(0.7, text=tr("ui.risk.running_stress"))
    stress, err3 = model.risk_run("stress", s, lang=lang)
    bar.progress(0.9, text=tr("ui.risk.running_break_even"))
    break_even, err4 = model.risk_run("break_even", s)
    bar.progress(1.0, text=tr("ui.risk.done"))
    for e in (err, err2, err3, err4):
        if e:
            st.error(tr("ui.common.engine_failed", detail=e))
    st.session_state["risk_run"] = {"key": _fingerprint(), "lang": lang,
                                    "run": RiskRun.of(mc, tornado, stress, break_even)}
    if not any((err, err2, err3, err4)):
        st.rerun()  # so that the verdict above uses the new probability of a shortfall


def risk_tab(result: Any) -> None:
    st.caption(tr("ui.risk.help"))
    c1, c2 = st.columns([2, 1])
    c1.selectbox(tr("ui.risk.trials"), TRIAL_CHOICES, key="risk_trials", format_func=lambda n: f"{n:,}")
    if c2.button(tr("ui.risk.run"), key="run_risk", type="primary"):
        _run_risk()
    with st.expander(tr("ui.range.title")):
        range_editor.editor()
    with st.expander(tr("ui.stress.title")):
        stress_editor.editor()
    run = risk_now()
    if run is None:
        if st.session_state.get("risk_run"):
            st.warning(tr("ui.risk.stale"))
        return
    lang, unit = state.lang(), state.unit()
    probs = run.probabilities
    c = st.columns(4)
    c[0].metric(tr("ui.risk.p_shortfall"), fmt.percent(probs.get("cash_below_floor")))
    c[1].metric(tr("ui.risk.p_npv_negative"), fmt.percent(probs.get("npv_negative")))
    c[2].metric(tr("ui.risk.p_loss3"), fmt.percent(probs.get("loss_year3")))
    c[3].metric(tr("ui.risk.p_staff"), fmt.percent(probs.get("below_staffing_standard")))
    pct = run.percentiles
    if pct is not None:
        shown = pct.copy().astype(object)
        for metric in shown.index:
            for col in shown.columns:
                v = pct.loc[metric, col]
                shown.loc[metric, col] = (fmt.money(v, unit, lang) if metric.endswith("_yen") else
                                          fmt.percent(v) if metric == "irr" else payback_cell(col, v, lang))
        shown.index = [tr(f"ui.metric.key.{m}") for m in shown.index]
        shown.columns = [tr("ui.risk.mean") if str(c) == "mean" else str(c) for c in shown.columns]
        st.dataframe(shown, width="stretch", placeholder=DASH)
        if "payback_month" in pct.index and "no_payback" in probs:
            st.caption(payback_note(probs["no_payback"], lang))
    c1, c2 = st.columns(2)
    if run.fan is not None and len(run.fan):
        c1.plotly_chart(charts.fan_chart(run.fan, lang, unit=unit), key="chart_fan")
    if run.npv_samples is not None:
        c2.plotly_chart(charts.histogram_chart(run.npv_samples, lang, unit=unit), key="chart_hist")
    # full width: the tornado's input names and the stress cases' labels need the room
    if run.tornado is not None:
        st.plotly_chart(charts.tornado_chart(run.tornado, lang, unit), key="chart_tornado")
        if run.tornado_left_out:
            st.caption(drivers_note(run.tornado_left_out, lang))
    stressed = run.stress_without_base
    if stressed is not None and "npv_yen" in stressed:
        st.plotly_chart(charts.stress_chart(stressed, lang, result.metrics.get("npv_yen"), unit),
                        key="chart_stress")
    left_out = stress_left_out(run)
    if left_out:
        st.caption(tr("ui.risk.stress_left_out", cases=tr("ui.common.list_sep").join(left_out)))
    if stressed is not None:
        table = stressed
        cols = [c for c in ("npv_yen", "lowest_cash_yen", "dscr_min", "payback_month") if c in table]
        view = table[cols].astype(object).copy()
        for col in cols:
            view[col] = table[col].map(lambda v, col=col: fmt.money(v, unit, lang) if col.endswith("_yen") else
                                       fmt.ratio(v) if col == "dscr_min" else fmt.months(v, lang))
        view.columns = [tr(f"ui.metric.key.{c}") for c in cols]
        st.markdown(f"**{tr('ui.risk.stress_table')}**")
        st.dataframe(view, width="stretch", placeholder=DASH)
    break_even_section(run)


def break_even_section(run: RiskRun) -> None:
    """The break-even of occupancy, fee level and wage level (incremental NPV = 0), or why there is none:
    the lines the reports print, from the run's one search."""
    if run.break_even is None:
        return
    lang = state.lang()
    st.markdown(f"#### {tr('ui.risk.break_even')}")
    st.markdown("\n".join(f"- **{label}**: {text}" for label, text in break_even_lines(run.break_even, lang)))
    st.caption(tr("risk.note.break_even"))


def stress_left_out(run: RiskRun) -> list[str]:
    """The stress cases the run leaves out because they change nothing here (merger synergies, no merger)."""
    frame = run.stress_cases
    if frame is None:
        return []
    labels = frame.attrs.get("labels", {})
    return [str(labels.get(c, c)) for c in frame.attrs.get("unchanged", [])]


def criteria_inputs() -> None:
    st.caption(tr("ui.judge.help"))
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.money("workflow.criteria.min_npv_yen", tr("ui.field.min_npv_yen"))
    with c2:
        widgets.percent("workflow.criteria.max_shortfall_probability", tr("ui.field.max_shortfall_probability"))
    with c3:
        widgets.number("workflow.criteria.min_dscr", tr("ui.field.min_dscr"), unit=tr("ui.unit.times_ratio"),
                       step=0.1, fmt="%.2f")
    c4, c5, _ = st.columns(3)
    with c4:
        widgets.number("workflow.criteria.max_debt_repayment_years", tr("ui.field.max_debt_repayment_years"),
                       unit=tr("ui.unit.years"), step=1.0, fmt="%.1f")
    with c5:
        widgets.percent("workflow.criteria.max_break_even_occupancy", tr("ui.field.max_break_even_occupancy"))
    st.caption(tr("ui.judge.levers_help"))
    c6, c7, c8 = st.columns(3)
    with c6:
        widgets.percent("workflow.criteria.lever_occupancy_max", tr("ui.field.lever_occupancy_max"))
    with c7:
        widgets.percent("workflow.criteria.lever_fee_increase_max", tr("ui.field.lever_fee_increase_max"))
    with c8:
        widgets.percent("workflow.criteria.lever_wage_cut_max", tr("ui.field.lever_wage_cut_max"))


def verdict_banner() -> None:
    run = risk_now()
    prob = run.shortfall_probability if run is not None else None
    found = model.decide(state.scenario(), prob)  # the base case's result, cached with its levers
    lang = state.lang()
    box = {"go": st.success, "conditional": st.warning, "no_go": st.error, "no_path": st.info}[found.verdict]
    lines = found.reasons(lang, money=lambda yen: fmt.money(yen, state.unit(), lang))
    box(f"### {tr('ui.judge.banner', label=found.label(lang))}\n\n" + "\n".join(f"- {x}" for x in lines))
    if prob is None:
        st.caption(tr("ui.judge.no_risk"))


def reports(result: Any) -> None:
    st.caption(tr("ui.report.help"))
    s, lang = state.scenario(), state.lang()
    run, unit = risk_now(), state.unit()
    koubo = st.checkbox(tr("ui.report.koubo"), key="report_koubo", help=tr("ui.report.koubo_help"))
    cols = st.columns(3)
    for col, kind in zip(cols, report.FORMATS, strict=True):
        def make(kind: report.Format = kind) -> bytes:  # the CLI's function, with the app's risk run and money unit
            return report.build(s, result, kind, lang, run, unit=unit, koubo=koubo)

        col.download_button(tr(f"ui.report.{kind}"), make, report.filename(s, kind, lang),
                            report.MEDIA_TYPES[kind], key=f"report_{kind}", icon=":material/description:")


def render() -> None:
    st.title(tr("ui.nav.step2"))
    st.info(tr("ui.step2.intro"))
    s = state.scenario()
    result, error = model.simulate(s)
    if error:
        st.error(tr("ui.common.engine_failed", detail=error))
    if result is not None:
        if not s.paths:
            st.caption(tr("ui.step2.no_paths_result"))
        results.headline(result)
        verdict_banner()
    tabs = widgets.tabs("step2_tab", ["ui.step2.tab.paths", "ui.step2.tab.financing", "ui.step2.tab.results",
                                     "ui.step2.tab.risk", "ui.step2.tab.compare", "ui.step2.tab.decision"])
    with tabs[0]:
        st.caption(tr("ui.step2.paths_help"))
        path_forms.edit_paths()
        with st.expander(tr("ui.step2.assumptions")):
            path_forms.assumptions()
    with tabs[1]:
        path_forms.financing()
    with tabs[2]:
        if result is not None:
            results.charts(result)
            collaboration_form.results(s)
            st.markdown(f"#### {tr('ui.step2.staffing')}")
            results.staffing(result)
            st.markdown(f"#### {tr('ui.step2.initial_costs')}")
            results.initial_costs(result)
    with tabs[3]:
        if result is not None:
            risk_tab(result)
    with tabs[4]:
        if result is not None:
            results.side_by_side(result)
    with tabs[5]:
        criteria_inputs()
        st.markdown(f"#### {tr('ui.common.checklist')}")
        widgets.checklist("step2", CHECKLISTS["step2"])
        st.markdown(f"#### {tr('ui.report.title')}")
        if result is not None:
            reports(result)
    st.page_link("simulator/ui/page_step3.py", label=tr("ui.step2.next"), icon=":material/arrow_forward:")


render()
