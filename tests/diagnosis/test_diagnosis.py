"""STEP 1 computed in the model (simulator.diagnosis): the organisation today by hand, and the fit rules.

Thresholds come from the reference data (rules.toml, each marked ``assumption``); the cases below are
built on either side of them, so they follow the data if it changes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import diagnosis, reference
from simulator.scenario import Scenario

ON = dt.date(2026, 4, 1)


def _scenario(**services) -> Scenario:
    return Scenario.model_validate({
        "assumptions": {"start_date": ON, "horizon_months": 24},
        "organisation": {"corp_type": "social_welfare", "region_grade": 8, "cash_yen": 100_000_000,
                         "annual_depreciation_yen": 6_000_000, **services},
    })


def test_the_thresholds_are_assumptions_from_the_reference_data():
    entries = diagnosis.rule_entries(ON)
    assert set(entries) == {"full_occupancy", "tight_labour", "thin_margin", "small_services"}
    assert all(found.confidence == "assumption" and found.source.url for found in entries.values())
    assert diagnosis.rules(ON).full_occupancy == entries["full_occupancy"].value


def test_today_from_the_stated_accounts_by_hand():
    s = _scenario(services=[
        {"service": "tokuyo", "capacity": 60, "occupancy": 0.95, "actual_revenue_yen_per_year": 300_000_000,
         "actual_costs_yen_per_year": 270_000_000},
        {"service": "day_service", "capacity": 30, "actual_revenue_yen_per_year": 60_000_000,
         "actual_costs_yen_per_year": 57_000_000},
    ])
    now = diagnosis.today(s)
    day_service = float(reference.benchmark_entry("day_service", "occupancy", on=ON).value)  # WAM survey
    assert now.capacity == 90
    assert now.occupancy == pytest.approx((60 * 0.95 + 30 * day_service) / 90)
    assert now.basis == "actual" and now.revenue == 360_000_000
    # (360 − 327 − 6 depreciation) / 360 million
    assert now.margin == pytest.approx(27 / 360)
    assert 0.3 < now.personnel_ratio < 0.9  # from the model's first year


def test_today_without_accounts_is_the_models_first_year():
    s = _scenario(services=[{"service": "tokuyo", "capacity": 60}])
    now = diagnosis.today(s)
    assert now.basis == "model" and now.revenue > 0 and -0.5 < now.margin < 0.5
    assert diagnosis.today(s, simulate=lambda _: None).basis == ""  # the engine refused: nothing invented


def test_fit_rules_give_reasons_on_either_side_of_the_thresholds():
    r = diagnosis.rules(ON)
    full_growing = diagnosis.Situation(occupancy=r.full_occupancy + 0.05, margin=r.thin_margin + 0.05,
                                       service_count=1, demand_growth=0.02, labour_tightness=r.tight_labour - 0.4,
                                       public_call_windows=1, plan_room=30)
    fits = {f.kind: f for f in diagnosis.assess(full_growing, r)}
    assert list(fits) == list(diagnosis.PATH_KINDS)
    assert fits["capacity_increase"].fits and "full" in fits["capacity_increase"].pros
    assert not fits["merger"].fits and "healthy" in fits["merger"].cons
    fragile = diagnosis.Situation(occupancy=r.full_occupancy - 0.1, margin=r.thin_margin - 0.02, service_count=2,
                                  demand_growth=-0.01, labour_tightness=r.tight_labour + 0.2,
                                  public_call_windows=0, plan_room=None)
    fits = {f.kind: f for f in diagnosis.assess(fragile, r)}
    assert fits["merger"].fits and not fits["capacity_increase"].fits
    assert "tight_staff" in fits["business_transfer"].pros
    assert fits["collaboration"].fits and "small" in fits["collaboration"].pros  # 2 services ≤ the threshold


def test_situation_takes_the_plan_room_from_the_market():
    s = _scenario(services=[{"service": "tokuyo", "capacity": 60, "occupancy": 0.9}])
    s = s.model_copy(update={"market": s.market.model_copy(update={"municipal_plan_volume": 100,
                                                                   "competing_places_planned": 25})})
    found = diagnosis.situation(s, diagnosis.Today(capacity=60, occupancy=0.9))
    assert found.plan_room == 100 - 60 - 25 and found.service_count == 1
