"""One risk run: the Monte Carlo, the tornado and the stress cases of a scenario, as the app and the
reports read them (issue 17: one risk result type; issue 15: the app's download has the CLI's risk pages).

:func:`run` computes one; :meth:`RiskRun.of` wraps what the risk functions returned (any part may be
missing). Every view (cash fan, NPV samples, percentiles, tornado bars, stress table) is a property.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from simulator.format import finite
from simulator.i18n import Lang
from simulator.risk.breakeven import BreakEven
from simulator.risk.montecarlo import RiskResult
from simulator.scenario import Scenario

BASE_CASE = "base"  # the first column of ``risk.stress``: the scenario as it is


@dataclass(frozen=True, eq=False)
class RiskRun:
    """What the risk module returned for one scenario. ``tornado``: rows of :func:`simulator.risk.tornado`;
    ``stress``: :func:`simulator.risk.stress` (index metric, first column the base case); ``break_even``:
    :func:`simulator.risk.breakeven.break_evens` (occupancy, fee level, wage level of the base case)."""

    monte_carlo: RiskResult | None = None
    tornado_table: pd.DataFrame | None = None
    stress_cases: pd.DataFrame | None = None
    break_even: tuple[BreakEven, ...] | None = None

    @classmethod
    def of(cls, monte_carlo: RiskResult | None, tornado: pd.DataFrame | None = None,
           stress: pd.DataFrame | None = None, break_even: tuple[BreakEven, ...] | None = None) -> RiskRun | None:
        """The run of the parts given (None when all are missing or empty)."""
        run_ = cls(monte_carlo, tornado if tornado is not None and len(tornado) else None,
                   stress if stress is not None and len(stress.columns) else None, break_even or None)
        return None if run_.empty else run_

    @property
    def empty(self) -> bool:
        return (self.monte_carlo is None and self.tornado_table is None and self.stress_cases is None
                and self.break_even is None)

    # -- Monte Carlo
    @property
    def trials(self) -> int | None:
        return self.monte_carlo.trials if self.monte_carlo is not None else None

    @property
    def seed(self) -> int | None:
        return self.monte_carlo.seed if self.monte_carlo is not None else None

    @cached_property
    def probabilities(self) -> dict[str, float]:
        """Share of trials (0-1) by event key, finite values only."""
        found = dict(self.monte_carlo.probabilities) if self.monte_carlo is not None else {}
        return {k: float(v) for k, v in found.items() if finite(v) is not None}

    @property
    def shortfall_probability(self) -> float | None:
        """The share of trials whose cash falls below the floor (what the verdict reads)."""
        return self.probabilities.get("cash_below_floor")

    @property
    def percentiles(self) -> pd.DataFrame | None:
        """Index metric key; columns P5 … P95 and mean."""
        pct = self.monte_carlo.percentiles if self.monte_carlo is not None else None
        return pct if pct is not None and not pct.empty else None

    @cached_property
    def fan(self) -> pd.DataFrame | None:
        """Month-end cash P10 / P50 / P90 (columns p10 …) indexed by date."""
        bands = self.monte_carlo.bands if self.monte_carlo is not None else None
        if bands is None or bands.empty:
            return None
        cash = {str(c).removeprefix("cash_"): bands[c].to_numpy() for c in bands.columns
                if str(c).startswith("cash_p")}
        if not cash:
            return None
        index = pd.DatetimeIndex(pd.to_datetime(bands["date"])) if "date" in bands.columns else bands.index
        return pd.DataFrame(cash, index=index)

    @cached_property
    def npv_samples(self) -> np.ndarray | None:
        samples = self.monte_carlo.metrics.get("npv_yen") if self.monte_carlo is not None else None
        return None if samples is None else np.asarray(samples, dtype=float).ravel()

    # -- tornado and stress
    @cached_property
    def tornado(self) -> pd.DataFrame | None:
        """Columns input (its name), low, high (the metric at the input's P10 / P90), base."""
        frame = self.tornado_table
        if frame is None:
            return None
        names = frame["name"] if "name" in frame.columns else frame["label"]
        return pd.DataFrame({
            "input": names.astype(str).to_numpy(),
            "low": frame["metric_at_low"].to_numpy(dtype=float),
            "high": frame["metric_at_high"].to_numpy(dtype=float),
            "base": frame["metric_base"].to_numpy(dtype=float),
            **{c: frame[c].to_numpy(dtype=float) for c in ("low_value", "high_value") if c in frame},
        })

    @property
    def tornado_left_out(self) -> list[str]:
        """The default inputs the tornado leaves out (they only drive correlated inputs)."""
        return list(self.tornado_table.attrs.get("drivers", [])) if self.tornado_table is not None else []

    @cached_property
    def stress(self) -> pd.DataFrame | None:
        """One row per stress case (its label), the base case first; columns metric keys. A case whose edits
        change nothing in this scenario (e.g. merger synergies in a capacity plan) is left out."""
        frame = self.stress_cases
        if frame is None:
            return None
        labels = frame.attrs.get("labels", {})
        unchanged = set(frame.attrs.get("unchanged", ()))
        cases = [c for c in frame.columns if c not in unchanged]
        table = frame[cases].T.copy()
        table.index = [str(labels.get(c, c)) for c in cases]
        return table

    @property
    def stress_without_base(self) -> pd.DataFrame | None:
        """:attr:`stress` without the base case's row."""
        table = self.stress
        if table is None or self.stress_cases is None or self.stress_cases.columns[0] != BASE_CASE:
            return table
        return table.iloc[1:]


def run(scenario: Scenario, trials: int = 1000, seed: int = 1, lang: Lang = "ja",
        tornado: bool = True, stress: bool = True, break_even: bool = True) -> RiskRun:
    """Monte Carlo (``trials``, ``seed``), the tornado and stress cases (labels in ``lang``) and the
    break-even of occupancy, fee level and wage level."""
    from simulator import risk
    from simulator.risk.breakeven import break_evens

    return RiskRun(risk.monte_carlo(scenario, trials=trials, seed=seed),
                   risk.tornado(scenario, lang=lang) if tornado else None,
                   risk.stress(scenario, lang=lang) if stress else None,
                   break_evens(scenario) if break_even else None)
