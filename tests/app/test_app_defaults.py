"""AppTest: region grade from the municipality, real benchmarks in STEP 1, engine defaults shown in STEP 2.

The expected numbers are read from simulator.reference (the cited data the engine uses), never copied
from the page; the municipality grades are the published R6–R8 地域区分 (東京都特別区 = 1級地,
横浜市 = 2級地: 厚生労働省「令和6年度介護報酬改定における地域区分」, as cited in
simulator/reference/municipalities.toml).
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator import format as fmt
from simulator import reference
from simulator.i18n import t
from tests.app.test_app import start

START = dt.date(2026, 4, 1)  # the capacity example's assumptions.start_date


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_example_start_date_is_the_one_assumed_here():
    at = start("ja")
    assert at.session_state["scenario"].assumptions.start_date == START


def empty_construction(at):
    """The example with every construction default in play (the example file may set some)."""
    s = at.session_state["scenario"]
    data = s.model_dump()
    for field in ("floor_area_m2", "cost_per_m2_yen", "equipment_yen", "opening_prep_yen"):
        data["paths"][0]["construction"][field] = None
    data["paths"][0]["construction"]["kind"] = "new_build"
    at.session_state["scenario"] = type(s).model_validate(data)
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("name", "grade"), [("横浜市", 2), ("東京都千代田区", 1)])
def test_typed_municipality_sets_the_region_grade_with_its_source(name, grade):
    at = start("ja", "step1")
    at.text_input(key="w.organisation.municipality").input(name).run()
    assert not at.exception
    org = at.session_state["scenario"].organisation
    assert (org.municipality, org.region_grade) == (name, grade)
    entry = reference.region_grade_entry(name, on=START)
    shown = [c for c in captions(at) if f"{grade}級地" in c and name in c]
    assert shown, captions(at)
    assert entry.source.title.replace("[", "(").replace("]", ")") in shown[0]
    assert t(f"ui.conf.{entry.confidence}", "ja") in shown[0]
    # the grade select shows it too, and the user can still override it
    assert at.selectbox(key="w.organisation.region_grade").value == grade
    at.selectbox(key="w.organisation.region_grade").set_value(3).run()
    assert at.session_state["scenario"].organisation.region_grade == 3
    # a grade other than the municipality's is kept as an explicit override (saved with the file), with a badge
    assert at.session_state["scenario"].organisation.region_grade_override is True
    assert not at.exception
    assert any(t("ui.step1.grade_overridden", "ja", grade="3級地", suggested=f"{grade}級地") in c
               for c in captions(at))
    # typing the municipality again takes its grade and drops the override
    at.text_input(key="w.organisation.municipality").input(name + " ").run()
    org = at.session_state["scenario"].organisation
    assert (org.region_grade, org.region_grade_override) == (grade, False)


def test_picking_a_municipality_from_the_list_sets_name_and_grade():
    at = start("ja", "step1")  # AppTest formats select labels outside the session: keep the default language
    rows = reference.municipalities(START)
    pref, name, grade = next(r for r in rows if r[1] == "横浜市")
    at.selectbox(key="pick_municipality").set_value(f"{pref}{name}").run()
    assert not at.exception
    org = at.session_state["scenario"].organisation
    assert org.region_grade == grade == 2
    assert org.municipality == f"{pref}{name}"


def test_unlisted_municipality_keeps_the_grade_and_says_so():
    """A name not in the list of municipalities must not silently become その他."""
    at = start("ja", "step1")
    before = at.session_state["scenario"].organisation.region_grade
    at.text_input(key="w.organisation.municipality").input("架空村").run()
    assert not at.exception
    assert at.session_state["scenario"].organisation.municipality == "架空村"
    assert at.session_state["scenario"].organisation.region_grade == before
    assert any(t("ui.step1.grade_unknown", "ja", name="架空村") in c for c in captions(at))


def test_prefecture_then_municipality_sets_an_other_grade_with_its_source():
    """都道府県 → 市区町村: a town outside the 告示's 1〜7級地 gets その他 (8), shown with its source."""
    at = start("ja", "step1")
    at.selectbox(key="pick_prefecture").set_value("北海道").run()
    options = at.selectbox(key="pick_municipality").options
    assert options and all(o.startswith("北海道") for o in options)
    at.selectbox(key="pick_municipality").set_value("北海道夕張市").run()
    assert not at.exception
    org = at.session_state["scenario"].organisation
    assert (org.municipality, org.region_grade) == ("北海道夕張市", 8)
    entry = reference.region_grade_entry("北海道夕張市", on=START)
    assert any("その他" in c and entry.source.title.replace("[", "(").replace("]", ")") in c for c in captions(at))


