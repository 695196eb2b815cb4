"""The plain-Python twin (benchmarks/twin.py) as a correctness oracle for the vectorised engine.

Same scenario, same per-trial overrides → the same NPV, lowest cash and monthly cash to 1e-9 relative
(absolute floor 1e-3 yen, for months where cash crosses zero). Covers every example scenario (with the
risk module's sampled inputs as overrides) and small fixtures for the branches the examples miss:
a new site, a seller, a partner given as totals, equal-principal loans, a taxed corporation, a
capital subsidy, no receivable lag, DCF and fixed-price valuations.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks import twin
from simulator.engine import metrics_from_projection, project
from simulator.files import load_scenario
from simulator.risk.defaults import uncertain_inputs
from simulator.risk.sampling import sample_inputs
from simulator.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
RTOL, ATOL_YEN = 1e-9, 1e-3
TRIALS = 4


def _compare(scenario: Scenario, trials: int, overrides: dict[str, np.ndarray]) -> None:
    proj = project(scenario, trials, overrides)
    metrics = metrics_from_projection(proj, scenario)
    got = twin.run(scenario, trials, {k: list(v) for k, v in overrides.items()})
    np.testing.assert_allclose(np.array(got["cash_yen"]), proj.arrays["cash_yen"], rtol=RTOL, atol=ATOL_YEN)
    np.testing.assert_allclose(got["npv_yen"], metrics["npv_yen"], rtol=RTOL, atol=ATOL_YEN)
    np.testing.assert_allclose(got["lowest_cash_yen"], metrics["lowest_cash_yen"], rtol=RTOL, atol=ATOL_YEN)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_with_sampled_overrides(path: Path) -> None:
    scenario = load_scenario(path)
    inputs, pairs = uncertain_inputs(scenario)
    overrides = sample_inputs(inputs, pairs, TRIALS, seed=7)
    assert overrides, "the example should have uncertain inputs to vary"
    _compare(scenario, TRIALS, overrides)


ORG = {"corp_type": "social_welfare", "region_grade": 3, "cash_yen": 1e8, "fixed_assets_yen": 5e8,
       "annual_depreciation_yen": 2e7, "existing_debt_yen": 1e8, "existing_debt_service_yen_per_year": 1e7,
       "services": [{"service": "tokuyo", "capacity": 60, "add_ons": ["typical"]},
                    {"service": "day_service", "capacity": 30}]}
SHORT = {"start_date": "2026-04-01", "horizon_months": 60}

FIXTURES: dict[str, dict] = {
    "new site, equal-principal loan, capital subsidy": {
        "organisation": ORG, "assumptions": SHORT,
        "paths": [{"kind": "capacity_increase", "service_index": 1, "added_capacity": 20, "new_site": True,
                   "opening_month": 10, "hiring_lead_months": 3}],
        "financing": {"loans": [{"amount_yen": 2e8, "annual_rate": 0.015, "years": 15, "grace_months": 6,
                                 "method": "equal_principal", "drawdown_month": 2}],
                      "subsidies": [{"amount_yen": 5e7, "month": 9, "kind": "capital"}]},
    },
    "company (taxed), no receivable lag, fee revision, new service with referrals": {
        "organisation": {**ORG, "corp_type": "company"},
        "assumptions": {**SHORT, "receivable_lag_months": 0,
                        "fee_revisions": [{"date": "2027-04-01", "change": -0.02}]},
        "paths": [{"kind": "new_service", "operation": {"service": "group_home", "capacity": 18},
                   "opening_month": 6, "referrals_per_month_from_own_services": 0.5}],
    },
    "merger with a partner given as totals, wages harmonised": {
        "organisation": ORG, "assumptions": SHORT,
        "paths": [{"kind": "merger", "approval_lead_months": 9,
                   "partner": {"revenue_yen_per_year": 2e8, "costs_yen_per_year": 1.9e8, "cash_yen": 3e7,
                               "fixed_assets_fair_value_yen": 1e8, "annual_depreciation_yen": 5e6,
                               "debt_yen": 4e7, "debt_service_yen_per_year": 4e6, "staff_headcount": 30,
                               "wage_level_vs_own": 1.1},
                   "synergies": {"backoffice_fte_removed": 2, "procurement_saving_share": 0.03},
                   "integration": {"systems_yen": 5e6, "due_diligence_yen": 2e6}}],
    },
    "seller of a service business": {
        "organisation": ORG, "assumptions": SHORT,
        "paths": [{"kind": "business_transfer", "role": "seller", "transfer_month": 12,
                   "business": {"services": [{"service": "day_service", "capacity": 25}],
                                "fixed_assets_fair_value_yen": 2e7, "annual_depreciation_yen": 2e6},
                   "valuation": {"method": "dcf"}}],
    },
    "buyer at a fixed price with approval risk": {
        "organisation": ORG, "assumptions": SHORT,
        "paths": [{"kind": "business_transfer", "role": "buyer", "transfer_month": 3,
                   "subsidised_property_approval_risk": 0.2,
                   "business": {"revenue_yen_per_year": 6e7, "costs_yen_per_year": 5.5e7, "staff_headcount": 12},
                   "valuation": {"method": "fixed_price", "price_yen": 3e7}}],
    },
}

FIXTURES["calibrated services with sampled occupancy, turnover and wages"] = {
    "organisation": {**ORG, "services": [
        {"service": "tokuyo", "capacity": 60, "occupancy": 0.93, "actual_revenue_yen_per_year": 3.0e8,
         "actual_costs_yen_per_year": 2.8e8},
        {"service": "day_service", "capacity": 30, "occupancy": 0.7, "actual_revenue_yen_per_year": 6.0e7}]},
    "assumptions": SHORT,
    "paths": [{"kind": "capacity_increase", "service_index": 0, "added_capacity": 10, "opening_month": 12}],
}

FIXTURE_OVERRIDES: dict[str, dict[str, list[float]]] = {
    "calibrated services with sampled occupancy, turnover and wages": {
        "organisation.services.0.occupancy": [0.85, 0.9, 0.95, 0.99],
        "organisation.services.1.occupancy": [0.5, 0.6, 0.7, 0.8],
        "assumptions.turnover_rate_per_year": [0.05, 0.1, 0.15, 0.2],
        "assumptions.wage_level": [0.95, 1.0, 1.05, 1.1]},
    "new site, equal-principal loan, capital subsidy": {
        "paths.0.ramp.ceiling": [0.7, 0.8, 0.9, 0.95], "market.hiring_delay_months": [0.0, 1.5, 3.0, 4.25],
        "financing.loans.0.annual_rate": [0.0, 0.01, 0.02, 0.03]},
    "company (taxed), no receivable lag, fee revision, new service with referrals": {
        "assumptions.fee_revisions.0.change": [-0.05, 0.0, 0.02, 0.04],
        "assumptions.wage_growth_per_year": [0.0, 0.01, 0.02, 0.03]},
    "merger with a partner given as totals, wages harmonised": {
        "paths.0.approval_lead_months": [3, 6, 9, 12], "paths.0.partner.wage_level_vs_own": [0.9, 1.0, 1.1, 1.2]},
    "seller of a service business": {
        "paths.0.business.services.0.occupancy": [0.6, 0.7, 0.8, 0.9], "assumptions.discount_rate": [0.0, 0.02, 0.04, 0.06]},
    "buyer at a fixed price with approval risk": {
        "paths.0.staff_retention": [0.5, 0.7, 0.9, 1.0], "organisation.region_grade": [1, 3, 5, 8],
        "assumptions.wage_level": [0.8, 1.0, 1.15, 1.3]},
}


@pytest.mark.parametrize("name", list(FIXTURES))
def test_fixtures_with_overrides(name: str) -> None:
    scenario = Scenario.model_validate(FIXTURES[name])
    overrides = {k: np.asarray(v, dtype=float) for k, v in FIXTURE_OVERRIDES[name].items()}
    _compare(scenario, TRIALS, overrides)


def test_twin_sees_a_changed_input() -> None:
    """The comparison can fail: a different wage level moves the twin's cash, not only the engine's."""
    scenario = Scenario.model_validate(FIXTURES["seller of a service business"])
    base = twin.run(scenario, 1)["cash_yen"][0][-1]
    higher = twin.run(scenario, 1, {"assumptions.wage_level": [1.2]})["cash_yen"][0][-1]
    assert higher < base - 1e6
