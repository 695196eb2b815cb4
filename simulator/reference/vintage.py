"""What reference data is in force on a date: fee table, surveys, price year (for reports)."""

from __future__ import annotations

import datetime as dt

from simulator.reference._common import today
from simulator.reference.loader import ParameterNotInForce, lookup

# The first start date every service can be priced on: the wage survey the staff costs are priced at
# (令和6年度介護従事者処遇状況等調査, wage.monthly) is in force from 2024-10-01, and the R6 fee tables and
# 処遇改善 rates from 2024-06-01. tests/reference/test_reference_meta.py checks both sides of the date.
EARLIEST_START = dt.date(2024, 10, 1)

# label → a parameter whose entry in force names the data vintage
_PROBES = {
    "wage_improvement_table": "wage_improvement.day_service.rate",
    "region_grades": "region.uplift",
    "margins_survey": "benchmark.home_help.margin",
    "wam_benchmarks": "benchmark.tokuyo.wam_size_class",
    "wages_survey": "wage.monthly",
    "labour_survey": "labour.turnover_rate",
    "construction_price_year": "construction.cost_per_m2_yen",
    "wam_loan_rates": "loan.wam_fixed_rate.welfare",
    "subsidy_unit_prices": "subsidy.per_place.tokuyo",
}


def vintage(on: dt.date | None = None) -> dict[str, str]:
    """For each data family: "<source title> (valid from YYYY-MM-DD)" of the value in force on ``on``."""
    day = today(on)
    out: dict[str, str] = {"as_of": day.isoformat()}
    try:
        revision = lookup("fee.revision", day)
        out["fee_table"] = f"{revision.value} (valid from {revision.valid_from.isoformat()})"
    except ParameterNotInForce:
        out["fee_table"] = "none in force"
    for label, pid in _PROBES.items():
        try:
            found = lookup(pid, day)
        except ParameterNotInForce:
            out[label] = "none in force"
            continue
        out[label] = f"{found.source.title} (valid from {found.valid_from.isoformat()})"
    return out
