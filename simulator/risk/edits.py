"""Edits to a scenario by dotted path: the building block of stress cases.

``apply_edits(scenario, edits)`` returns a new, validated scenario; the original is untouched.
A ``*`` in a target matches every item of a list, and parts a list item does not have are skipped
(``paths.*.synergies.realisation`` touches only merger paths). A numeric field left empty (None, i.e.
taken from the reference data by the engine) is resolved through ``resolve`` when one is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from simulator.scenario import Scenario, StressEdit

Resolver = Callable[[Scenario, str], float | None]


def expand(data: Any, target: str) -> list[str]:
    """Every concrete dotted path matching ``target`` (``*`` = each list index) that exists in ``data``."""
    paths: list[tuple[str, Any]] = [("", data)]
    for part in target.split("."):
        found: list[tuple[str, Any]] = []
        for prefix, node in paths:
            if part == "*" and isinstance(node, list):
                found += [(f"{prefix}{i}.", item) for i, item in enumerate(node)]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                found.append((f"{prefix}{part}.", node[int(part)]))
            elif isinstance(node, dict) and part in node:
                found.append((f"{prefix}{part}.", node[part]))
        paths = found
    return [prefix[:-1] for prefix, _ in paths]


def _parent(data: Any, path: str) -> tuple[Any, str | int]:
    *head, last = path.split(".")
    node = data
    for part in head:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, int(last) if isinstance(node, list) else last


def apply_edits(scenario: Scenario, edits: Iterable[StressEdit], resolve: Resolver | None = None) -> Scenario:
    """The scenario with every edit applied in order (validated again: an out-of-range result is an error)."""
    data = scenario.model_dump()
    for edit in edits:
        for path in expand(data, edit.target):
            node, key = _parent(data, path)
            current = node[key]
            if edit.op == "append":
                if isinstance(current, list):
                    current.append(dict(edit.item))
                continue
            if edit.op == "set":
                node[key] = edit.value
                continue
            if current is None and resolve is not None:
                current = resolve(scenario, path)
            if current is None or isinstance(current, bool) or not isinstance(current, int | float):
                continue  # nothing numeric to change here
            changed = current + edit.value if edit.op == "add" else current * edit.value
            node[key] = round(changed) if isinstance(current, int) and float(changed).is_integer() else changed
    return Scenario.model_validate(data)
