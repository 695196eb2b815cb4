"""The 判定 table (simulator.decision, issue 14 item 6): each branch reached by constructed metrics on a
shipped scenario (its paths and criteria), the levers by the engine itself.

Criteria defaults (reference/finance.toml): DSCR ≥ 1.2 (lender.dscr.min), 債務償還年数 ≤ 10 years
(lender.debt_repayment_years.max), break-even occupancy ≤ 85 % (lender.break_even_occupancy.max); levers:
occupancy ≤ 95 %, fee +3 %, wage level −3 % (verdict.lever.*).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from simulator.decision import decide
from simulator.decision_levers import POINTS, Lever
from simulator.engine import simulate
from simulator.engine.breakeven import metrics_at
from simulator.files import load_scenario
from simulator.reference import loader

ROOT = Path(__file__).resolve().parents[2]
NAN = math.nan


def _scenario(name: str = "capacity_tokuyo_30beds", **criteria):
    s = load_scenario(ROOT / "scenarios" / f"{name}.toml")
    for key, value in criteria.items():
        setattr(s.workflow.criteria, key, value)
    s.assumptions.cash_floor_yen = 0.0
    return s


def _metrics(**changes):
    """A plan that meets every default criterion: NPV 1億円, paid back in month 60, lowest cash 5,000万円,
    DSCR 1.5, 債務償還年数 6 years, break-even occupancy 80 % (found)."""
    base = {"npv_yen": 1e8, "payback_month": 60.0, "lowest_cash_yen": 5e7, "dscr_min": 1.5,
            "years_without_repayment_source": 0.0, "debt_repayment_years": 6.0,
            "break_even_occupancy": 0.80, "break_even_occupancy_reason": 0.0}
    return {**base, **changes}


def _no_levers(*_args):
    raise AssertionError("the levers must not be tried on this branch")


def _fee_closes(scenario, metrics, meets, break_even_fails):
    """A stand-in for the engine: the fee lever closes at +2 %, the others not within their ranges."""
    return (Lever("occupancy", 0.90, 0.95, None), Lever("fee_level", 0.0, 0.03, 0.02),
            Lever("wage_level", 1.0, 0.97, None))


def _nothing_closes(scenario, metrics, meets, break_even_fails):
    return (Lever("fee_level", 0.0, 0.03, None), Lever("wage_level", 1.0, 0.97, None))


def test_defaults_are_the_cited_reference_values():
    c = _scenario().workflow.criteria
    today = __import__("datetime").date.today()
    assert c.min_dscr == loader.get("lender.dscr.min", today) == 1.2
    assert c.max_debt_repayment_years == loader.get("lender.debt_repayment_years.max", today) == 10
    assert c.max_break_even_occupancy == 0.85
    assert (c.lever_occupancy_max, c.lever_fee_increase_max, c.lever_wage_cut_max) == (0.95, 0.03, 0.03)


def test_every_criterion_met_is_go():
    d = decide(_scenario(), _metrics(), 0.05, levers=_no_levers)
    assert d.verdict == "go" and d.label("ja") == "進める" and d.label("en") == "Go ahead"
    assert [c.name for c in d.checks] == ["npv", "cash_floor", "shortfall", "dscr", "debt_repayment_years",
                                          "break_even_occupancy"]
    assert all(c.passed for c in d.checks)


def test_thresholds_are_inclusive():
    # DSCR exactly 1.2, 債務償還年数 exactly 10, break-even exactly 85 %, NPV exactly the minimum: all met
    d = decide(_scenario(min_npv_yen=100.0), _metrics(npv_yen=100.0, dscr_min=1.2, debt_repayment_years=10.0,
                                                      break_even_occupancy=0.85), 0.10, levers=_no_levers)
    assert d.verdict == "go"


@pytest.mark.parametrize(("changes", "failing"), [
    ({"dscr_min": 1.1}, "dscr"),  # 1.0 ≤ 1.1 < 1.2: covered, below the lender's margin → a lever may close it
    ({"debt_repayment_years": 12.0}, "debt_repayment_years"),  # 12 > 10 years
    ({"break_even_occupancy": 0.88}, "break_even_occupancy"),  # 88 % > 85 %
    ({"npv_yen": -1e6}, "npv"),  # NPV < 0 but paid back in month 60: not the no-payback line
])
def test_a_gap_a_lever_closes_is_conditional_naming_the_lever_and_amount(changes, failing):
    d = decide(_scenario(), _metrics(**changes), levers=_fee_closes)
    assert d.verdict == "conditional" and d.label("ja") == "条件付き"
    assert [c.name for c in d.checks if c.passed is False] == [failing]
    # the fee lever at +2 % of its 3 % range: named with its amount, in both languages
    assert d.conditions("ja") == ["報酬水準を 2 年目から 2.0% 以上引き上げる（加算の取得など、上限 3.0%）"]
    assert "at least 2.0%" in d.conditions("en")[0] and "limit 3.0%" in d.conditions("en")[0]
    assert d.reasons("ja")[1] == d.conditions("ja")[0]


def test_a_gap_no_lever_closes_is_no_go_saying_how_far_each_lever_went():
    d = decide(_scenario(), _metrics(dscr_min=1.1), levers=_nothing_closes)
    assert d.verdict == "no_go" and d.blockers == ("report.blocker.no_lever",)
    lines = d.reasons("ja")
    assert "報酬水準：上限 3.0% 引き上げても届かない" in lines and "人件費水準：上限 3.0% 引き下げても届かない" in lines


def test_negative_npv_with_no_payback_is_no_go_whatever_the_levers():
    # the case: NPV −1.4億円 and no payback in the horizon was called 条件付き
    d = decide(_scenario(), _metrics(npv_yen=-1.4e8, payback_month=NAN), levers=_no_levers)
    assert d.verdict == "no_go" and d.label("ja") == "見送り"
    assert d.blockers == ("report.blocker.npv_no_payback",)
    assert "計画期間内に投資を回収できません" in d.reasons("ja")[1]


def test_dscr_below_one_in_an_operating_year_is_no_go():
    # dscr_min is the lowest operating year's (engine/lender.py): 0.95 < 1.0 → repayments not covered
    d = decide(_scenario(), _metrics(dscr_min=0.95), levers=_no_levers)
    assert d.verdict == "no_go" and d.blockers == ("report.blocker.dscr_below_one",)


def test_cash_below_the_floor_is_no_go():
    s = _scenario()
    s.assumptions.cash_floor_yen = 1e7
    d = decide(s, _metrics(lowest_cash_yen=5e6), levers=_no_levers)  # 500万円 < 1,000万円
    assert d.verdict == "no_go" and d.blockers == ("report.blocker.cash_floor",)


def test_a_shortfall_probability_above_the_limit_is_no_go():
    # the levers are worked on the base case: they cannot show the probability falls under 10 %
    d = decide(_scenario(), _metrics(), 0.15, levers=_no_levers)
    assert d.verdict == "no_go" and d.blockers == ("report.blocker.shortfall",)


def test_without_a_path_there_is_no_verdict_but_a_prompt():
    s = _scenario()
    s.paths = []
    d = decide(s, _metrics(npv_yen=-1e9, payback_month=NAN), levers=_no_levers)
    assert d.verdict == "no_path" and d.label("ja") == "判定なし" and d.label("en") == "No decision"
    assert d.reasons("ja") == [d.reasons("ja")[0]] and "パスを追加" in d.reasons("ja")[0]
    assert "Add one" in d.reasons("en")[0]


def test_no_debt_is_not_applicable_but_debt_without_a_repayment_source_fails():
    no_debt = decide(_scenario(), _metrics(dscr_min=NAN, debt_repayment_years=0.0), levers=_no_levers)
    dscr = next(c for c in no_debt.checks if c.name == "dscr")
    assert dscr.passed is None and no_debt.verdict == "go"
    assert any("対象外（借入なし）" in line for line in no_debt.reasons("ja"))
    assert any("no debt" in line for line in no_debt.reasons("en"))
    # a loan whose operating years all have a repayment source ≤ 0: no ratio (NaN), 9 years without a source
    # (the small_multi example): 返済原資なし, a failure and a 見送り line, never "借入なし"
    none = decide(_scenario(), _metrics(dscr_min=NAN, debt_repayment_years=NAN,
                                        years_without_repayment_source=9.0), levers=_no_levers)
    dscr = next(c for c in none.checks if c.name == "dscr")
    assert dscr.passed is False and none.verdict == "no_go"
    assert none.blockers == ("report.blocker.no_repayment_source",)
    lines = none.reasons("ja")
    assert any(line.startswith("DSCR（運営年度の最低）返済原資なし") for line in lines), lines
    assert any(line.startswith("債務償還年数（開設後の安定年度）返済原資なし") for line in lines), lines
    assert not any("借入なし" in line for line in lines)
    assert any("no repayment source" in line for line in none.reasons("en"))


def test_reasons_write_money_in_the_callers_unit():
    """The app passes its 万円 choice; without it the reasons read in 千円 like the report tables."""
    found = decide(_scenario(), _metrics(npv_yen=-76_914_000), levers=_fee_closes)
    in_man = found.reasons("ja", money=lambda yen: f"{yen / 10_000:,.0f}万円")
    assert any("-7,691万円" in line for line in in_man), in_man
    assert any("-76,914千円" in line for line in found.reasons("ja")), found.reasons("ja")


def test_old_files_without_the_new_criteria_load_with_the_defaults():
    s = load_scenario(ROOT / "tests" / "data" / "v1_no_schema_version.toml")
    assert s.workflow.criteria.max_debt_repayment_years == 10
    assert s.workflow.criteria.lever_wage_cut_max == 0.03


# ---- the levers, worked by the engine ------------------------------------------------------------------


def test_the_engine_names_the_fee_lever_and_the_first_amount_that_meets_the_gap():
    """特養 30床 example, its fill-up DSCR and break-even let pass (min_dscr 0, break-even ≤ 100 %) so that
    only NPV fails: ask for NPV halfway between today's and the one at fees +3 % (the lever's limit).
    NPV rises with the fee level, so the fee lever closes the gap inside its range, at a grid point
    k × 3 %/16; the amount named is the first: NPV meets the minimum there and not one step (0.1875 pt) below.
    Occupancy is at its 95 % ceiling already (= the lever's limit): it cannot be named."""
    s = _scenario(min_dscr=0.0, max_break_even_occupancy=1.0)
    npv0 = simulate(s).metrics["npv_yen"]
    npv3 = float(metrics_at(s, "fee_level", np.array([0.03]))["npv_yen"][0])
    assert npv3 > npv0  # more fees, more NPV
    s.workflow.criteria.min_npv_yen = npv0 + 0.5 * (npv3 - npv0)
    d = decide(s, simulate(s).metrics)
    assert d.verdict == "conditional"
    by_name = {lever.name: lever for lever in d.levers}
    assert by_name["occupancy"].needed is None and by_name["occupancy"].limit == 0.95
    fee, step = by_name["fee_level"].needed, 0.03 / POINTS
    assert fee is not None and 0.0 < fee < 0.03
    assert round(fee / step) == pytest.approx(fee / step)  # a grid point
    at = metrics_at(s, "fee_level", np.array([fee - step, fee]))["npv_yen"]
    assert at[0] < s.workflow.criteria.min_npv_yen <= at[1]
    assert any(line.startswith(f"報酬水準を 2 年目から {fee * 100:.1f}% 以上") for line in d.conditions("ja"))


def test_the_engine_says_no_go_when_the_levers_fall_short():
    """Collaboration example: ask for more NPV than fees +3 % or a 3 % wage cut give (it has no places for
    the occupancy lever): no lever closes the gap → 見送り, each lever said to fall short."""
    s = _scenario("collaboration_town_group")
    at_limits = [metrics_at(s, "fee_level", np.array([0.03]))["npv_yen"][0],
                 metrics_at(s, "wage_level", np.array([0.97]))["npv_yen"][0]]
    s.workflow.criteria.min_npv_yen = float(max(at_limits)) + 1e6
    d = decide(s, simulate(s).metrics)
    assert d.verdict == "no_go" and d.blockers == ("report.blocker.no_lever",)
    assert {lever.name for lever in d.levers} == {"fee_level", "wage_level"}
    assert not any(lever.closes for lever in d.levers)


def test_a_wage_level_at_its_lower_bound_has_no_wage_lever_left():
    """wage_level 0.5 is the field's lower bound: a 3 % cut (0.485) is outside it, so the lever stays at
    0.5 and cannot be named (no engine run, no refusal)."""
    s = _scenario(min_dscr=0.0, max_break_even_occupancy=1.0)
    s.assumptions.wage_level = 0.5
    s.workflow.criteria.min_npv_yen = 1e12  # out of reach
    d = decide(s, simulate(s).metrics)
    wage = next(lever for lever in d.levers if lever.name == "wage_level")
    assert (wage.current, wage.limit, wage.needed) == (0.5, 0.5, None) and d.verdict == "no_go"
