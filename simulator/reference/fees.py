"""Fees: yen per unit (地域区分), base units, care mix, 処遇改善加算 rates and common 加算."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

import numpy as np

from simulator.reference._common import CARE_LEVELS, derived_entry, entry, service_id, today
from simulator.reference.loader import ValueEntry, catalogue, parameter
from simulator.reference.services import resolve_variant

# --- 地域区分 -------------------------------------------------------------------------------------


def yen_per_unit_entry(service: str | Enum, region_grade: int, on: dt.date | None = None) -> ValueEntry:
    """1単位の単価 with its inputs' sources: 10 × (1 + uplift × share), half-up to 2 decimals."""
    sid, day = service_id(service), today(on)
    if not isinstance(region_grade, int) or isinstance(region_grade, bool) or not 1 <= region_grade <= 8:
        raise ValueError(f"region_grade must be an integer 1..8 (8 = その他), got {region_grade!r}")
    uplift_e = entry("region.uplift", day)
    share_e = entry(f"region.labour_share.{sid}", day)
    uplift = Decimal(str(uplift_e.value[region_grade - 1]))
    share = Decimal(str(share_e.value))
    price = (Decimal(10) * (1 + uplift * share)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return derived_entry(
        float(price), [uplift_e, share_e], f"10円 × (1 + {uplift} × {share}), 小数第3位四捨五入"
    )


def yen_per_unit(service: str | Enum, region_grade: int, on: dt.date | None = None) -> float:
    """Yen per unit for ``service`` in 級地 ``region_grade`` (1..7, 8 = その他), e.g. day_service 1 → 10.90."""
    return yen_per_unit_entry(service, region_grade, on).value


def amount_yen(units: float, price: float) -> int:
    """費用額 = 単位数 × 単価, 1円未満切り捨て (exact decimal arithmetic)."""
    return int((Decimal(str(units)) * Decimal(str(price))).to_integral_value(rounding="ROUND_FLOOR"))


# --- base units -----------------------------------------------------------------------------------


def fee_units_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    """The dated fee table of a service (value = nested dict by variant and care level)."""
    return entry(f"fee.{service_id(service)}.base_units", today(on))


def fee_units(service: str | Enum, care_level: str, on: dt.date | None = None, **variant: str) -> int:
    """Base units of ``service`` for ``care_level`` on ``on``; missing variant keys take the default."""
    sid, day = service_id(service), today(on)
    param = parameter(f"fee.{sid}.base_units")
    full = resolve_variant(sid, day, variant)
    node = param.entry(day).value
    if care_level not in CARE_LEVELS:
        raise ValueError(f"unknown care level {care_level!r}; known: {', '.join(CARE_LEVELS)}")
    for key in param.breakdown:
        if key == "care_level":
            if care_level not in node:
                raise ValueError(f"{sid}: no units for care level {care_level!r}; known: {', '.join(node)}")
            node = node[care_level]
        else:
            node = node[full[key]]
    if "care_level" not in param.breakdown and care_level.startswith("support"):
        raise ValueError(f"{sid}: no units for care level {care_level!r} (予防給付 is not modelled)")
    return int(node)


def default_care_mix_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    return entry(f"care_mix.{service_id(service)}", today(on))


def default_care_mix(service: str | Enum, on: dt.date | None = None) -> dict[str, float]:
    """Default shares of users by care level (sources and confidence: ``default_care_mix_entry``)."""
    return {k: float(v) for k, v in default_care_mix_entry(service, on).value.items()}


def mean_units(
    service: str | Enum, care_mix: dict[str, float] | None = None, on: dt.date | None = None, **variant: str
) -> float:
    """Units per day/visit/month averaged over ``care_mix`` (default: the reference mix)."""
    day = today(on)
    mix = default_care_mix(service, day) if care_mix is None else care_mix
    total = sum(mix.values())
    if total <= 0:
        raise ValueError("care_mix shares must add up to more than 0")
    return sum(share * fee_units(service, lvl, on=day, **variant) for lvl, share in mix.items()) / total


# --- 介護職員等処遇改善加算 ---------------------------------------------------------------------------

WAGE_TIERS = ("none", "I", "II", "III", "IV", "I_a", "I_b", "II_a", "II_b")
_TO_R8 = {"I": "I_a", "II": "II_a"}
_TO_R6 = {"I_a": "I", "I_b": "I", "II_a": "II", "II_b": "II"}


def wage_improvement_entry(service: str | Enum, on: dt.date | None = None) -> ValueEntry:
    return entry(f"wage_improvement.{service_id(service)}.rate", today(on))


def wage_improvement_rate(service: str | Enum, tier: str, on: dt.date | None = None) -> float:
    """処遇改善加算 rate (share of units) for ``tier``; 0.0 for "none".

    Tier names follow the table in force: "I"/"II" after 2026-06 mean Ⅰイ/Ⅱイ; "I_a".."II_b"
    before 2026-06 mean Ⅰ/Ⅱ.
    """
    if tier not in WAGE_TIERS:
        raise ValueError(f"unknown wage-improvement tier {tier!r}; known: {', '.join(WAGE_TIERS)}")
    if tier == "none":
        service_id(service)
        return 0.0
    table = wage_improvement_entry(service, on).value
    key = tier if tier in table else _TO_R8.get(tier, _TO_R6.get(tier, tier))
    return float(table[key])


# --- 加算 -------------------------------------------------------------------------------------------

_BASIS = {"units/day": "day", "units/month": "month", "units/visit": "visit"}


@dataclass(frozen=True)
class AddOn:
    """A selectable 加算 with its units and billing basis.

    Some 加算 are priced by the home's 入所定員 (看護体制加算 and 夜勤職員配置加算 of 特養: イ for 31〜50 places,
    ロ for 30 or 51 and more): ``by_places`` holds the bands (first place, last place, units) and ``units`` the
    units outside them; the reference value is then a table ``{"31-50" = …, other = …}``.
    """

    id: str
    name_ja: str
    name_en: str
    units: float
    basis: str  # "day" | "month" | "visit"
    confidence: str = "assumption"
    source: object = field(default=None, compare=False)
    note: str = ""
    by_places: tuple[tuple[int, int, float], ...] = ()

    def units_at(self, places: np.ndarray) -> np.ndarray | float:
        """Units per basis for a home of ``places`` (an array of any shape; a plain number when not banded)."""
        if not self.by_places:
            return self.units
        out = np.full(np.shape(places), self.units)
        for first, last, units in self.by_places:
            out = np.where((places >= first) & (places <= last), units, out)
        return out


def _banded_units(add_on_id: str, value: object) -> tuple[float, tuple[tuple[int, int, float], ...]]:
    """(units outside the bands, bands) of a 加算 value: a number, or ``{"31-50" = 6, other = 4}``."""
    if not isinstance(value, dict):
        return float(value), ()  # type: ignore[arg-type]
    if "other" not in value:
        raise ValueError(f"add-on {add_on_id}: a table of units by places needs an 'other' entry")
    bands = []
    for key, units in value.items():
        if key == "other":
            continue
        first, _, last = str(key).partition("-")
        bands.append((int(first), int(last), float(units)))
    return float(value["other"]), tuple(sorted(bands))


def add_on_options(service: str | Enum, on: dt.date | None = None) -> list[AddOn]:
    """All 加算 of ``service`` in force on ``on``."""
    sid, day = service_id(service), today(on)
    prefix = f"add_on.{sid}."
    out = []
    for pid in sorted(p for p in catalogue() if p.startswith(prefix)):
        try:
            out.append(add_on(sid, pid.removeprefix(prefix), day))
        except LookupError:
            continue
    return out


def add_on(service: str | Enum, add_on_id: str, on: dt.date | None = None) -> AddOn:
    """One 加算 by id (e.g. ``add_on("day_service", "bathing_i")``); ValueError naming an unknown id."""
    sid, day = service_id(service), today(on)
    pid = f"add_on.{sid}.{add_on_id}"
    if pid not in catalogue():
        known = [p.rsplit(".", 1)[1] for p in catalogue() if p.startswith(f"add_on.{sid}.")]
        raise ValueError(f"{sid}: unknown add-on {add_on_id!r}; known: {', '.join(sorted(known))}")
    param = parameter(pid)
    e = param.entry(day)
    units, bands = _banded_units(pid, e.value)
    return AddOn(
        id=add_on_id,
        name_ja=param.description,
        name_en=param.description_en,
        units=units,
        by_places=bands,
        basis=_BASIS[param.unit],
        confidence=e.confidence,
        source=e.source,
        note=e.note,
    )
