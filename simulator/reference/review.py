"""Staleness: parameters whose ``review_by`` date has passed without a newer dated value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from simulator.reference.loader import Parameter, catalogue


def stale_parameters(today: dt.date, params: Iterable[Parameter] | None = None) -> list[str]:
    """Ids of parameters due for review on ``today``: review_by passed and no value starting on/after it."""
    chosen = catalogue().values() if params is None else params
    out = []
    for param in chosen:
        if param.review_by is None or today <= param.review_by:
            continue
        if max(v.valid_from for v in param.values) < param.review_by:
            out.append(param.id)
    return sorted(out)
