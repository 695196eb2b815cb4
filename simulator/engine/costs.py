"""Initial costs, depreciation and subsidies, vectorised over ``(trials, months)``.

- construction = floor area × cost per m² (floor area = places × reference m² per place unless given;
  cost per m² = reference unless given, for ``kind = "renovation"`` the reference new-build cost × the
  reference renovation share; ``kind = "none"`` builds nothing); paid in equal parts over
  ``months_to_build`` months ending the month before opening. Fit-out goes with the building.
- equipment (設備備品) = given or places × reference yen per place, paid the month before opening.
- opening preparation (開設準備経費) = given or places × reference yen per place, expensed over the
  hiring lead before opening.
- depreciation: straight line from the opening month, building (+ fit-out) over ``building_life_years``,
  equipment over ``equipment_life_years``.
- capital subsidies: cash in their month; released to the P&L in proportion to the depreciation of the
  plan's new assets (cumulative release = received × share depreciated) (国庫補助金等特別積立金取崩額 for a 社会福祉法人; for other corporations this
  equals the lower depreciation of 圧縮記帳). With no new depreciable asset the release is immediate.
- tax: :mod:`simulator.engine.cash` (with the P&L and cash of each side).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator import fieldpath
from simulator.engine.inputs import Inputs
from simulator.engine.refdata import RefData
from simulator.engine.timeline import Timeline, spread, window


@dataclass(frozen=True)
class Investment:
    capex: np.ndarray  # (T, M) cash out for assets
    one_off: np.ndarray  # (T, M) expensed (opening preparation)
    depreciation: np.ndarray  # (T, M)
    depreciable_total: np.ndarray  # (T, 1) cost of the assets depreciated
    uses: dict[str, np.ndarray] = field(default_factory=dict)  # (T, 1) building, equipment, opening preparation

    @property
    def book_value(self) -> np.ndarray:
        return np.cumsum(self.capex, axis=1) - np.cumsum(self.depreciation, axis=1)


def straight_line(tl: Timeline, cost: np.ndarray, start: np.ndarray, life_years: np.ndarray) -> np.ndarray:
    """Monthly straight-line depreciation of ``cost`` over ``life_years`` from month ``start``."""
    months = np.maximum(np.round(life_years * 12.0), 1.0)
    return window(tl, start, start + months) * (cost / months)


def construction(inp: Inputs, tl: Timeline, ref: RefData, prefix: str, service: str, places: np.ndarray,
                 opening: np.ndarray, lead: np.ndarray) -> Investment:
    """Capex, opening costs and depreciation of a path's ``construction`` section at ``prefix``."""
    spec = fieldpath.get(inp.scenario, prefix)
    c = f"{prefix}.construction"
    if spec.construction.kind == "none":
        building = inp.const(0.0)
    else:
        area = inp.given(f"{c}.floor_area_m2",
                         lambda: places * float(ref.at_start("construction", "m2_per_place", service=service)))
        reference_cost = float(ref.at_start("building_cost_per_m2", service, spec.construction.kind))
        unit_cost = inp.given(f"{c}.cost_per_m2_yen", lambda: inp.const(reference_cost))
        building = area * unit_cost
    building = building + inp.num(f"{c}.fit_out_yen")
    equipment = _per_place(inp, ref, f"{c}.equipment_yen", places, "equipment_yen_per_place", service)
    prep = _per_place(inp, ref, f"{c}.opening_prep_yen", places, "opening_prep_yen_per_place", service)
    build_months = inp.num(f"{c}.months_to_build")
    capex = spread(tl, building, opening - build_months, build_months) + spread(tl, equipment, opening - 1, 1.0)
    one_off = spread(tl, prep, opening - np.maximum(lead, 1.0), np.maximum(lead, 1.0))
    depreciation = (straight_line(tl, building, opening, inp.num(f"{c}.building_life_years"))
                    + straight_line(tl, equipment, opening, inp.num(f"{c}.equipment_life_years")))
    return Investment(capex=capex, one_off=one_off, depreciation=depreciation,
                      depreciable_total=building + equipment,
                      uses={"construction": building, "equipment": equipment, "opening_prep": prep})


def _per_place(inp: Inputs, ref: RefData, path: str, places: np.ndarray, name: str, service: str) -> np.ndarray:
    return inp.given(path, lambda: places * float(ref.at_start("construction", name, service=service)))


def subsidy_release(capital_received: np.ndarray, new_depreciation: np.ndarray,
                    depreciable_total: np.ndarray) -> np.ndarray:
    """Release of capital subsidies against the depreciation of the new assets.

    Cumulative release = subsidy received so far × share of the new assets depreciated so far; a
    subsidy arriving after depreciation began catches up at once. Without new assets: released at once.
    """
    has_assets = depreciable_total > 0
    shape = np.broadcast_shapes(np.shape(new_depreciation), np.shape(depreciable_total))  # a row, or every trial's
    depreciated = np.divide(np.cumsum(new_depreciation, axis=1), depreciable_total, out=np.ones(shape),
                            where=has_assets)
    released = np.cumsum(capital_received, axis=1) * np.clip(depreciated, 0.0, 1.0)
    return np.diff(released, axis=1, prepend=0.0)
