"""What a path does to the organisation: blocks added or replaced, and extra monthly items.

Every path module (``simulator.paths.*``) turns its spec into a :class:`Changes`; the projection adds
all changes to the do-nothing baseline. Item arrays are ``(trials, months)`` in yen per month and
use the column names of ``MONTHLY_COLUMNS`` (e.g. ``"capex_yen"``, ``"one_off_costs_yen"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.costs import Investment
from simulator.engine.financing import DebtFlows
from simulator.engine.inputs import Inputs
from simulator.engine.refdata import RefData
from simulator.engine.timeline import Timeline

ITEM_COLUMNS = (
    "revenue_other_yen", "personnel_yen", "recruiting_yen", "other_costs_yen", "rent_yen",
    "one_off_costs_yen", "depreciation_yen", "capex_yen", "other_cash_flow_yen", "fixed_assets_yen", "goodwill_yen",
    "hires",
)


Scale = np.ndarray | None  # (T, 1) calibration factor; None = 1 (not calibrated: no multiplication)


@dataclass(frozen=True)
class Stated:
    """What the scenario's file states, fixed while overrides, samples or a stress case move the inputs:
    the calibration factors of the services stated with actual accounts (the organisation's, a merger
    partner's or an acquired business's: ``scales``, by block prefix) and the earnings each business
    transfer is priced on (``deal_earnings``, by path number)."""

    scales: dict[str, tuple[Scale, Scale]]
    deal_earnings: dict[int, np.ndarray]
    references: frozenset[str] = field(default=frozenset())  # ids of the reference parameters read


@dataclass
class Context:
    """Everything a path needs to describe its changes."""

    inp: Inputs
    tl: Timeline
    ref: RefData
    org_blocks: list[Block]  # the organisation's services as running blocks (index = service number)
    benchmark: object  # benchmark(service, name) -> float at the start date
    wage_growth: np.ndarray  # (T, 1)
    social_rate: float
    common: dict = field(default_factory=dict)  # keyword arguments of evaluate() (fee factor, turnover …)
    cost_per_hire: np.ndarray | float = 0.0
    memo: dict = field(default_factory=dict)  # evaluate(): a block's revenue and staff, reused within a projection
    # what the scenario's file states (Stated: calibration factors, the earnings a business
    # transfer is priced on), set when a projection has overrides or a calibrate_from scenario
    stated: Stated | None = None

    def zeros(self) -> np.ndarray:
        return np.zeros((self.inp.trials, self.tl.months))


@dataclass
class Changes:
    replace: dict[int, Block] = field(default_factory=dict)
    add: list[Block] = field(default_factory=list)
    items: dict[str, np.ndarray] = field(default_factory=dict)
    debt: list[DebtFlows] = field(default_factory=list)
    new_depreciation: np.ndarray | float = 0.0  # depreciation of new assets (capital subsidy release)
    depreciable_total: np.ndarray | float = 0.0
    own_wage_factor: np.ndarray | float = 1.0  # multiplies the wages of the organisation's own services
    other_cost_factor: np.ndarray | float = 1.0  # multiplies every block's other costs (procurement)
    flags: list[str] = field(default_factory=list)
    uses: dict[str, np.ndarray] = field(default_factory=dict)  # (T, 1) what the plan pays for, by kind (資金計画)

    def add_item(self, column: str, values: np.ndarray) -> None:
        if column not in ITEM_COLUMNS:
            raise KeyError(f"unknown item column {column!r}")
        self.items[column] = self.items.get(column, 0.0) + values

    def add_investment(self, inv: Investment) -> None:
        """Book new assets (construction, equipment, opening costs) and their depreciation."""
        self.add_item("capex_yen", inv.capex)
        self.add_item("one_off_costs_yen", inv.one_off)
        self.add_item("depreciation_yen", inv.depreciation)
        self.add_item("fixed_assets_yen", inv.book_value)
        self.new_depreciation, self.depreciable_total = inv.depreciation, inv.depreciable_total
        for kind, amount in inv.uses.items():
            self.add_use(kind, amount)

    def add_use(self, kind: str, amount: np.ndarray) -> None:
        """Note ``amount`` (yen per trial) as a use of funds of ``kind`` (construction, acquisition …)."""
        self.uses[kind] = self.uses.get(kind, 0.0) + amount

    def merge(self, other: Changes) -> Changes:
        overlap = set(self.replace) & set(other.replace)
        if overlap:
            raise ValueError(f"two paths change the same site of service {sorted(overlap)}: "
                             "use new_site = true for the second")
        out = Changes(replace={**self.replace, **other.replace}, add=self.add + other.add,
                      items=dict(self.items), debt=self.debt + other.debt,
                      new_depreciation=self.new_depreciation + other.new_depreciation,
                      depreciable_total=self.depreciable_total + other.depreciable_total,
                      own_wage_factor=self.own_wage_factor * other.own_wage_factor,
                      other_cost_factor=self.other_cost_factor * other.other_cost_factor,
                      flags=self.flags + other.flags)
        for column, values in other.items.items():
            out.add_item(column, values)
        for source in (self, other):
            for kind, amount in source.uses.items():
                out.add_use(kind, amount)
        return out


__all__ = ["Changes", "Context", "ITEM_COLUMNS", "Inputs", "RefData", "Stated", "Timeline"]
