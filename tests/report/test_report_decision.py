"""The 判定 rule (simulator.decision): constructed cases whose answer follows from the rule itself."""

from __future__ import annotations

import math

import pytest
from test_report_support import synthetic_scenario

from simulator.decision import decide


def _scenario(min_npv=0.0, max_shortfall=0.10, min_dscr=1.2, floor=0.0):
    s = synthetic_scenario()
    s.workflow.criteria.min_npv_yen = min_npv
    s.workflow.criteria.max_shortfall_probability = max_shortfall
    s.workflow.criteria.min_dscr = min_dscr
    s.assumptions.cash_floor_yen = floor
    return s


def _metrics(npv=1e8, lowest=5e7, dscr=1.5):
    return {"npv_yen": npv, "lowest_cash_yen": lowest, "dscr_min": dscr}


def test_all_criteria_met_is_go():
    d = decide(_scenario(), _metrics(), shortfall_probability=0.05)
    assert d.verdict == "go" and d.label("ja") == "進める" and d.label("en") == "Go ahead"
    assert [c.name for c in d.checks] == ["npv", "shortfall", "dscr"]


@pytest.mark.parametrize(
    ("metrics", "shortfall", "failing"),
    [
        (_metrics(dscr=1.1), 0.05, "dscr"),
        (_metrics(), 0.15, "shortfall"),
        (_metrics(npv=-1), 0.05, "npv"),  # NPV fails but cash stays above the floor: conditional, not no-go
    ],
)
def test_one_criterion_missed_is_conditional(metrics, shortfall, failing):
    d = decide(_scenario(), metrics, shortfall)
    assert d.verdict == "conditional"
    assert [c.name for c in d.checks if c.passed is False] == [failing]
    assert any("満たさない" in line for line in d.reasons("ja"))


def test_npv_below_and_cash_below_floor_is_no_go():
    d = decide(_scenario(floor=1e7), _metrics(npv=-5e7, lowest=5e6), shortfall_probability=0.05)
    assert d.verdict == "no_go" and d.label("ja") == "見送り"


def test_without_risk_the_base_case_cash_stands_in_for_the_shortfall_criterion():
    ok = decide(_scenario(floor=0), _metrics(lowest=1.0))
    assert ok.verdict == "go" and [c.name for c in ok.checks] == ["npv", "cash_floor", "dscr"]
    short = decide(_scenario(floor=0), _metrics(lowest=-1.0))
    assert short.verdict == "conditional"


def test_no_debt_makes_dscr_not_applicable():
    d = decide(_scenario(), _metrics(dscr=math.nan), 0.0)
    dscr = next(c for c in d.checks if c.name == "dscr")
    assert dscr.passed is None and d.verdict == "go"
    assert any("借入なし" in line for line in d.reasons("ja"))
    assert any("no debt" in line for line in d.reasons("en"))


def test_thresholds_are_inclusive():
    d = decide(_scenario(min_npv=100.0, max_shortfall=0.1, min_dscr=1.2), _metrics(npv=100.0, dscr=1.2), 0.1)
    assert d.verdict == "go"


def test_reasons_write_money_in_the_callers_unit():
    """The app passes its 万円 choice; without it the reasons read in 千円 like the report tables."""
    found = decide(_scenario(), _metrics(npv=-76_914_000), shortfall_probability=0.05)
    in_man = found.reasons("ja", money=lambda yen: f"{yen / 10_000:,.0f}万円")
    assert any("-7,691万円" in line for line in in_man), in_man
    assert any("-76,914千円" in line for line in found.reasons("ja")), found.reasons("ja")
