"""``python -m simulator validate``: exit codes and field-named messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(str(p) for p in (ROOT / "scenarios").glob("*.toml"))
BROKEN = """
[organisation]
region_grade = 9
[[organisation.services]]
service = "tokuyo"
capacity = -5
"""


def test_examples_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *EXAMPLES]) == 0
    assert capsys.readouterr().out.count("OK") == len(EXAMPLES)


def test_broken_file_lists_every_problem_in_japanese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    assert main(["validate", str(bad), EXAMPLES[0]]) == 2
    out = capsys.readouterr().out
    assert "organisation.region_grade（地域区分（級地））: 8以下の数を入力してください（入力値: 9）" in out
    assert "organisation.services[0].capacity（定員）: 1以上の数を入力してください（入力値: -5）" in out
    assert "2件中 1件" in out


def test_english_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"organisation": {"region_grade": 9}}', encoding="utf-8")
    assert main(["validate", "--lang", "en", str(bad)]) == 2
    assert "organisation.region_grade (region grade): enter a number of at most 8 (got: 9)" in capsys.readouterr().out


def test_no_traceback_for_missing_folder_binary_and_wrong_type(tmp_path: Path) -> None:
    binary = tmp_path / "image.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "simulator", "validate", str(tmp_path / "nope.toml"), str(tmp_path), str(binary), str(other)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stdout + run.stderr
    for words in ("見つかりません", "フォルダです", "テキストファイルではありません", "「.txt」には対応していません"):
        assert words in run.stdout
