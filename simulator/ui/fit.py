"""Which of the paths (協働化 first, then the four ways of growing) fit the organisation's situation (STEP 1), with the reasons.

Simple, explained rules of thumb. Each threshold below is this tool's assumption, shown on the
page next to the result, not a published figure: a reason for, or against, a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# 協働化 first: the guideline's chapter 1, the alternative to look at before growing alone
PATH_KINDS: tuple[str, ...] = ("collaboration", "capacity_increase", "new_service", "merger", "business_transfer")
SMALL_SERVICES = 3  # running this many services or fewer: back office and recruiting weigh on a small corporation

# Thresholds of the rules (assumptions of this tool, shown to the user).
FULL_OCCUPANCY = 0.90  # occupancy at or above this: demand exceeds the places
TIGHT_LABOUR = 0.6  # labour_tightness at or above this: hiring is hard
THIN_MARGIN = 0.03  # margin below this: the organisation is fragile on its own


@dataclass(frozen=True)
class Situation:
    """What STEP 1 found about the organisation and its market."""

    occupancy: float | None  # capacity-weighted, None = unknown
    margin: float | None  # 収支差率, None = unknown
    service_count: int
    demand_growth: float
    labour_tightness: float
    public_call_windows: int
    plan_room: float | None  # 見込量 minus places in the area that we know of; None = not entered


@dataclass(frozen=True)
class Fit:
    kind: str
    pros: list[str] = field(default_factory=list)  # message keys (ui.fit.reason.*)
    cons: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return len(self.pros) > len(self.cons)


def assess(s: Situation) -> list[Fit]:
    """The paths (協働化 first), each with the reasons for and against."""
    full = s.occupancy is not None and s.occupancy >= FULL_OCCUPANCY
    growing = s.demand_growth > 0
    tight = s.labour_tightness >= TIGHT_LABOUR
    thin = s.margin is not None and s.margin < THIN_MARGIN
    room = s.plan_room is None or s.plan_room > 0

    collab = Fit("collaboration")
    collab.pros.extend(k for k, ok in (("thin", thin), ("tight_shared", tight), ("small", s.service_count <= SMALL_SERVICES),
                                       ("not_growing", not growing)) if ok)
    collab.cons.extend(k for k, ok in (("no_services", s.service_count == 0),) if ok)
    cap = Fit("capacity_increase")
    cap.pros.extend(k for k, ok in (("full", full), ("growing", growing), ("call", s.public_call_windows > 0)) if ok)
    cap.cons.extend(k for k, ok in (("tight", tight), ("no_room", not room), ("not_full", not full and
                                                                                s.occupancy is not None)) if ok)
    new = Fit("new_service")
    new.pros.extend(k for k, ok in (("growing", growing), ("single", s.service_count <= 1)) if ok)
    new.cons.extend(k for k, ok in (("tight", tight), ("no_room", not room)) if ok)
    merger = Fit("merger")
    merger.pros.extend(k for k, ok in (("thin", thin), ("tight_shared", tight), ("not_growing", not growing)) if ok)
    merger.cons.extend(k for k, ok in (("healthy", s.margin is not None and not thin),) if ok)
    transfer = Fit("business_transfer")
    transfer.pros.extend(k for k, ok in (("tight_staff", tight), ("not_growing", not growing),
                                         ("full", full)) if ok)
    transfer.cons.extend(k for k, ok in (("thin_cash", thin),) if ok)
    return [collab, cap, new, merger, transfer]
