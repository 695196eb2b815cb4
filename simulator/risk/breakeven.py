"""Break-even search for the risk page: the engine's one search (:mod:`simulator.engine.breakeven`)."""

from __future__ import annotations

from simulator.engine.breakeven import (
    RANGES,
    REASONS,
    WAGE_LEVEL_FIELD,
    BreakEvenError,
    Target,
    break_even,
    search,
)

__all__ = ["RANGES", "REASONS", "WAGE_LEVEL_FIELD", "BreakEvenError", "Target", "break_even", "search"]
