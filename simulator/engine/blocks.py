"""A *block* is one service operation over time: the unit revenue and staffing are computed for.

The organisation's services are blocks; paths add blocks (a new site, a new service, the partner's
or the acquired business's services) or replace one (more places at the same site). A block's users
are ``base_users`` (already there and already staffed) plus ``new_users`` (new places filling up
after ``opening``, staffed by hires that start ``lead`` months before opening and arrive ``delay``
months late in a tight labour market). ``sign = -1`` subtracts a block (a business sold).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, TypedDict

import numpy as np

from simulator.engine.inputs import Inputs
from simulator.engine.timeline import Timeline, from_month
from simulator.scenario import ServiceOperation

NEVER = 1.0e6  # an opening month that never comes (a block without new places)
SHAPE_FIELDS = frozenset({"base_capacity", "base_users", "new_capacity", "new_users", "has_new_places"})


@dataclass(frozen=True)
class Level:
    """A service running at one level per trial while open: ``users == self.users × open`` and
    ``capacity == self.capacity × open`` exactly (levels ``(T, 1)``, ``open`` a 0/1 ``(T, M)`` mask).

    Revenue and staff are then computed on the levels and multiplied by the mask once, with the same
    value in every cell as the full ``(T, M)`` evaluation (multiplying by 1 or 0 is exact).
    """

    users: np.ndarray
    capacity: np.ndarray
    open: np.ndarray


class BlockExtra(TypedDict, total=False):
    """What a path adds to a :class:`Block` (each key optional)."""

    scale_key: str  # the key its calibration factors are stored under (default: the prefix)
    start: np.ndarray | float  # (T, 1) month a partner's business joins: its first year is calibrated from there
    staff_arrive: bool  # the staff come with the business (not recruited)
    as_is_wage_factor: np.ndarray | float  # the wage factor its accounts were paid at
    extra_attrition: np.ndarray | float  # share of the staff lost in a merger or transfer


@dataclass(frozen=True)
class Block:
    prefix: str  # dotted path of the ServiceOperation in the scenario (for overrides and labels)
    op: ServiceOperation
    label: str
    # users and places: (T, M), or a (1, M) row where no trial changes them (a service's own levels, not sampled)
    base_capacity: np.ndarray  # (T, M) places in operation already staffed
    base_users: np.ndarray  # (T, M)
    new_capacity: np.ndarray  # (T, M) added places in operation
    new_users: np.ndarray  # (T, M)
    opening: np.ndarray  # (T, 1) month the new places open (NEVER if none)
    lead: np.ndarray  # (T, 1) hiring lead before opening
    delay: np.ndarray  # (T, 1) hiring delay (labour market)
    wage_factor: np.ndarray | float  # (T, M) wage level vs the organisation's own scale; 1.0 = the same scale
    sign: float = 1.0
    rent: np.ndarray | None = None  # (T, M) 地代家賃; None = the operation's rent while open
    has_new_places: bool = False  # structural: a path adds places (hiring lead and delay apply); new_* are 0 unless set
    existing: bool = False  # an organisation service (calibrated to actuals, scaled by merger effects)
    calibrate_to: tuple[np.ndarray | None, np.ndarray | None] = (None, None)  # yearly revenue, costs
    extra: BlockExtra = field(default_factory=BlockExtra)
    level: Level | None = None  # set where users and capacity are one level per trial while open
    # the 級地 that prices the block (fee per unit, regional pay): the scenario field at ``grade_path`` (a partner's
    # or acquired business's own, simulator/location.py), ``grade_default`` where that field is empty
    grade_path: str = "organisation.region_grade"
    grade_default: int | None = None

    @cached_property
    def capacity(self) -> np.ndarray:
        """(T, M) places in operation (a block without new places: its base array itself)."""
        return self.base_capacity + self.new_capacity if self.has_new_places else self.base_capacity

    @cached_property
    def users(self) -> np.ndarray:
        """(T, M) users (a block without new places: its base array itself)."""
        return self.base_users + self.new_users if self.has_new_places else self.base_users

    def with_(self, **changes: Any) -> Block:
        """A copy with ``changes``; a change of users or capacity drops the :class:`Level`."""
        if SHAPE_FIELDS & changes.keys() and "level" not in changes:
            changes["level"] = None
        return replace(self, **changes)


def running_block(inp: Inputs, tl: Timeline, op: ServiceOperation, prefix: str, benchmark,
                  start: np.ndarray | float = 0.0, wage_factor: np.ndarray | None = None,
                  calibrate_to: tuple[np.ndarray | None, np.ndarray | None] = (None, None),
                  existing: bool = False, label: str = "") -> Block:
    """A service that runs with its staff from month ``start`` (0 = already running)."""
    # a start no trial changes gives a (1, M) mask: the levels below stay rows, not (T, M) arrays
    on = from_month(tl, np.asarray(start, dtype=float).reshape(-1, 1))
    places = inp.num(f"{prefix}.capacity")
    capacity = places * on
    occupancy = inp.num(f"{prefix}.occupancy", lambda: benchmark(op.service.value, "occupancy"))
    zeros = np.zeros((1, tl.months))  # no new places
    # per cell (places × 1) × occupancy = (places × occupancy) × 1, and 0 where closed or without places
    level = Level(users=places * occupancy, capacity=places, open=on * (places > 0))
    return Block(
        prefix=prefix, op=op, label=label or op.name or op.service.value, level=level,
        base_capacity=capacity, base_users=capacity * occupancy,
        new_capacity=zeros, new_users=zeros,
        opening=inp.const(NEVER), lead=inp.const(0.0), delay=inp.const(0.0),
        wage_factor=1.0 if wage_factor is None else wage_factor,
        existing=existing, calibrate_to=calibrate_to,
    )
