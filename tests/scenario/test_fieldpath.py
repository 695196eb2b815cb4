"""Dotted paths (simulator.fieldpath): read, write, expand ``*`` and check, on a real scenario; and the
engine's one "given or default" accessor (``Inputs.given``) built on them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator import fieldpath
from simulator.engine.inputs import Inputs
from simulator.fieldpath import FieldPathError
from simulator.scenario import STRUCTURAL_FIELDS, Scenario


def _scenario() -> Scenario:
    return Scenario.model_validate({
        "assumptions": {"start_date": dt.date(2026, 4, 1), "horizon_months": 24},
        "organisation": {"corp_type": "social_welfare", "region_grade": 8, "cash_yen": 100_000_000,
                         "services": [{"service": "tokuyo", "capacity": 60, "occupancy": 0.95},
                                      {"service": "day_service", "capacity": 20}]},
    })


def test_get_walks_models_lists_and_dicts():
    s = _scenario()
    assert fieldpath.get(s, "organisation.services.0.occupancy") == 0.95
    assert fieldpath.get(s, "organisation.services.1.occupancy") is None  # left to the benchmark
    assert fieldpath.get(s, "organisation.services.1.care_mix.care_3") is None  # an empty section on the way
    data = s.model_dump()
    assert fieldpath.get(data, "organisation.services.1.capacity") == 20
    with pytest.raises(AttributeError):
        fieldpath.get(s, "organisation.no_such_field")
    with pytest.raises(IndexError):
        fieldpath.get(s, "organisation.services.5.capacity")


def test_set_writes_in_place_and_the_scenario_validates():
    data = _scenario().model_dump()
    fieldpath.set(data, "organisation.services.1.occupancy", 0.7)
    fieldpath.set(data, "organisation.services", [*data["organisation"]["services"], {"service": "home_help",
                                                                                       "capacity": 30}])
    again = Scenario.model_validate(data)
    assert again.organisation.services[1].occupancy == 0.7
    assert [x.service.value for x in again.organisation.services] == ["tokuyo", "day_service", "home_help"]


def test_expand_matches_each_list_item_and_skips_missing_parts():
    data = _scenario().model_dump()
    assert fieldpath.expand(data, "organisation.services.*.capacity") == [
        "organisation.services.0.capacity", "organisation.services.1.capacity"]
    assert fieldpath.expand(data, "organisation.services.7.capacity") == []
    assert fieldpath.expand(data, "organisation.services.*.no_such_field") == []


@pytest.mark.parametrize(("path", "why"), [
    ("organisation.services.0.no_such", "is not a field"),
    ("organisation.services.3.occupancy", "not an existing list position"),
    ("organisation.services.0.care_mix.care_9", "is not one of"),
    ("assumptions.horizon_months", "structural"),
    ("organisation.name", "not a number"),
])
def test_check_refuses_what_cannot_vary_by_trial(path, why):
    with pytest.raises(FieldPathError, match=why):
        fieldpath.check(_scenario(), path, STRUCTURAL_FIELDS)


def test_check_accepts_a_number_also_when_it_is_empty():
    s = _scenario()
    fieldpath.check(s, "organisation.services.1.occupancy", STRUCTURAL_FIELDS)
    fieldpath.check(s, "organisation.services.0.care_mix.care_3", STRUCTURAL_FIELDS)


def test_given_is_the_value_the_override_or_the_fallback():
    s = _scenario()
    inp = Inputs(s, 3, {"organisation.services.1.occupancy": np.array([0.5, 0.6, 0.7])})
    # a stated value no override names is one value for every trial: a (1, 1) row that broadcasts
    assert inp.given("organisation.services.0.occupancy").tolist() == [[0.95]]
    assert inp.given("organisation.services.1.occupancy").ravel().tolist() == [0.5, 0.6, 0.7]
    assert Inputs(s, 3).given("organisation.services.1.occupancy") is None
    fallback = Inputs(s, 3).given("organisation.services.1.occupancy", lambda: 0.8)
    assert fallback.shape == (3, 1) and fallback.ravel().tolist() == [0.8] * 3
