"""処遇改善加算 by service, tier and date, and the routes to the R8 ロ tiers (Ⅰロ・Ⅱロ, from 2026-06).

The one lookup other modules should use:

- ``wage_rate_entry(service, tier, on)`` → ValueEntry whose ``value`` is the rate (share of units) of
  ``tier`` for ``service`` in force on ``on``, with the table's source, confidence and note (an
  ``assumption`` where the rate was not found and was derived; the note says how);
- ``wage_improvement_rate(service, tier, on)`` (simulator.reference.fees) returns the bare float.

Tier names: "I".."IV" and, from 2026-06-01, "I_a" (Ⅰイ), "I_b" (Ⅰロ), "II_a" (Ⅱイ), "II_b" (Ⅱロ); the
names map across the date ("I" after 2026-06 is Ⅰイ, "I_b" before it is Ⅰ).

The ロ tiers need ONE route of ``tier_b_routes(service, on)`` (data: ``wage_improvement.tier_b_routes``):
``collaboration_corporation`` (社会福祉連携推進法人 membership, any service), ``productivity_addon``
(生産性向上推進体制加算 Ⅰ/Ⅱ, facilities and other services that have it), ``careplan_data_link``
(ケアプランデータ連携システム, visit and day services). ``tier_for(service, "I", routes, on)`` gives the tier a
provider with those measures can claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum

from simulator.reference._common import entry, service_id, today
from simulator.reference.fees import wage_improvement_entry, wage_improvement_rate
from simulator.reference.loader import ParameterNotInForce, ValueEntry

ROUTES: tuple[str, ...] = ("collaboration_corporation", "productivity_addon", "careplan_data_link")
ROUTES_PARAM = "wage_improvement.tier_b_routes"
_B_OF = {"I": "I_b", "I_a": "I_b", "I_b": "I_b", "II": "II_b", "II_a": "II_b", "II_b": "II_b"}
_A_OF = {"I": "I_a", "I_b": "I_a", "II": "II_a", "II_b": "II_a"}


def wage_rate_entry(service: str | Enum, tier: str, on: dt.date | None = None) -> ValueEntry:
    """The rate of ``tier`` for ``service`` on ``on`` with the table's source and confidence."""
    day = today(on)
    rate = wage_improvement_rate(service, tier, day)
    if tier == "none":
        table = wage_improvement_entry(service, day)
        return table.model_copy(update={"value": 0.0, "note": "算定なし / no add-on"})
    return wage_improvement_entry(service, day).model_copy(update={"value": rate})


def tier_b_routes(service: str | Enum, on: dt.date | None = None) -> tuple[str, ...]:
    """The measures that qualify ``service`` for Ⅰロ/Ⅱロ on ``on``; () before 2026-06 or with no ロ tier."""
    sid, day = service_id(service), today(on)
    try:
        table = entry(ROUTES_PARAM, day).value
    except ParameterNotInForce:
        return ()
    return tuple(table.get(sid, ()))


def qualifies_for_tier_b(service: str | Enum, held: Iterable[str], on: dt.date | None = None) -> bool:
    """True if one measure in ``held`` is a route to ロ for ``service`` on ``on``."""
    chosen = set(held)
    unknown = chosen - set(ROUTES)
    if unknown:
        raise ValueError(f"unknown route to the ロ tier {sorted(unknown)}; known: {', '.join(ROUTES)}")
    return bool(chosen & set(tier_b_routes(service, on)))


def tier_for(service: str | Enum, tier: str, held: Iterable[str], on: dt.date | None = None) -> str:
    """The tier claimable with the measures ``held``: Ⅰ/Ⅱ become ロ if a route is held, else イ (from 2026-06).

    Before 2026-06 (or for a service with no ロ route) the tier is returned as given, Ⅲ/Ⅳ/none too.
    """
    wage_improvement_rate(service, tier, on)  # validates the service and the tier name
    if tier not in _B_OF or not tier_b_routes(service, on):
        return tier
    return _B_OF[tier] if qualifies_for_tier_b(service, held, on) else _A_OF.get(tier, tier)
