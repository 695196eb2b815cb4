"""Strict loader for the cited reference data under ``simulator/reference/*.toml``.

Every parameter is a ``[[param]]`` table; every value of it carries its own source, the date from
which it is valid and a confidence mark. The loader refuses unknown keys, a missing source,
unknown units and overlapping or unordered dates: a number with no source is a bug, so the
package will not start with one.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

REFERENCE_DIR = Path(__file__).resolve().parent

KNOWN_UNITS = frozenset(
    {
        "units/day",  # 単位/日
        "units/visit",  # 単位/回
        "units/month",  # 単位/月
        "ratio",  # share of 1 (0.15 = 15 %)
        "yen",
        "yen/unit",
        "yen/month",
        "yen/year",
        "yen/day",
        "yen/m2",
        "yen/place",
        "yen/hire",
        "yen/facility",
        "m2/place",
        "months",
        "years",
        "days/month",
        "visits/month",
        "fte",  # 常勤換算
        "users/fte",
        "staff/10 users",
        "users",
        "places",
        "count",
        "label",  # a category or a rule name, not a number
        "correlation",  # a (rank) correlation coefficient, −1 … 1
    }
)

Confidence = Literal["verified", "single_source", "assumption"]


class Source(BaseModel):
    """Where a value was read: title, address, and the page or table."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=3)
    url: HttpUrl
    locator: str = ""  # page, table or section, e.g. "p.29 別表" or "第54表"


class ValueEntry(BaseModel):
    """One dated value of a parameter."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    valid_from: dt.date
    valid_until: dt.date | None = None  # last day in force; None = still in force
    value: Any
    confidence: Confidence
    source: Source
    sources: tuple[Source, ...] = ()  # further sources that agree
    note: str = ""

    @model_validator(mode="after")
    def _dates_ordered(self) -> ValueEntry:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until {self.valid_until} is before valid_from {self.valid_from}")
        if self.value is None:
            raise ValueError("value is missing")
        return self


class Parameter(BaseModel):
    """A named quantity with its dated values."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
    description: str = Field(min_length=3)
    description_en: str = ""
    unit: str
    breakdown: tuple[str, ...] = ()  # names of the keys of a table value, outermost first
    values: tuple[ValueEntry, ...] = Field(min_length=1)
    review_by: dt.date | None = None  # a newer value is expected by then (next 改定 / survey)

    @model_validator(mode="after")
    def _check(self) -> Parameter:
        if self.unit not in KNOWN_UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; known: {sorted(KNOWN_UNITS)}")
        for earlier, later in zip(self.values, self.values[1:], strict=False):
            if later.valid_from <= earlier.valid_from:
                raise ValueError(f"values are not in date order at {later.valid_from}")
            if earlier.valid_until is not None and earlier.valid_until >= later.valid_from:
                raise ValueError(f"value from {earlier.valid_from} overlaps the one from {later.valid_from}")
        return self

    def entry(self, on: dt.date) -> ValueEntry:
        """The value in force on ``on`` (its id is noted by any :func:`recording` in progress)."""
        used = _USED.get()
        if used is not None:
            used.add(self.id)
        found = None
        for entry in self.values:
            if entry.valid_from <= on and (entry.valid_until is None or on <= entry.valid_until):
                found = entry
        if found is None:
            raise ParameterNotInForce(self.id, on)
        return found


_USED: ContextVar[set[str] | None] = ContextVar("reference_ids_used", default=None)


@contextmanager
def recording() -> Iterator[set[str]]:
    """The ids of every parameter whose value is read inside the block (nested blocks see their own
    reads, and the outer block sees them too)."""
    outer = _USED.get()
    used: set[str] = set()
    token = _USED.set(used)
    try:
        yield used
    finally:
        _USED.reset(token)
        if outer is not None:
            outer.update(used)


def note_used(ids: Iterator[str] | frozenset[str]) -> None:
    """Note ``ids`` as read by the :func:`recording` in progress (a cache replaying what it read once)."""
    used = _USED.get()
    if used is not None:
        used.update(ids)


class ReferenceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    param: tuple[Parameter, ...] = ()


class ReferenceDataError(ValueError):
    """A reference data file breaks the rules (raised at load time)."""


class ParameterNotInForce(LookupError):
    def __init__(self, param_id: str, on: dt.date):
        super().__init__(f"no value of {param_id} is in force on {on}")
        self.param_id, self.on = param_id, on


def load_file(path: Path) -> ReferenceFile:
    """Parse and validate one reference file; errors name the file and the field."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return ReferenceFile.model_validate(raw)
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ReferenceDataError(f"{path.name}: {exc}") from exc


@cache
def catalogue(directory: Path = REFERENCE_DIR) -> dict[str, Parameter]:
    """All parameters of all reference files, by id (ids must be unique across files)."""
    params: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.toml")):
        for param in load_file(path).param:
            if param.id in params:
                raise ReferenceDataError(f"{path.name}: parameter {param.id} is defined twice")
            params[param.id] = param
    return params


def parameter(param_id: str) -> Parameter:
    try:
        return catalogue()[param_id]
    except KeyError:
        raise KeyError(f"unknown reference parameter {param_id!r}") from None


def lookup(param_id: str, on: dt.date) -> ValueEntry:
    """The dated entry (value, source, confidence) of ``param_id`` in force on ``on``."""
    return parameter(param_id).entry(on)


def get(param_id: str, on: dt.date) -> Any:
    """The value of ``param_id`` in force on ``on``."""
    return lookup(param_id, on).value


def schema_default(param_id: str, *, whole: bool = False) -> float:
    """A scenario field's default: the value of ``param_id`` in force today (cited, or marked ASSUMPTION in
    its file), so a number the user may change has its source in the reference data, not in the schema.
    The one accessor of the schema (scenario, criteria, collaboration levers; :func:`simulator.schema_types.cited`).
    ``whole``: a field of whole numbers (months, years, a count): the value must be one and comes back an ``int``."""
    value = float(get(param_id, dt.date.today()))
    if not whole:
        return value
    if not value.is_integer():
        raise ReferenceDataError(f"{param_id}: the default of a whole-number field must be whole, not {value}")
    return int(value)
