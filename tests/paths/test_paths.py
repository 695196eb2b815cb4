"""The four paths, each on a small case whose key amount is calculated by hand in the test.

Reference values used (simulator/reference, each cited there; read at the scenario's start date 2026-04-01):
- 特養 延床 44.1 m²/床 (WAM 2023 定員1人当たり建設費 15,080千円 ÷ 342千円/m²), 建設単価 387,000 円/m² (WAM 2024年度 建設費), 設備備品 600,000 円/床
  (assumption in costs.toml) — read through ``reference.construction`` and asserted below so a data change shows.
- 法定福利費率 0.16 (labour.toml, assumption).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator import reference
from simulator.engine import project
from simulator.scenario import Scenario

START = dt.date(2026, 4, 1)
ORG = {"services": [{"service": "tokuyo", "capacity": 50}]}
FLAT = {"start_date": START, "horizon_months": 36, "wage_growth_per_year": 0.0, "inflation_per_year": 0.0}


def run(paths: list[dict], **assumptions):
    s = Scenario.model_validate({"organisation": ORG, "paths": paths, "assumptions": {**FLAT, **assumptions}})
    p = project(s)
    return p.arrays, p.baseline


def incremental(plan, base, column: str) -> np.ndarray:
    return (plan[column] - base[column])[0]


def test_capacity_increase_capex_by_hand():
    assert reference.construction("m2_per_place", service="tokuyo", on=START) == 44.1
    assert reference.construction("cost_per_m2_yen", service="tokuyo", on=START) == 387_000
    assert reference.construction("equipment_yen_per_place", service="tokuyo", on=START) == 600_000
    # 10 places × 44.1 m² × 387,000 円/m² = 170,667,000; + fit-out 5,000,000; + equipment 10 × 600,000 = 6,000,000
    # = 181,667,000 円 of capex, building spread over the 6 build months before opening, equipment the month before.
    plan, base = run([{"kind": "capacity_increase", "added_capacity": 10, "opening_month": 12,
                       "construction": {"kind": "extension", "fit_out_yen": 5_000_000, "months_to_build": 6}}])
    capex = incremental(plan, base, "capex_yen")
    assert capex.sum() == pytest.approx(181_667_000, abs=1)
    assert capex[:6].sum() == 0 and capex[12:].sum() == 0


def test_new_service_start_up_loss_before_the_ramp():
    # A GH opening in month 12 with a 2-month hiring lead and 1,200,000 円 of opening preparation:
    # months 10 and 11 carry staff and 600,000 円 of preparation each but no revenue (start-up loss).
    plan, base = run([{"kind": "new_service", "opening_month": 12, "hiring_lead_months": 2,
                       "operation": {"service": "group_home", "capacity": 9},
                       "construction": {"kind": "none", "equipment_yen": 0, "opening_prep_yen": 1_200_000}}])
    revenue = incremental(plan, base, "revenue_yen")
    personnel = incremental(plan, base, "personnel_yen")
    one_off = incremental(plan, base, "one_off_costs_yen")
    profit = incremental(plan, base, "operating_profit_yen")
    assert np.all(revenue[:12] == 0) and revenue[12] > 0
    assert np.all(personnel[:10] == 0) and np.all(personnel[10:12] > 0)
    assert one_off[10] == pytest.approx(600_000) and one_off[11] == pytest.approx(600_000)
    assert np.all(profit[10:12] < 0)


def test_merger_synergies_phase_in_by_hand():
    # Effective month 6 (approval lead); in month 6 + 5 the phase-in is 6 / 12 = 0.5 and realisation 0.8:
    # 2 FTE × 4,500,000 円 / 12 × (1 + 0.16 法定福利費) × 0.5 × 0.8 = 348,000 円 less personnel cost that month.
    assert reference.social_insurance_rate(on=START) == 0.16
    plan, base = run([{"kind": "merger", "approval_lead_months": 6, "harmonise_wages_to_higher": False,
                       "partner": {"revenue_yen_per_year": 0, "costs_yen_per_year": 0},
                       "synergies": {"backoffice_fte_removed": 2, "backoffice_wage_yen_per_year": 4_500_000,
                                     "phase_in_months": 12, "realisation": 0.8}}])
    personnel = incremental(plan, base, "personnel_yen")
    assert personnel[11] == pytest.approx(-348_000)
    assert personnel[5] == 0  # before the effective date
    assert personnel[30] == pytest.approx(-2 * 4_500_000 / 12 * 1.16 * 0.8)  # fully phased in


def test_business_transfer_price_by_hand():
    # Business totals: revenue 12,000,000 and costs 9,600,000 a year -> operating profit 2,400,000 in its first year.
    # Net assets = fixed assets 3,000,000 + other assets 1,000,000 + cash 0 − debt 0 = 4,000,000.
    # Price = 4,000,000 + 2,400,000 × 2 years = 8,800,000, paid in the transfer month (6);
    # broker fee 5 % × 8,800,000 = 440,000 in month 6 (no minimum fee here: broker_fee_minimum_yen = 0;
    # the default minimum is tests/paths/test_broker_fee.py's); due diligence 500,000 in month 0.
    plan, base = run([{"kind": "business_transfer", "transfer_month": 6, "designation_lead_months": 2,
                       "due_diligence_yen": 500_000, "broker_fee_share": 0.05, "broker_fee_minimum_yen": 0,
                       "business": {"revenue_yen_per_year": 12_000_000, "costs_yen_per_year": 9_600_000,
                                    "fixed_assets_fair_value_yen": 3_000_000, "other_assets_yen": 1_000_000},
                       "valuation": {"method": "net_assets_plus_earnings", "earnings_years": 2.0}}])
    capex = incremental(plan, base, "capex_yen")
    one_off = incremental(plan, base, "one_off_costs_yen")
    assert capex[6] == pytest.approx(8_800_000) and capex.sum() == pytest.approx(8_800_000)
    assert one_off[6] == pytest.approx(440_000)
    assert one_off[0] == pytest.approx(500_000)


def _transfer_example():
    from pathlib import Path

    from simulator.files import load_scenario

    return load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "transfer_buy_home_help.toml")


def test_a_transfer_is_priced_on_the_business_as_stated_whatever_the_trial():
    """The price is agreed on the business's stated accounts (valuation: net assets + 2 × first-year profit):
    a trial whose occupancy turns out lower pays the same price and earns less after the deal. Before, each
    trial priced on its own future and recalibrated the business to its accounts, so occupancy moved
    neither the revenue nor the NPV (and the break-even occupancy was 4.9 %)."""
    from simulator.engine import metrics_from_projection

    s = _transfer_example()
    stated = project(s)
    occupancy = np.array([0.5, 0.8, 1.0])
    p = project(s, trials=3, overrides={"paths.0.business.services.0.occupancy": occupancy})
    price = stated.arrays["capex_yen"].sum()
    np.testing.assert_allclose(p.arrays["capex_yen"].sum(axis=1), price, rtol=1e-12)
    revenue = p.arrays["revenue_yen"].sum(axis=1)
    npv = np.asarray(metrics_from_projection(p, s)["npv_yen"]).ravel()
    assert np.all(np.diff(revenue) > 0) and np.all(np.diff(npv) > 0)


def test_losing_more_staff_in_a_transfer_costs_more():
    """Staff who leave at the transfer are replaced at the plan's cost; the calibration to the business's
    accounts no longer absorbs those hires (a lower retention had raised the NPV)."""
    from simulator.engine import metrics_from_projection

    s = _transfer_example()
    retention = np.array([0.6, 0.85, 1.0])
    p = project(s, trials=3, overrides={"paths.0.staff_retention": retention})
    npv = np.asarray(metrics_from_projection(p, s)["npv_yen"]).ravel()
    recruiting = p.arrays["recruiting_yen"].sum(axis=1)
    assert np.all(np.diff(npv) > 0) and np.all(np.diff(recruiting) < 0)


def test_a_merger_partner_stated_with_accounts_keeps_its_calibration_in_every_trial():
    """A partner with one service and its accounts is calibrated to them as stated: more first-year
    attrition costs more hires (not absorbed), and a lower occupancy earns less (not recalibrated away)."""
    from simulator.engine import metrics_from_projection

    s = Scenario.model_validate({
        "organisation": ORG, "assumptions": {**FLAT, "horizon_months": 60},
        "paths": [{"kind": "merger", "approval_lead_months": 6,
                   "partner": {"services": [{"service": "day_service", "capacity": 30, "occupancy": 0.8}],
                               "revenue_yen_per_year": 60_000_000, "costs_yen_per_year": 57_000_000,
                               "staff_headcount": 15}}]})
    attrition = project(s, trials=3, overrides={"paths.0.extra_attrition_first_year": np.array([0.0, 0.1, 0.3])})
    npv = np.asarray(metrics_from_projection(attrition, s)["npv_yen"]).ravel()
    assert np.all(np.diff(npv) < 0)
    occupancy = project(s, trials=2, overrides={"paths.0.partner.services.0.occupancy": np.array([0.6, 0.8])})
    revenue = occupancy.arrays["revenue_yen"].sum(axis=1)
    assert revenue[0] < revenue[1]
    # the stated case itself still matches the partner's accounts in its first year after the merger
    first_year = slice(6, 18)
    plan, base = project(s).arrays, project(s).baseline
    assert (plan["revenue_yen"] - base["revenue_yen"])[0, first_year].sum() == pytest.approx(60_000_000, rel=1e-6)
