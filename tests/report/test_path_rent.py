"""The paths in words (report.labels.describe_path) name a new site's or new service's own 地代家賃.

A rent the user enters replaces the survey's average rent (engine/other_costs.py), so a reader of the report
must see it: the 小多機 example rents its house for 40万円 a month (scenarios/new_service_small_multi.toml).
"""

from __future__ import annotations

from pathlib import Path

from simulator.files import load_scenario
from simulator.report.labels import describe_path
from simulator.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]


def _yen(value: float) -> str:
    return f"{value:,.0f}円"


def test_a_new_services_rent_is_in_its_paragraph_in_both_languages():
    s = load_scenario(ROOT / "scenarios" / "new_service_small_multi.toml")
    assert s.paths[0].operation.rent_yen_per_month == 400_000
    ja = describe_path(s.paths[0], "ja", s, _yen)
    en = describe_path(s.paths[0], "en", s, _yen)
    assert "地代家賃 月 400,000円" in ja
    assert "Rent 400,000円 a month" in en


def test_a_path_without_rent_says_nothing_of_rent():
    s = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    assert "地代家賃" not in describe_path(s.paths[0], "ja", s, _yen)
    assert "Rent" not in describe_path(s.paths[0], "en", s, _yen)


def test_a_rented_new_site_names_its_rent():
    data = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml").model_dump(mode="python")
    data["paths"][0].update(new_site=True, rent_yen_per_month=300_000)
    s = Scenario.model_validate(data)
    assert "地代家賃 月 300,000円" in describe_path(s.paths[0], "ja", s, _yen)
