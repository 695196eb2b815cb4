"""Numeric inputs of a scenario as per-trial arrays, with overrides.

:class:`Inputs` reads every numeric scenario field the engine uses as an array shaped ``(trials, 1)``
so formulas broadcast over ``(trials, months)``. ``overrides`` maps a dotted path into the scenario
(``"paths.0.ramp.ceiling"``, ``"organisation.services.0.care_mix.care_3"``) to an array of shape
``(trials,)`` that replaces that field, trial by trial. The risk module samples any numeric field this
way, a tornado moves one per trial, a break-even search puts candidates along the trial axis.

A path that does not name a numeric field, or names a structural one (horizon, dates, loan years,
service ids, list positions), raises :class:`ValueError` naming it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args, get_origin

import numpy as np
from pydantic import BaseModel

from simulator.scenario import Scenario

# Fields that fix the shape of the projection or identify things: they cannot vary by trial.
STRUCTURAL_FIELDS = frozenset({"schema_version", "horizon_months", "years", "service_index"})


class OverrideError(ValueError):
    """An override names a field that does not exist, is not numeric, or cannot vary."""


def _unwrap(annotation: Any) -> tuple[Any, ...]:
    """The member types of an annotation (``float | None`` -> ``(float, NoneType)``)."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        out: tuple[Any, ...] = ()
        for arg in get_args(annotation):
            out += _unwrap(arg)
        return out
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    return (annotation,)


def _is_numeric(annotation: Any) -> bool:
    members = [m for m in _unwrap(annotation) if m is not type(None)]
    return bool(members) and all(m in (int, float) for m in members)


def _model_type(annotation: Any) -> Any:
    for member in _unwrap(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def check_path(scenario: Scenario, path: str) -> None:
    """Raise :class:`OverrideError` unless ``path`` names a numeric field that may vary by trial."""
    parts = path.split(".")
    obj: Any = scenario
    annotation: Any = type(scenario)
    for depth, part in enumerate(parts):
        where = ".".join(parts[: depth + 1])
        members = _unwrap(annotation)
        if isinstance(obj, BaseModel) or _model_type(annotation) is not None:
            model = type(obj) if isinstance(obj, BaseModel) else _model_type(annotation)
            if part not in model.model_fields:
                raise OverrideError(f"override {path!r}: {where!r} is not a field of the scenario")
            if part in STRUCTURAL_FIELDS:
                raise OverrideError(f"override {path!r}: {part!r} is structural and cannot vary by trial")
            annotation = model.model_fields[part].annotation
            obj = getattr(obj, part, None) if obj is not None else None
        elif any(get_origin(m) is list for m in members) or isinstance(obj, list):
            if not part.isdigit() or obj is None or int(part) >= len(obj):
                raise OverrideError(f"override {path!r}: {where!r} is not an existing list position")
            list_type = next(m for m in members if get_origin(m) is list)
            annotation = get_args(list_type)[0]
            obj = obj[int(part)]
        elif any(get_origin(m) is dict for m in members):
            dict_type = next(m for m in members if get_origin(m) is dict)
            key_type, value_type = get_args(dict_type)
            allowed = get_args(key_type) if get_origin(key_type) is Literal else None
            if allowed is not None and part not in allowed:
                raise OverrideError(f"override {path!r}: {part!r} is not one of {list(allowed)}")
            annotation = value_type
            obj = obj.get(part) if isinstance(obj, dict) else None
        else:
            raise OverrideError(f"override {path!r}: {'.'.join(parts[:depth])!r} has no field {part!r}")
    if not _is_numeric(annotation):
        raise OverrideError(f"override {path!r}: the field is not a number (it cannot vary by trial)")


class Inputs:
    """Per-trial numeric inputs: ``num(path)`` -> ``(trials, 1)`` float array."""

    def __init__(self, scenario: Scenario, trials: int = 1,
                 overrides: Mapping[str, np.ndarray] | None = None) -> None:
        if trials < 1:
            raise ValueError("trials must be at least 1")
        self.scenario = scenario
        self.trials = trials
        self._over: dict[str, np.ndarray] = {}
        for path, values in (overrides or {}).items():
            check_path(scenario, path)
            arr = np.asarray(values, dtype=float)
            if arr.ndim == 0:
                arr = np.full(trials, float(arr))
            if arr.shape != (trials,):
                raise OverrideError(f"override {path!r}: shape {arr.shape} is not (trials,) = ({trials},)")
            if not np.all(np.isfinite(arr)):
                raise OverrideError(f"override {path!r}: values must be finite numbers")
            self._over[path] = arr[:, None]

    @property
    def overrides(self) -> Mapping[str, np.ndarray]:
        return self._over

    def overridden(self, path: str) -> bool:
        return path in self._over

    def const(self, value: float) -> np.ndarray:
        return np.full((self.trials, 1), float(value))

    def shared(self, path: str, default: float | Callable[[], float] | None = None) -> np.ndarray:
        """:meth:`num`, but ``(1, 1)`` when no override names ``path`` (one value for every trial), so a
        product with a ``(1, M)`` series stays ``(1, M)`` until it meets a per-trial array."""
        if path in self._over:
            return self._over[path]
        return self.num(path, default)[:1]

    def num(self, path: str, default: float | Callable[[], float] | None = None) -> np.ndarray:
        """The field at ``path`` per trial; a ``None`` field takes ``default`` (a number or a callable)."""
        if path in self._over:
            return self._over[path]
        value = resolve(self.scenario, path)
        if value is None:
            value = default() if callable(default) else default
        if value is None:
            raise ValueError(f"{path} has no value and no default")
        return self.const(float(value))


def resolve(scenario: Scenario, path: str) -> Any:
    """The value at a dotted path (``None`` where an optional section or key is empty)."""
    obj: Any = scenario
    for part in path.split("."):
        if obj is None:
            return None
        if isinstance(obj, list):
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            obj = obj.get(part)
        else:
            obj = getattr(obj, part)
    return obj
