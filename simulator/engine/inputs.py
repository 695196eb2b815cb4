"""Numeric inputs of a scenario as per-trial arrays, with overrides.

:class:`Inputs` reads every numeric scenario field the engine uses as an array shaped ``(trials, 1)`` where an
override names it and ``(1, 1)`` where none does (one value for every trial: a product with a month row stays
``(1, M)`` until it meets a per-trial array), so formulas broadcast over ``(trials, months)``. ``overrides`` maps a dotted path into the scenario
(``"paths.0.ramp.ceiling"``, ``"organisation.services.0.care_mix.care_3"``) to an array of shape
``(trials,)`` that replaces that field, trial by trial. The risk module samples any numeric field this
way, a tornado moves one per trial, a break-even search puts candidates along the trial axis.

A path that does not name a numeric field, or names a structural one (horizon, dates, loan years,
service ids, list positions), raises :class:`OverrideError` (a ``ValueError``) naming it; paths are
walked by :mod:`simulator.fieldpath`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import overload

import numpy as np

from simulator import fieldpath
from simulator.fieldpath import FieldPathError
from simulator.scenario import STRUCTURAL_FIELDS, Scenario

# An override naming no number of the scenario (or a structural field) raises this, naming the path.
OverrideError = FieldPathError


class Inputs:
    """Per-trial numeric inputs: ``num(path)`` -> ``(trials, 1)`` float array, ``(1, 1)`` without an override."""

    def __init__(self, scenario: Scenario, trials: int = 1,
                 overrides: Mapping[str, np.ndarray] | None = None) -> None:
        if trials < 1:
            raise ValueError("trials must be at least 1")
        self.scenario = scenario
        self.stated_scenario = scenario  # the scenario as its file states it (a stress case: the original)
        self.trials = trials
        self._over: dict[str, np.ndarray] = {}
        for path, values in (overrides or {}).items():
            fieldpath.check(scenario, path, STRUCTURAL_FIELDS)
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

    @overload
    def given(self, path: str) -> np.ndarray | None: ...

    @overload
    def given(self, path: str, fallback: Callable[[], np.ndarray | float]) -> np.ndarray: ...

    def given(self, path: str, fallback: Callable[[], np.ndarray | float] | None = None) -> np.ndarray | None:
        """The field at ``path`` per trial when the scenario states it or an override names it; else
        ``fallback()`` as a ``(trials, 1)`` array, or None without a fallback (the one "given or default")."""
        if path in self._over or fieldpath.get(self.scenario, path) is not None:
            return self.num(path)
        if fallback is None:
            return None
        return np.broadcast_to(fallback(), (self.trials, 1))

    def const(self, value: float) -> np.ndarray:
        """``value`` for every trial, as ``(1, 1)`` (broadcast, like a field no override names)."""
        return np.full((1, 1), float(value))

    def num(self, path: str, default: float | Callable[[], float] | None = None) -> np.ndarray:
        """The field at ``path`` per trial; a ``None`` field takes ``default`` (a number or a callable)."""
        if path in self._over:
            return self._over[path]
        value = fieldpath.get(self.scenario, path)
        if value is None:
            value = default() if callable(default) else default
        if value is None:
            raise ValueError(f"{path} has no value and no default")
        return np.full((1, 1), float(value))

