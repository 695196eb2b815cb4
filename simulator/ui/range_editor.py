"""STEP 2 risk: the ranges of the uncertain inputs (low / most likely / high), editable in a table.

The table lists every input the Monte Carlo and the tornado vary: the user's own and the defaults of
each path (with their sources). A changed range is saved as the user's own input for that field
(``uncertainty.inputs``), which replaces the default; normal, lognormal and discrete inputs are kept
as they are (they are edited in the file) and listed under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from simulator.format import DASH
from simulator.report.labels import readable_source
from simulator.risk.defaults import uncertain_inputs
from simulator.risk.tornado import input_name
from simulator.scenario import Distribution
from simulator.ui import state, widgets
from simulator.ui.state import tr

KEY = widgets.key_of("uncertainty.inputs")
RANGED = ("triangular", "pert", "uniform")
USER_SOURCE = "user: set in the app"  # stored in the file; shown as written


def _number(x: Any) -> float | None:  # a cell of the data editor
    return None if x is None or pd.isna(x) else float(x)


def edited_inputs(shown: Sequence[Distribution], own: Sequence[Distribution],
                  rows: Sequence[dict]) -> list[Distribution]:
    """The user's inputs after the table's edits: each row (low, mode, high) of ``shown`` that changed
    becomes the user's input for its target (replacing a default or the user's earlier one)."""
    out = {d.target: d for d in own}
    for d, row in zip(shown, rows, strict=True):
        low, mode, high = (_number(row.get(k)) for k in ("low", "mode", "high"))
        if (low, mode, high) == (d.low, d.mode if d.kind != "uniform" else None, d.high):
            continue
        out[d.target] = Distribution(target=d.target, kind=d.kind, low=low, high=high,
                                     mode=mode if d.kind != "uniform" else None, label=d.label,
                                     source=d.source if d.target in {o.target for o in own} else USER_SOURCE)
    return list(out.values())


def editor() -> None:
    s = state.scenario()
    lang = state.lang()
    inputs, _ = uncertain_inputs(s)
    shown = [d for d in inputs if d.kind in RANGED]
    frame = pd.DataFrame([{"input": input_name(d, lang, s), "kind": tr(f"ui.range.kind.{d.kind}"), "low": d.low,
                           "mode": d.mode if d.kind != "uniform" else None, "high": d.high,
                           "source": readable_source(d.source, lang)} for d in shown],
                         columns=["input", "kind", "low", "mode", "high", "source"])
    st.caption(tr("ui.range.help"))
    edited = st.data_editor(
        frame, key=KEY, hide_index=True, width="stretch", disabled=["input", "kind", "source"],
        column_config={"input": tr("ui.range.input"), "kind": tr("ui.range.kind"),
                       "low": st.column_config.NumberColumn(tr("ui.range.low"), format="%g"),
                       "mode": st.column_config.NumberColumn(tr("ui.range.mode"), format="%g"),
                       "high": st.column_config.NumberColumn(tr("ui.range.high"), format="%g"),
                       "source": tr("ui.range.source")}, placeholder=DASH)
    if not edited.equals(frame):  # NaN-aware (a uniform range has no mode)
        ours = edited_inputs(shown, s.uncertainty.inputs, edited.to_dict("records"))
        if state.apply("uncertainty.inputs", [d.model_dump() for d in ours]):
            del st.session_state[KEY]
            st.rerun()
    others = [input_name(d, lang, s) for d in inputs if d.kind not in RANGED]
    if others:
        st.caption(tr("ui.range.others", names="、".join(others) if lang == "ja" else ", ".join(others)))
