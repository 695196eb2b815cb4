"""STEP 2 risk: the sizes of the named stress cases, editable in a table.

Each row is one edit of one case (its field, how it changes it, by how much). A changed size is saved
as the scenario's own case of the same name (``uncertainty.stress_cases``), which replaces the default
one; setting it back to the default's size removes the override. The labels are marked as edited so
a report never shows "−2%" for a case that now cuts 4 %.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from simulator.format import DASH
from simulator.i18n import t
from simulator.risk.stress import case_label, cases_for, default_cases
from simulator.scenario import StressCase, StressEdit
from simulator.ui import state, widgets
from simulator.ui.state import tr

KEY = widgets.key_of("uncertainty.stress_cases")


def size(edit: StressEdit) -> float | None:
    """The number an edit changes its field by (an appended 報酬改定: its change)."""
    if edit.op == "append":
        change = edit.item.get("change")
        return float(change) if isinstance(change, int | float) else None
    return edit.value


def with_sizes(cases: Sequence[StressCase], sizes: Sequence[float | None]) -> list[StressCase]:
    """``cases`` with their edits' sizes replaced, in table order (one size per edit)."""
    out, k = [], 0
    for case in cases:
        edits = []
        for edit in case.edits:
            new = sizes[k]
            k += 1
            if new is None or new == size(edit):
                edits.append(edit)
            elif edit.op == "append":
                edits.append(edit.model_copy(update={"item": {**edit.item, "change": new}}))
            else:
                edits.append(edit.model_copy(update={"value": new}))
        out.append(case.model_copy(update={"edits": edits}))
    return out


def own_cases(edited: Sequence[StressCase], current: Sequence[StressCase]) -> list[StressCase]:
    """The scenario's own stress cases after an edit: a default case the user sized differently is kept
    under its name (labelled as edited), a default back at its sizes is dropped, the user's own cases stay."""
    defaults = {c.name: c for c in default_cases()}
    out = []
    for case, before in zip(edited, current, strict=True):
        default = defaults.get(case.name)
        if default is not None and case.edits == default.edits:
            continue  # back at the default's sizes: no override
        if default is None or before != default:
            out.append(case)  # the user's own case, or an override already labelled as edited
            continue
        out.append(case.model_copy(update={"label_ja": default.label_ja + t("ui.stress.edited", "ja"),
                                           "label_en": default.label_en + t("ui.stress.edited", "en"),
                                           "source": f"user edit of the default case ({default.source})"}))
    return out


def editor() -> None:
    """The table of every case's edits, the size column editable."""
    s = state.scenario()
    cases = cases_for(s)
    lang = state.lang()
    rows = [{"case": case_label(c, lang), "field": e.target, "op": tr(f"ui.stress.op.{e.op}"), "size": size(e)}
            for c in cases for e in c.edits]
    frame = pd.DataFrame(rows, columns=["case", "field", "op", "size"])
    st.caption(tr("ui.stress.help"))
    edited = st.data_editor(
        frame, key=KEY, hide_index=True, width="stretch", disabled=["case", "field", "op"],
        column_config={"case": tr("ui.stress.case"), "field": tr("ui.stress.field"), "op": tr("ui.stress.op"),
                       "size": st.column_config.NumberColumn(tr("ui.stress.size"), format="%g")}, placeholder=DASH)
    sizes = [None if pd.isna(x) else float(x) for x in edited["size"]]
    if sizes != [None if pd.isna(x) else float(x) for x in frame["size"]]:
        ours = own_cases(with_sizes(cases, sizes), cases)
        if state.apply("uncertainty.stress_cases", [c.model_dump() for c in ours]):
            del st.session_state[KEY]
            st.rerun()
    if any(c.name in {d.name for d in default_cases()} for c in s.uncertainty.stress_cases):
        st.button(tr("ui.stress.reset"), key="stress_reset", on_click=_reset)


def _reset() -> None:
    defaults = {d.name for d in default_cases()}
    kept = [c.model_dump() for c in state.scenario().uncertainty.stress_cases if c.name not in defaults]
    if state.apply("uncertainty.stress_cases", kept):
        st.session_state.pop(KEY, None)
