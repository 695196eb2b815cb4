"""The reference lookup records every parameter a run read, so the report lists exactly those (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import clear_caches, simulate
from simulator.files import load_scenario
from simulator.reference import catalogue
from simulator.reference._common import SERVICES
from simulator.reference.loader import recording

ROOT = Path(__file__).resolve().parents[2]
TOKUYO = ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"
TOKUYO_START = load_scenario(TOKUYO).assumptions.start_date


def test_a_run_lists_the_parameters_it_read_and_only_its_services():
    result = simulate(load_scenario(TOKUYO))
    ids = set(result.references)
    assert {"fee.tokuyo.base_units", "staffing.tokuyo", "region.uplift", "construction.cost_per_m2_yen"} <= ids
    assert ids <= set(catalogue())
    others = set(SERVICES) - {"tokuyo"}
    assert not [i for i in ids if others & set(i.split("."))], "a parameter of a service the plan does not run"


def test_a_warm_run_lists_the_same_parameters_as_a_cold_one():
    scenario = load_scenario(TOKUYO)
    warm = simulate(scenario).references
    clear_caches()
    cold = simulate(scenario).references
    assert cold == warm and cold


def test_a_value_the_scenario_gives_is_not_listed_as_read():
    scenario = load_scenario(TOKUYO)
    service = scenario.organisation.services[0]
    assert service.hotel_yen_per_user_day is not None
    given = simulate(scenario).references
    blank = scenario.model_copy(update={"organisation": scenario.organisation.model_copy(update={
        "services": [service.model_copy(update={"hotel_yen_per_user_day": None})]})})
    read = simulate(blank).references
    assert "benchmark.tokuyo.hotel_yen_per_user_day" in read
    assert "benchmark.tokuyo.hotel_yen_per_user_day" not in given


def test_nested_recordings_both_see_an_inner_read():
    with recording() as outer:
        with recording() as inner:
            catalogue()["region.uplift"].entry(TOKUYO_START)
    assert inner == {"region.uplift"} and outer == {"region.uplift"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_report_lists_exactly_the_parameters_read(lang):
    from simulator.report.data import build_data
    from simulator.report.references import used_references

    scenario = load_scenario(TOKUYO)
    result = simulate(scenario)
    listed = [param_id for param_id, _ in used_references(result, scenario)]
    assert listed == list(result.references)
    data = build_data(scenario, result, lang)
    rows = data.reference_rows()
    assert len(rows) == len(result.references)
    assert not any("." in what and "_" in what for what, *_ in rows)  # described in words, not by id
