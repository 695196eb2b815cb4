"""Broken scenario files give field-named messages in Japanese and English, never a traceback."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import BaseModel

from simulator import scenario as sc
from simulator.errors import ScenarioError, field_label
from simulator.files import MAX_BYTES, dumps, load_bytes, load_scenario, loads

GOOD = """
schema_version = 1
[organisation]
region_grade = 3
[[organisation.services]]
service = "tokuyo"
variant = { room_type = "unit" }
capacity = 50
"""


def problems(text: str, fmt: str = "toml") -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        loads(text, fmt, "test.toml")
    return info.value


def test_good_file_loads() -> None:
    scenario = loads(GOOD)
    assert scenario.organisation.services[0].capacity == 50
    assert scenario.organisation.region_grade == 3


def test_negative_capacity_names_field_label_and_input() -> None:
    err = problems(GOOD.replace("capacity = 50", "capacity = -5"))
    assert err.lines("ja") == ["organisation.services[0].capacity（定員）: 1以上の数を入力してください（入力値: -5）"]
    assert err.lines("en") == ["organisation.services[0].capacity (capacity): enter a number of at least 1 (got: -5)"]


def test_every_problem_is_listed_not_just_the_first() -> None:
    text = GOOD.replace("capacity = 50", 'capacity = -5\noccupancy = "九割"\ncapcity = 3')
    err = problems(text)
    by_path = {p.path: p for p in err.problems}
    assert set(by_path) == {
        "organisation.services[0].capacity",
        "organisation.services[0].occupancy",
        "organisation.services[0].capcity",
    }
    assert by_path["organisation.services[0].occupancy"].code == "float_parsing"
    assert "「capacity」のことですか" in by_path["organisation.services[0].capcity"].ja


def test_unknown_service_lists_the_valid_ones() -> None:
    err = problems(GOOD.replace('service = "tokuyo"', 'service = "tokuyou"'))
    (p,) = err.problems
    assert p.path == "organisation.services[0].service"
    for valid in sc.ServiceId:
        assert valid.value in p.ja and valid.value in p.en


def test_unknown_path_kind_lists_the_kinds() -> None:
    err = problems('[[paths]]\nkind = "acquisition"\n')
    (p,) = err.problems
    assert p.path == "paths[0]"
    assert "capacity_increase" in p.ja and "business_transfer" in p.en


def test_missing_field_inside_a_path_drops_the_union_tag_from_the_path() -> None:
    err = problems('[[paths]]\nkind = "merger"\n')
    assert [p.path for p in err.problems] == ["paths[0].partner"]
    assert err.problems[0].code == "missing"


def test_bad_date_and_cross_field_rules_are_localised() -> None:
    err = problems('[assumptions]\nstart_date = "2026-13-01"\n')
    assert err.problems[0].path == "assumptions.start_date"
    assert "YYYY-MM-DD" in err.problems[0].ja
    mix = problems(GOOD + "care_mix = { care_3 = 0.5, care_4 = 0.2 }\n")
    assert mix.problems[0].code == "care_mix_sum" and "0.7" in mix.problems[0].ja
    index = problems(GOOD + '[[paths]]\nkind = "capacity_increase"\nadded_capacity = 10\nservice_index = 4\n')
    assert index.problems[0].path == "paths[0].service_index"
    assert "4番" in index.problems[0].ja
    twice = problems(GOOD + '[[paths]]\nkind = "capacity_increase"\nadded_capacity = 10\n'
                            '[[paths]]\nkind = "capacity_increase"\nadded_capacity = 5\n')
    assert [(p.path, p.code) for p in twice.problems] == [("paths[1].new_site", "same_site_twice")]
    assert "道筋1" in twice.problems[0].ja and "new site" in twice.problems[0].en
    target = problems(GOOD + '[[uncertainty.inputs]]\ntarget = "paths.0.ramp.ceiling"\nkind = "uniform"\n'
                             'low = 0.8\nhigh = 0.9\n')
    assert [(p.path, p.code) for p in target.problems] == [("uncertainty.inputs[0].target",
                                                            "uncertain_target_unknown")]
    assert "paths.0.ramp.ceiling" in target.problems[0].ja
    early = problems('[assumptions]\nstart_date = 2020-04-01\n')
    assert [(p.path, p.code) for p in early.problems] == [("assumptions.start_date", "start_before_reference")]
    assert "2024-10-01" in early.problems[0].ja and "2024-10-01" in early.problems[0].en
    agreed = problems('[[paths]]\nkind = "business_transfer"\n[paths.business]\nstaff_headcount = 3\n'
                      '[paths.valuation]\nmethod = "fixed_price"\n')
    assert [(p.path, p.code) for p in agreed.problems] == [("paths[0].valuation", "fixed_price_without_price")]
    assert "譲渡価格（price_yen）" in agreed.problems[0].ja and "price_yen" in agreed.problems[0].en


@pytest.mark.parametrize("line,code,named,existing", [
    ('variant = { hours = "7-8" }', "variant_unknown_key", "hours", "room_type"),
    ('variant = { room_type = "palace" }', "variant_unknown_value", "palace", "conventional, unit"),
    ('add_ons = ["typical", "nonsense"]', "add_on_unknown", "nonsense", "night_staff_unit"),
])
def test_a_variant_or_add_on_the_reference_does_not_know_is_named_at_load(line, code, named, existing) -> None:
    """Before, the file loaded and the engine failed with an English message; now loading names the
    service and the unknown value, in both languages, with the values that exist."""
    err = problems('[[organisation.services]]\nservice = "tokuyo"\ncapacity = 50\n' + line + "\n")
    assert [(p.path, p.code) for p in err.problems] == [("organisation.services[0]", code)]
    assert named in err.problems[0].ja and named in err.problems[0].en
    assert existing in err.problems[0].ja  # and what does exist


def test_nan_is_refused_in_json_and_toml() -> None:
    assert problems('{"market": {"labour_tightness": NaN}}', "json").problems[0].code == "file.json_constant"
    err = problems("[market]\nlabour_tightness = nan\n")
    assert err.problems[0].code == "finite_number"


@pytest.mark.parametrize(
    ("text", "fmt", "line", "column"),
    [("[organisation]\nregion_grade = = 3\n", "toml", 2, 16), ('{\n  "meta": {,}\n}', "json", 2, 12)],
)
def test_syntax_errors_give_line_and_column(text: str, fmt: str, line: int, column: int) -> None:
    (p,) = problems(text, fmt).problems
    assert p.path == ""
    assert f"{line}行 {column}列" in p.ja and f"line {line}, column {column}" in p.en


def test_json_duplicate_key_and_non_object() -> None:
    assert "2回" in problems('{"meta": {}, "meta": {}}', "json").problems[0].ja
    assert problems("[1, 2]", "json").problems[0].code == "file.not_a_table"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "file.empty"),
        (b"  \n ", "file.empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "file.binary"),
        ("[meta]\ntitle = \"特養\"\n".encode("shift_jis"), "file.not_utf8"),
        (b"#" * (MAX_BYTES + 1), "file.too_large"),
    ],
)
def test_bad_bytes_get_a_clear_message(raw: bytes, code: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_bytes(raw, "toml", "upload.toml")
    assert info.value.problems[0].code == code
    assert info.value.problems[0].ja and info.value.problems[0].en


def test_utf8_with_bom_is_fine() -> None:
    assert load_bytes("\ufeff[meta]\ntitle = \"特養\"\n".encode(), "toml").meta.title == "特養"


def test_paths_that_are_not_scenario_files(tmp_path) -> None:
    for path, code in [
        (tmp_path / "missing.toml", "file.not_found"),
        (tmp_path, "file.is_directory"),
        (tmp_path / "scenario.yaml", "file.wrong_type"),
    ]:
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        assert info.value.problems[0].code == code, path


def test_json_and_toml_describe_the_same_scenario() -> None:
    scenario = loads(GOOD)
    data = json.loads(dumps(scenario, "json"))
    assert data["organisation"]["services"][0]["variant"] == {"room_type": "unit"}
    assert "occupancy" not in data["organisation"]["services"][0]  # None is left out (TOML has no null)


def _fields(model: type[BaseModel], seen: set[type]) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            ann = stack.pop()
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                names |= _fields(ann, seen)
            stack += list(typing.get_args(ann))
    return names


def test_every_schema_field_has_a_human_label() -> None:
    missing = sorted(n for n in _fields(sc.Scenario, set()) if field_label(n, "ja") is None)
    assert missing == [], "add errors.label.<name> to simulator/locales/errors.toml"
