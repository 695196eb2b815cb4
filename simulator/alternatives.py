"""協働化 beside growing alone: the same organisation (so the same do-nothing baseline) with 協働化, a
capacity increase, a merger, or "協働化 now, merger later" (the guideline: collaboration as a road to a merger).

Builds the scenarios; :func:`simulator.compare.compare` runs them side by side.
"""

from __future__ import annotations

from simulator.scenario import Collaboration, CollaborationMember, Merger, PartnerProfile, Scenario


def member_as_partner(member: CollaborationMember) -> PartnerProfile:
    """A collaboration member as the partner of a merger (its services and totals; its balance sheet is
    the user's to add)."""
    return PartnerProfile(name=member.name, corp_type=member.corp_type, services=list(member.services),
                          revenue_yen_per_year=member.revenue_yen_per_year)


def with_paths(scenario: Scenario, paths: list, title: str) -> Scenario:
    """The scenario with only ``paths`` (the organisation, market and assumptions unchanged)."""
    meta = scenario.meta.model_copy(update={"title": title})
    return scenario.model_copy(update={"paths": list(paths), "meta": meta})


def collaboration_then_merger(collaboration: Collaboration, merger: Merger) -> list[Collaboration | Merger]:
    """The two paths in sequence: the collaboration ends the month the merger takes effect (its
    ``approval_lead_months``), when the partner's services join the organisation."""
    effective = merger.approval_lead_months
    if effective <= collaboration.start_month:
        raise ValueError(f"the merger takes effect in month {effective}, before the collaboration starts "
                         f"(month {collaboration.start_month})")
    return [collaboration.model_copy(update={"end_month": effective}), merger]


def side_by_side(scenario: Scenario, collaboration: Collaboration, *, merger: Merger | None = None,
                 growing_alone: list | None = None, names: dict[str, str] | None = None) -> list[Scenario]:
    """Scenarios on the same baseline: 協働化; each way of growing alone given; the merger; and 協働化 then
    the merger. ``names`` labels them (keys ``collaboration``, ``alone_<i>``, ``merger``, ``sequence``)."""
    label = {"collaboration": "協働化", "merger": "合併", "sequence": "協働化 → 合併", **(names or {})}
    out = [with_paths(scenario, [collaboration], label["collaboration"])]
    for i, path in enumerate(growing_alone or []):
        out.append(with_paths(scenario, [path], label.get(f"alone_{i}", path.label or path.kind)))
    if merger is not None:
        out.append(with_paths(scenario, [merger], label["merger"]))
        out.append(with_paths(scenario, collaboration_then_merger(collaboration, merger), label["sequence"]))
    return out
