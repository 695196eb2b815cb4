"""Hostile uploads through the app's sidebar (Streamlit AppTest, the real ``st.file_uploader``).

A bad file shows a message in the current language (naming the field when a field is wrong), the
app keeps serving (no exception element, the next good upload opens), and nothing already in the
session is lost (the scenario, the language, the money unit). The size and type limits are set in
``.streamlit/config.toml`` and the uploader, and enforced with a message.
"""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest
from hostile import Tally, emit
from streamlit.testing.v1 import AppTest

from simulator import files
from simulator.ui import sidebar

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
EXAMPLE = (ROOT / "scenarios" / "capacity_tokuyo_30beds.toml").read_text(encoding="utf-8")
GOOD = (ROOT / "scenarios" / "merger_two_welfare_corps.toml").read_bytes()
MB = 1024 * 1024
REFUSED = {"ja": "読み込めませんでした", "en": "could not be opened"}

# name -> (bytes, text one of the messages must contain)
CASES: dict[str, tuple[bytes, str]] = {
    "wrong_type.toml": (b"[meta]\ntitle = 5\n", "meta.title"),
    "nan.toml": (b"[organisation]\ncash_yen = nan\n", "organisation.cash_yen"),
    "inf.json": (b'{"organisation": {"cash_yen": Infinity}}', "Infinity"),
    "exp.json": (b'{"organisation": {"cash_yen": -1e400}}', "organisation.cash_yen"),
    "negative.toml": (EXAMPLE.replace("capacity = 50", "capacity = -50", 1).encode(), "capacity"),
    "unknown.toml": (b'[organisation]\ncapasity = 3\n', "organisation.capasity"),
    "missing.toml": (b'[[organisation.services]]\nservice = "tokuyo"\n', "capacity"),
    "deep.json": (b"[" * 10_000 + b"]" * 10_000, ""),
    "deep.toml": (b"x = " + b"{a = " * 5_000 + b"1" + b"}" * 5_000, ""),
    "sjis.toml": (EXAMPLE.encode("cp932", errors="replace"), "UTF-8"),
    "utf16.json": ('{"meta": {"title": "テスト"}}'.encode("utf-16"), ""),
    "truncated.json": (files.dumps(files.loads(EXAMPLE), "json").encode()[:300], "JSON"),
    "newer.toml": (b"schema_version = 99\n", "schema_version"),
    "empty.json": (b"", ""),
    "surrogate.json": (b'{"meta": {"title": "\\udc00"}}', "meta.title"),
    "bigint.toml": (b"[organisation]\ncash_yen = " + b"7" * 5000 + b"\n", ""),
    "three_mb.toml": (b"#" * (3 * MB), ""),  # under the uploader's 5 MB, over files.MAX_BYTES
    "six_mb.json": (b" " * (6 * MB), ""),  # over the uploader's 5 MB
}


def _fresh() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def _snapshot(at: AppTest) -> dict:
    return {k: at.session_state[k] for k in ("scenario", "lang", "money_unit") if k in at.session_state}


def _upload(at: AppTest, name: str, raw: bytes) -> AppTest:
    return at.file_uploader[0].set_value((name, raw, "application/octet-stream")).run()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_bad_uploads_are_messages_and_the_session_survives(lang, request):
    tally = Tally(f"hostile input, app upload (AppTest, lang={lang})")
    at = _fresh()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.sidebar.radio(key="money_unit").set_value("thousand").run()
    before = _snapshot(at)
    rng = random.Random(8)
    cases = dict(CASES)
    for i in range(10):  # random bytes and random cuts of a good file
        cases[f"random_{i}.json"] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        cases[f"cut_{i}.toml"] = EXAMPLE.encode()[: rng.randrange(1, len(EXAMPLE.encode()))] + b"\n[meta]\n=\n"
    for name, (raw, must) in ((n, c if isinstance(c, tuple) else (c, "")) for n, c in cases.items()):
        _upload(at, name, raw)
        errors = [e.value for e in at.error]
        problems = []
        if at.exception:
            problems.append(f"exception {[x.value for x in at.exception]}")
        if not errors:
            problems.append("no message")
        elif name != "six_mb.json" and not any(REFUSED[lang] in e for e in errors):
            problems.append(f"no 'refused' message in {lang}: {errors}")
        if must and not any(must in e for e in errors):
            problems.append(f"{must!r} not named in {errors}")
        if lang == "ja" and errors and not any(any("\u3040" <= c <= "\u9fff" for c in e) for e in errors):
            problems.append(f"no Japanese in {errors}")
        if _snapshot(at) != before:
            problems.append("session state changed")
        tally.add("upload_" + name.split("_")[0].split(".")[0], "crashed" if problems else "rejected",
                  f"{name}: {problems}")
    # still serving: a good file opens, and the language and unit are what the user chose
    _upload(at, "good.toml", GOOD)
    assert not at.exception and at.success
    assert at.session_state["scenario"] == files.load_bytes(GOOD, "toml")
    assert at.session_state["lang"] == lang and at.session_state["money_unit"] == "thousand"
    emit(request.config, tally.lines())
    assert tally.total() >= len(CASES) + 20
    assert tally.total("crashed") == 0, "\n".join(tally.crashes)


def test_upload_limits_are_configured_and_agree():
    """server.maxUploadSize (MB) in the app's config and the uploader's own limit sit above the sidebar's check
    (so a 6 MB file reaches the app and is refused in the user's language, not by Streamlit in English);
    files.MAX_BYTES is within the sidebar's check."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit_mb = config["server"]["maxUploadSize"]
    assert 1 <= limit_mb <= 10, "a scenario is a few kB; the upload limit should stay small"
    assert sidebar.UPLOADER_LIMIT_MB == limit_mb
    assert sidebar.MAX_UPLOAD_BYTES < limit_mb * MB
    assert files.MAX_BYTES <= sidebar.MAX_UPLOAD_BYTES


@pytest.mark.slow
def test_uploader_accepts_only_scenario_types_and_recovers_from_a_crafted_upload():
    at = _fresh()
    assert sorted(at.file_uploader[0].allowed_type) == [".json", ".toml"]
    before = _snapshot(at)
    # the browser refuses other types; a crafted client that sends one anyway gets Streamlit's own
    # refusal for that run, then the app serves again with the session intact
    _upload(at, "evil.exe", b"MZ\x90\x00")
    at.run()
    assert not at.exception
    assert at.file_uploader and _snapshot(at) == before
    _upload(at, "good.toml", GOOD)
    assert not at.exception and at.session_state["scenario"].meta.title == files.load_bytes(GOOD, "toml").meta.title


@pytest.mark.slow
def test_broken_share_links_in_the_url_are_messages():
    """?s=<cut or altered link>: a message, the example scenario stays, and the app serves."""
    from simulator.share import make_token

    token = make_token(files.loads(EXAMPLE))
    for bad in (token[: len(token) // 2], token.replace(token[10], "A" if token[10] != "A" else "B", 1),
                "s1." + "x" * 50 + ".0123456789abcdef", "s9.abc.def", "%00%ff"):
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["s"] = bad
        at.run()
        assert not at.exception, bad
        assert at.error, bad
        assert at.session_state["scenario"].meta.title  # the default example is still there
