"""AppTest: the 判定 banner shows the verdict, its 見送り lines and checks; the new criteria are editable;
a scenario without a path gets the prompt, not a verdict (issue 14 item 6)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from simulator.engine import simulate
from simulator.files import load_scenario
from simulator.i18n import t
from tests.conftest import APP, PAGES, ROOT

TIMEOUT = 60


def start(lang: str = "ja", scenario: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    if scenario:
        at.session_state["scenario"] = load_scenario(ROOT / "scenarios" / f"{scenario}.toml")
    at.run()
    assert not at.exception
    at.switch_page(PAGES["step2"]).run()
    assert not at.exception
    return at


def banner(at: AppTest) -> str:
    title = t("ui.judge.banner", at.session_state["lang"], label="")
    found = [b.value for b in [*at.error, *at.warning, *at.success, *at.info] if title in b.value]
    assert found, "no verdict banner"
    return found[0]


def test_the_capacity_example_is_no_go_for_its_fill_up_dscr_and_the_new_criteria_are_editable():
    # scenarios/expected: the lowest operating-year DSCR (the fill-up year) is below 1.0 → 見送り
    at = start("ja")
    assert simulate(at.session_state["scenario"]).metrics["dscr_min"] < 1.0
    text = banner(at)
    assert t("report.verdict.no_go", "ja") in text and t("report.blocker.dscr_below_one", "ja") in text
    # 債務償還年数 in the stable year (scenarios/expected: about 5–6 years): met at the default 10, not at 3
    years = simulate(at.session_state["scenario"]).metrics["debt_repayment_years"]
    assert 3.0 < years <= 10.0
    assert f"債務償還年数（開設後の安定年度）{years:.1f}年 が上限 10.0年 以下か：満たす" in text
    at.number_input(key="w.workflow.criteria.max_debt_repayment_years").set_value(3.0).run()
    assert at.session_state["scenario"].workflow.criteria.max_debt_repayment_years == 3.0
    assert f"債務償還年数（開設後の安定年度）{years:.1f}年 が上限 3.0年 以下か：満たさない" in banner(at)
    at.number_input(key="w.workflow.criteria.lever_fee_increase_max").set_value(150.0).run()  # 150 % > 100 %
    assert any(t("ui.field.lever_fee_increase_max", "ja") in e.value for e in at.error)


def test_a_scenario_without_a_path_gets_the_prompt_in_both_languages():
    for lang in ("ja", "en"):
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.session_state["lang"] = lang
        s = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
        s.paths = []
        at.session_state["scenario"] = s
        at.run()
        at.switch_page(PAGES["step2"]).run()
        assert not at.exception
        text = banner(at)
        assert t("report.verdict.no_path", lang) in text and t("report.reason.no_path", lang) in text
        for verdict in ("go", "conditional", "no_go"):
            assert t(f"report.verdict.{verdict}", lang) not in text