@pytest.mark.parametrize("service", ["tokuyo", "day_service"])
def test_benchmark_column_shows_real_numbers(service):
    at = start("ja", "step1")
    s = at.session_state["scenario"]
    data = s.model_dump()
    data["organisation"]["services"] = [{"service": service, "capacity": 30}]
    data["paths"] = []
    at.session_state["scenario"] = type(s).model_validate(data)
    at.run()
    assert not at.exception
    table = [df for df in at.dataframe if t("ui.step1.bench_margin", "ja") in df.value.columns][0].value
    row = table.iloc[0]
    assert row[t("ui.step1.bench_margin", "ja")] == fmt.percent(reference.benchmark(service, "margin", on=START))
    assert row[t("ui.step1.bench_occupancy", "ja")] == fmt.percent(reference.benchmark(service, "occupancy",
                                                                                       on=START))
    assert row[t("ui.step1.bench_personnel", "ja")] == fmt.percent(reference.benchmark(service, "personnel_ratio",
                                                                                       on=START))
    assert t("ui.step1.no_benchmark", "ja") not in " ".join(map(str, row.values))
    # the occupancy field's caption gives the same benchmark with its source
    occ = fmt.percent(reference.benchmark(service, "occupancy", on=START))
    title = reference.benchmark_entry(service, "occupancy", on=START).source.title
    assert any(occ in c and title in c for c in captions(at)), captions(at)


def test_step2_shows_the_engine_defaults_for_empty_construction_fields():
    at = empty_construction(start("ja", "step2"))
    s = at.session_state["scenario"]
    path = s.paths[0]
    service = s.organisation.services[path.service_index].service.value
    places = path.added_capacity
    m2 = reference.construction("m2_per_place", service, on=START)
    area = f"{m2 * places:,.0f}㎡"
    assert any(area in c and "空欄なら" in c for c in captions(at)), captions(at)
    equipment = reference.construction("equipment_yen_per_place", service, on=START) * places
    assert any(fmt.money(equipment, "man", "ja") in c for c in captions(at)), captions(at)
    cost = reference.construction_entry("cost_per_m2_yen", service, on=START)
    assert any(f"{fmt.money_precise(cost.value, 'man', 'ja')}/㎡" in c and cost.source.title in c
               for c in captions(at)), captions(at)


def test_assumption_defaults_are_marked_in_both_languages():
    service_entries = [reference.construction_entry(n, "tokuyo", on=START)
                       for n in ("m2_per_place", "equipment_yen_per_place")]
    assert any(e.confidence == "assumption" for e in service_entries)
    for lang in ("ja", "en"):
        at = empty_construction(start(lang, "step2"))
        text = " ".join(captions(at))
        assert t("ui.conf.assumption", lang) in text
        assert t("ui.default.assumption_warning", lang) in text


def test_filled_field_says_the_own_value_is_used():
    at = start("en", "step2")
    at.number_input(key="w.paths.0.construction.floor_area_m2").set_value(900.0).run()
    assert not at.exception
    assert at.session_state["scenario"].paths[0].construction.floor_area_m2 == 900
    assert any(c.startswith("Your value is used") and "㎡" in c for c in captions(at)), captions(at)


def test_new_service_form_shows_staffing_benchmark():
    at = start("en", "step2")
    s = at.session_state["scenario"]
    data = s.model_dump()
    data["paths"] = [{"kind": "new_service", "operation": {"service": "day_service", "capacity": 25}}]
    at.session_state["scenario"] = type(s).model_validate(data)
    at.run()
    assert not at.exception
    ratio = fmt.ratio(reference.benchmark("day_service", "staff_per_10_users", on=START))
    assert any(t("ui.default.per_10", "en", value=ratio) in c for c in captions(at)), captions(at)
