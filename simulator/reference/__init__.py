"""Cited reference data: 介護報酬, 地域区分, 処遇改善加算, 人員基準, benchmarks and costs.

Every number lives in ``simulator/reference/*.toml`` with its source, dates and confidence
(see docs/parameters.md). Functions take ``on`` (a date; default today) and pick the value in
force then. Each function returning a default has a sibling ``*_entry`` (or returns an object with
``.source``/``.confidence``) so the user can see where the number came from.
"""

from __future__ import annotations

from simulator.reference.benchmarks import (
    BENCHMARK_NAMES,
    benchmark,
    benchmark_entry,
    has_benchmark,
    size_profile,
    wam_tokuyo_size_class,
    wam_tokuyo_size_profile,
)
from simulator.reference.costs import (
    CONSTRUCTION_NAMES,
    CORP_TYPES,
    LABOUR_NAMES,
    building_cost_per_m2,
    construction,
    construction_entry,
    corporate_tax_entry,
    corporate_tax_rate,
    labour,
    labour_entry,
    loan_rate,
    loan_rate_entry,
    social_insurance_rate,
    subsidy_per_facility,
    subsidy_per_place,
    subsidy_per_place_entry,
    wage,
    wage_entry,
)
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
from simulator.reference.municipalities import municipalities, region_grade_entry, region_grade_of
from simulator.reference.other_costs import (
    OTHER_COST_ITEMS,
    other_cost_structure,
    other_cost_structure_entry,
    other_cost_survey_ratio_entry,
)
from simulator.reference.services import ServiceInfo, service_info
from simulator.reference.staffing import (
    night_post_fte,
    night_within_ratio,
    required_fte_total,
    required_staff,
    staffing_entry,
)
from simulator.reference.typical import TYPICAL_MARKER, typical_add_ons, typical_add_ons_entry
from simulator.reference.vintage import EARLIEST_START, vintage
from simulator.reference.wage_payout import pay_basis_rate
from simulator.reference.wage_tiers import ROUTES as WAGE_TIER_B_ROUTES
from simulator.reference.wage_tiers import (
    qualifies_for_tier_b,
    tier_b_routes,
    tier_for,
    wage_rate_entry,
)

__all__ = [
    "EARLIEST_START",
    "BENCHMARK_NAMES",
    "CONSTRUCTION_NAMES",
    "CORP_TYPES",
    "KNOWN_UNITS",
    "LABOUR_NAMES",
    "WAGE_TIERS",
    "WAGE_TIER_B_ROUTES",
    "add_on",
    "add_on_options",
    "AddOn",
    "amount_yen",
    "benchmark",
    "benchmark_entry",
    "catalogue",
    "building_cost_per_m2",
    "construction",
    "construction_entry",
    "corporate_tax_entry",
    "corporate_tax_rate",
    "default_care_mix",
    "default_care_mix_entry",
    "fee_units",
    "fee_units_entry",
    "get",
    "has_benchmark",
    "labour",
    "labour_entry",
    "loan_rate",
    "loan_rate_entry",
    "lookup",
    "mean_units",
    "municipalities",
    "night_post_fte",
    "night_within_ratio",
    "parameter",
    "qualifies_for_tier_b",
    "ParameterNotInForce",
    "ReferenceDataError",
    "region_grade_entry",
    "region_grade_of",
    "required_fte_total",
    "required_staff",
    "service_info",
    "ServiceInfo",
    "size_profile",
    "social_insurance_rate",
    "staffing_entry",
    "subsidy_per_facility",
    "subsidy_per_place",
    "subsidy_per_place_entry",
    "tier_b_routes",
    "tier_for",
    "TYPICAL_MARKER",
    "typical_add_ons",
    "OTHER_COST_ITEMS",
    "other_cost_structure",
    "other_cost_structure_entry",
    "other_cost_survey_ratio_entry",
    "typical_add_ons_entry",
    "ValueEntry",
    "vintage",
    "wage",
    "wage_entry",
    "wage_improvement_entry",
    "wage_improvement_rate",
    "pay_basis_rate",
    "wage_rate_entry",
    "wam_tokuyo_size_class",
    "wam_tokuyo_size_profile",
    "yen_per_unit",
    "yen_per_unit_entry",
]
