"""保存したシナリオ・比較: the library (list, open, versions, restore), compare 2-5, and share links."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from simulator import charts, compare, report, share, store
from simulator import field_text as fields
from simulator import format as fmt
from simulator.format import DASH
from simulator.share import share_base
from simulator.ui import model, state, widgets
from simulator.ui.sidebar import error_messages
from simulator.ui.state import tr


def _library():
    return store.Library()


def _open(name: str, version: int | None) -> None:
    try:
        new = _library().open(name, version)
    except ValueError as exc:  # StoreError, or a stored file that no longer validates
        for msg in error_messages(exc):
            state.note("error", msg)
        return
    state.set_scenario(new)
    st.session_state["save_name"] = name  # saving again adds a version under the same name
    st.session_state["save_name_prefill"] = new.meta.title
    state.note("success", tr("ui.library.opened", name=name, version=version or "—"))


def _restore(name: str, version: int) -> None:
    try:
        saved = _library().restore(name, version, comment=tr("ui.library.restored_comment", version=version))
    except ValueError as exc:  # StoreError, or a stored file that no longer validates
        for msg in error_messages(exc):
            state.note("error", msg)
        return
    state.note("success", tr("ui.library.restored", name=name, version=version, new=saved.version))


def library_tab() -> list:
    lib = _library()
    entries = lib.list()
    if not entries:
        st.info(tr("ui.library.empty"))
        return []
    query = st.text_input(tr("ui.library.search"), key="library_search")
    if query:
        entries = lib.search(query)
    st.dataframe([{tr("ui.library.name"): e.name, tr("ui.field.title"): e.title, tr("ui.library.version"): e.latest,
                   tr("ui.library.updated"): local_time(e.updated_at), tr("ui.library.author"): e.author,
                   tr("ui.library.comment"): e.comment} for e in entries], hide_index=True, width="stretch", placeholder=DASH)
    names = [e.name for e in entries]
    name = st.selectbox(tr("ui.library.pick"), names, key="library_pick")
    versions = lib.versions(name)
    labels = {v.version: f"v{v.version} — {local_time(v.saved_at)} {v.comment}" for v in versions}
    version = st.selectbox(tr("ui.library.version"), [v.version for v in reversed(versions)], key="library_version",
                           format_func=lambda v: labels.get(v, str(v)))
    c1, c2 = st.columns(2)
    c1.button(tr("ui.library.open"), key="library_open", on_click=_open, args=(name, version), type="primary")
    c2.button(tr("ui.library.restore"), key="library_restore", on_click=_restore, args=(name, version),
              help=tr("ui.library.restore_help"))
    if len(versions) > 1:
        with st.expander(tr("ui.library.diff")):
            other = st.selectbox(tr("ui.library.diff_with"), [v.version for v in versions if v.version != version],
                                 key="library_diff_with", format_func=lambda v: labels.get(v, str(v)))
            changes = lib.diff(name, other, version)
            if changes:
                shown = lib.open(name, version)
                unit, lang = state.unit(), state.lang()
                st.dataframe([{tr("ui.library.field"): fields.field_text(shown, c.path, lang),
                               f"v{other}": fields.value_text(c.path, c.old, unit, lang),
                               f"v{version}": fields.value_text(c.path, c.new, unit, lang)}
                              for c in changes], hide_index=True, width="stretch", placeholder=DASH)
            else:
                st.caption(tr("ui.library.no_diff"))
    return entries


def compare_tab(entries: list) -> None:
    st.caption(tr("ui.library.compare_help"))
    lib = _library()
    # every saved version, newest first under each name: a plan is often compared with its own earlier version
    choices: dict[str, tuple[str, int] | None] = {tr("ui.library.current"): None}
    for e in entries:
        for v in reversed(lib.versions(e.name)):
            choices[tr("ui.library.version_of", name=e.name, version=v.version)] = (e.name, v.version)
    picked = st.multiselect(tr("ui.library.compare_pick"), list(choices), key="compare_pick", max_selections=5,
                            select_all=False, placeholder=tr("ui.common.choose"))
    if len(picked) < 2:
        return
    scenarios = [state.scenario() if (choice := choices[p]) is None else lib.open(*choice) for p in picked]
    found = compare.compare(scenarios, names=picked, run_engine=False)
    st.markdown(f"**{tr('ui.library.differences')}**")
    if len(found.inputs):
        unit, lang = state.unit(), state.lang()
        table = found.inputs.copy()
        for column in table.columns:
            table[column] = [fields.value_text(p, v, unit, lang) for p, v in zip(table.index, table[column],
                                                                                 strict=True)]
        table.index = pd.Index([fields.field_text(scenarios[0], p, lang) for p in table.index],
                               name=tr("ui.library.field"))
        st.dataframe(table.style.apply(_highlight, axis=1), width="stretch", placeholder=DASH)
    else:
        st.caption(tr("ui.library.no_diff"))
    results = {}
    for name, s in zip(found.names, scenarios, strict=True):
        r, err = model.simulate(s)
        if r is not None:
            results[name] = r
        elif err:
            st.error(f"{name}: {err}")
    if results:
        lang, unit = state.lang(), state.unit()
        rows = {name: {tr("ui.metric.npv"): fmt.money(r.metrics.get("npv_yen"), unit, lang),
                       tr("ui.metric.irr"): fmt.percent(r.metrics.get("irr")),
                       tr("ui.metric.lowest_cash"): fmt.money(r.metrics.get("lowest_cash_yen"), unit, lang),
                       tr("ui.metric.dscr"): fmt.ratio(r.metrics.get("dscr_min")),
                       tr("ui.metric.fte"): fmt.people(r.metrics.get("fte_added"), lang)}
                for name, r in results.items()}
        st.dataframe(pd.DataFrame(rows), width="stretch", placeholder=DASH)
        c1, c2 = st.columns(2)
        c1.plotly_chart(charts.compare_cash_chart(results, lang, unit), key="compare_cash")
        c2.plotly_chart(charts.compare_pnl_chart(results, lang, unit), key="compare_pnl")
    lang, unit = state.lang(), state.unit()  # the reports' money unit is the app's, as for one plan's report
    c1, c2 = st.columns(2)
    c1.download_button(tr("ui.library.compare_xlsx"),
                       lambda: report.compare_report(scenarios, "xlsx", lang, names=found.names, unit=unit),
                       "comparison.xlsx", report.MEDIA_TYPES["xlsx"], key="compare_xlsx")
    c2.download_button(tr("ui.library.compare_pdf"),
                       lambda: report.compare_report(scenarios, "pdf", lang, names=found.names, unit=unit),
                       "comparison.pdf", report.MEDIA_TYPES["pdf"], key="compare_pdf")


def _highlight(row: pd.Series) -> list[str]:
    """Cells that differ from the first scenario's value are highlighted."""
    first = row.iloc[0]
    return ["" if i == 0 or v == first else "background-color: #fff3b0" for i, v in enumerate(row)]


