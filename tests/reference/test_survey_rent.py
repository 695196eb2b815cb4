"""The average rent inside each service's survey 経費 (other_costs.rent.<service>) is stated for every service,
lies within the fixed part it sits in, and is an ASSUMPTION where no survey prints it (other_costs.toml)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference
from simulator.reference import other_costs as oc
from simulator.reference._common import SERVICES

ON = dt.date(2026, 4, 1)
# services whose survey 経費 are taken to hold rent (tenant sites are common), and those that own their buildings
WITH_RENT = {"day_service", "community_day_service", "home_help", "care_management", "small_multi", "day_rehab"}


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_states_its_survey_rent_within_its_fixed_costs(service):
    rent = reference.survey_rent(service, on=ON)
    cs = reference.other_cost_structure(service, on=ON)
    assert 0 <= rent["yen_per_place_year"] <= cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"]
    assert 0 <= rent["yen_per_site_year"] <= cs["fixed_yen_per_site_year"]
    assert (rent["yen_per_place_year"] + rent["yen_per_site_year"] > 0) == (service in WITH_RENT)
    found = reference.survey_rent_entry(service, on=ON)
    assert found.confidence == "assumption" and "ASSUMPTION" in found.note  # no survey read prints the share


def test_a_rent_part_above_the_fixed_part_it_sits_in_is_an_error(monkeypatch):
    # other_costs.day_service has 222,300 円 fixed per place a year: an average rent of 300,000 per place cannot
    # be inside it
    good = oc.survey_rent_entry("day_service", ON)
    bad = good.model_copy(update={"value": {"yen_per_place_year": 300_000, "yen_per_site_year": 0}})
    monkeypatch.setattr(oc, "survey_rent_entry", lambda service, on=None: bad)
    with pytest.raises(ValueError, match="other_costs.rent.day_service.yen_per_place_year"):
        oc.survey_rent("day_service", ON)
