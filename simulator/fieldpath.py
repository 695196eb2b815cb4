"""Dotted paths into a scenario: ``"paths.0.ramp.ceiling"``, ``"organisation.services.1.care_mix.care_3"``.

One walker for every part that names a field by path: the engine's overrides, the schema's check of the
uncertain inputs, the stress-case edits and the app's form fields.

- :func:`get` reads the value at a path of a model, a dict or a list (``None`` where an optional section
  on the way is empty);
- :func:`set` writes a value at a path of a plain dump (``model_dump()``) in place;
- :func:`expand` lists the concrete paths a target with ``*`` (each list item) matches in a dump;
- :func:`check` says whether a path names a number of a model that may vary by trial, from its types.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Collection
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

__all__ = ["FieldPathError", "check", "expand", "get", "set"]


class FieldPathError(ValueError):
    """A path names a field that does not exist, is not numeric, or cannot vary."""


def _step(node: Any, part: str) -> Any:
    if isinstance(node, list):
        return node[int(part)]
    if isinstance(node, dict):
        return node.get(part)
    return getattr(node, part)


def get(obj: Any, path: str) -> Any:
    """The value at ``path`` (``None`` where an optional section or a dict key on the way is empty).

    A list position past the end or a model field that does not exist raises (IndexError,
    AttributeError): such a path is a programming error, not an empty value."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = _step(obj, part)
    return obj


def set(data: Any, path: str, value: Any) -> None:
    """Put ``value`` at ``path`` of ``data`` (nested dicts and lists, e.g. a ``model_dump()``), in place."""
    *head, last = path.split(".")
    node = data
    for part in head:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


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


def members(annotation: Any) -> tuple[Any, ...]:
    """The member types of an annotation (``float | None`` -> ``(float, NoneType)``)."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        out: tuple[Any, ...] = ()
        for arg in get_args(annotation):
            out += members(arg)
        return out
    if origin is typing.Annotated:
        return members(get_args(annotation)[0])
    return (annotation,)


def _is_numeric(annotation: Any) -> bool:
    found = [m for m in members(annotation) if m is not type(None)]
    return bool(found) and all(m in (int, float) for m in found)


def _model_type(annotation: Any) -> Any:
    for member in members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def check(root: BaseModel, path: str, fixed: Collection[str] = ()) -> None:
    """Raise :class:`FieldPathError` unless ``path`` names a numeric field of ``root`` that may vary by
    trial: every part exists (list positions that exist, dict keys among a ``Literal`` key type), no part
    is one of the ``fixed`` (structural) field names, and the last one is an int or a float."""
    parts = path.split(".")
    obj: Any = root
    annotation: Any = type(root)
    for depth, part in enumerate(parts):
        where = ".".join(parts[: depth + 1])
        kinds = members(annotation)
        if isinstance(obj, BaseModel) or _model_type(annotation) is not None:
            model = type(obj) if isinstance(obj, BaseModel) else _model_type(annotation)
            if part not in model.model_fields:
                raise FieldPathError(f"override {path!r}: {where!r} is not a field of the scenario")
            if part in fixed:
                raise FieldPathError(f"override {path!r}: {part!r} is structural and cannot vary by trial")
            annotation = model.model_fields[part].annotation
            obj = getattr(obj, part, None) if obj is not None else None
        elif any(get_origin(m) is list for m in kinds) or isinstance(obj, list):
            if not part.isdigit() or obj is None or int(part) >= len(obj):
                raise FieldPathError(f"override {path!r}: {where!r} is not an existing list position")
            list_type = next(m for m in kinds if get_origin(m) is list)
            annotation = get_args(list_type)[0]
            obj = obj[int(part)]
        elif any(get_origin(m) is dict for m in kinds):
            dict_type = next(m for m in kinds if get_origin(m) is dict)
            key_type, value_type = get_args(dict_type)
            allowed = get_args(key_type) if get_origin(key_type) is Literal else None
            if allowed is not None and part not in allowed:
                raise FieldPathError(f"override {path!r}: {part!r} is not one of {list(allowed)}")
            annotation = value_type
            obj = obj.get(part) if isinstance(obj, dict) else None
        else:
            raise FieldPathError(f"override {path!r}: {'.'.join(parts[:depth])!r} has no field {part!r}")
    if not _is_numeric(annotation):
        raise FieldPathError(f"override {path!r}: the field is not a number (it cannot vary by trial)")
