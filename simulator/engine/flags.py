"""Market warnings (STEP 1): what the ``market`` section says about the plan, as message keys.

The market fields do not change the monthly numbers; they raise visible warnings (``Result.flags``,
messages in simulator/locales/engine.toml) where the plan and the market disagree:

- ``engine.flag_plan_volume_exceeded``: the places the plan adds exceed the municipality's
  介護保険事業計画 見込量 (``market.municipal_plan_volume``) — 指定・公募 may not be granted for them.
- ``engine.flag_competition``: competitors plan at least as many places as the plan adds
  (``market.competing_places_planned``) while local demand grows slowly (below ``rules.flag.low_demand_growth``) —
  the ramp-up ceiling may not be reached.
- ``engine.flag_tight_labour``: the labour market is tight (``market.labour_tightness`` ≥ ``rules.flag.tight_labour``)
  but the plan assumes on-time hiring (``market.hiring_delay_months`` = 0) for a path that hires.

The two thresholds are warning levels (not model inputs: the numbers never depend on them), read from the
reference data with their reasons (``rules.flag.low_demand_growth``, ``rules.flag.tight_labour``: assumptions).
"""

from __future__ import annotations

from simulator import reference
from simulator.scenario import CapacityIncrease, Merger, NewService, Scenario


def added_places(scenario: Scenario) -> int:
    """Places (beds, day places, users for home services) added by capacity increases and new services."""
    total = 0
    for path in scenario.paths:
        if isinstance(path, CapacityIncrease):
            total += path.added_capacity
        elif isinstance(path, NewService):
            total += path.operation.capacity
    return total


def _hires(scenario: Scenario) -> bool:
    return any(isinstance(p, CapacityIncrease | NewService | Merger) for p in scenario.paths)


def market_flags(scenario: Scenario) -> list[str]:
    """Message keys of the market warnings that apply to ``scenario`` (in a fixed order)."""
    market, on = scenario.market, scenario.assumptions.start_date
    low_demand_growth = float(reference.get("rules.flag.low_demand_growth", on))
    tight_labour = float(reference.get("rules.flag.tight_labour", on))
    added = added_places(scenario)
    flags = []
    if market.municipal_plan_volume is not None and added > market.municipal_plan_volume:
        flags.append("engine.flag_plan_volume_exceeded")
    if added > 0 and market.competing_places_planned >= added and market.demand_growth_per_year < low_demand_growth:
        flags.append("engine.flag_competition")
    if _hires(scenario) and market.labour_tightness >= tight_labour and market.hiring_delay_months == 0:
        flags.append("engine.flag_tight_labour")
    return flags
