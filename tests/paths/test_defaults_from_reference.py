"""Defaults of the path specs come from the reference data (with a source, or marked ``assumption``),
never from a number in the schema: an empty field prices as the reference value, a given one as given."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import reference
from simulator.engine import simulate
from simulator.files import load_scenario
from simulator.scenario import Merger

ROOT = Path(__file__).resolve().parents[2]
MERGER = ROOT / "scenarios" / "merger_two_welfare_corps.toml"


def _with_backoffice_wage(value):
    s = load_scenario(MERGER)
    data = s.model_dump()
    index = next(i for i, p in enumerate(s.paths) if isinstance(p, Merger))
    data["paths"][index]["synergies"]["backoffice_wage_yen_per_year"] = value
    return type(s).model_validate(data)


def test_an_empty_backoffice_wage_is_the_reference_assumption():
    s = _with_backoffice_wage(None)
    found = reference.labour_entry("backoffice_wage_yen_per_year", on=s.assumptions.start_date)
    assert found.confidence == "assumption" and found.source.url
    empty = simulate(s).metrics["npv_yen"]
    assert empty == pytest.approx(simulate(_with_backoffice_wage(found.value)).metrics["npv_yen"], rel=1e-12)
    # a dearer post removed saves more: the NPV rises with the wage the merger no longer pays
    assert simulate(_with_backoffice_wage(found.value * 2)).metrics["npv_yen"] > empty
