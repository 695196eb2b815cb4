"""Example files of every schema version kept under tests/data/ load into the current schema.

The schema is at version 2 (simulator/scenario.py); a file without ``schema_version`` is read as
version 1 (simulator/migrations.py), so the real older shapes today are: version 1 with and without
the key. When the schema moves to version n+1, a file ``tests/data/v<n>_*.toml|json`` written by
version n must be added here (the test below fails until it is).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from simulator import files
from simulator.migrations import MIGRATIONS, migrate
from simulator.scenario import SCHEMA_VERSION

DATA = Path(__file__).resolve().parents[1] / "data"
OLD_FILES = sorted([*DATA.glob("v*.toml"), *DATA.glob("v*.json")])
# What every old file must become in the current schema (written once from the v1 file; when the schema
# changes, the migration must turn the old files into this, updated by hand to the new shape).
EXPECTED = DATA / "expected" / "v1_in_current_schema.json"


def _version(path: Path) -> int:
    return int(path.name.split("_", 1)[0].removeprefix("v"))


def test_every_schema_version_has_an_example_file():
    versions = {_version(p) for p in OLD_FILES}
    assert versions >= {*MIGRATIONS, SCHEMA_VERSION}, "add tests/data/v<n>_*.toml for every version n"
    assert max(versions) <= SCHEMA_VERSION


@pytest.mark.parametrize("path", OLD_FILES, ids=lambda p: p.name)
def test_old_file_loads_into_the_current_schema(path):
    scenario = files.load_scenario(path)
    assert scenario.schema_version == SCHEMA_VERSION
    # the old files hold the same organisation (a merger case): its content survives the upgrade unchanged
    assert scenario == files.load_scenario(EXPECTED)


def test_missing_schema_version_is_version_1():
    text = (DATA / "v1_no_schema_version.toml").read_text(encoding="utf-8")
    assert "schema_version" not in text.split("\n", 2)[2]
    assert migrate(tomllib.loads(text)).from_version == 1
    assert files.loads(text).schema_version == SCHEMA_VERSION  # read as version 1, then upgraded
