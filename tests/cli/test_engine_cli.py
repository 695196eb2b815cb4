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


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_run_shows_the_break_even_of_occupancy_fees_and_wages(lang, capsys):
    """The risk page's and the report's three break-even lines, from the same search and wording."""
    from simulator.files import load_scenario
    from simulator.i18n import t
    from simulator.risk.breakeven import break_evens

    path = next(p for p in EXAMPLES if p.name == "merger_two_welfare_corps.toml")
    assert main(["run", str(path), "--lang", lang]) == 0
    out = capsys.readouterr().out
    found = break_evens(load_scenario(path))
    assert t("risk.title.break_even", lang) in out
    assert all(f"{b.label(lang)}" in out and b.text(lang) in out for b in found)
    assert main(["run", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [data["break_even"][b.target]["reason"] for b in found] == [b.reason for b in found]
