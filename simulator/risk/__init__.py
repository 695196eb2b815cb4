"""Risk: Monte Carlo, tornado, stress cases and break-even search, all on the one engine's trial axis.

Public API (imported lazily so that ``import simulator.risk`` stays light):
``monte_carlo``, ``RiskResult``, ``tornado``, ``stress``, ``break_even``, ``uncertain_inputs``.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "monte_carlo": "simulator.risk.montecarlo",
    "RiskResult": "simulator.risk.montecarlo",
    "tornado": "simulator.risk.tornado",
    "stress": "simulator.risk.stress",
    "break_even": "simulator.risk.breakeven",
    "uncertain_inputs": "simulator.risk.defaults",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'simulator.risk' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
