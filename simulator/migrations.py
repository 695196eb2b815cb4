"""Schema versions: bring an older scenario file up to the current schema, or say exactly why not.

Each schema change adds (1) a function in :data:`MIGRATIONS` keyed by the version it upgrades *from*
(version n → n+1), working on the plain dict read from the file, and (2) an entry in
:data:`RENAMED_FIELDS` or :data:`REMOVED_FIELDS` (Tax-Calculator's ``REMOVED_PARAMS`` idea), so a file
that still uses an old name after migration gets a message that says what changed, not just
"unknown field".

History:

- version 1: the first published schema. A file without ``schema_version`` is read as version 1.
- version 2: ``add_ons`` of a service defaults to ``["typical"]`` (the service's typical 加算 set) instead
  of no 加算. A version-1 file that left ``add_ons`` out meant "no 加算", so the migration writes
  ``add_ons = []`` there and the file keeps its numbers. No field was renamed or removed.

Paths use ``[]`` for "any list item", e.g. ``organisation.services[].beds``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import Problem, ScenarioError, error, problem
from simulator.scenario import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

FIRST_VERSION = 1  # what a file without ``schema_version`` is


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Keep "no 加算" for services that left ``add_ons`` out (version 2 defaults it to the typical set)."""
    for path in SERVICE_LISTS:
        for parent, key in _walk(data, path.split(".")):
            for service in parent.get(key) or []:
                if isinstance(service, dict):
                    service.setdefault("add_ons", [])
    for parent, key in _walk(data, ["paths[]", "operation"]):
        if isinstance(parent.get(key), dict):
            parent[key].setdefault("add_ons", [])
    return data


# every list of ServiceOperation in a scenario
SERVICE_LISTS = ("organisation.services", "paths[].partner.services", "paths[].business.services")
# version n -> function that turns a version-n dict into a version-(n+1) dict
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}
# old dotted path -> (schema version that renamed it, new dotted path)
RENAMED_FIELDS: dict[str, tuple[int, str]] = {}
# dotted path -> (schema version that removed it, what to do instead, ja / en)
REMOVED_FIELDS: dict[str, tuple[int, str]] = {}


@dataclass
class Migrated:
    """The upgraded data, the version the file had, and what was changed on the way."""

    data: dict[str, Any]
    from_version: int
    notes: list[Problem] = field(default_factory=list)


def migrate(data: dict[str, Any], source: str = "") -> Migrated:
    """Upgrade ``data`` step by step to :data:`SCHEMA_VERSION`; raise ScenarioError when it cannot."""
    found = data.get("schema_version", FIRST_VERSION)
    if isinstance(found, bool) or not isinstance(found, int) or found < 1:
        raise error("version.invalid", source, "schema_version")
    if found > SCHEMA_VERSION:
        raise error("version.newer", source, "schema_version", found=found, known=SCHEMA_VERSION)
    result = Migrated(dict(data), found)
    for version in range(found, SCHEMA_VERSION):
        step = MIGRATIONS.get(version)
        if step is None:
            known = ", ".join(str(v) for v in sorted({*MIGRATIONS, SCHEMA_VERSION}))
            raise error("version.no_migration", source, "schema_version", found=version, known_versions=known)
        result.data = step(result.data)
        result.data["schema_version"] = version + 1
        result.notes += _notes_for(version + 1)
    return result


def _notes_for(version: int) -> list[Problem]:
    notes = [
        problem("version.renamed", old, version=v, new=new) for old, (v, new) in RENAMED_FIELDS.items() if v == version
    ]
    notes += [
        problem("version.removed", old, version=v, note=note) for old, (v, note) in REMOVED_FIELDS.items() if v == version
    ]
    return notes


def _pattern(path: str) -> str:
    """``organisation.services[3].beds`` → ``organisation.services[].beds``."""
    return re.sub(r"\[\d+\]", "[]", path)


def explain_unknown_field(path: str) -> Problem | None:
    """A renamed or removed field named in an "unknown field" error, explained; else None."""
    key = _pattern(path)
    if key in RENAMED_FIELDS:
        version, new = RENAMED_FIELDS[key]
        return problem("version.renamed", path, version=version, new=new)
    if key in REMOVED_FIELDS:
        version, note = REMOVED_FIELDS[key]
        return problem("version.removed", path, version=version, note=note)
    return None


def explain(exc: ScenarioError) -> ScenarioError:
    """Replace "unknown field" problems for renamed/removed fields by what changed."""
    problems = []
    for p in exc.problems:
        better = explain_unknown_field(p.path) if p.code == "extra_forbidden" else None
        problems.append(better or p)
    return ScenarioError(problems, exc.source)


# ---- helpers for writing migrations ------------------------------------------------------------


def _walk(node: Any, parts: list[str]) -> list[tuple[dict[str, Any], str]]:
    """(parent dict, key) pairs addressed by ``parts`` ("name" or "name[]")."""
    if not parts or not isinstance(node, dict):
        return []
    head, rest = parts[0], parts[1:]
    is_list = head.endswith("[]")
    name = head.removesuffix("[]")
    if not rest:
        return [(node, name)] if not is_list else []
    child = node.get(name)
    children = child if is_list and isinstance(child, list) else [child]
    return [hit for c in children for hit in _walk(c, rest)]


def rename_field(data: dict[str, Any], old: str, new_name: str) -> None:
    """Rename the last part of ``old`` (e.g. ``organisation.services[].beds``) to ``new_name`` in place."""
    for parent, key in _walk(data, old.split(".")):
        if key in parent:
            parent[new_name] = parent.pop(key)


def remove_field(data: dict[str, Any], path: str) -> None:
    """Drop ``path`` wherever it occurs, in place."""
    for parent, key in _walk(data, path.split(".")):
        parent.pop(key, None)
