"""Other operating costs (経費) per service: fixed yen per place and per site, variable yen per user-day,
visit or user-month, from one consistent survey set per service (reference other_costs.toml)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

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
