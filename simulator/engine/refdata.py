"""Cited reference data for the engine, month by month, cached.

All regulatory values and benchmarks come from :mod:`simulator.reference` (each with its source);
this module only turns "the value in force on a date" into a numpy array over the projection months
and caches it, so a warm run makes no reference look-ups. No number lives here. Each cached value keeps
the ids of the parameters it was read from and notes them again on every use, so a
:func:`simulator.reference.loader.recording` around a run lists every parameter the run used, warm or cold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from simulator import reference as ref
from simulator.reference.loader import note_used, recording


def _freeze(kwargs: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(kwargs.items())) if kwargs else ()


@cache
def _monthly_used(name: str, args: tuple[Any, ...], kw: tuple[tuple[str, Any], ...],
                  dates: tuple[dt.date, ...]) -> tuple[np.ndarray, frozenset[str]]:
    fn: Callable[..., Any] = getattr(ref, name)
    with recording() as used:
        values = np.array([float(fn(*args, on=day, **dict(kw))) for day in dates])
    values.setflags(write=False)
    return values, frozenset(used)


@cache
def _once_used(name: str, args: tuple[Any, ...], kw: tuple[tuple[str, Any], ...],
               day: dt.date) -> tuple[Any, frozenset[str]]:
    with recording() as used:
        value = getattr(ref, name)(*args, on=day, **dict(kw))
    return value, frozenset(used)


def _monthly(name: str, args: tuple[Any, ...], kw: tuple[tuple[str, Any], ...],
             dates: tuple[dt.date, ...]) -> np.ndarray:
    values, used = _monthly_used(name, args, kw, dates)
    note_used(used)
    return values


def _once(name: str, args: tuple[Any, ...], kw: tuple[tuple[str, Any], ...], day: dt.date) -> Any:
    value, used = _once_used(name, args, kw, day)
    note_used(used)
    return value


class RefData:
    """Reference values for one projection's months (``dates``) and start date."""

    def __init__(self, dates: tuple[dt.date, ...]) -> None:
        self.dates = dates
        self.start = dates[0]

    def monthly(self, name: str, *args: Any, **kwargs: Any) -> np.ndarray:
        """``reference.<name>(*args, on=month, **kwargs)`` for every month: shape ``(1, months)``."""
        return _monthly(name, args, _freeze(kwargs), self.dates)[None, :]

    def at_start(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """``reference.<name>(*args, on=start, **kwargs)`` (cached)."""
        return _once(name, args, _freeze(kwargs), self.start)

    def service(self, service: str) -> Any:
        return self.at_start("service_info", service)

    def vintage(self) -> dict[str, str]:
        return dict(self.at_start("vintage"))

    def size_profile(self, service: str, capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """``reference.size_profile``: (staff per 10 users, cost per FTE a year) by capacity, or None."""
        return ref.size_profile(service, capacity, on=self.start)

    def at_start_posts(self, service: str, capacity: np.ndarray, users: np.ndarray, visits_per_user: np.ndarray,
                       *, places_per_unit: float | None = None, **variant: str) -> dict[str, np.ndarray]:
        """``reference.staffed_posts`` (FTE a home staffs by role, before calibration), rules of the start date."""
        return ref.staffed_posts(service, capacity, users, on=self.start, visits_per_user=visits_per_user,
                                 places_per_unit=places_per_unit, **variant)

    def at_start_required(self, service: str, users: np.ndarray, **variant: str) -> dict[str, np.ndarray]:
        """``reference.required_staff`` (人員基準 FTE by role) for an array of users, rules of the start date."""
        return ref.required_staff(service, users, on=self.start, **variant)


def clear_cache() -> None:
    """Forget the cached reference values (:func:`simulator.engine.clear_caches` forgets every cache)."""
    _monthly_used.cache_clear()
    _once_used.cache_clear()
