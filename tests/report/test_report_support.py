"""Shared builders for the report and chart tests (no tests here).

``synthetic_result`` fills the engine's Result contract (MONTHLY_COLUMNS, METRIC_KEYS) with plausible,
internally consistent numbers, so the reports can be tested without the engine. ``real_case`` uses
the engine and an example scenario when they exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulator.engine.result import METRIC_KEYS, MONTHLY_COLUMNS, Result
from simulator.scenario import CapacityIncrease, Loan, Scenario, ServiceOperation, Subsidy

if TYPE_CHECKING:
    from simulator.risk.run import RiskRun

ROOT = Path(__file__).resolve().parents[2]
STOCKS = {"cash_yen", "baseline_cash_yen", "capacity", "fte_required", "fte_planned", "users", "fixed_assets_yen",
          "debt_yen"}


def synthetic_scenario(title: str = "特養 定員増 30床（テスト）", notes: str = "") -> Scenario:
    return Scenario.model_validate(
        {
            "meta": {"title": title, "author": "テスト 太郎", "notes": notes},
            "organisation": {
                "name": "社会福祉法人 テスト会",
                "services": [ServiceOperation(service="tokuyo", capacity=80, occupancy=0.95).model_dump()],
                "cash_yen": 150_000_000,
            },
            "paths": [CapacityIncrease(added_capacity=30, label="30床増床").model_dump()],
            "financing": {
                "own_funds_yen": 50_000_000,
                "loans": [Loan(name="WAM", amount_yen=300_000_000, annual_rate=0.012, years=20).model_dump()],
                "subsidies": [Subsidy(name="地域医療介護総合確保基金", amount_yen=120_000_000, month=10).model_dump()],
            },
            "workflow": {"step1": {"市場調査": True, "経営理念の確認": False}, "step2": {"財務試算": True}},
        }
    )


def synthetic_result(months: int = 120, seed: int = 3) -> Result:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2026-04-01", periods=months, freq="MS")
    ramp = np.clip((np.arange(months) - 12) / 12, 0, 1)
    users = 76 + 28 * ramp
    fee = users * 30.4 * 14_000 * (1 + rng.normal(0, 0.01, months))
    hotel = users * 30.4 * 2_500
    other_rev = np.full(months, 300_000.0)
    revenue = fee + hotel + other_rev
    personnel = revenue * 0.62
    recruiting = np.where(np.arange(months) % 6 == 0, 1_200_000.0, 200_000.0)
    other_costs = revenue * 0.25
    rent = np.zeros(months)
    one_off = np.where(np.arange(months) == 11, 15_000_000.0, 0.0)
    depreciation = np.where(np.arange(months) >= 12, 1_500_000.0, 0.0)
    release = np.where(np.arange(months) >= 12, 250_000.0, 0.0)
    op = revenue - personnel - recruiting - other_costs - rent - one_off - depreciation + release
    interest = np.full(months, 300_000.0)
    tax = np.zeros(months)
    net = op - interest - tax
    capex = np.where((np.arange(months) >= 0) & (np.arange(months) < 12), 40_000_000.0, 0.0)
    subsidy = np.where(np.arange(months) == 10, 120_000_000.0, 0.0)
    loan = np.where(np.arange(months) == 0, 300_000_000.0, 0.0)
    principal = np.where(np.arange(months) >= 12, 1_250_000.0, 0.0)
    receivable = np.gradient(fee) * 2
    cash_flow = net + depreciation - release - capex + subsidy + loan - principal - receivable
    cash = 150_000_000 + np.cumsum(cash_flow)
    baseline = 150_000_000 + np.cumsum(np.full(months, 900_000.0))
    fte_req = users / 3 + 6
    fte_plan = fte_req * 1.25
    monthly = pd.DataFrame(
        {
            "date": dates, "users": users, "capacity": 80 + 30 * (np.arange(months) >= 12),
            "revenue_fee_yen": fee, "revenue_hotel_yen": hotel, "revenue_other_yen": other_rev,
            "revenue_yen": revenue, "personnel_yen": personnel, "recruiting_yen": recruiting,
            "other_costs_yen": other_costs, "rent_yen": rent, "one_off_costs_yen": one_off,
            "depreciation_yen": depreciation, "subsidy_release_yen": release, "operating_profit_yen": op,
            "interest_yen": interest, "tax_yen": tax, "net_income_yen": net, "capex_yen": capex,
            "subsidy_received_yen": subsidy, "loan_drawn_yen": loan, "principal_repaid_yen": principal,
            "receivable_change_yen": receivable, "cash_flow_yen": cash_flow, "cash_yen": cash,
            "baseline_cash_yen": baseline, "incremental_cash_flow_yen": cash_flow - 900_000,
            "fte_required": fte_req, "fte_planned": fte_plan, "staff_shortfall": np.zeros(months),
        }
    )
    extras = {"hires": np.full(months, 0.5), "other_cash_flow_yen": np.zeros(months),
              "fixed_assets_yen": 400_000_000 - np.cumsum(depreciation), "debt_yen": 300_000_000 - np.cumsum(principal)}
    for column in MONTHLY_COLUMNS:  # columns the engine adds to the contract later get plausible values
        if column not in monthly:
            monthly[column] = extras.get(column, np.zeros(months))
    monthly = monthly[list(MONTHLY_COLUMNS)]
    fiscal = np.where(dates.month >= 4, dates.year, dates.year - 1)
    flows = [c for c in MONTHLY_COLUMNS if c != "date" and c not in STOCKS]
    annual = monthly[flows].groupby(fiscal).sum()
    for column in sorted((STOCKS - {"users"}) & set(MONTHLY_COLUMNS)):
        annual[column] = monthly[column].groupby(fiscal).last()
    annual["users"] = monthly["users"].groupby(fiscal).mean()
    annual.index.name = "fiscal_year"
    staffing = pd.DataFrame(
        {
            "care_worker_required": users / 3, "care_worker_planned": users / 3 * 1.3,
            "care_worker_hires": np.full(months, 0.5),
            "nurse_required": np.full(months, 3.0), "nurse_planned": np.full(months, 4.0),
            "nurse_hires": np.full(months, 0.1),
        }
    )
    metrics = dict.fromkeys(METRIC_KEYS, 0.0)
    metrics.update(
        npv_yen=123_456_789.4, irr=0.0712, payback_month=87.0, lowest_cash_yen=float(cash.min()),
        lowest_cash_month=float(cash.argmin()), npv_absolute_yen=987_654_321.0, dscr_min=1.35,
        dscr_mean=1.8, debt_repayment_years=12.4, break_even_occupancy=0.83, margin_final_year=0.041,
        personnel_ratio_final_year=0.62, initial_investment_yen=480_000_000.0, subsidies_yen=120_000_000.0,
        months_below_staffing_standard=0.0, fte_added=float(fte_plan[-1] - fte_plan[0]), hires_total=64.0,
    )
    return Result(
        metrics=metrics, monthly=monthly, annual=annual, staffing=staffing,
        vintage={"fee_table": "2024-04 改定", "survey": "令和5年度 介護事業経営実態調査"},
        references=("labour.agency_fee_yen", "region.uplift", "wage.social_insurance_rate"),
    )


def synthetic_risk(result: Result, trials: int = 500, seed: int = 1) -> RiskRun:
    """A risk run of simulator.risk's outputs (RiskResult, tornado and stress tables), made by hand."""
    from simulator.risk.montecarlo import RiskResult
    from simulator.risk.run import RiskRun

    rng = np.random.default_rng(seed)
    cash = result.monthly["cash_yen"].to_numpy()
    spread = np.linspace(0, 1, len(cash)) * 80_000_000
    bands = pd.DataFrame({"date": result.monthly["date"].to_numpy(), "cash_p10": cash - spread, "cash_p50": cash,
                          "cash_p90": cash + spread})
    npv = rng.normal(result.metrics["npv_yen"], 60_000_000, trials)
    lowest = rng.normal(result.metrics["lowest_cash_yen"], 30_000_000, trials)
    columns = ["P5", "P10", "P50", "P90", "P95", "mean"]
    pct = pd.DataFrame([[*np.percentile(v, [5, 10, 50, 90, 95]), v.mean()] for v in (npv, lowest)],
                       index=["npv_yen", "lowest_cash_yen"], columns=columns)
    mc = RiskResult(
        seed=seed, trials=trials, floor_yen=0.0, percentiles=pct,
        probabilities={"cash_below_zero": float(np.mean(lowest < 0)), "cash_below_floor": float(np.mean(lowest < 0)),
                       "npv_negative": float(np.mean(npv < 0))},
        bands=bands, samples=pd.DataFrame({"x": rng.random(trials)}),
        metrics={"npv_yen": npv, "lowest_cash_yen": lowest},
    )
    base = result.metrics["npv_yen"]
    tornado = pd.DataFrame({
        "target": ["a", "b", "c", "d"], "label": ["稼働率の上限", "賃金上昇率", "工事単価", "報酬改定"],
        "metric_base": [base] * 4, "metric_at_low": [40e6, 80e6, 95e6, 110e6],
        "metric_at_high": [200e6, 160e6, 150e6, 135e6],
    })
    stress = pd.DataFrame(
        {"base": [base, result.metrics["lowest_cash_yen"], 1.35], "fee_cut": [80e6, 40e6, 1.2],
         "hiring": [20e6, -5e6, 0.9]},
        index=["npv_yen", "lowest_cash_yen", "dscr_min"],
    )
    stress.attrs["labels"] = {"base": "基本ケース", "fee_cut": "報酬改定 −2%", "hiring": "採用難"}
    return RiskRun(mc, tornado, stress)
