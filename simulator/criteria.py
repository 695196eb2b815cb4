"""The user's decision criteria (STEP 2 判定, ``workflow.criteria``): thresholds and the levers' ranges.

Defaults are the values in ``reference/finance.toml`` (``lender.*`` cited, ``verdict.*`` marked ASSUMPTION)
in force today; a scenario file written before a criterion existed loads with that default.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.schema_types import Share, SignedYen, Strict, cited

Ratio10 = Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
YearsLimit = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class Criteria(Strict):
    """The user's decision rule (STEP 2 判定): thresholds, and the ranges of the levers a 条件付き verdict may
    name (decision.py). Defaults are the cited lender practice; a file without them takes those."""

    min_npv_yen: SignedYen = 0
    max_shortfall_probability: Share = cited("verdict.max_shortfall_probability")
    min_dscr: Ratio10 = cited("lender.dscr.min")
    max_debt_repayment_years: YearsLimit = cited("lender.debt_repayment_years.max")
    max_break_even_occupancy: Share = cited("lender.break_even_occupancy.max")
    # levers: the highest occupancy of the added or acquired places, the largest fee increase (more 加算) and
    # the largest cut of the wage level a plan may count on
    lever_occupancy_max: Share = cited("verdict.lever.occupancy_max")
    lever_fee_increase_max: Share = cited("verdict.lever.fee_increase_max")
    lever_wage_cut_max: Share = cited("verdict.lever.wage_cut_max")
