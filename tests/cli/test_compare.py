"""Compare 2–5 scenarios: exactly the differing inputs are highlighted; a metrics table per scenario."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import pytest

from simulator import scenario as sc
from simulator.cli import main
from simulator.compare import compare, differing_inputs, field_differences, flatten
from simulator.engine.result import METRIC_KEYS
from simulator.files import load_scenario, save_scenario

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))


def test_one_changed_field_is_exactly_the_one_highlighted() -> None:
    base = load_scenario(EXAMPLES[0])
    other = base.model_copy(deep=True)
    other.organisation.services[0].occupancy = 0.85
    table = differing_inputs([base, other], ["A", "B"])
    assert list(table.index) == ["organisation.services[0].occupancy"]
    assert table.loc["organisation.services[0].occupancy"].tolist() == [base.organisation.services[0].occupancy, 0.85]


def test_identical_scenarios_have_no_differences() -> None:
    base = load_scenario(EXAMPLES[1])
    assert differing_inputs([base, base.model_copy(deep=True), base]).empty


def test_title_alone_is_not_an_input_difference() -> None:
    a, b = sc.Scenario(meta=sc.Meta(title="案A")), sc.Scenario(meta=sc.Meta(title="案B"))
    assert differing_inputs([a, b]).empty
    assert list(differing_inputs([a, b], include_meta=True).index) == ["meta.title"]


def test_list_items_and_optional_fields() -> None:
    a = sc.Scenario(financing=sc.Financing(loans=[sc.Loan(amount_yen=1e8, annual_rate=0.01, years=20)]))
    b = sc.Scenario(
        financing=sc.Financing(
            loans=[sc.Loan(amount_yen=1e8, annual_rate=0.012, years=20), sc.Loan(amount_yen=5e7, annual_rate=0.02, years=10)]
        )
    )
    changes = {c.path: (c.old, c.new) for c in field_differences(flatten_data(a), flatten_data(b))}
    assert changes["financing.loans[0].annual_rate"] == (0.01, 0.012)
    assert changes["financing.loans[1].amount_yen"] == (None, 5e7)
    assert not any(p.startswith("financing.loans[0].years") for p in changes)


def flatten_data(s: sc.Scenario) -> dict:
    from simulator.files import to_data

    return to_data(s)


def test_flatten_uses_dotted_paths_with_indices() -> None:
    flat = flatten({"a": {"b": [{"c": 1}, {"c": 2}], "tags": ["x", "y"], "empty": []}})
    assert flat == {"a.b[0].c": 1, "a.b[1].c": 2, "a.tags": ["x", "y"], "a.empty": []}


def _fake_simulate(scenario: sc.Scenario) -> SimpleNamespace:
    if scenario.organisation.cash_yen < 0:
        raise ValueError("no cash")
    metrics = dict.fromkeys(METRIC_KEYS, 0.0) | {"npv_yen": float(scenario.organisation.services[0].capacity)}
    return SimpleNamespace(metrics=metrics)


def test_metrics_table_one_column_per_scenario_and_failures_listed() -> None:
    a = load_scenario(EXAMPLES[0])
    b = a.model_copy(deep=True)
    b.organisation.services[0].capacity = 80
    c = a.model_copy(deep=True)
    c.organisation.cash_yen = -1
    result = compare([a, b, c], ["A", "B", "C"], simulate=_fake_simulate)
    assert list(result.metrics.columns) == ["A", "B", "C"]
    assert list(result.metrics.index) == list(METRIC_KEYS)
    assert result.metrics.loc["npv_yen", "B"] == 80.0
    assert math.isnan(result.metrics.loc["npv_yen", "C"]) and "no cash" in result.failed["C"]
    assert set(result.differing_paths) == {"organisation.services[0].capacity", "organisation.cash_yen"}


def test_count_limits_and_duplicate_names() -> None:
    s = sc.Scenario()
    with pytest.raises(ValueError):
        compare([s], run_engine=False)
    with pytest.raises(ValueError):
        compare([s] * 6, run_engine=False)
    assert compare([s, s], run_engine=False).names == ["無題のシナリオ", "無題のシナリオ (2)"]


def test_cli_inputs_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = load_scenario(EXAMPLES[0])
    b = a.model_copy(deep=True)
    b.market.labour_tightness = 0.9
    files = [str(save_scenario(a, tmp_path / "a.toml")), str(save_scenario(b, tmp_path / "b.json"))]
    out = tmp_path / "cmp.csv"
    assert main(["compare", *files, "--inputs-only", "--out", str(out)]) == 0
    assert "market.labour_tightness" in capsys.readouterr().out
    assert "market.labour_tightness" in out.read_text(encoding="utf-8-sig")
    assert main(["compare", files[0]]) == 2
