"""Other operating costs (経費) per service: fixed yen per place and per site, variable yen per user-day,
visit or user-month, from one consistent survey set per service (reference other_costs.toml), and the average
地代家賃 those fixed parts contain (other_costs.rent.<service>), which a rent the user enters replaces."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import numpy as np

from simulator.reference._common import entry, service_id, today
from simulator.reference.loader import ValueEntry

OTHER_COST_ITEMS = (
    "food_yen_per_user_day",
    "supplies_yen_per_user_day",
    "yen_per_visit",
    "yen_per_user_month",
    "utilities_yen_per_place_year",
    "fixed_yen_per_place_year",
    "fixed_yen_per_site_year",
    "survey_ratio",
)
SURVEY_RENT_ITEMS = ("yen_per_place_year", "yen_per_site_year")


def other_cost_structure_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    """The cost structure of ``service`` (every item of ``OTHER_COST_ITEMS``) with its source."""
    return entry(f"other_costs.{service_id(service)}", today(on))


def other_cost_structure(service: str | Enum, on: dt.date | None = None) -> dict[str, float]:
    """Item -> yen (or the survey's 経費率 for ``survey_ratio``); source: ``other_cost_structure_entry``."""
    value = other_cost_structure_entry(service, on).value
    missing = [item for item in OTHER_COST_ITEMS if item not in value]
    if missing:
        raise ValueError(f"other_costs.{service_id(service)} lacks {', '.join(missing)}")
    return {item: float(value[item]) for item in OTHER_COST_ITEMS}


def other_cost_survey_ratio_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    """The survey's 経費率 the structure reproduces at its average inputs (the benchmark other_cost_ratio)."""
    found = other_cost_structure_entry(service, on)
    return found.model_copy(update={"value": float(found.value["survey_ratio"])})


def survey_rent_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    """The average 地代家賃 inside ``service``'s survey 経費 (every item of ``SURVEY_RENT_ITEMS``), with its source."""
    return entry(f"other_costs.rent.{service_id(service)}", today(on))


def survey_rent(service: str | Enum, on: dt.date | None = None) -> dict[str, float]:
    """Item -> yen a year: the average rent per place and per site that the survey's fixed 経費 of ``service``
    contain (tenant and owned sites averaged). A rent the user enters replaces it (the engine takes it out of
    the fixed parts); each part lies within the fixed part it sits in, else ValueError naming it."""
    sid = service_id(service)
    value = survey_rent_entry(sid, on).value
    missing = [item for item in SURVEY_RENT_ITEMS if item not in value]
    if missing:
        raise ValueError(f"other_costs.rent.{sid} lacks {', '.join(missing)}")
    rent = {item: float(value[item]) for item in SURVEY_RENT_ITEMS}
    cs = other_cost_structure(sid, on)
    within = {"yen_per_place_year": cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"],
              "yen_per_site_year": cs["fixed_yen_per_site_year"]}
    for item, limit in within.items():
        if not 0.0 <= rent[item] <= limit:
            raise ValueError(f"other_costs.rent.{sid}.{item} = {rent[item]:,.0f} is outside 0 … {limit:,.0f}, "
                             f"the fixed part of other_costs.{sid} it is part of")
    return rent


def survey_rent_a_month(rent: dict[str, float], places: Any) -> Any:
    """The average rent a month (``rent``: :func:`survey_rent`) at a site of ``places`` (a number or an array):
    per place × places + per site while it has places. The engine takes this out of the fixed 経費 while a rent
    is entered; the app shows it beside the rent field."""
    return (places * (rent["yen_per_place_year"] / 12.0)
            + (np.asarray(places) > 0) * (rent["yen_per_site_year"] / 12.0))
