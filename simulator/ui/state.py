"""Session state: the current scenario, language, money unit, and validated edits.

Every input widget has a key ``w.<dotted path>``. A change is applied by rebuilding the scenario
through its pydantic model; if that fails, the previous valid scenario stays and the messages
(in the current language, naming the field) are shown at the top of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from pydantic import ValidationError

from simulator import fieldpath, files
from simulator.fieldpath import get as get_path  # the pages read a field by its dotted path
from simulator.format import MoneyUnit
from simulator.i18n import Lang, t
from simulator.scenario import Scenario
from simulator.ui import errors

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
WIDGET_PREFIX = "w."


def lang() -> Lang:
    return "en" if st.session_state.get("lang") == "en" else "ja"


def tr(key: str, **fields: object) -> str:
    """The ui message ``key`` in the current language."""
    return t(key, lang(), **fields)


def unit() -> MoneyUnit:
    return st.session_state.get("money_unit", "man")


def scenario() -> Scenario:
    return st.session_state["scenario"]


def examples() -> list[Path]:
    """The example scenario files shipped in scenarios/."""
    if not SCENARIO_DIR.is_dir():
        return []
    return sorted([*SCENARIO_DIR.glob("*.toml"), *SCENARIO_DIR.glob("*.json")])


def default_example() -> Path | None:
    """The capacity-increase example (what `make run` opens with), else the first example."""
    found = examples()
    for path in found:
        if "capacity" in path.stem:
            return path
    return found[0] if found else None


def load_path(path: Path) -> Scenario:
    """A scenario file through the strict loader (simulator.files)."""
    return files.load_scenario(path)


def reset_widgets() -> None:
    """Forget widget values so every input shows the (new) scenario's value."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del st.session_state[key]


def set_scenario(new: Scenario, *, from_widgets: bool = False) -> None:
    """Make ``new`` the current scenario; a scenario from outside resets the inputs."""
    st.session_state["scenario"] = new
    if not from_widgets:
        reset_widgets()
        for key in ("save_name", "save_name_prefill"):  # the library name follows the scenario just opened
            st.session_state.pop(key, None)


def init() -> None:
    """First run of a session: Japanese, 万円, the capacity example (or a blank scenario)."""
    st.session_state.setdefault("lang", "ja")
    st.session_state.setdefault("money_unit", "man")
    st.session_state.setdefault("messages", [])
    if "scenario" not in st.session_state:
        path = default_example()
        loaded = None
        if path is not None:
            try:
                loaded = load_path(path)
            except (ValueError, OSError):  # a broken example must not stop the app
                loaded = None
        st.session_state["scenario"] = loaded or Scenario()
        st.session_state["scenario_source"] = path.name if loaded is not None and path else ""


def note(kind: str, text: str) -> None:
    """A message to show at the top of the next page render (kind: error, warning, success, info)."""
    st.session_state.setdefault("messages", []).append((kind, text))


def show_notes() -> None:
    for kind, text in st.session_state.get("messages", []):
        getattr(st, kind)(text)
    st.session_state["messages"] = []


def with_value(base: Scenario, path: str, value: Any) -> Scenario:
    """A validated copy of ``base`` with the field at ``path`` set (raises ValidationError)."""
    data = base.model_dump()
    fieldpath.set(data, path, value)
    return Scenario.model_validate(data)


def _try_set(make: Callable[[], Scenario], scale: float) -> bool:
    """Set the scenario ``make()`` builds; on a validation error keep the old one and queue the messages."""
    try:
        new = make()
    except ValidationError as exc:
        for msg in errors.describe(exc, lang(), scale=scale):
            note("error", msg)
        return False
    set_scenario(new, from_widgets=True)
    return True


def without_item(data: dict, section: str, index: int) -> dict:
    """``data`` (a scenario dump) without item ``index`` of the list at ``section`` ("paths",
    "organisation.services", "paths.0.partner.services" …); uncertain inputs and correlations naming it go,
    later items' are renumbered."""
    target = get_path(data, section)
    del target[index]
    prefix = section + "."

    def renumbered(path: str) -> str | None:
        if not path.startswith(prefix):
            return path
        number, _, rest = path[len(prefix):].partition(".")
        if not number.isdigit() or int(number) < index:
            return path
        return None if int(number) == index else f"{prefix}{int(number) - 1}.{rest}"

    u = data["uncertainty"]
    u["inputs"] = [{**d, "target": renumbered(d["target"])} for d in u["inputs"] if renumbered(d["target"])]
    u["correlations"] = [(renumbered(a), renumbered(b), r) for a, b, r in u["correlations"]
                         if renumbered(a) and renumbered(b)]
    return data


def apply(path: str, value: Any, scale: float = 1.0) -> bool:
    """Set one field, validated (the old scenario stays on an error)."""
    return _try_set(lambda: with_value(scenario(), path, value), scale)


def replace(new_data: dict, scale: float = 1.0) -> bool:
    """Replace the whole scenario from a dict (e.g. an edited table), validated."""
    return _try_set(lambda: Scenario.model_validate(new_data), scale)
