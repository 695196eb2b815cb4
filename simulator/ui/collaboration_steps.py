"""STEP 1: the guideline's chapter 1 (協働化の進め方) as a light workflow: its three steps with their
points to tick, and what the scenario itself shows for the guideline's checks."""

from __future__ import annotations

import streamlit as st

from simulator.collaboration_checks import STEPS, checks
from simulator.ui import state, widgets
from simulator.ui.state import tr

MARKS = {True: ":green[:material/check_circle:]", False: ":orange[:material/error:]",
         None: ":gray[:material/radio_button_unchecked:]"}


def render() -> None:
    st.markdown(f"#### {tr('ui.collab_steps.title')}")
    st.caption(tr("ui.collab_steps.help"))
    cols = st.columns(len(STEPS))
    for col, (step, items) in zip(cols, STEPS.items(), strict=True):
        with col.container(border=True):
            st.markdown(f"**{tr(f'ui.collab_steps.{step}')}**")
            widgets.checklist(step, items)
    st.markdown(f"**{tr('ui.collab_steps.checks')}**")
    for key, ok in checks(state.scenario()).items():
        status = "na" if ok is None else ("ok" if ok else "todo")
        st.markdown(f"{MARKS[ok]} {tr(f'ui.collab_steps.check.{key}.{status}')}")
