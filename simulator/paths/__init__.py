"""The four expansion paths: each module turns its spec into :class:`~simulator.engine.changes.Changes`."""

from __future__ import annotations

from simulator.engine.changes import Changes, Context
from simulator.scenario import BusinessTransfer, CapacityIncrease, Merger, NewService


def changes_for(ctx: Context, spec: object, index: int) -> Changes:
    """The changes path number ``index`` makes to the organisation."""
    from simulator.paths import capacity, merger, new_service, transfer

    if isinstance(spec, CapacityIncrease):
        return capacity.changes(ctx, spec, index)
    if isinstance(spec, NewService):
        return new_service.changes(ctx, spec, index)
    if isinstance(spec, Merger):
        return merger.changes(ctx, spec, index)
    if isinstance(spec, BusinessTransfer):
        return transfer.changes(ctx, spec, index)
    raise TypeError(f"unknown path kind {type(spec).__name__}")