def share_tab() -> None:
    lang = state.lang()
    if not st.session_state.get("share_base"):
        st.session_state["share_base"] = app_address()
    base = st.text_input(tr("ui.library.base_url"), key="share_base", help=tr("ui.library.base_url_help"))
    link = share.make_link(state.scenario(), base)
    st.code(link, language=None, wrap_lines=True)
    st.warning(share.share_note(lang))
    st.caption(tr("ui.library.link_length", chars=f"{len(link):,}"))


URL_PATH = "library"  # this page's url_path in app.py


def app_address() -> str:
    """The address the app is served at (the browser's), else localhost."""
    return share_base(st.context.url or "", URL_PATH)


def local_time(stamp: str) -> str:
    """A stored UTC time in the reader's time zone (the browser's, else Japan's): 2026-12-02 23:15."""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        zone = ZoneInfo(st.context.timezone or "Asia/Tokyo")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Asia/Tokyo")
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def render() -> None:
    st.title(tr("ui.nav.library"))
    st.info(tr("ui.library.intro"))
    tabs = widgets.tabs("library_tab", ["ui.library.tab.library", "ui.library.compare", "ui.library.share"])
    entries: list = []
    with tabs[0]:
        try:
            entries = library_tab()
        except store.StoreError as exc:  # e.g. an unwritable data folder
            for msg in error_messages(exc):
                st.error(msg)
    with tabs[1]:
        compare_tab(entries)
    with tabs[2]:
        share_tab()


render()
