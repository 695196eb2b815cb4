"""Input widgets bound to a field of the scenario (key ``w.<path>``), validated on change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from simulator.ui import state
from simulator.ui.fmt import UNIT_DIVISOR, unit_label
from simulator.ui.state import WIDGET_PREFIX, tr


def key_of(path: str) -> str:
    return WIDGET_PREFIX + path


def _on_change(path: str, scale: float, kind: str) -> None:
    raw = st.session_state.get(key_of(path))
    if kind == "number":
        value = None if raw is None else raw / scale
        if value is not None and float(value).is_integer() and isinstance(state.get_path(state.scenario(), path),
                                                                           int):
            value = int(value)
    else:
        value = raw
    if not state.apply(path, value, scale=scale) and kind in ("select", "bool"):
        # a refused choice goes back to the one in force (the error says why), so choosing it again later
        # is a change; a refused number stays typed in, marked "not applied", for the user to correct
        st.session_state[key_of(path)] = state.get_path(state.scenario(), path)


def _mismatch(path: str, shown: Any, scale: float, kind: str) -> None:
    """Tell the user when the widget shows a value that was refused."""
    current = state.get_path(state.scenario(), path)
    if kind == "number":
        if shown is None and current is None:
            return
        if shown is not None and current is not None and abs(shown / scale - current) <= 1e-9 * max(1, abs(current)):
            return
    elif shown == current:
        return
    if kind == "number" and current is not None:
        current = current * scale
    st.caption(tr("ui.common.not_applied", value=current if current is not None else "—"))


def number(path: str, label: str, *, unit: str = "", scale: float = 1.0, step: float | None = None,
           fmt: str | None = None, help: str | None = None, optional: bool = False) -> None:
    """A number input without hard bounds: the scenario model decides and explains what is allowed."""
    key = key_of(path)
    current = state.get_path(state.scenario(), path)
    if key not in st.session_state:
        if current is None:
            st.session_state[key] = None
        else:
            shown = current * scale
            st.session_state[key] = int(round(shown)) if isinstance(current, int) and scale == 1 else float(shown)
    text = f"{label}（{unit}）" if unit and state.lang() == "ja" else (f"{label} ({unit})" if unit else label)
    st.number_input(text, key=key, step=step, format=fmt, help=help, on_change=_on_change,
                    args=(path, scale, "number"), placeholder=tr("ui.common.benchmark_placeholder")
                    if optional else None)
    _mismatch(path, st.session_state.get(key), scale, "number")


def money(path: str, label: str, *, help: str | None = None, optional: bool = False) -> None:
    """A yen field shown in the sidebar's unit (千円/万円/円)."""
    u = state.unit()
    number(path, label, unit=unit_label(u, state.lang()), scale=1 / UNIT_DIVISOR[u],
           step=float(1 if u != "yen" else 10_000), fmt="%.0f", help=help, optional=optional)


def percent(path: str, label: str, *, help: str | None = None, optional: bool = False) -> None:
    """A share of 1 shown as a percentage."""
    number(path, label, unit="%", scale=100.0, step=1.0, fmt="%.1f", help=help, optional=optional)


def text(path: str, label: str, *, area: bool = False, help: str | None = None) -> None:
    key = key_of(path)
    if key not in st.session_state:
        st.session_state[key] = state.get_path(state.scenario(), path)
    widget = st.text_area if area else st.text_input
    widget(label, key=key, help=help, on_change=_on_change, args=(path, 1.0, "text"))


def select(path: str, label: str, options: Sequence[Any], labels: dict[Any, str] | None = None,
           help: str | None = None) -> None:
    key = key_of(path)
    current = state.get_path(state.scenario(), path)
    if key not in st.session_state:
        st.session_state[key] = current if current in options else options[0]
    st.selectbox(label, list(options), key=key, help=help, on_change=_on_change, args=(path, 1.0, "select"),
                 format_func=(lambda v: labels.get(v, str(v))) if labels else str)


def toggle(path: str, label: str, help: str | None = None) -> None:
    key = key_of(path)
    if key not in st.session_state:
        st.session_state[key] = bool(state.get_path(state.scenario(), path))
    st.checkbox(label, key=key, help=help, on_change=_on_change, args=(path, 1.0, "bool"))


def checklist(step: str, items: Sequence[str]) -> None:
    """The guideline's points for a STEP, saved in scenario.workflow.<step>."""
    done = dict(getattr(state.scenario().workflow, step))
    for item in items:
        key = key_of(f"workflow.{step}.{item}")
        if key not in st.session_state:
            st.session_state[key] = bool(done.get(item, False))
        st.checkbox(tr(f"ui.check.{step}.{item}"), key=key, on_change=_on_check, args=(step, item))
    total = sum(bool(done.get(i)) for i in items)
    st.progress(total / len(items), text=tr("ui.common.checked", done=total, total=len(items)))


def _on_check(step: str, item: str) -> None:
    done = dict(getattr(state.scenario().workflow, step))
    done[item] = bool(st.session_state[key_of(f"workflow.{step}.{item}")])
    state.apply(f"workflow.{step}", done)
