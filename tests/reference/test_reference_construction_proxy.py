"""GH, 小多機 and day services have no public cost per m²: the WAM ユニット型特養 figure (2024: 387千円/㎡,
https://www.wic-net.com/material/document/20989/2) stands in, marked as a cited proxy (assumption)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reference import construction_entry

ON = dt.date(2026, 6, 1)


@pytest.mark.parametrize("service", ["group_home", "small_multi", "day_service", "community_day_service"])
def test_proxy_services_show_the_tokuyo_figure_as_an_assumption(service):
    proxy = construction_entry("cost_per_m2_yen", service, on=ON)
    tokuyo = construction_entry("cost_per_m2_yen", "tokuyo", on=ON)
    assert proxy.value == tokuyo.value == 387000
    assert proxy.confidence == "assumption" and "PROXY" in proxy.note
    assert tokuyo.confidence != "assumption"
