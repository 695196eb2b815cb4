"""Batch runs: every scenario in a folder in worker processes; a broken file is listed, the rest go on."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from simulator.batch import run_batch, safe_output_path, write_summary
from simulator.cli import main
from simulator.engine.result import METRIC_KEYS
from simulator.scenario import Scenario

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))
FAKE = "test_batch:fake_simulate"


def fake_simulate(scenario: Scenario) -> SimpleNamespace:
    """Stands in for the engine: NPV = first service's capacity (so rows can be told apart)."""
    capacity = scenario.organisation.services[0].capacity
    if capacity == 13:
        raise RuntimeError("engine failure for the test")
    return SimpleNamespace(metrics=dict.fromkeys(METRIC_KEYS, 1.0) | {"npv_yen": float(capacity)})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "scenarios"
    d.mkdir()
    shutil.copy(EXAMPLES[0], d / "a_good.toml")
    shutil.copy(EXAMPLES[1], d / "b_good.toml")
    (d / "c_broken.toml").write_text('[organisation]\nregion_grade = "三級地"\n', encoding="utf-8")
    (d / "notes.txt").write_text("not a scenario", encoding="utf-8")
    return d


@pytest.mark.parametrize("workers", [1, 2])
def test_two_good_one_broken(folder: Path, workers: int) -> None:
    result = run_batch(folder, workers=workers, progress=None, runner=FAKE)
    assert list(result.rows["file"]) == ["a_good.toml", "b_good.toml"]
    assert set(METRIC_KEYS) <= set(result.rows.columns)
    assert [f for f, _ in result.failed] == ["c_broken.toml"]
    assert "organisation.region_grade" in result.failed[0][1]


def test_engine_failure_is_listed_not_fatal(folder: Path) -> None:
    (folder / "d_fails.toml").write_text('[[organisation.services]]\nservice = "day_service"\ncapacity = 13\n', encoding="utf-8")
    result = run_batch(folder, workers=2, progress=None, runner=FAKE)
    assert dict(result.failed)["d_fails.toml"] == "RuntimeError: engine failure for the test"
    assert len(result.rows) == 2


def test_progress_bar(folder: Path) -> None:
    import io

    stream = io.StringIO()
    run_batch(folder, workers=1, progress=stream, runner=FAKE)
    assert "3/3" in stream.getvalue() and "#" in stream.getvalue()


def test_output_names_are_sanitised(tmp_path: Path) -> None:
    assert safe_output_path("out/a b;c.xlsx").name == "a_b_c.xlsx"
    assert safe_output_path("out/集計（A社）.csv").name == "集計（A社）.csv"
    assert safe_output_path("out/...csv").name == "summary.csv"
    with pytest.raises(ValueError):
        safe_output_path("summary.pdf")


def test_summary_files(folder: Path, tmp_path: Path) -> None:
    result = run_batch(folder, workers=1, progress=None, runner=FAKE)
    xlsx = write_summary(result, tmp_path / "summary.xlsx")
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert list(sheets["summary"]["file"]) == ["a_good.toml", "b_good.toml"]
    assert list(sheets["failed"]["file"]) == ["c_broken.toml"]
    csv = pd.read_csv(write_summary(result, tmp_path / "summary.csv"), encoding="utf-8-sig")
    assert list(csv["status"]) == ["ok", "ok", "failed"]


def test_cli_bad_input(tmp_path: Path) -> None:
    assert main(["batch", str(tmp_path / "none"), "--out", str(tmp_path / "s.csv")]) == 2
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "s.pdf")]) == 2
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "s.csv")]) == 2  # no scenario files


def test_cli_with_the_real_engine(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.csv"
    assert main(["batch", str(folder), "--out", str(out), "--workers", "2"]) == 1  # one broken file
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert list(table["status"]) == ["ok", "ok", "failed"]
