"""Risk: Monte Carlo, tornado, stress cases and break-even search, all on the one engine's trial axis.

Public API: ``monte_carlo``, ``RiskResult``, ``tornado``, ``stress``, ``break_even``, ``uncertain_inputs``.
The functions are bound here eagerly: ``tornado`` and ``stress`` share their modules' names, and a lazy
lookup would hand out the module once the submodule had been imported.
"""

from __future__ import annotations

from simulator.risk.breakeven import break_even
from simulator.risk.defaults import uncertain_inputs
from simulator.risk.montecarlo import RiskResult, monte_carlo
from simulator.risk.stress import stress
from simulator.risk.tornado import tornado

__all__ = ["RiskResult", "break_even", "monte_carlo", "stress", "tornado", "uncertain_inputs"]
