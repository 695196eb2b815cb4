"""Shared helpers for the engine tests: small scenarios, and stand-ins for reference data not yet in
``simulator.reference`` (each stand-in value states its source; tests that use them say so).

No tests live here.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from simulator import reference
from simulator.engine.refdata import clear_cache
from simulator.scenario import Scenario

# Stand-ins, used only where simulator.reference lacks the function (domain-facts.md sections named).
STAND_INS = {
    # WAM 2023年度 ユニット型特養 全体 (domain-facts §4.2): 利用率 93.0 %, 従事者/10人 ≈ 7.5
    ("tokuyo", "occupancy"): 0.93,
    ("tokuyo", "staff_per_10_users"): 7.47,
    ("tokuyo", "other_cost_ratio"): 0.30,  # assumption for the stand-in only
    ("tokuyo", "hotel_yen_per_user_day"): 3300.0,  # assumption: 基準費用額 食費+居住費 order of magnitude
    ("day_service", "occupancy"): 0.694,  # WAM 2023 通所介護 利用率 69.4 %
    ("day_service", "staff_per_10_users"): 4.0,
    ("day_service", "other_cost_ratio"): 0.30,
    ("day_service", "hotel_yen_per_user_day"): 700.0,
    ("group_home", "occupancy"): 0.942,  # WAM 2023 GH 利用率 94.2 %
    ("group_home", "staff_per_10_users"): 8.0,
    ("group_home", "other_cost_ratio"): 0.30,
    ("group_home", "hotel_yen_per_user_day"): 3000.0,
    ("home_help", "occupancy"): 1.0,
    ("home_help", "staff_per_10_users"): 2.0,
    ("home_help", "other_cost_ratio"): 0.25,
}


def _benchmark(service, name, on=None):
    return STAND_INS[(str(getattr(service, "value", service)), name)]


FAKES = {
    "benchmark": _benchmark,
    "wage": lambda role, on=None: 338_200.0,  # R6 介護従事者処遇状況等調査 介護職員 平均給与額 (domain-facts §5)
    "social_insurance_rate": lambda on=None: 0.15,  # assumption (domain-facts §5: ≈15–16 %, [U])
    "labour": lambda name, on=None: {"turnover_rate": 0.128, "agency_fee_yen": 551_000.0,
                                     "ad_cost_per_hire_yen": 100_000.0}[name],  # §5 (ad cost: assumption)
    "construction": lambda name, on=None, service=None: {
        "cost_per_m2_yen": 342_000.0, "m2_per_place": 46.8,  # WAM 2023 ユニット型特養 (§6.1)
        "equipment_yen_per_place": 500_000.0, "opening_prep_yen_per_place": 300_000.0}[name],  # assumptions
    "corporate_tax_rate": lambda corp, on=None: 0.30,  # assumption for the stand-in
    "vintage": lambda on=None: {"fees": "stand-in"},
}


@pytest.fixture
def ref_stand_ins(monkeypatch):
    """Provide any reference function that simulator.reference does not have yet."""
    for name, fn in FAKES.items():
        if not hasattr(reference, name):
            monkeypatch.setattr(reference, name, fn, raising=False)
    clear_cache()
    yield
    clear_cache()


def scenario(**sections) -> Scenario:
    data = {"assumptions": {"start_date": dt.date(2026, 4, 1), "horizon_months": 24}}
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return Scenario.model_validate(data)


def tokuyo_org(capacity: int = 60, **extra) -> dict:
    return {"corp_type": "social_welfare", "region_grade": 8, "cash_yen": 100_000_000,
            "services": [{"service": "tokuyo", "capacity": capacity, **extra}]}


__all__ = ["SimpleNamespace", "ref_stand_ins", "scenario", "tokuyo_org"]
