"""Each member's view of a 協働化 path: what it pays, what it saves, what its staff gain, by fiscal year.

The same ledgers the engine books for the organisation (:func:`simulator.paths.collaboration.ledgers`),
for every member, on the base case (one trial). ``pays`` = its costs (its share of the pooled costs and
its own), ``saves`` = its savings, extra 加算 and grant share, ``staff_gain`` = the wages its staff gain
(the 処遇改善 ロ add-on and the wage-support top-up, paid out in full), ``net`` = saves − pays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.engine.projection import base_context
from simulator.paths.collaboration import LINES, ledgers
from simulator.scenario import Collaboration, Scenario

COLUMNS = ("pays_yen", "saves_yen", "staff_gain_yen", "net_yen")


def collaboration_paths(scenario: Scenario) -> list[int]:
    """Indices of the scenario's 協働化 paths."""
    return [i for i, p in enumerate(scenario.paths) if isinstance(p, Collaboration)]


def _collaboration(scenario: Scenario, index: int) -> Collaboration:
    spec = scenario.paths[index]
    if not isinstance(spec, Collaboration):
        raise ValueError(f"paths[{index}] is not a collaboration path")
    return spec


def member_view(scenario: Scenario, index: int | None = None) -> pd.DataFrame:
    """Rows (member, fiscal year starting month), columns :data:`COLUMNS` in yen, for path ``index``
    (default the first 協働化 path). Member 0 is the organisation."""
    found = collaboration_paths(scenario)
    if index is None:
        if not found:
            raise ValueError("the scenario has no collaboration path")
        index = found[0]
    spec = _collaboration(scenario, index)
    ctx = base_context(scenario)
    years = np.arange(ctx.tl.months) // 12
    rows = []
    for number, ledger in enumerate(ledgers(ctx, spec, index)):
        monthly = {"pays_yen": ledger.side("pays"), "saves_yen": ledger.side("saves"),
                   "staff_gain_yen": ledger.side("staff")}
        for year in range(int(years.max()) + 1):
            mask = years == year
            row = {k: float(np.sum(np.broadcast_to(v, (1, ctx.tl.months))[0, mask])) for k, v in monthly.items()}
            row["net_yen"] = row["saves_yen"] - row["pays_yen"]
            rows.append({"member": number, "name": ledger.name, "year": year + 1, "share": float(ledger.share[0, 0]),
                         **row})
    return pd.DataFrame(rows).set_index(["member", "year"])


def lines_by_member(scenario: Scenario, index: int, year: int) -> pd.DataFrame:
    """Rows = ledger lines, columns = members: yen in plan year ``year`` (1 = the first 12 months), signed
    as the line moves the member's result (+ better, − worse)."""
    spec = _collaboration(scenario, index)
    ctx = base_context(scenario)
    mask = (np.arange(ctx.tl.months) // 12) == year - 1
    table = {}
    for ledger in ledgers(ctx, spec, index):
        column = {}
        for line, values in ledger.lines.items():
            column_name, sign, _ = LINES[line]
            effect = 1.0 if column_name.startswith("revenue") else -sign
            column[line] = effect * float(np.broadcast_to(values, (1, ctx.tl.months))[0, mask].sum())
        table[ledger.name] = column
    return pd.DataFrame(table).fillna(0.0)
