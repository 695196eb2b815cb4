"""STEP 1's 都道府県 → 市区町村 → 級地 picker: two searchable select boxes over all 1,741 municipalities.

Picking a municipality calls ``on_pick("都道府県市区町村")``; the caller sets the name and the 級地 that the
reference data gives (with its source). Without a prefecture the second box lists every municipality, so
typing a name finds it anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from simulator.location import OTHER_GRADE
from simulator.ui import ref
from simulator.ui.state import tr

PREF_KEY = "pick_prefecture"
MUNI_KEY = "pick_municipality"


def grade_label(grade: int) -> str:
    """A 級地 in the session's language: 3級地 / grade 3, その他 / other (code 8, :data:`location.OTHER_GRADE`)."""
    return tr("ui.grade", grade=grade) if grade < OTHER_GRADE else tr("ui.grade.other")


def _picked(on_pick: Callable[[str], None]) -> None:
    picked = st.session_state.get(MUNI_KEY)
    if picked:
        on_pick(picked)
    st.session_state[MUNI_KEY] = None


def render(on: object, on_pick: Callable[[str], None]) -> None:
    """The two select boxes for the plan's start date ``on`` (the 級地 table in force then)."""
    rows = ref.call("municipalities", on) or []
    prefectures = list(dict.fromkeys(pref for pref, _, _ in rows))
    c1, c2 = st.columns([1, 2])
    with c1:
        st.selectbox(tr("ui.step1.pick_prefecture"), prefectures, index=None, key=PREF_KEY,
                     placeholder=tr("ui.step1.pick_prefecture_placeholder"))
    chosen = st.session_state.get(PREF_KEY)
    shown = [r for r in rows if chosen is None or r[0] == chosen]
    options = [f"{pref}{name}" for pref, name, _ in shown]
    grades = {f"{pref}{name}": grade for pref, name, grade in shown}
    with c2:
        st.selectbox(tr("ui.step1.pick_municipality"), options, index=None, key=MUNI_KEY,
                     placeholder=tr("ui.step1.pick_placeholder"), on_change=_picked, args=(on_pick,),
                     format_func=lambda o: f"{o}（{grade_label(grades[o])}）" if o in grades else o,
                     help=tr("ui.step1.pick_help"))
