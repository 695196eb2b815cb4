"""STEP 2 results: headline metrics, charts, staffing check, initial costs, risk, comparison, 判定."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from simulator import charts as shared
from simulator import format as fmt
from simulator.engine.tables import role_status
from simulator.format import DASH
from simulator.ui import model, state
from simulator.ui.state import tr


def _lang() -> Any:
    return state.lang()


def headline(result: Any) -> None:
    from simulator.metric_text import break_even_text, debt_years_text, dscr_text, irr_text

    m, lang, unit = result.metrics, _lang(), state.unit()
    c = [*st.columns(3), *st.columns(3), *st.columns(3)]
    irr_ok = fmt.percent(m.get("irr")) != fmt.DASH
    c[0].metric(tr("ui.metric.npv"), fmt.money(m.get("npv_yen"), unit, lang), help=tr("ui.metric.npv_help"))
    c[1].metric(tr("ui.metric.irr"), fmt.percent(m.get("irr")) if irr_ok else f"MIRR {fmt.percent(m.get('mirr'))}",
                help=tr("ui.metric.irr_help"))
    c[2].metric(tr("ui.metric.payback"), fmt.months(m.get("payback_month"), lang))
    c[3].metric(tr("ui.metric.lowest_cash"), fmt.money(m.get("lowest_cash_yen"), unit, lang))
    c[4].metric(tr("ui.metric.dscr"), fmt.ratio(m.get("dscr_min")), help=tr("ui.metric.dscr_help"))
    c[5].metric(tr("ui.metric.fte"), fmt.people(m.get("fte_added"), lang))
    c[6].metric(tr("ui.metric.debt_years"), debt_years_text(m, lang), help=tr("engine.lender.definition"))
    c[7].metric(tr("ui.metric.npv_without_residual"), fmt.money(m.get("npv_without_residual_yen"), unit, lang),
                help=tr("ui.metric.npv_without_residual_help"))
    c[8].metric(tr("ui.metric.break_even"), break_even_text(m.get("break_even_occupancy", math.nan),
                                                            m.get("break_even_occupancy_reason", math.nan), lang))
    notes = []
    if not irr_ok:
        notes.append(irr_text(m, lang))
    if not math.isnan(m.get("years_without_repayment_source", math.nan)) and m["years_without_repayment_source"] > 0:
        notes.append(f"DSCR: {dscr_text(m, lang)}")
    share = m.get("residual_share_of_npv", math.nan)
    if not math.isnan(share):
        notes.append(tr("ui.metric.residual_share", share=fmt.percent(share)))
    if m.get("goodwill_excluded_yen", 0.0) > 0.5:
        notes.append(tr("ui.metric.goodwill_excluded", amount=fmt.money(m["goodwill_excluded_yen"], unit, lang)))
    for note in notes:
        st.caption(note)


def charts(result: Any) -> None:
    lang, unit = _lang(), state.unit()
    floor = state.scenario().assumptions.cash_floor_yen
    # one above the other: the yearly P&L needs the width for its legend and years
    st.plotly_chart(shared.cash_chart(result, lang, floor, unit), key="chart_cash")
    st.plotly_chart(shared.pnl_chart(result, lang, unit), key="chart_pnl")
    with st.expander(tr("ui.step2.annual_table")):
        cols = [c for c in ("revenue_yen", "personnel_yen", "other_costs_yen", "operating_profit_yen",
                            "net_income_yen", "cash_flow_yen") if c in result.annual]
        table = result.annual[cols].copy()
        for col in cols:
            table[col] = table[col].map(lambda v: fmt.money(v, unit, lang))
        table.columns = [tr(f"ui.col.{c}") for c in cols]
        table.index.name = tr("ui.col.fiscal_year")
        st.dataframe(table, width="stretch", placeholder=DASH)


def staffing(result: Any) -> None:
    lang = _lang()
    m = result.metrics
    months_short = m.get("months_below_staffing_standard", 0) or 0
    if months_short and not (isinstance(months_short, float) and math.isnan(months_short)):
        st.error(tr("ui.step2.staff_short", months=int(months_short)))
    else:
        st.success(tr("ui.step2.staff_ok"))
    st.plotly_chart(shared.staffing_chart(result, lang), key="chart_staffing")
    table = result.staffing
    roles = sorted({c.rsplit("_", 1)[0] for c in table.columns if c.endswith("_required")})
    if roles and len(table):
        last = table.iloc[-1]
        first = table.iloc[0]
        status = role_status(table, result.monthly["staff_shortfall"]) if "staff_shortfall" in result.monthly \
            else {}
        rows = [{tr("ui.step2.role_col"): tr(f"ui.role.{r}"),
                 tr("ui.step2.required_start"): fmt.people(first.get(f"{r}_required"), lang),
                 tr("ui.step2.planned_start"): fmt.people(first.get(f"{r}_planned"), lang),
                 tr("ui.step2.required_end"): fmt.people(last.get(f"{r}_required"), lang),
                 tr("ui.step2.planned_end"): fmt.people(last.get(f"{r}_planned"), lang),
                 # words, not emoji: the table is drawn on a canvas without an emoji font (boxes)
                 tr("ui.step2.check"): tr(f"ui.step2.check_{status.get(r, 'short')}")} for r in roles]
        st.dataframe(rows, hide_index=True, width="stretch", placeholder=DASH)
    st.caption(tr("ui.step2.staff_note", hires=fmt.persons(m.get("hires_total"), lang)))


def initial_costs(result: Any) -> None:
    s = state.scenario()
    lang, unit = _lang(), state.unit()
    monthly, m = result.monthly, result.metrics
    capex = float(monthly["capex_yen"].sum()) if "capex_yen" in monthly else m.get("initial_investment_yen")
    subsidies = float(monthly["subsidy_received_yen"].sum()) if "subsidy_received_yen" in monthly else \
        m.get("subsidies_yen")
    loans = float(monthly["loan_drawn_yen"].sum()) if "loan_drawn_yen" in monthly else None
    one_off = float(monthly["one_off_costs_yen"].sum()) if "one_off_costs_yen" in monthly else None
    own = None if capex is None else capex + (one_off or 0) - (subsidies or 0) - (loans or 0)
    rows = [(tr("ui.step2.capex"), capex), (tr("ui.step2.one_off"), one_off), (tr("ui.step2.subsidies"), subsidies),
            (tr("ui.step2.loans"), loans), (tr("ui.step2.own_share"), own)]
    st.dataframe([{tr("ui.step2.item"): k, tr("ui.step2.amount"): fmt.money(v, unit, lang)} for k, v in rows],
                 hide_index=True, width="stretch", placeholder=DASH)
    if s.financing.loans:
        st.dataframe([{tr("ui.field.name"): x.name, tr("ui.field.amount_yen"): fmt.money(x.amount_yen, unit, lang),
                       tr("ui.field.annual_rate"): fmt.percent(x.annual_rate, 2),
                       tr("ui.field.years"): fmt.with_unit(x.years, tr("ui.unit.years"), lang)}
                      for x in s.financing.loans], hide_index=True, width="stretch", placeholder=DASH)
    if s.financing.subsidies:
        st.dataframe([{tr("ui.field.name"): x.name, tr("ui.field.amount_yen"): fmt.money(x.amount_yen, unit, lang),
                       tr("ui.step2.subsidy_month"): fmt.with_unit(x.month, tr("ui.unit.months"), lang)}
                      for x in s.financing.subsidies],
                     hide_index=True, width="stretch", placeholder=DASH)


def side_by_side(result: Any) -> dict[str, Any]:
    """Do-nothing, each path, all paths: a metrics table and the cash of each on one chart."""
    s = state.scenario()
    lang, unit = _lang(), state.unit()
    found: dict[str, Any] = {}
    for key, variant in model.variants(s).items():
        r, _ = model.simulate(variant) if key != "all" else (result, None)
        if r is None:
            continue
        if key == "do_nothing":
            name = tr("ui.step2.do_nothing")
        elif key == "all":
            name = tr("ui.step2.all_paths")
        else:
            i = int(key.split("_")[1])
            name = f"{i + 1}. {s.paths[i].label or tr(f'ui.path.{s.paths[i].kind}')}"
        found[name] = r
    do_nothing = tr("ui.step2.do_nothing")
    columns = {}
    for name, r in found.items():
        m, base = r.metrics, name == do_nothing  # NPV, IRR, payback are against do-nothing: blank for it
        columns[name] = {tr("ui.metric.npv"): fmt.DASH if base else fmt.money(m.get("npv_yen"), unit, lang),
                         tr("ui.metric.irr"): fmt.DASH if base else fmt.percent(m.get("irr")),
                         tr("ui.metric.payback"): fmt.DASH if base else fmt.months(m.get("payback_month"), lang),
                         tr("ui.metric.lowest_cash"): fmt.money(m.get("lowest_cash_yen"), unit, lang),
                         tr("ui.metric.dscr"): fmt.ratio(m.get("dscr_min")),
                         tr("ui.metric.fte"): fmt.people(m.get("fte_added"), lang)}
    # metrics down, scenarios across: long metric names are not cut however many paths there are
    st.dataframe(pd.DataFrame(columns), width="stretch", placeholder=DASH)
    st.caption(tr("ui.step2.do_nothing_note"))
    if len(s.paths) > 1:
        st.caption(tr("ui.step2.single_path_note"))
    st.plotly_chart(shared.compare_cash_chart(found, lang, unit), key="chart_compare")
    return found
