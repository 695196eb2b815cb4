"""`python -m simulator run`: table, JSON with metrics and vintage at the top level, bad file -> exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES[:2], ids=lambda p: p.name)
def test_run_json(path, capsys):
    assert main(["run", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "npv_yen" in data["metrics"] and data["vintage"]


def test_run_table_in_japanese_with_separators(capsys):
    assert main(["run", str(EXAMPLES[0])]) == 0
    out = capsys.readouterr().out
    assert "正味現在価値" in out and "円" in out and "," in out


def test_run_bad_file_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[organisation]\nregion_grade = 12\n', encoding="utf-8")
    assert main(["run", str(bad), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "region_grade" in err and "Traceback" not in err
