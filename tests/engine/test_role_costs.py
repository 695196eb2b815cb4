"""Personnel cost by role (engine/role_costs.py, the 人件費 lines of the 職員配置計画).

The block's personnel cost is shared out by FTE × the role's monthly wage (reference ``wage.monthly``), also
where the survey's one cost per staff FTE prices the block (特養: benchmark ``personnel_cost_per_fte_yen``).
The split must add up to the block's total, so the survey total is untouched, and a role's cost per FTE must
stand to a care worker's as their wages do. With the old flat weights (1.0 for every role where the survey
cost applies) every role of a 特養 cost the same per FTE: 管理者, 栄養士, 相談員 and 看護職員 alike.

Wages (wage.monthly, in force from 2024-10-01): care_worker 338,200 円 (令和6年度介護従事者処遇状況等調査,
R6.9, 月給・常勤, 加算取得事業所); nurse 400,000, manager 450,000, nutritionist 320,000 (ASSUMPTIONS there);
night_staff = care_worker (night posts are care workers).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from simulator import reference
from simulator.engine import simulate
from simulator.engine.refdata import RefData
from simulator.engine.role_costs import cost_weights
from simulator.files import load_scenario
from simulator.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
TOKUYO = ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"  # 50-bed unit 特養 + 30 beds, opening 2028-04
ROLES = ("care_worker", "nurse", "counsellor", "care_manager", "therapist", "nutritionist", "manager",
         "night_staff")


def _split(accounts: bool = True):
    scenario = load_scenario(TOKUYO)
    if not accounts:  # every FTE priced by the model (stated accounts scale the existing staff's part only)
        data = scenario.model_dump(mode="python")
        for service in data["organisation"]["services"]:
            service["actual_revenue_yen_per_year"] = service["actual_costs_yen_per_year"] = None
        scenario = Scenario.model_validate(data)
    result = simulate(scenario)
    split = {role: np.asarray(cost, dtype=float)[0] for role, cost in
             result.projection.extras["personnel_by_role"].items()}
    fte = {role: result.staffing[f"{role}_planned"].to_numpy(dtype=float) for role in split}
    return result, split, fte


def test_the_split_of_a_survey_priced_home_adds_up_to_its_personnel_cost():
    # the 特養 is priced by the survey's cost per staff FTE (WAM, benchmark personnel_cost_per_fte_yen): the
    # wages only share that total out, so the roles add up to the engine's 人件費 in every month
    assert reference.has_benchmark("tokuyo", "personnel_cost_per_fte_yen")
    result, split, _ = _split()
    personnel = result.monthly["personnel_yen"].to_numpy(dtype=float)
    np.testing.assert_allclose(np.sum(list(split.values()), axis=0), personnel, atol=1.0)  # the yen rounding


def test_a_nurse_costs_more_than_a_care_worker_by_their_pay_ratio_in_a_survey_priced_home():
    # without the stated accounts: with them the existing staff's part is scaled to the accounts and the 30
    # added beds' staff (mostly care workers) are not, so the per-FTE ratio also carries the calibration
    _, split, fte = _split(accounts=False)
    staffed = (fte["nurse"] > 0) & (fte["care_worker"] > 0)
    assert staffed.all()
    per_fte = {role: split[role][staffed] / fte[role][staffed] for role in ("nurse", "care_worker", "manager",
                                                                           "nutritionist", "night_staff")}
    # nurse 400,000 ÷ care worker 338,200 = 1.18273… in every month (flat weights: 1.0)
    np.testing.assert_allclose(per_fte["nurse"] / per_fte["care_worker"], 400_000 / 338_200, rtol=1e-9)
    # 管理者 450,000 ÷ 栄養士 320,000 = 1.40625: the two single posts no longer cost the same
    np.testing.assert_allclose(per_fte["manager"] / per_fte["nutritionist"], 450_000 / 320_000, rtol=1e-9)
    # night posts are worked by care workers at the care workers' pay
    np.testing.assert_allclose(per_fte["night_staff"], per_fte["care_worker"], rtol=1e-12)


def test_the_weights_are_the_wages_even_for_a_service_priced_by_the_survey_cost_per_fte():
    day = dt.date(2026, 4, 1)
    assert reference.has_benchmark("tokuyo", "personnel_cost_per_fte_yen")  # the weights no longer ask
    weights = cost_weights(RefData((day,)), dict.fromkeys(ROLES))
    assert weights == {role: reference.wage(role, on=day) for role in ROLES}
    assert weights["nurse"] == 400_000 and weights["care_worker"] == 338_200  # wage.monthly (see the header)



def _home(paths: list[dict]) -> Scenario:
    """A 50-bed ユニット型特養 (WAM 30〜59床 occupancy) without stated accounts, from 2025-04: the 処遇改善 rate
    is the one the pay was surveyed at, so no payout is added to 人件費 (wage_improvement.pay_basis)."""
    return Scenario.model_validate({
        "organisation": {"region_grade": 6, "services": [{"service": "tokuyo", "capacity": 50, "occupancy": 0.927,
                                                          "add_ons": ["typical"]}]},
        "assumptions": {"start_date": "2025-04-01", "horizon_months": 12, "wage_growth_per_year": 0.0},
        "paths": paths})


def test_an_added_care_worker_costs_a_care_workers_pay_not_the_survey_average():
    """The survey's cost per FTE (WAM 従事者1人当たり人件費) is an average over a home's mix of roles, so the staff
    a plan adds cost their own role's share of it: 30 added beds bring care workers, night staff and a nurse (no
    管理者, 相談員 or 栄養士), whose mean wage is below the whole home's, and an added FTE costs less than the
    home's average FTE by the ratio of the two mean wages (hand, from the FTE by role and wage.monthly).
    With the survey figure for every role (the old rule) the ratio was 1."""
    plan = simulate(_home([{"kind": "capacity_increase", "added_capacity": 30, "opening_month": 2,
                            "hiring_lead_months": 0, "ramp": {"start": 0.95, "ceiling": 0.95,
                                                              "months_to_ceiling": 1}}]))
    base = simulate(_home([]))
    month = 11
    fte = {name: {role: float(r.staffing[f"{role}_planned"].iloc[month]) for role in ROLES
                  if f"{role}_planned" in r.staffing} for name, r in (("plan", plan), ("base", base))}
    added = {role: fte["plan"][role] - fte["base"].get(role, 0.0) for role in fte["plan"]}
    start = dt.date(2025, 4, 1)
    wage = {role: reference.wage(role, on=start) for role in ROLES}
    mean_added = sum(v * wage[r] for r, v in added.items()) / sum(added.values())
    mean_home = sum(v * wage[r] for r, v in fte["base"].items()) / sum(fte["base"].values())
    assert mean_added < mean_home * 0.99  # the test means something: the added mix is cheaper than the home's
    cost = {name: float(r.monthly["personnel_yen"].iloc[month]) for name, r in (("plan", plan), ("base", base))}
    per_added = (cost["plan"] - cost["base"]) / sum(added.values())
    per_home = cost["base"] / sum(fte["base"].values())
    assert per_added / per_home == pytest.approx(mean_added / mean_home, rel=1e-3)


def test_a_role_the_plan_does_not_add_costs_the_plan_nothing():
    """The 職員配置計画's 計画分の人件費 (plan − do nothing): 30 added beds add no 管理者, 生活相談員 or 栄養士, so their
    人件費 must not move, also when the home states its accounts (the calibration scales the existing staff's
    part only: their FTE count (scale − 1) more in the split). Before 2026-06 no 処遇改善 payout is shared."""
    stated = {"actual_costs_yen_per_year": 180_000_000, "actual_revenue_yen_per_year": 250_000_000}
    extension = [{"kind": "capacity_increase", "added_capacity": 30, "opening_month": 4, "hiring_lead_months": 2,
                  "ramp": {"start": 0.5, "ceiling": 0.95, "months_to_ceiling": 4}}]
    data = _home(extension).model_dump(mode="python")
    data["organisation"]["services"][0].update(stated)
    result = simulate(Scenario.model_validate(data))
    extras = result.projection.extras
    for role in ("manager", "counsellor", "nutritionist", "care_manager", "therapist"):
        added = (np.asarray(extras["personnel_by_role"][role], dtype=float)[0]
                 - np.asarray(extras["baseline_personnel_by_role"][role], dtype=float)[0])
        assert np.abs(added).max() < 1.0, (role, added)
    care = (np.asarray(extras["personnel_by_role"]["care_worker"], dtype=float)[0]
            - np.asarray(extras["baseline_personnel_by_role"]["care_worker"], dtype=float)[0])
    assert care[6:].min() > 1e6  # the test means something: the plan does add care workers' pay
