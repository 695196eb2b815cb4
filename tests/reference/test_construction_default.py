"""The default construction cost per place follows WAM's own per-place figure (model review 2026-12, item 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import reference


def test_default_cost_per_place_is_wams_per_place_figure():
    # WAM 2023 ユニット型特養: 定員1人当たり建設費 15,080千円 at 平米単価 342千円 (https://wm-research.jp/?p=3077).
    # The default floor area × the year's unit price must give WAM's per-place cost (it gave 46.8 × 342 = 16.0 M,
    # and 46.8 × 387 = 18.1 M in 2024, 6 % above WAM's own per-place figure scaled by the unit price).
    area = reference.construction("m2_per_place", "tokuyo", on=dt.date(2025, 4, 1))
    survey_year = dt.date(2023, 10, 1)
    assert area * reference.building_cost_per_m2("tokuyo", on=survey_year) == pytest.approx(
        reference.construction("cost_per_place_yen", on=survey_year), rel=0.01)
    later = dt.date(2025, 4, 1)
    assert area * reference.building_cost_per_m2("tokuyo", on=later) == pytest.approx(15_080_000 * 387 / 342,
                                                                                       rel=0.01)
