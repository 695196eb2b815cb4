"""Hostile files through the command line: ``python -m simulator validate / run / report``.

Each bad file gives exit code 2 and a message that names the field (or the file's problem) in the
chosen language, and never a Python traceback on stdout or stderr. One ``validate`` call checks
them all (it takes many files); ``run`` and ``report`` get a sample each (a subprocess costs ~1 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import Tally, emit

from simulator.scenario import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "scenarios" / "capacity_tokuyo_30beds.toml").read_text(encoding="utf-8")
MB = 1024 * 1024

# file name -> (content, a text the message must contain in ja, in en)
BAD: dict[str, tuple[bytes, str, str]] = {
    "wrong_type.toml": (b'[meta]\ntitle = 5\n', "meta.title", "meta.title"),
    "nan.toml": (b"[organisation]\ncash_yen = nan\n", "organisation.cash_yen", "finite"),
    "inf.json": (b'{"organisation": {"cash_yen": Infinity}}', "Infinity", "Infinity"),
    "big_exponent.json": (b'{"organisation": {"cash_yen": 1e400}}', "organisation.cash_yen", "finite"),
    "negative.toml": (EXAMPLE.replace("capacity = 50", "capacity = -50", 1).encode(), "capacity", "capacity"),
    "absurd.toml": (EXAMPLE.replace("capacity = 50", "capacity = 99999999999", 1).encode(), "capacity", "capacity"),
    "unknown_key.toml": (b'[meta]\ntitel = "x"\n', "meta.titel", "did you mean"),
    "missing_key.toml": (b'[[organisation.services]]\nservice = "tokuyo"\n', "capacity", "required"),
    "deep.json": (b"[" * 10_000 + b"]" * 10_000, "深すぎ", "too deep"),
    "deep.toml": (b"x = " + b"[" * 10_000 + b"]" * 10_000, "深すぎ", "too deep"),
    "shift_jis.toml": (EXAMPLE.encode("cp932", errors="replace"), "UTF-8", "UTF-8"),
    "truncated.toml": (EXAMPLE[: EXAMPLE.index('title = "') + 12].encode(), "TOML", "TOML"),  # cut in a string
    "big.toml": (b"#" * (12 * MB), "大きすぎ", "too large"),
    "newer.toml": (f"schema_version = {SCHEMA_VERSION + 1}\n".encode(), "schema_version", "schema_version"),
    "empty.toml": (b"  \n", "空", "empty"),
    "binary.json": (b"\x89PNG\r\n\x1a\n\x00\x00", "バイナリ", "binary"),
    "surrogate.json": (b'{"meta": {"title": "\\ud800"}}', "meta.title", "meta.title"),
    "bigint.toml": (b"[organisation]\ncash_yen = " + b"9" * 5000 + b"\n", "桁数", "digits"),
    "control.toml": (b'[meta]\n"\\u001b[31mred" = 1\n', "\\x1b", "\\x1b"),
    "wrong_suffix.yaml": (b"meta: {title: x}\n", ".yaml", ".yaml"),
}
TALLY = Tally("hostile input, CLI (python -m simulator run / report)")


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, (raw, _, _) in BAD.items():
        (folder / name).write_bytes(raw)
    (folder / "a_folder.toml").mkdir()
    return folder


def _outcome(cls: str, proc: subprocess.CompletedProcess, expect_code: int = 2) -> None:
    output = proc.stdout + proc.stderr
    if "Traceback" in output or proc.returncode != expect_code or not output.strip():
        TALLY.add(cls, "crashed", f"exit {proc.returncode}: {output[-400:]}")
    else:
        TALLY.add(cls, "rejected")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_validate_lists_every_bad_file_with_its_field(bad_dir, lang, request):
    tally = Tally(f"hostile input, CLI (python -m simulator validate --lang {lang}, one call, 22 files)")
    names = [*BAD, "a_folder.toml", "not_there.toml"]
    proc = cli("validate", *[str(bad_dir / n) for n in names], "--lang", lang)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output
    assert proc.returncode == 2
    blocks = {name: "" for name in names}  # each file's message block starts with its path
    current = None
    for line in output.splitlines():
        for name in names:
            if str(bad_dir / name) in line:
                current = name
        if current:
            blocks[current] += line + "\n"
    for name, (_, ja, en) in BAD.items():
        expected = ja if lang == "ja" else en
        ok = expected in blocks[name]
        tally.add(f"validate_{lang}", "rejected" if ok else "crashed", f"{name}: wanted {expected!r} in {blocks[name]!r}")
    for name in ("a_folder.toml", "not_there.toml"):
        tally.add(f"validate_{lang}", "rejected" if blocks[name].strip() else "crashed", f"{name}: no message")
    if lang == "ja":
        assert "フォルダ" in blocks["a_folder.toml"] and "見つかりません" in blocks["not_there.toml"]
    emit(request.config, tally.lines())
    assert tally.total("crashed") == 0, "\n".join(tally.crashes)


RUN_SAMPLE = ["nan.toml", "deep.json", "shift_jis.toml", "big.toml", "surrogate.json", "bigint.toml"]


def test_run_and_report_refuse_bad_files(bad_dir, tmp_path, request):
    for name in RUN_SAMPLE:
        _outcome("run", cli("run", str(bad_dir / name)))
    for name in ("wrong_type.toml", "deep.toml", "truncated.toml"):
        out = tmp_path / f"{name}.pdf"
        _outcome("report", cli("report", str(bad_dir / name), "--format", "pdf", "--out", str(out), "--lang", "en"))
        assert not out.exists(), "a report was written for a bad file"
    emit(request.config, TALLY.lines())
    assert TALLY.counts["run"]["crashed"] == 0 and TALLY.counts["report"]["crashed"] == 0, "\n".join(TALLY.crashes)


def test_far_future_start_date_is_a_field_named_error(tmp_path):
    """assumptions.start_date = 9999-12-01 is outside the calendar the engine uses: the schema refuses it."""
    path = tmp_path / "far_future.toml"
    path.write_text("[assumptions]\nstart_date = 9999-12-01\nhorizon_months = 480\n", encoding="utf-8")
    proc = cli("run", str(path), "--lang", "en")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 2
    assert "assumptions.start_date" in proc.stdout + proc.stderr
