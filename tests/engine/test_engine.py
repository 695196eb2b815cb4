"""Engine: hand-calculated cases exact to the yen, the override mechanism, and every example scenario.

Reference values used in the hand calculations come from simulator.reference (each cited there):
ユニット型特養 要介護3 = 815 単位/日 (令和6年度改定 諮問書 介護福祉施設サービス費, domain-facts §1.2),
1級地 45 % group = 10.90 円/単位 (厚生労働大臣が定める一単位の単価, domain-facts §2),
処遇改善加算Ⅰ 特養 = 14.0 % (R6.6〜, domain-facts §1.3). Other inputs are set in the scenario.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from test_engine_support import scenario, tokuyo_org

from simulator import reference
from simulator.engine import (
    METRIC_KEYS,
    MONTHLY_COLUMNS,
    OverrideError,
    metrics_from_projection,
    project,
    simulate,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))


def hand_tokuyo(**extra):
    return scenario(organisation={
        "corp_type": "social_welfare", "region_grade": 1, "cash_yen": 0,
        "services": [{"service": "tokuyo", "capacity": 10, "occupancy": 1.0, "care_mix": {"care_3": 1.0},
                      "service_days_per_month": 30, "wage_improvement_tier": "I", "hotel_yen_per_user_day": 1_445,
                      "other_cost_ratio": 0.25, "staff_per_10_users": 8.0, "add_ons": [], **extra}]})


def test_fee_revenue_by_hand():
    # 10 users × 30 days × 815 units = 244,500 units; × (1 + 0.14) = 278,730 units;
    # × 10.90 yen = 3,038,157.0 yen (truncated to the yen: 3,038,157)
    # 食費・居住費: 10 × 30 × 1,445 yen = 433,500 yen
    r = simulate(hand_tokuyo())
    assert reference.fee_units("tokuyo", "care_3", room_type="unit") == 815
    m = r.monthly.iloc[0]
    assert m["revenue_fee_yen"] == 3_038_157
    assert m["revenue_hotel_yen"] == 433_500
    # other costs (reference other_costs.tokuyo): fixed (水道光熱 + fixed per place) × 10 places / 12 + (給食 +
    # 介護用品) × 300 user-days, scaled by the file's other_cost_ratio 0.25 ÷ the survey's 経費率; not by revenue
    cs = reference.other_cost_structure("tokuyo", on=dt.date(2026, 4, 1))
    hand = ((cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"]) * 10 / 12
            + (cs["food_yen_per_user_day"] + cs["supplies_yen_per_user_day"]) * 300) * 0.25 / cs["survey_ratio"]
    assert m["other_costs_yen"] == pytest.approx(hand)
    assert m["users"] == 10


def test_fee_revision_and_truncation():
    # a −2 % revision from 2026-05-01: 278,730 × 0.98 = 273,155.4 units × 10.90 = 2,977,393.86 -> 2,977,393
    s = hand_tokuyo()
    data = s.model_dump()
    data["assumptions"]["fee_revisions"] = [{"date": "2026-05-01", "change": -0.02}]
    s = type(s).model_validate(data)
    r = simulate(s)
    assert r.monthly["revenue_fee_yen"].iloc[0] == 3_038_157
    assert r.monthly["revenue_fee_yen"].iloc[1] == 2_977_393


def test_personnel_by_hand():
    # posts of a 10-place ユニット型特養 (posts.tokuyo): day shifts 24.3 h × 7 / 40 = 4.2525 FTE, one night post
    # (ceil(1 unit / 2)) of 16 h × 7 / 40 = 2.8, nurse 1 (≤30 users), counsellor, care manager, therapist and
    # manager 1 each, no 栄養士 (≤40 places: 連携): 12.0525 FTE. The file states 8 per 10 users at 10 places ×
    # 100 %, so the posts are scaled by 8.0 / 12.0525 = 0.66376; each role is then lifted to its standard
    # where below it: care max(4.2525 × 0.66376 = 2.823, ceil(10/3) − 1 = 3) = 3; night max(2.8 × 0.66376 =
    # 1.8585, 1 person); nurse and the four single posts 1 each → 3 + 1.8585 + 1 + 4 = 9.8585 FTE.
    # 特養 staff are priced at the survey's cost per FTE of the home's own size (WAM 従事者1人当たり人件費,
    # 10 places: below the smallest class mean, so the ≤29 class's 4,083千円) × the pay rise since the survey
    # (benchmark 4,590千 / 4,401千), read as the average over the mix of the posts above (before calibration):
    # each role costs it × its wage ÷ that mix's mean wage (wage.monthly).
    r = simulate(hand_tokuyo())
    start = r.monthly["date"].iloc[0].date()
    staffed = {"care_worker": 3, "night_staff": 2.8 * 8.0 / 12.0525, "nurse": 1, "counsellor": 1,
               "care_manager": 1, "therapist": 1, "manager": 1}
    posts = {**staffed, "care_worker": 4.2525, "night_staff": 2.8}
    fte = sum(staffed.values())
    assert r.monthly["fte_planned"].iloc[0] == pytest.approx(fte, rel=1e-9)
    assert reference.benchmark("tokuyo", "personnel_cost_per_fte_yen", on=start) == 4_590_000
    wage = {role: reference.wage(role, on=start) for role in staffed}
    mean_wage = sum(posts[role] * wage[role] for role in posts) / sum(posts.values())
    # × the 1級地 pay level (wage.regional): (1 + 0.5 × 20 %) ÷ (1 + 0.5 × 5 %) = 1.10 / 1.025
    per_fte = 4_083_000 * 4_590_000 / 4_401_000 / 12 * 1.10 / 1.025
    expected = sum(staffed[role] * per_fte * wage[role] / mean_wage for role in staffed)
    assert r.monthly["personnel_yen"].iloc[0] == pytest.approx(round(expected), abs=1)


def test_personnel_by_role_wage_where_no_survey_cost():
    # 通所介護 has no survey cost per FTE in the reference: Σ FTE(role) × wage(role) × (1 + 法定福利費率)
    s = scenario(organisation={"region_grade": 1, "services": [{"service": "day_service", "capacity": 10,
                                                                "occupancy": 1.0, "staff_per_10_users": 0}]})
    r = simulate(s)
    start = r.monthly["date"].iloc[0].date()
    assert not reference.has_benchmark("day_service", "personnel_cost_per_fte_yen")
    need = reference.required_staff("day_service", np.array([10.0]), on=start)
    social = reference.social_insurance_rate(on=start)
    expected = sum(v.item() * reference.wage(role, on=start) for role, v in need.items()) * (1 + social)
    expected *= reference.regional_wage_factor(1, on=start)  # 1級地 pay: (1 + 0.5 × 20 %) ÷ (1 + 0.5 × 5 %)
    assert r.monthly["personnel_yen"].iloc[0] == pytest.approx(round(expected), abs=1)


def test_result_shapes_and_no_nan():
    s = scenario(organisation=tokuyo_org(), paths=[{"kind": "capacity_increase", "added_capacity": 20}],
                 financing={"loans": [{"amount_yen": 3e8, "annual_rate": 0.012, "years": 20, "grace_months": 12}]})
    r = simulate(s)
    assert list(r.monthly.columns) == list(MONTHLY_COLUMNS)
    assert set(r.metrics) == set(METRIC_KEYS)
    numeric = r.monthly.drop(columns=["date"]).to_numpy(dtype=float)
    assert np.isfinite(numeric).all()
    assert r.annual.index.tolist() == [2026, 2027]
    assert any(c.endswith("_required") for c in r.staffing.columns)


def _capacity_scenario():
    return scenario(organisation=tokuyo_org(), market={"hiring_delay_months": 1},
                    paths=[{"kind": "capacity_increase", "added_capacity": 20, "opening_month": 6}],
                    financing={"loans": [{"amount_yen": 3e8, "annual_rate": 0.012, "years": 20}]},
                    assumptions={"start_date": "2026-04-01", "horizon_months": 36,
                                 "fee_revisions": [{"date": "2027-04-01", "change": 0.01}]})


OVERRIDE_CASES = {
    "paths.0.ramp.ceiling": [0.7, 0.95],
    "assumptions.wage_growth_per_year": [0.0, 0.04],
    "market.hiring_delay_months": [0.0, 4.0],
    "assumptions.fee_revisions.0.change": [-0.03, 0.02],
    "paths.0.construction.cost_per_m2_yen": [300_000, 450_000],
    "financing.loans.0.annual_rate": [0.005, 0.02],
    "organisation.services.0.occupancy": [0.85, 0.97],
    "paths.0.opening_month": [3, 9],
    "assumptions.receivable_lag_months": [1, 3],
    "organisation.region_grade": [1, 7],
    "assumptions.discount_rate": [0.01, 0.05],
}


@pytest.mark.parametrize("path", sorted(OVERRIDE_CASES))
def test_override_equals_edited_scenarios(path):
    base = _capacity_scenario()
    values = np.array(OVERRIDE_CASES[path], dtype=float)
    together = project(base, trials=2, overrides={path: values})
    for i, value in enumerate(values):
        data = base.model_dump()
        node = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[keys[-1]] = int(value) if float(value).is_integer() and keys[-1].endswith(("month", "months", "grade")) \
            else float(value)
        edited = type(base).model_validate(data)
        alone = project(edited, calibrate_from=base)  # services with accounts keep the file's calibration
        for name in ("cash_yen", "revenue_yen", "personnel_yen", "fte_planned", "incremental_cash_flow_yen"):
            assert together.arrays[name][i] == pytest.approx(alone.arrays[name][0], rel=1e-12, abs=1e-6), name
        # and the metrics (a discount-rate override once moved no NPV: the metrics read the file's rate)
        got, want = metrics_from_projection(together, base), metrics_from_projection(alone, edited)
        for name in ("npv_yen", "npv_absolute_yen", "lowest_cash_yen"):
            assert got[name][i] == pytest.approx(want[name][0], rel=1e-9, abs=1e-3), name


def test_occupancy_of_a_calibrated_service_is_not_absorbed_by_the_calibration():
    """The accounts say what the service earns at the stated occupancy: a lower sampled occupancy must
    lower its revenue (a new calibration per trial would put it back at the accounts)."""
    s = scenario(organisation={**tokuyo_org(), "services": [
        {"service": "tokuyo", "capacity": 60, "occupancy": 0.93, "actual_revenue_yen_per_year": 3.0e8,
         "actual_costs_yen_per_year": 2.8e8}]})
    out = project(s, trials=2, overrides={"organisation.services.0.occupancy": np.array([0.93, 0.80])})
    first_year = out.baseline["revenue_fee_yen"][:, :12].sum(axis=1)
    assert first_year[1] == pytest.approx(first_year[0] * 0.80 / 0.93, rel=1e-3)
    assert project(s).baseline["revenue_fee_yen"][0, :12].sum() == pytest.approx(first_year[0], rel=1e-12)


def test_override_changes_the_result():
    out = project(_capacity_scenario(), trials=2, overrides={"paths.0.ramp.ceiling": np.array([0.5, 0.95])})
    assert out.arrays["revenue_yen"][0].sum() < out.arrays["revenue_yen"][1].sum()


@pytest.mark.parametrize("path", ["assumptions.horizon_months", "financing.loans.0.years", "paths.0.service_index",
                                  "paths.0.new_site", "assumptions.start_date", "paths.3.ramp.ceiling",
                                  "organisation.nonsense", "organisation.services.0.care_mix.care_9"])
def test_bad_override_names_the_field(path):
    with pytest.raises(OverrideError, match=path.split(".")[-1]):
        project(_capacity_scenario(), trials=2, overrides={path: np.array([1.0, 2.0])})


def test_override_shape_checked():
    with pytest.raises(OverrideError, match="shape"):
        project(_capacity_scenario(), trials=3, overrides={"paths.0.ramp.ceiling": np.array([0.5, 0.9])})


def test_hiring_delay_makes_admissions_wait_for_the_staff():
    """A new site cannot open its places before its roster is staffed: the last hires arriving 6 months late
    move the first admissions 6 months later (no month below the standard, so no 減算), the fee of those
    months is lost while the staff hired on schedule are paid, and the NPV falls."""
    s = _capacity_scenario()
    s.paths[0].new_site = True
    late = project(s, trials=2, overrides={"market.hiring_delay_months": np.array([0.0, 6.0])})
    assert late.arrays["staff_shortfall"].sum() == 0
    users = late.arrays["users"] - late.baseline["users"]
    first = [int(np.argmax(users[i] > 0)) for i in range(2)]
    assert first[1] == first[0] + 6
    fee = late.arrays["revenue_fee_yen"].sum(axis=1)
    assert fee[1] < fee[0]
    npv = metrics_from_projection(late, s)["npv_yen"]
    assert npv[1] < npv[0]


def test_same_site_growth_is_covered_by_the_existing_care_pool():
    """特養 staffs far above 3:1 (WAM ≈ 7.8 per 10 users): 20 more users on the same site stay within the
    standard while the new staff are still being hired, because night posts and the 3:1 ratio are met from
    the whole care pool (care workers and night staff are checked together)."""
    late = project(_capacity_scenario(), trials=1, overrides={"market.hiring_delay_months": np.array([6.0])})
    assert late.arrays["staff_shortfall"].sum() == 0


def test_break_even_between_zero_and_one():
    s = _capacity_scenario()
    r = simulate(s.model_copy(update={"assumptions": s.assumptions.model_copy(update={"horizon_months": 120})}))
    be = r.metrics["break_even_occupancy"]
    assert np.isnan(be) or 0 <= be <= 1


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_run_without_nan(path):
    from simulator.files import load_scenario

    r = simulate(load_scenario(path))
    numeric = r.monthly.drop(columns=["date"]).to_numpy(dtype=float)
    assert np.isfinite(numeric).all()
    for key in ("npv_yen", "lowest_cash_yen", "npv_absolute_yen", "initial_investment_yen", "hires_total"):
        assert np.isfinite(r.metrics[key]), key


def test_wage_level_moves_a_calibrated_service():
    """Actual accounts are at today's pay: calibration must not cancel a user's wage level of +5 %."""
    from simulator.files import load_scenario

    base = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    higher = base.model_copy(deep=True)
    higher.assumptions.wage_level = 1.05
    # the first month: before 2026-06, when the 処遇改善 uplift is paid out on top (a yen amount, not × wage level)
    p0, p1 = (simulate(s).monthly["personnel_yen"].iloc[0] for s in (base, higher))
    assert p1 == pytest.approx(p0 * 1.05, rel=1e-6)  # before the fix the two were equal (5 % apart here)
