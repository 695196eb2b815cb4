"""WAM 福祉貸付 rates in force in 2026, the 保証人不要 surcharge, 融資率, and the stress case that uses the table.

2024-02-01 table: https://wic-net.com/material/document/13217/1 (社会福祉事業施設 0.7 % ≤ 10 years … 1.6 % 30 years).
2026-02-02: 医療貸付 病院 ≤ 10 years 2.100 % (https://mf.jiho.jp/article/265365); the 福祉貸付 table itself was not
found, so the 2026 rows are a flagged assumption derived from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import simulator.reference as ref
from simulator.files import load_scenario
from simulator.reference import lookup
from simulator.risk.edits import apply_edits
from simulator.risk.stress import default_cases, reference_default

ROOT = Path(__file__).resolve().parents[2]


def test_a_2026_plan_picks_the_2026_table():
    assert ref.loan_rate(10, on=dt.date(2026, 2, 1)) == 0.007
    assert ref.loan_rate(10, on=dt.date(2026, 2, 2)) == pytest.approx(0.021)  # = 医療貸付 病院 ≤10y
    assert ref.loan_rate(10, on=dt.date(2026, 2, 2), facility="care_related") == pytest.approx(0.022)
    found = ref.loan_rate_entry(20, on=dt.date(2026, 12, 1))
    assert found.valid_from == dt.date(2026, 2, 2) and found.confidence == "assumption"
    assert "monthly" in found.note


@pytest.mark.parametrize("facility", ["welfare", "care_related"])
def test_every_whole_term_has_a_rate_and_longer_terms_cost_more(facility):
    for day in (dt.date(2024, 6, 1), dt.date(2026, 6, 1)):
        rates = [ref.loan_rate(years, on=day, facility=facility) for years in range(1, 31)]
        assert rates == sorted(rates) and 0 < rates[0] < rates[-1] < 0.05


def test_surcharge_and_loan_to_cost_rules_are_dated_data():
    on = dt.date(2026, 6, 1)
    assert 0 < lookup("loan.wam_guarantor_free_surcharge", on).value < 0.005
    assert lookup("loan.wam_guarantor_free_surcharge", on).confidence == "assumption"
    rule = lookup("loan.wam_loan_to_cost", on).value  # 70–80 %, 90 % for ≤ 29 places with a subsidy (2015)
    assert (rule["normal_low"], rule["normal_high"], rule["small_subsidised"]) == (0.7, 0.8, 0.9)


def test_stress_case_raises_each_loan_to_the_table_in_force():
    scenario = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")  # 20 years at 1.3 %, 2026-04
    case = next(c for c in default_cases() if c.name == "wam_rate_in_force")
    stressed = apply_edits(scenario, case.edits, resolve=reference_default)
    table_rate = ref.loan_rate(20, on=scenario.assumptions.start_date)
    assert stressed.financing.loans[0].annual_rate == pytest.approx(table_rate)
    assert table_rate > scenario.financing.loans[0].annual_rate
    high = scenario.model_copy(deep=True)
    high.financing.loans[0].annual_rate = 0.05  # a bank loan above the table keeps its rate
    assert apply_edits(high, case.edits, resolve=reference_default).financing.loans[0].annual_rate == 0.05
