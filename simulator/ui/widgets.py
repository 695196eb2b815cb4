"""Input widgets bound to a field of the scenario (key ``w.<path>``), validated on change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from simulator.format import UNIT_DIVISOR, unit_label
from simulator.ui import state
from simulator.ui.state import WIDGET_PREFIX, tr


def key_of(path: str) -> str:
    return WIDGET_PREFIX + path


def _shown(path: str, scale: float) -> float | int | None:
    """The scenario's value at ``path`` as its number field shows it (in the field's unit)."""
    current = state.get_path(state.scenario(), path)
    if current is None:
        return None
    shown = current * scale
    return int(round(shown)) if isinstance(current, int) and scale == 1 else float(shown)


def _number_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _on_change(path: str, scale: float, kind: str, label: str = "", optional: bool = False) -> None:
    raw = st.session_state.get(key_of(path))
    if kind == "number" and raw is None and not optional:
        # an emptied field (or text a browser's number field drops) has no default: refused, the old value stays
        old = _shown(path, scale)
        state.note("error", tr("ui.err.empty_kept", field=label or path, value=_number_text(old)))
        st.session_state[key_of(path)] = old
        return
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
    if key not in st.session_state:
        st.session_state[key] = _shown(path, scale)
    text = fmt_labelled(label, unit)
    # value=None: an emptied field gives None (the reference default of an optional field, refused for the
    # others), never Streamlit's 0; typed text is dropped by the browser's number field, so it is emptied too
    st.number_input(text, value=None, key=key, step=step, format=fmt, help=help, on_change=_on_change,
                    args=(path, scale, "number", label, optional),
                    placeholder=tr("ui.common.benchmark_placeholder") if optional else tr("ui.common.required"))
    _mismatch(path, st.session_state.get(key), scale, "number")


def fmt_labelled(label: str, unit: str) -> str:
    """「返済期間（年）」/ "Term (years)"; a label that already ends with its unit gets no second one."""
    if not unit:
        return label
    if label.endswith((f"（{unit}）", f"({unit})")):
        return label
    return f"{label}（{unit}）" if state.lang() == "ja" else f"{label} ({unit})"


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


def _remember_tab(key: str, labels: Sequence[str]) -> None:
    chosen = st.session_state.get(key)
    if isinstance(chosen, str) and chosen in labels:
        st.session_state[f"{key}.index"] = list(labels).index(chosen)


def tabs(key: str, label_keys: Sequence[str]) -> Sequence[Any]:
    """``st.tabs`` that keep the chosen tab across reruns (an add button, a risk run, a save, a new message
    above the tabs) and across a language switch: the chosen tab's index is kept in session state."""
    labels = [tr(k) for k in label_keys]
    if st.session_state.get(key) in labels:
        _remember_tab(key, labels)
    else:  # first run, or the labels changed language
        index = int(st.session_state.get(f"{key}.index", 0))
        st.session_state[key] = labels[min(index, len(labels) - 1)]
    return st.tabs(labels, key=key, on_change=_remember_tab, args=(key, labels))
