"""Edits to a scenario by dotted path: the building block of stress cases.

``apply_edits(scenario, edits)`` returns a new, validated scenario; the original is untouched.
A ``*`` in a target matches every item of a list, and parts a list item does not have are skipped
(``paths.*.synergies.realisation`` touches only merger paths). A numeric field left empty (None, i.e.
taken from the reference data by the engine) is resolved through ``resolve`` when one is given; the
same resolver gives the reference value an "at_least_reference" edit raises a field to.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from simulator import fieldpath
from simulator.scenario import Scenario, StressEdit

Resolver = Callable[[Scenario, str], float | None]


def _constraints(annotation: Any) -> list[Any]:
    """The annotated_types constraints inside an annotation (``Annotated[...]``, ``X | None``)."""
    found: list[Any] = []
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        for item in extra:
            found += list(getattr(item, "metadata", [item]))
        return found + _constraints(base)
    for member in get_args(annotation) if get_origin(annotation) in (Union, UnionType) else ():
        found += _constraints(member)
    return found


def bounds(path: str) -> tuple[float, float]:
    """(lowest, highest) value the schema allows at a concrete dotted ``path`` (±inf where unbounded)."""
    models: list[Any] = [Scenario]
    field: Any = None
    for part in path.split("."):
        if part.isdigit():
            continue  # a list position: the item's models were taken with the list field
        # a path item may be any kind of path: the one that has this field
        field = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        if field is None:
            return -math.inf, math.inf  # a dict key (e.g. care_mix): no bound of its own
        models = _models(field.annotation)
    low, high = -math.inf, math.inf
    for constraint in [*field.metadata, *_constraints(field.annotation)]:
        low = max(low, getattr(constraint, "ge", -math.inf))
        high = min(high, getattr(constraint, "le", math.inf))
    return low, high


def _models(annotation: Any) -> list[Any]:
    """Pydantic models inside an annotation (a list's item type, ``X | None``)."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return [annotation]
    return [model for member in get_args(annotation) for model in _models(member)]


def apply_edits(scenario: Scenario, edits: Iterable[StressEdit], resolve: Resolver | None = None,
                clipped: list[str] | None = None) -> Scenario:
    """The scenario with every edit applied in order. An added or multiplied number stays within the
    schema's bounds ("occupancy −5 points" of 3 % is 0 %, not an error; its path is added to ``clipped``
    so the caller can say so); a set value is validated as is."""
    data = scenario.model_dump()
    for edit in edits:
        for path in fieldpath.expand(data, edit.target):
            current = fieldpath.get(data, path)
            if edit.op == "append":
                if isinstance(current, list):
                    current.append(dict(edit.item))
                continue
            if edit.op == "set":
                fieldpath.set(data, path, edit.value)
                continue
            if current is None and resolve is not None:
                current = resolve(scenario, path)
            if current is None or isinstance(current, bool) or not isinstance(current, int | float):
                continue  # nothing numeric to change here
            if edit.op == "at_least_reference":
                reference = resolve(scenario, path) if resolve is not None else None
                if reference is None:
                    continue  # no reference value for this field
                changed = max(current, reference + (edit.value or 0.0))
            elif edit.value is None:
                raise ValueError(f"{edit.target}: '{edit.op}' needs a value")
            else:
                changed = current + edit.value if edit.op == "add" else current * edit.value
            low, high = bounds(path)
            if not low <= changed <= high:
                changed = min(max(changed, low), high)
                if clipped is not None:
                    clipped.append(path)
            fieldpath.set(data, path, round(changed) if isinstance(current, int) and float(changed).is_integer()
                          else changed)
    return Scenario.model_validate(data)
