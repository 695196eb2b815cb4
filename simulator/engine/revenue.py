"""Fee revenue (介護報酬 incl. 利用者負担 and 加算) and 食費・居住費 of one block, per month.

units = users × (service days | visits | 1 month) × mean base units of the care mix
        + add-on units (加算, by their basis: per day, per visit or per user-month; one compiled pass,
          :mod:`simulator.engine.add_on_units`); the marker
          ``"typical"`` in ``add_ons`` stands for the service's typical set (reference
          ``typical.add_ons.<service>``): Σ share earning it × units (expected units)
units × (1 + 処遇改善加算 rate)            — the rate applies to base + add-ons, as in the 告示
      × (1 + cumulative fee revisions)     — future 報酬改定 from their dates (product of 1 + change)
yen  = floor(units × yen per unit)          — truncated to the yen per service and month
       (the 1円未満切り捨て of the 告示 applies to a user's monthly bill; truncating the service-month
       total is the documented approximation, off by less than 1 yen per user-month)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.engine.add_on_units import with_add_ons
from simulator.engine.blocks import Block
from simulator.engine.fee_yen import fee_yen
from simulator.engine.inputs import Inputs
from simulator.engine.refdata import RefData
from simulator.engine.timeline import Timeline
from simulator.reference.typical import TYPICAL_MARKER


@dataclass(frozen=True)
class Volume:
    """How much service a block delivers in each month."""

    user_days: np.ndarray  # (T, M) users × service days (day-billed and residential services); (T, 1) for a level
    visits: np.ndarray  # (T, M)
    user_months: np.ndarray  # (T, M) users billed monthly (day services: registered users, not daily ones)
    billing_volume: np.ndarray  # the volume base units are billed on


def volume(inp: Inputs, ref: RefData, block: Block, users: np.ndarray | None = None) -> Volume:
    """The block's volumes for ``users`` (default the block's ``(T, M)`` users; a level ``(T, 1)`` works too)."""
    info = ref.service(block.op.service.value)
    users = block.users if users is None else users
    days, visits_per_user, _ = volume_rates(inp, ref, block)
    user_days = users * days
    visits = users * visits_per_user
    # a day service's users attend on a given day; its monthly 加算 are billed per registered user
    user_months = users if info.registered_per_daily_user == 1.0 else users * info.registered_per_daily_user
    billing = {"day": user_days, "visit": visits, "month": users}[info.billing]
    return Volume(user_days=user_days, visits=visits, user_months=user_months, billing_volume=billing)


def care_mix_weights(inp: Inputs, ref: RefData, block: Block) -> dict[str, np.ndarray]:
    """Shares by care level per trial, ``(T, 1)`` or ``(1, 1)`` when no level is overridden (overridable
    level by level, normalised to add up to 1)."""
    service = block.op.service.value
    mix = block.op.care_mix or ref.at_start("default_care_mix", service)
    levels = list(ref.service(service).care_levels)
    weights = {lvl: inp.num(f"{block.prefix}.care_mix.{lvl}", float(mix.get(lvl, 0.0))) for lvl in levels}
    total = sum(weights.values())
    total = np.where(total > 0, total, 1.0)
    return {lvl: w / total for lvl, w in weights.items()}


def variant_of(ref: RefData, block: Block) -> dict[str, str]:
    info = ref.service(block.op.service.value)
    return {**dict(info.default_variant or {}), **block.op.variant}


def fee_multiplier(inp: Inputs, tl: Timeline) -> np.ndarray:
    """Π (1 + change) over the fee revisions in force in each month, in the revisions' order: ``(T, M)``.

    The months between two revision dates have the same revisions in force, so the product is taken once for
    each such run (on its first month) and copied to its months: the same operations on the same numbers."""
    revisions = inp.scenario.assumptions.fee_revisions
    starts = [tl.month_of(revision.date) for revision in revisions]
    runs = np.array(sorted({0.0, *(m for m in starts if 0 < m < tl.months)}))
    factor = np.ones((inp.trials, len(runs)))
    for i, start in enumerate(starts):
        change = inp.num(f"assumptions.fee_revisions.{i}.change")
        factor = factor * (1.0 + change * (runs[None, :] >= start))
    run_of_month = np.searchsorted(runs, np.arange(tl.months), side="right") - 1
    return factor[:, run_of_month]


def add_on_weights(ref: RefData, service: str, add_ons: list[str]) -> dict[str, float]:
    """Add-on id -> share earning it: 1 for each listed id, the typical set's shares for the marker."""
    weights: dict[str, float] = {}
    for add_on_id in add_ons:
        expanded = (ref.at_start("typical_add_ons", service) if add_on_id == TYPICAL_MARKER
                    else {add_on_id: 1.0})
        for key, share in expanded.items():
            weights[key] = weights.get(key, 0.0) + share
    return weights


