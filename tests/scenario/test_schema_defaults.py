"""Every default number of the scenario schema lives in the reference data with its source, or marked there as an
ASSUMPTION (issue 17 item 5): the schema modules read it through ``schema_types.cited`` →
``loader.schema_default``, and no numeric literal default is left in them but the neutral ones."""

from __future__ import annotations

import inspect
from typing import Annotated

import pytest
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from simulator import collaboration_levers, criteria, scenario
from simulator.reference import catalogue
from simulator.reference.loader import ReferenceDataError, schema_default

MODULES = (scenario, criteria, collaboration_levers)
MODELS = [cls for module in MODULES for _, cls in inspect.getmembers(module, inspect.isclass)
          if issubclass(cls, BaseModel) and cls.__module__ == module.__name__]
FIELDS = [(cls.__name__, name, field) for cls in MODELS for name, field in cls.model_fields.items()]

# literal defaults that are no figure to cite: a factor that changes nothing (1.0 = as planned / as the reference
# pay), a category code (8 = その他, the 級地 outside the graded areas) and the file format's version
NEUTRAL = {
    ("Assumptions", "wage_level"): 1.0,
    ("PartnerProfile", "wage_level_vs_own"): 1.0,
    ("Synergies", "realisation"): 1.0,
    ("Collaboration", "realisation"): 1.0,
    ("Organisation", "region_grade"): 8,
    ("Scenario", "schema_version"): scenario.SCHEMA_VERSION,
}


def _cited_id(field: FieldInfo) -> str | None:
    """The reference id behind a ``cited`` default (the factory's closure), else None."""
    factory = field.default_factory
    if factory is None or getattr(factory, "__qualname__", "") != "cited.<locals>.default":
        return None
    return dict(zip(factory.__code__.co_freevars, [c.cell_contents for c in factory.__closure__ or ()],
                    strict=True))["param_id"]


def test_the_schema_has_models_and_cited_defaults():
    assert len(MODELS) > 30
    assert sum(_cited_id(f) is not None for _, _, f in FIELDS) >= 39  # 39 when written (issue 17 item 5)


def test_no_numeric_literal_default_but_zero_and_the_neutral_ones():
    literal = {(model, name): field.default for model, name, field in FIELDS
               if isinstance(field.default, int | float) and not isinstance(field.default, bool)
               and field.default != 0}
    unexplained = {key: value for key, value in literal.items() if NEUTRAL.get(key) != value}
    assert not unexplained, ("move these defaults to simulator/reference/*.toml with their source (or marked "
                             f"ASSUMPTION) and read them with schema_types.cited: {unexplained}")


@pytest.mark.parametrize(("model", "name", "field"), [f for f in FIELDS if _cited_id(f[2])],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_each_cited_default_is_a_reference_value_the_field_accepts(model: str, name: str, field: FieldInfo):
    param_id = _cited_id(field)
    assert param_id in catalogue(), f"{model}.{name}: unknown reference id {param_id}"
    value = field.get_default(call_default_factory=True)
    assert TypeAdapter(Annotated[field.annotation, *field.metadata]).validate_python(value) == value
    if field.annotation is int:  # a whole-number field gets an int (saved as 12, shown as 12, not 12.0)
        assert type(value) is int, f"{model}.{name}: {value!r}"
    entry = catalogue()[param_id].values[-1]
    assert entry.source.url and (entry.confidence != "assumption" or "ASSUMPTION" in entry.note)


def test_schema_default_whole_numbers():
    assert schema_default("plan.horizon_months", whole=True) == 120  # plan.toml
    assert type(schema_default("plan.horizon_months", whole=True)) is int
    assert type(schema_default("plan.horizon_months")) is float
    with pytest.raises(ReferenceDataError, match="ramp.start"):
        schema_default("ramp.start", whole=True)  # 0.3 is not a whole number of anything
