"""The expansion paths (and 協働化): each module turns its spec into :class:`~simulator.engine.changes.Changes`.

This package is the engine's only way into the paths: :func:`changes_for` (what a path changes) and
:func:`stated_earnings` (the earnings a business transfer is priced on)."""

from __future__ import annotations

from simulator.engine.changes import Changes, Context
from simulator.paths import capacity, collaboration, merger, new_service, transfer
from simulator.paths.transfer import stated_earnings
from simulator.scenario import BusinessTransfer, CapacityIncrease, Collaboration, Merger, NewService


def changes_for(ctx: Context, spec: object, index: int) -> Changes:
    """The changes path number ``index`` makes to the organisation."""
    if isinstance(spec, CapacityIncrease):
        return capacity.changes(ctx, spec, index)
    if isinstance(spec, NewService):
        return new_service.changes(ctx, spec, index)
    if isinstance(spec, Merger):
        return merger.changes(ctx, spec, index)
    if isinstance(spec, BusinessTransfer):
        return transfer.changes(ctx, spec, index)
    if isinstance(spec, Collaboration):
        return collaboration.changes(ctx, spec, index)
    raise TypeError(f"unknown path kind {type(spec).__name__}")


__all__ = ["changes_for", "stated_earnings"]
