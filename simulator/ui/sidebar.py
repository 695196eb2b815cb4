"""The sidebar on every page: language, money unit, the scenario's title, open / save / download."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

import streamlit as st
from pydantic import ValidationError

from simulator import files, share, store
from simulator.format import MONEY_UNITS, unit_label
from simulator.scenario import Scenario
from simulator.ui import errors, state, widgets
from simulator.ui.state import tr

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # scenario files are small: a larger one is refused with a message
UPLOADER_LIMIT_MB = 10  # Streamlit's limit (as .streamlit/config.toml): above ours, so ours speaks first


def download_stem(scenario: Scenario) -> str:
    """The scenario file's name: its title made safe for a file system, and the date (特養30床増床_20261202)."""
    title = unicodedata.normalize("NFKC", scenario.meta.title)
    safe = re.sub(r"[\\/:*?\"<>|\x00-\x1f\x7f]+", "_", title)
    safe = re.sub(r"\s+", "_", safe).strip("._-")[:60] or tr("ui.side.file_stem")
    return f"{safe}_{dt.date.today():%Y%m%d}"


def error_messages(exc: Exception) -> list[str]:
    """Messages for a failed load, in the current language."""
    lang = state.lang()
    if isinstance(exc, ValidationError):
        return errors.describe(exc, lang)
    lines = getattr(exc, "lines", None)  # simulator.errors.ScenarioError: one line per problem, field-named
    if callable(lines):
        return list(lines(lang))
    message = getattr(exc, "message", None)  # ShareError / StoreError
    if callable(message):
        return [message(lang)]
    return [tr("ui.file.unreadable", detail=str(exc))]


def _upload() -> None:
    file = st.session_state.get("upload")
    if file is None:
        return
    name = file.name
    fmt: Literal["toml", "json"] = "json" if name.lower().endswith(".json") else "toml"
    data = file.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        state.note("error", tr("ui.file.too_big"))
        return
    try:
        new = files.load_bytes(data, fmt, name)
    except UnicodeDecodeError:
        state.note("error", tr("ui.file.not_utf8", name=name))
        return
    except ValueError as exc:  # every failure becomes a message; the current scenario stays
        state.note("error", tr("ui.file.refused", name=name))
        for msg in error_messages(exc):
            state.note("error", msg)
        return
    state.set_scenario(new)
    state.note("success", tr("ui.file.opened", name=name, title=new.meta.title))


def load_share_link() -> None:
    """?s=<token>: open the scenario carried in the link (once per token)."""
    token = st.query_params.get("s")
    if not token or st.session_state.get("share_token") == token:
        return
    st.session_state["share_token"] = token
    try:
        new = share.scenario_from_link(token)
    except ValueError as exc:  # a broken or tampered link is a message
        state.note("error", tr("ui.share.broken"))
        for msg in error_messages(exc):
            state.note("error", msg)
        return
    state.set_scenario(new)
    state.note("success", tr("ui.share.opened", title=new.meta.title))


def _save_to_library() -> None:
    name = st.session_state.get("save_name") or state.scenario().meta.title
    try:
        saved = store.Library().save(name, state.scenario(), author=state.scenario().meta.author,
                                     comment=st.session_state.get("save_comment", ""))
    except ValueError as exc:  # StoreError carries its message in both languages
        state.note("error", tr("ui.library.save_failed", detail="; ".join(error_messages(exc))))
        return
    state.note("success", tr("ui.library.saved", name=name, version=saved.version))


def uploader_words() -> None:
    """Streamlit's uploader has no setting for its own words ("Upload", "10MB per file • TOML, JSON", in
    English whatever the language): its instructions are hidden (the caption above says the limit, ours) and
    its button says ui.side.upload_button in the user's language."""
    label = tr("ui.side.upload_button").replace("\\", "").replace('"', "")
    zone = '[data-testid="stFileUploaderDropzone"]'
    st.html(f"<style>{zone} [data-testid=\"stFileUploaderDropzoneInstructions\"]{{display:none}}"
            f"{zone} button [data-testid=\"stMarkdownContainer\"] p{{font-size:0}}"
            f"{zone} button [data-testid=\"stMarkdownContainer\"] p::after{{content:\"{label}\";"
            "font-size:0.875rem}</style>")


def counted(n: int, noun: str) -> str:
    """「1 件」/ "1 service", "2 services" (ui.count.<noun>.one / .other)."""
    return tr(f"ui.count.{noun}.{'one' if n == 1 else 'other'}", n=n)


def prefill_save_name(s: Scenario) -> None:
    """The library name starts as the open scenario's title and follows it (a new scenario, a new title)
    until the user types a name of their own."""
    before = st.session_state.get("save_name_prefill")
    if before == s.meta.title:
        return
    if st.session_state.get("save_name") in (None, "", before):
        st.session_state["save_name"] = s.meta.title
    st.session_state["save_name_prefill"] = s.meta.title


def render() -> None:
    with st.sidebar:
        st.radio(tr("ui.side.language"), ["ja", "en"], key="lang", horizontal=True,
                 format_func=lambda v: {"ja": "日本語", "en": "English"}[v])
        st.radio(tr("ui.side.unit"), list(MONEY_UNITS), key="money_unit", horizontal=True,
                 format_func=lambda v: f"{unit_label(v, 'ja')} / {unit_label(v, 'en')}" if v != "yen" else "円 / yen",
                 on_change=state.reset_widgets)
        st.divider()
        s = state.scenario()
        st.caption(tr("ui.side.current"))
        widgets.text("meta.title", tr("ui.field.title"))
        st.caption(tr("ui.side.summary", services=counted(len(s.organisation.services), "service"),
                      paths=counted(len(s.paths), "path")))
        with st.expander(tr("ui.side.open"), expanded=False):
            # Streamlit's own limit is above ours, so a too-large file reaches _upload and is refused there
            # with a message in the user's language (Streamlit's would be hidden in the widget, in English)
            st.file_uploader(tr("ui.side.upload"), type=["toml", "json"], key="upload", on_change=_upload,
                             help=tr("ui.side.upload_help"), max_upload_size=UPLOADER_LIMIT_MB)
            st.caption(tr("ui.side.upload_limit"))
            uploader_words()
        stem = download_stem(s)
        c1 = c2 = st.container()
        c1.download_button(tr("ui.side.download_toml"), files.dumps(s, "toml").encode("utf-8"), f"{stem}.toml",
                           "application/toml", key="download_toml",
                           icon=":material/download:", width="stretch")
        c2.download_button(tr("ui.side.download_json"), files.dumps(s, "json").encode("utf-8"), f"{stem}.json",
                           "application/json", key="download_json",
                           icon=":material/download:", width="stretch")
        with st.expander(tr("ui.side.save"), expanded=False):
            prefill_save_name(s)
            st.text_input(tr("ui.library.name"), key="save_name", help=tr("ui.library.name_help"))
            st.text_input(tr("ui.library.comment"), key="save_comment")
            st.button(tr("ui.library.save"), key="save_library", on_click=_save_to_library)
