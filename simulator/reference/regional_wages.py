"""Regional pay of care staff by 地域区分 (reference ``wage.regional``): a factor on the national survey pay."""

from __future__ import annotations

import datetime as dt

from simulator.reference._common import entry, today


def regional_wage_factor(region_grade: int, on: dt.date | None = None) -> float:
    """Pay in 級地 ``region_grade`` (1..7, 8 = その他) ÷ the national survey pay (wage.regional, region.uplift)."""
    if not isinstance(region_grade, int) or isinstance(region_grade, bool) or not 1 <= region_grade <= 8:
        raise ValueError(f"region_grade must be an integer 1..8 (8 = その他), got {region_grade!r}")
    day = today(on)
    params = entry("wage.regional", day).value
    uplift = float(entry("region.uplift", day).value[region_grade - 1])
    slope, mean = float(params["slope"]), float(params["national_mean_uplift"])
    return (1.0 + slope * uplift) / (1.0 + slope * mean)
