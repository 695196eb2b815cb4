"""介護事業者の大規模化 フィージビリティ・シミュレーター — scale-up feasibility simulator.

Python API (imported lazily so that ``import simulator`` stays light):

- ``load_scenario(path)`` / ``save_scenario(scenario, path)``: TOML or JSON scenario files.
- ``simulate(scenario) -> Result``: the projection engine (base case).
- ``yen_per_unit(service, region_grade, on=date)``, ``fee_units(service, care_level, on=date, **variant)``,
  ``required_staff(service, users, on=date, **variant)``: cited reference data.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Scenario": "simulator.scenario",
    "load_scenario": "simulator.files",
    "save_scenario": "simulator.files",
    "simulate": "simulator.engine",
    "Result": "simulator.engine.result",
    "yen_per_unit": "simulator.reference",
    "fee_units": "simulator.reference",
    "required_staff": "simulator.reference",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'simulator' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
