"""What the engine returns: the contract every page, chart, report and risk view reads.

Arrays inside a :class:`Projection` are shaped ``(trials, months)``; a :class:`BaseCase` is its trial 0's
metrics, flags and vintage, and a :class:`Result` that base case turned into labelled tables (pandas).
Money is yen, per month unless named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, TypedDict

import numpy as np

from simulator.engine.timeline import Timeline

if TYPE_CHECKING:
    import pandas as pd

# Columns of Result.monthly (one row per month, index = month number 0..horizon-1).
MONTHLY_COLUMNS: tuple[str, ...] = (
    "date",  # first day of the month
    "users",  # average users (or occupied places) in the month, all services
    "capacity",  # places in operation
    "revenue_fee_yen",  # 介護報酬 incl. 利用者負担 and 加算 (処遇改善 included)
    "revenue_hotel_yen",  # 食費・居住費
    "revenue_other_yen",  # other operating revenue (partner revenue given as a total, etc.)
    "revenue_yen",  # total operating revenue
    "personnel_yen",  # wages + 法定福利費
    "recruiting_yen",  # 紹介手数料 + 広告費
    "other_costs_yen",  # 給食材料費, 水道光熱費, 委託費 … from benchmark ratios
    "rent_yen",  # 地代家賃
    "one_off_costs_yen",  # opening preparation, integration, due diligence, broker (expensed)
    "depreciation_yen",
    "subsidy_release_yen",  # 国庫補助金等特別積立金取崩額 (社会福祉法人)
    "operating_profit_yen",  # サービス活動増減差額 / 営業利益
    "interest_yen",
    "tax_yen",
    "net_income_yen",
    "capex_yen",  # construction, fit-out, equipment, acquisition price (cash out)
    "subsidy_received_yen",
    "loan_drawn_yen",
    "principal_repaid_yen",
    "receivable_change_yen",  # cash timing of 介護報酬 (paid ~2 months later)
    "cash_flow_yen",  # change in cash in the month
    "cash_yen",  # cash balance at the month's end
    "baseline_cash_yen",  # cash balance if the organisation does nothing
    "incremental_cash_flow_yen",  # cash_flow_yen minus the do-nothing baseline's
    "fte_required",  # 人員基準 FTE, all roles
    "fte_planned",  # FTE actually staffed
    "staff_shortfall",  # 1 where planned staff fall below the standard in some role, else 0
    # added by the engine (issue 3):
    "hires",  # people hired in the month (growth + replacement of leavers + merger attrition)
    "other_cash_flow_yen",  # balance-sheet cash: partner's cash at a merger, sale proceeds of a business sold
    "fixed_assets_yen",  # book value of fixed assets at the month's end (incl. acquired ones)
    "debt_yen",  # loans outstanding at the month's end
    # added by the deal-metrics issue (14):
    "goodwill_yen",  # part of fixed_assets_yen that is goodwill (price above the net assets at fair value)
)

# Keys of Result.metrics (incremental = against the do-nothing baseline).
METRIC_KEYS: tuple[str, ...] = (
    "npv_yen",  # incremental NPV at the scenario's discount rate, terminal value included
    "irr",  # incremental IRR per year; NaN where it means nothing (see irr_reason)
    "payback_month",  # first month the cumulative incremental cash turns ≥ 0 (NaN = never)
    "lowest_cash_yen",  # lowest month-end cash balance (absolute)
    "lowest_cash_month",
    "npv_absolute_yen",  # NPV of the whole organisation's cash flows with the plan
    "dscr_min",  # DSCR, lowest operating year with a ratio (engine/lender.py; NaN without debt service)
    "dscr_mean",  # DSCR, mean over the operating years with a ratio
    "debt_repayment_years",  # 債務償還年数 in the first stable year after opening (engine/lender.py)
    "break_even_occupancy",  # occupancy of the added places at which incremental NPV = 0
    "margin_final_year",  # 収支差率 in the last full year (NaN when that year has no revenue)
    "personnel_ratio_final_year",  # 人件費率 in the last full year (NaN when that year has no revenue)
    "initial_investment_yen",
    "subsidies_yen",
    "months_below_staffing_standard",
    "fte_added",  # FTE at the end minus FTE at the start
    "hires_total",
    # added by the engine (issue 3):
    "residual_value_yen",  # (book value of assets − debt) at the horizon end, plan minus baseline; in NPV and IRR
    "npv_baseline_yen",  # NPV of the do-nothing organisation's cash flows (+ its residual value)
    # added by the deal-metrics issue (14):
    "npv_without_residual_yen",  # incremental NPV of the cash flows alone, no terminal value
    "residual_value_pv_yen",  # present value of the terminal value inside npv_yen
    "residual_share_of_npv",  # residual_value_pv_yen / npv_yen (NaN when NPV ≤ 0)
    "goodwill_excluded_yen",  # goodwill on the books at the horizon end, left out of the terminal value
    "irr_reason",  # index into engine.irr.IRR_REASONS (0 = IRR shown; else why there is none)
    "mirr",  # modified IRR, finance and reinvestment at the discount rate (NaN without outflow or inflow)
    "one_off_costs_yen",  # the plan's one-off costs (開設準備, DD, integration, broker), outside DSCR
    "debt_repayment_years_worst",  # 債務償還年数, worst operating year (NaN if that year has no source)
    "debt_repayment_stable_year",  # fiscal year debt_repayment_years is read in
    "debt_repayment_worst_year",  # fiscal year of debt_repayment_years_worst
    "years_without_repayment_source",  # operating years whose repayment source is ≤ 0 (返済原資なし)
    "break_even_occupancy_reason",  # index into engine.breakeven.REASONS (0 = found)
)


class Extras(TypedDict, total=False):
    """What the engine adds to a :class:`Projection` beside its arrays (each key optional)."""

    flags: tuple[str, ...]  # message keys of warnings
    hires_by_role: Mapping[str, np.ndarray]  # role -> hires (T, M)
    baseline_roles: Mapping[str, np.ndarray]  # role -> planned FTE of the do-nothing organisation
    baseline_required_roles: Mapping[str, np.ndarray]  # role -> 人員基準 FTE of the do-nothing organisation
    baseline_hires_by_role: Mapping[str, np.ndarray]  # role -> hires of the do-nothing organisation (T, M)
    baseline_personnel_by_role: Mapping[str, np.ndarray]  # role -> 人件費 of the do-nothing organisation
    baseline_recruiting_by_role: Mapping[str, np.ndarray]  # role -> 採用費 of the do-nothing organisation
    revenue_by_service: Mapping[str, np.ndarray]  # service -> 介護報酬 + 食費・居住費 (T, M)
    personnel_by_role: Mapping[str, np.ndarray]  # role -> 人件費 (T, M), summing to the blocks' (role_costs)
    recruiting_by_role: Mapping[str, np.ndarray]  # role -> 採用費 (T, M), summing to the blocks' (role_costs)
    uses: Mapping[str, np.ndarray | float]  # what the plan pays for, by kind (資金計画), (T, 1)
    discount_rate: np.ndarray | float  # per trial (T, 1)
    lender_months: tuple[np.ndarray, np.ndarray]  # (operating from, stable from) month per trial
    references: tuple[str, ...]  # ids of every reference parameter the run read (sorted)


@dataclass(frozen=True)
class Projection:
    """Raw engine output: every array is ``(trials, months)``; names as in MONTHLY_COLUMNS."""

    arrays: Mapping[str, np.ndarray]
    baseline: Mapping[str, np.ndarray]  # the same quantities for the do-nothing organisation
    timeline: Timeline  # the month axis
    roles: Mapping[str, np.ndarray] = field(default_factory=dict)  # role -> planned FTE (trials, months)
    required_roles: Mapping[str, np.ndarray] = field(default_factory=dict)  # role -> 人員基準 FTE
    extras: Extras = field(default_factory=Extras)

    @property
    def trials(self) -> int:
        return next(iter(self.arrays.values())).shape[0]

    @property
    def dates(self) -> pd.DatetimeIndex:
        """The first day of each month (pandas; built on first use)."""
        return self.timeline.dates

    @property
    def fiscal_year(self) -> np.ndarray:
        """``(months,)`` the fiscal year (4月〜3月, labelled by the year its April falls in) of each month."""
        return self.timeline.fiscal_year


@dataclass(frozen=True)
class BaseCase:
    """The base case of one scenario as numbers (no tables): what :class:`Result` labels."""

    projection: Projection
    metrics: Mapping[str, float]  # METRIC_KEYS of trial 0
    flags: tuple[str, ...]  # message keys of warnings
    vintage: Mapping[str, str]  # which fee table, survey and price data were used
    references: tuple[str, ...]  # ids of every reference parameter the run read (sorted)


@dataclass(frozen=True)
class Result:
    """The base case of one scenario, as tables (immutable)."""

    metrics: Mapping[str, float]
    monthly: pd.DataFrame  # index: month number; columns: MONTHLY_COLUMNS
    annual: pd.DataFrame  # index: fiscal year (April–March, labelled by its starting year)
    staffing: pd.DataFrame  # index: month number; columns "<role>_required", "<role>_planned", "<role>_hires"
    vintage: Mapping[str, str]  # which fee table, survey and price data were used
    flags: tuple[str, ...] = ()  # message keys of warnings (e.g. "staffing_below_standard")
    projection: Projection | None = None
    references: tuple[str, ...] = ()  # ids of every reference parameter the run read (sorted)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metrics", MappingProxyType(dict(self.metrics)))
        object.__setattr__(self, "vintage", MappingProxyType(dict(self.vintage)))
