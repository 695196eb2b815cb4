"""ホーム: what the tool does, 協働化 first and the four ways of growing, and where to start (example, blank, upload)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from simulator.diagnosis import PATH_KINDS
from simulator.scenario import Scenario
from simulator.ui import state
from simulator.ui.sidebar import counted
from simulator.ui.state import tr


def _open_example() -> None:
    choice = st.session_state.get("example_choice")
    for path in state.examples():
        if path.name == choice:
            try:
                new = state.load_path(path)
            except (ValueError, OSError) as exc:  # a broken example file is a message
                state.note("error", tr("ui.file.refused", name=path.name))
                state.note("error", str(exc))
                return
            state.set_scenario(new)
            st.session_state["scenario_source"] = path.name
            state.note("success", tr("ui.file.opened", name=path.name, title=new.meta.title))
            return


@st.cache_data(show_spinner=False)
def _example_title(path: str) -> str:
    """The example's own title, so the list reads as cases, not file names."""
    try:
        return state.load_path(Path(path)).meta.title
    except (ValueError, OSError):  # a broken example is listed by its file name
        return Path(path).name


def _blank() -> None:
    blank = Scenario()
    blank.meta.title = tr("ui.home.blank_title")  # 無題のシナリオ / Untitled scenario
    state.set_scenario(blank)
    st.session_state["scenario_source"] = ""
    state.note("info", tr("ui.home.blank_done"))


def render() -> None:
    st.title(tr("ui.home.title"))
    st.markdown(tr("ui.home.intro"))
    first, *alone = PATH_KINDS  # 協働化 first (guideline chapter 1), then the ways of growing alone
    with st.container(border=True):
        st.markdown(f"**{tr('ui.home.first_alternative', path=tr(f'ui.path.{first}'))}**")
        st.caption(tr(f"ui.path.{first}.what"))
    st.caption(tr("ui.home.growing_alone"))
    cols = st.columns(len(alone))
    for col, kind in zip(cols, alone, strict=True):
        with col.container(border=True):
            st.markdown(f"**{tr(f'ui.path.{kind}')}**")
            st.caption(tr(f"ui.path.{kind}.what"))
    st.subheader(tr("ui.home.steps"))
    st.markdown(tr("ui.home.steps_text"))
    st.caption(tr("ui.home.collab_steps"))
    st.subheader(tr("ui.home.start"))
    s = state.scenario()
    st.info(tr("ui.home.current", title=s.meta.title, services=counted(len(s.organisation.services), "service"),
               paths=counted(len(s.paths), "path")))
    c1, c2, c3 = st.columns(3)
    with c1.container(border=True):
        st.markdown(f"**{tr('ui.home.example')}**")
        found = state.examples()
        if found:
            titles = {p.name: _example_title(str(p)) for p in found}
            st.selectbox(tr("ui.home.example_pick"), list(titles), key="example_choice",
                         format_func=lambda name: titles[name])
            st.button(tr("ui.home.example_open"), key="open_example", on_click=_open_example, type="primary")
        else:
            st.caption(tr("ui.home.no_examples"))
    with c2.container(border=True):
        st.markdown(f"**{tr('ui.home.blank')}**")
        st.caption(tr("ui.home.blank_text"))
        st.button(tr("ui.home.blank_open"), key="open_blank", on_click=_blank)
    with c3.container(border=True):
        st.markdown(f"**{tr('ui.home.upload')}**")
        st.caption(tr("ui.home.upload_text"))
    st.page_link("simulator/ui/page_step1.py", label=tr("ui.home.go_step1"), icon=":material/arrow_forward:")
    st.caption(tr("ui.home.disclaimer"))


render()
