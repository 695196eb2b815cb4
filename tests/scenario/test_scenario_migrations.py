"""Schema versions: an old file is upgraded or told exactly what changed; a newer one is refused clearly.

The schema is at version 1 (the first), so the real history is empty. The chain itself is tested
with a hypothetical next version registered only inside these tests (monkeypatch), which is how
the first real migration will be written.
"""

from __future__ import annotations

from typing import Any

import pytest

from simulator import migrations
from simulator.errors import ScenarioError
from simulator.files import loads
from simulator.scenario import SCHEMA_VERSION


def test_current_history_is_consistent() -> None:
    assert SCHEMA_VERSION == 2
    assert sorted(migrations.MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    assert all(1 < v <= SCHEMA_VERSION for v, _ in migrations.RENAMED_FIELDS.values())
    assert all(1 < v <= SCHEMA_VERSION for v, _ in migrations.REMOVED_FIELDS.values())


def test_missing_schema_version_reads_as_version_1() -> None:
    scenario = loads('[meta]\ntitle = "版なし"\n[[organisation.services]]\nservice = "tokuyo"\ncapacity = 5\n')
    assert scenario.schema_version == SCHEMA_VERSION  # upgraded from version 1
    assert scenario.organisation.services[0].add_ons == []  # version 1 meaning kept: no 加算


def test_v1_to_v2_keeps_no_add_ons_where_left_out_and_typical_is_the_v2_default() -> None:
    body = (
        '[[organisation.services]]\nservice = "tokuyo"\ncapacity = 5\n'
        '[[organisation.services]]\nservice = "day_service"\ncapacity = 5\nadd_ons = ["bathing_i"]\n'
        '[[paths]]\nkind = "new_service"\n[paths.operation]\nservice = "group_home"\ncapacity = 9\n'
    )
    v1, v2 = loads("schema_version = 1\n" + body), loads("schema_version = 2\n" + body)
    assert [s.add_ons for s in v1.organisation.services] == [[], ["bathing_i"]]
    assert v1.paths[0].operation.add_ons == []
    assert [s.add_ons for s in v2.organisation.services] == [["typical"], ["bathing_i"]]
    assert v2.paths[0].operation.add_ons == ["typical"]


def test_newer_file_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ScenarioError) as info:
        loads(f"schema_version = {SCHEMA_VERSION + 1}\n")
    (p,) = info.value.problems
    assert p.path == "schema_version"
    assert f"バージョン {SCHEMA_VERSION + 1}" in p.ja and "update the simulator" in p.en


@pytest.mark.parametrize("value", ["0", "-1", '"1"', "1.5", "true"])
def test_invalid_schema_version(value: str) -> None:
    with pytest.raises(ScenarioError) as info:
        loads(f"schema_version = {value}\n")
    assert info.value.problems[0].code == "version.invalid"


def _pretend_next_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register a hypothetical change 2 → 3 (``services[].beds`` renamed ``capacity``, ``meta.tags`` removed)."""

    def two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        migrations.rename_field(data, "organisation.services[].beds", "capacity")
        migrations.remove_field(data, "meta.tags")
        return data

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {**migrations.MIGRATIONS, 2: two_to_three})
    monkeypatch.setattr(migrations, "RENAMED_FIELDS", {"organisation.services[].beds": (3, "capacity")})
    monkeypatch.setattr(migrations, "REMOVED_FIELDS", {"meta.tags": (3, "use meta.notes")})


def test_chain_upgrades_an_old_file_and_reports_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_next_version(monkeypatch)
    old = {
        "schema_version": 2,
        "meta": {"title": "旧版", "tags": ["x"]},
        "organisation": {"services": [{"service": "tokuyo", "beds": 50}, {"service": "day_service", "beds": 30}]},
    }
    result = migrations.migrate(old)
    assert result.from_version == 2 and result.data["schema_version"] == 3
    assert [s["capacity"] for s in result.data["organisation"]["services"]] == [50, 30]
    assert "tags" not in result.data["meta"]
    assert {n.code for n in result.notes} == {"version.renamed", "version.removed"}


def test_gap_in_the_chain_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_next_version(monkeypatch)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: migrations.MIGRATIONS[1]})
    with pytest.raises(ScenarioError) as info:
        migrations.migrate({"schema_version": 2})
    assert info.value.problems[0].code == "version.no_migration"


def test_old_name_left_in_a_current_file_says_it_was_renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "RENAMED_FIELDS", {"organisation.services[].beds": (1, "capacity")})
    with pytest.raises(ScenarioError) as info:
        loads('[[organisation.services]]\nservice = "tokuyo"\ncapacity = 5\nbeds = 50\n')
    (p,) = info.value.problems
    assert p.path == "organisation.services[0].beds" and p.code == "version.renamed"
    assert "「capacity」に名前が変わりました" in p.ja