def _flat(series: np.ndarray) -> np.ndarray:
    """A ``(1, M)`` reference series as ``(1, 1)`` when it has one value over the horizon (the same numbers)."""
    return series[:, :1] if np.all(series == series[0, 0]) else series


def fee_and_hotel(inp: Inputs, tl: Timeline, ref: RefData, block: Block,
                  fee_factor: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """(fee revenue, 食費・居住費) in yen per month before the block's sign: the fee ``(T, M)``, the 食費・居住費
    ``(T, M)`` or a ``(1, M)`` row where no trial changes it.

    A block with a :class:`~simulator.engine.blocks.Level` is computed on its ``(T, 1)`` users until a
    factor varies by month, and multiplied by its open mask at the end: every cell goes through the
    same operations on the same numbers as with the ``(T, M)`` users, so the result is the same.
    """
    service = block.op.service.value
    info = ref.service(service)
    variant = variant_of(ref, block)
    level = block.level
    vol = volume(inp, ref, block, None if level is None else level.users)
    weights = care_mix_weights(inp, ref, block)
    mean_units = sum(w * _flat(ref.monthly("fee_units", service, lvl, **variant)) for lvl, w in weights.items())
    units = vol.billing_volume * mean_units  # a new array
    places = block.capacity if level is None else level.capacity  # 入所定員: the units of some 加算 follow it
    add_ons = [(ref.at_start("add_on", service, add_on_id), share)
               for add_on_id, share in add_on_weights(ref, service, block.op.add_ons).items()]
    units = with_add_ons(units, {"day": vol.user_days, "visit": vol.visits, "month": vol.user_months}, places, add_ons)
    rate = _flat(ref.monthly("wage_improvement_rate", service, block.op.wage_improvement_tier))
    units = units * (1.0 + rate)
    fee = fee_yen(units, fee_factor, region_yen_per_unit(inp, ref, service, block),
                  1.0 if level is None else level.open, (inp.trials, tl.months))
    if info.hotel_costs:
        # the reference tables it by room type (従来型 居住費 is lower than ユニット型): the block's own
        hotel_rate = inp.num(f"{block.prefix}.hotel_yen_per_user_day",
                             lambda: ref.at_start("benchmark", service, "hotel_yen_per_user_day", **variant))
        hotel = vol.user_days * hotel_rate  # a new array: in place below
        hotel += 1e-6
        np.floor(hotel, out=hotel)
        if level is not None:
            hotel = hotel * level.open
    else:
        hotel = np.zeros((1, fee.shape[1]))  # none: one row for every trial
    return fee, hotel


def volume_rates(inp: Inputs, ref: RefData, block: Block) -> tuple[np.ndarray, np.ndarray, float]:
    """(service days a month, visits per user a month, registered per daily user) of the block (:func:`volume`)."""
    info = ref.service(block.op.service.value)
    days = inp.num(f"{block.prefix}.service_days_per_month", lambda: info.default_service_days_per_month or 0.0)
    visits_per_user = inp.num(f"{block.prefix}.visits_per_user_month",
                              lambda: info.default_visits_per_user_month or 0.0)
    return days, visits_per_user, float(info.registered_per_daily_user)


REGION_GRADES = tuple(range(1, 9))  # 1級地 … 7級地, 8 = その他 (as in the scenario schema)


def region_yen_per_unit(inp: Inputs, ref: RefData, service: str, block: Block | None = None) -> np.ndarray:
    """Yen per unit for the 地域区分 of ``block`` (its ``grade_path``; None = the organisation's) in each month,
    ``(T, M)`` when the grade varies by trial, else ``(1, M)``."""
    table = np.vstack([ref.monthly("yen_per_unit", service, grade) for grade in REGION_GRADES])
    return table[block_grade(inp, block)[:, 0] - 1]


def block_grade(inp: Inputs, block: Block | None) -> np.ndarray:
    """The 級地 (1..8) that prices ``block`` (None: the organisation's), ``(1, 1)`` or ``(T, 1)`` integers."""
    path, default = ("organisation.region_grade", None) if block is None else (block.grade_path, block.grade_default)
    return np.clip(np.rint(inp.num(path, default)), 1, len(REGION_GRADES)).astype(int)
