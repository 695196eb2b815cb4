"""Reference data for the pages (benchmarks with their sources).

A value the data does not have for these arguments (no survey figure for a service, no value in force
on the date: a ``LookupError``) is None, so a page can show "no benchmark". Anything else raises: a
wrong call is a bug, shown as the app's short notice and caught by the tests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from simulator import reference
from simulator.reference.loader import lookup


def call(name: str, *args: Any, **kwargs: Any) -> Any:
    """``simulator.reference.<name>(*args, **kwargs)``, or None where the data has no such value."""
    try:
        return getattr(reference, name)(*args, **kwargs)
    except LookupError:
        return None


def entry(param_id: str, on: dt.date) -> Any:
    """The dated entry (value, source, confidence) of a reference parameter, or None where none is in force."""
    try:
        return lookup(param_id, on)
    except LookupError:
        return None


def source_text(found: Any) -> str:
    """“title, locator” of an entry or of anything carrying ``source`` (or a plain string)."""
    if found is None:
        return ""
    if isinstance(found, str):
        return found
    source = getattr(found, "source", None)
    if source is None and isinstance(found, dict):
        source = found.get("source")
    if source is None:
        return ""
    if isinstance(source, str):
        return source
    title = getattr(source, "title", "")
    locator = getattr(source, "locator", "")
    return f"{title}{'、' + locator if locator else ''}"
