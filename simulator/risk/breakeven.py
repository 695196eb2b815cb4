"""Break-even for the risk page and the reports: the engine's one search (:mod:`simulator.engine.breakeven`)
for each of its targets, with one wording (:func:`simulator.metric_text.break_even_text`).

:func:`break_evens` runs the search for occupancy, fee level and wage level on the base case; a
:class:`BreakEven` holds one outcome (the value, or the reason there is none) and words it. The risk run
(:class:`simulator.risk.run.RiskRun`) carries the three, so the app computes them once per scenario and
the reports show what the app showed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.engine.breakeven import (
    RANGES,
    REASONS,
    TARGETS,
    WAGE_LEVEL_FIELD,
    BreakEvenError,
    Target,
    break_even,
    search,
)
from simulator.i18n import Lang, t
from simulator.metric_text import break_even_text
from simulator.risk.text import table
from simulator.scenario import Scenario

__all__ = ["RANGES", "REASONS", "TARGETS", "WAGE_LEVEL_FIELD", "BreakEven", "BreakEvenError", "Target",
           "break_even", "break_even_json", "break_even_lines", "break_even_text_block", "break_evens", "search"]


@dataclass(frozen=True)
class BreakEven:
    """One target's outcome of the search on the base case. ``value``: the search's own unit (occupancy and
    fee change as a share, the wage level with 1.0 = plan), NaN where there is none; ``reason``: a name
    of :data:`REASONS`."""

    target: str
    value: float
    reason: str

    @property
    def found(self) -> bool:
        return self.reason == "found" and math.isfinite(self.value)

    @property
    def share(self) -> float:
        """The value as the reports show it, as a share: the occupancy, or the change against the plan of
        fees (from the second year) and wages (NaN where there is none)."""
        if not self.found:
            return math.nan
        return self.value - 1.0 if self.target == "wage_level" else self.value

    def label(self, lang: Lang = "ja") -> str:
        return t(f"risk.break_even.{self.target}", lang)

    def text(self, lang: Lang = "ja") -> str:
        """The value (84.0 %, -13.3 %, +19.9 %) or why there is none, in the engine's one wording."""
        return break_even_text(self.value, float(REASONS.index(self.reason)), lang, self.target)


def break_evens(scenario: Scenario) -> tuple[BreakEven, ...]:
    """The base case's break-even for each target of :data:`TARGETS` (incremental NPV = 0), by the one
    search (two vectorised engine runs each)."""
    out = []
    for target in TARGETS:
        values, reasons = search(scenario, target)
        out.append(BreakEven(target, float(values[0]), REASONS[int(reasons[0])]))
    return tuple(out)


def break_even_lines(found: tuple[BreakEven, ...], lang: Lang = "ja") -> list[tuple[str, str]]:
    """(label, value or reason) per target: the lines the app, the reports and the CLI show."""
    return [(b.label(lang), b.text(lang)) for b in found]


def break_even_text_block(found: tuple[BreakEven, ...], lang: Lang = "ja") -> str:
    """The CLI's block: a title, one line per target, the note on how to read them."""
    return "\n".join([t("risk.title.break_even", lang), "",
                      table([list(row) for row in break_even_lines(found, lang)],
                            [t("risk.col.metric", lang), t("risk.col.break_even", lang)], left=2),
                      "", t("risk.note.break_even", lang)])


def break_even_json(found: tuple[BreakEven, ...]) -> dict[str, dict[str, float | str | None]]:
    return {b.target: {"value": b.value if math.isfinite(b.value) else None, "reason": b.reason} for b in found}
