"""The 処遇改善加算 rate the reference pay already contains (the add-on above it is paid out as wages)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from simulator.reference._common import entry, today
from simulator.reference.fees import wage_improvement_rate


def pay_basis_rate(service: str | Enum, on: dt.date | None = None) -> float:
    """The add-on rate of the tier and date the pay figures were surveyed at (``wage_improvement.pay_basis``)."""
    basis = entry("wage_improvement.pay_basis", today(on)).value
    return wage_improvement_rate(service, str(basis["tier"]), on=dt.date.fromisoformat(str(basis["on"])))
