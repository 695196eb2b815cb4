"""Reference data for the pages (benchmarks with their sources), tolerant while the facade is built.

Every function returns None when the value (or the reference facade) is not there, so a page can
show "no benchmark" instead of failing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from simulator.ui.state import optional


def facade() -> Any:
    return optional("simulator.reference")


def call(name: str, *args: Any, **kwargs: Any) -> Any:
    """``simulator.reference.<name>(*args, **kwargs)``, or None if it is missing or has no value."""
    module = facade()
    function = getattr(module, name, None) if module is not None else None
    if function is None:
        return None
    try:
        return function(*args, **kwargs)
    except Exception:  # noqa: BLE001 - a missing benchmark is shown as "none", not as an error
        return None


def entry(param_id: str, on: dt.date) -> Any:
    """The dated entry (value, source, confidence) of a reference parameter, or None."""
    try:
        from simulator.reference.loader import lookup

        return lookup(param_id, on)
    except Exception:  # noqa: BLE001
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
