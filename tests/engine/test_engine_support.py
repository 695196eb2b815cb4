"""Shared helpers for the engine tests: small scenarios (every reference value comes from
``simulator.reference``, each cited there).

No tests live here.
"""

from __future__ import annotations

import datetime as dt

from simulator.scenario import Scenario


def scenario(**sections) -> Scenario:
    data = {"assumptions": {"start_date": dt.date(2026, 4, 1), "horizon_months": 24}}
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return Scenario.model_validate(data)


def tokuyo_org(capacity: int = 60, **extra) -> dict:
    return {"corp_type": "social_welfare", "region_grade": 8, "cash_yen": 100_000_000,
            "services": [{"service": "tokuyo", "capacity": capacity, **extra}]}


__all__ = ["scenario", "tokuyo_org"]
