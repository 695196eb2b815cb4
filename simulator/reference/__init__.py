"""Cited reference data: 介護報酬, 地域区分, 処遇改善加算, 人員基準, benchmarks and costs.

Every number lives in ``simulator/reference/*.toml`` with its source, dates and confidence
(see docs/parameters.md). Functions take ``on`` (a date; default today) and pick the value in
force then. Each function returning a default has a sibling ``*_entry`` (or returns an object with
``.source``/``.confidence``) so the user can see where the number came from.
"""

from __future__ import annotations

from simulator.reference.fees import (
    WAGE_TIERS,
    AddOn,
    add_on,
    add_on_options,
    amount_yen,
    default_care_mix,
    default_care_mix_entry,
    fee_units,
    fee_units_entry,
    mean_units,
    wage_improvement_entry,
    wage_improvement_rate,
    yen_per_unit,
    yen_per_unit_entry,
)
from simulator.reference.loader import (
    KNOWN_UNITS,
    ParameterNotInForce,
    ReferenceDataError,
    ValueEntry,
    catalogue,
    get,
    lookup,
    parameter,
)
from simulator.reference.services import ServiceInfo, service_info
from simulator.reference.staffing import night_post_fte, required_fte_total, required_staff, staffing_entry

__all__ = [
    "KNOWN_UNITS",
    "WAGE_TIERS",
    "AddOn",
    "ParameterNotInForce",
    "ReferenceDataError",
    "ServiceInfo",
    "ValueEntry",
    "add_on",
    "add_on_options",
    "amount_yen",
    "catalogue",
    "default_care_mix",
    "default_care_mix_entry",
    "fee_units",
    "fee_units_entry",
    "get",
    "lookup",
    "mean_units",
    "night_post_fte",
    "parameter",
    "required_fte_total",
    "required_staff",
    "service_info",
    "staffing_entry",
    "wage_improvement_entry",
    "wage_improvement_rate",
    "yen_per_unit",
    "yen_per_unit_entry",
]
