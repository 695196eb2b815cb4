"""The value types and the strict base every scenario section uses (shared by the schema modules).

Money is in yen, rates are shares of 1 (0.05 = 5 %), durations are months unless named.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError

Finite = Annotated[float, Field(allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Rate = Annotated[float, Field(ge=-0.5, le=1, allow_inf_nan=False)]  # growth or interest per year
Yen = Annotated[float, Field(ge=0, le=1e13, allow_inf_nan=False)]
SignedYen = Annotated[float, Field(ge=-1e13, le=1e13, allow_inf_nan=False)]
Month = Annotated[int, Field(ge=0, le=480)]  # months after the scenario's start date
Text = Annotated[str, Field(max_length=20_000)]
Name = Annotated[str, Field(max_length=200)]


class Strict(BaseModel):
    """Base for every section: unknown keys are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def cited(param_id: str, *, whole: bool = False) -> Any:
    """A field whose default is the reference value ``param_id`` in force today
    (:func:`simulator.reference.loader.schema_default`): the number's source, or its ASSUMPTION mark, is in
    ``simulator/reference/*.toml``, not in the schema. ``whole`` for a field of whole numbers (an ``int``)."""

    def default() -> float:
        from simulator.reference import loader

        return loader.schema_default(param_id, whole=whole)

    return Field(default_factory=default)


class CorpType(StrEnum):
    social_welfare = "social_welfare"  # 社会福祉法人
    company = "company"  # 株式会社・合同会社
    medical = "medical"  # 医療法人
    npo = "npo"  # NPO法人


class OtherParty(Strict):
    """A merger partner, an acquired business or a 協働化 member, at its own location: its 級地 prices its
    services (fee per unit, regional pay); simulator/location.py checks it against the municipality."""

    name: Name = ""
    corp_type: CorpType = CorpType.social_welfare
    municipality: Name = ""
    region_grade: Annotated[int, Field(ge=1, le=8)] | None = None  # None = its municipality's, else yours
    region_grade_override: bool = False  # a region_grade other than its municipality's, on purpose


def places_per_unit_applies(value: int | None, info: ValidationInfo) -> int | None:
    """A service's ``places_per_unit`` only where its posts count units (reference ``unit_sizes``: ユニット型特養,
    地域密着型特養, GH) and up to the most a unit may hold (15; a GH 共同生活住居 9); refused at the field itself."""
    if value is None or info.data.get("service") is None:  # a bad service is its own error
        return value
    from simulator.reference import unit_sizes

    service = info.data["service"]
    try:
        sizes = unit_sizes(getattr(service, "value", service), info.data.get("variant") or {})
    except (LookupError, ValueError):  # an unknown variant: the variant's own check names it
        return value
    if sizes is None:
        raise PydanticCustomError("places_per_unit_not_used", "places_per_unit is for unit-type homes", {})
    if value > sizes[1]:
        raise PydanticCustomError("places_per_unit_too_many", "a unit holds {limit} places at most", {"limit": sizes[1]})
    return value
