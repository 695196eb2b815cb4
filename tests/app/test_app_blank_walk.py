"""AppTest from a BLANK scenario, as a new user starts (issue 19): home → STEP 1 → STEP 2 with each kind of
path → STEP 3 → library, in both languages, with no exception; a number field emptied or given text; the
tab kept after each action; the library name and the share link's address."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from simulator.i18n import t
from tests.conftest import APP, PAGES

TIMEOUT = 120
PATH_KINDS = ("collaboration", "capacity_increase", "new_service", "merger", "business_transfer")


def fresh(lang: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    return at


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def blank(lang: str) -> AppTest:
    at = fresh(lang)
    ok(at.button(key="open_blank").click().run())
    assert at.session_state["scenario"].organisation.services == []
    return at


def tab(at: AppTest, key: str) -> str:
    return at.session_state[key]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_blank_scenario_walk_through_every_step(lang, library_dir):
    at = blank(lang)
    # STEP 1: a service (a path that grows one needs it)
    ok(at.switch_page(PAGES["step1"]).run())
    at.selectbox(key="new_service_kind").set_value("day_service")
    ok(at.button(key="add_service").click().run())
    assert [s.service.value for s in at.session_state["scenario"].organisation.services] == ["day_service"]
    assert tab(at, "step1_tab") == t("ui.step1.tab.org", lang)
    # STEP 2 renders for the blank plan (the empty fee-revision table crashed it) and takes each kind of path
    ok(at.switch_page(PAGES["step2"]).run())
    assert tab(at, "step2_tab") == t("ui.step2.tab.paths", lang)
    for n, kind in enumerate(PATH_KINDS, 1):
        at.selectbox(key="new_path_kind").set_value(kind)
        ok(at.run())
        ok(at.button(key="add_path").click().run())
        assert [p.kind for p in at.session_state["scenario"].paths] == list(PATH_KINDS[:n])
        assert tab(at, "step2_tab") == t("ui.step2.tab.paths", lang)
    assert [e.label for e in at.expander if e.label.startswith(f"{len(PATH_KINDS)}. ")]  # each path has its form
    # financing: the tab stays on ② after adding a loan and a subsidy
    at.session_state["step2_tab"] = t("ui.step2.tab.financing", lang)
    ok(at.run())
    ok(at.button(key="add_loan").click().run())
    ok(at.button(key="add_subsidy").click().run())
    assert tab(at, "step2_tab") == t("ui.step2.tab.financing", lang)
    loan = at.session_state["scenario"].financing.loans[0]
    assert loan.years > 1 and loan.annual_rate > 0  # pre-filled from the WAM table, not 0 % over 1 year
    # results and comparison render for the four paths
    assert any(m.label == t("ui.metric.npv", lang) for m in at.metric)
    # STEP 3 and the library
    ok(at.switch_page(PAGES["step3"]).run())
    ok(at.button(key="milestone_template").click().run())
    assert at.session_state["scenario"].workflow.milestones
    assert tab(at, "step3_tab") == t("ui.step3.tab.plan", lang)
    ok(at.button(key="save_library").click().run())
    ok(at.switch_page(PAGES["library"]).run())
    assert not [e.value for e in at.error]


def test_text_or_an_emptied_required_number_is_refused_naming_the_field_and_keeps_the_value():
    """A browser's number field drops typed text and sends an empty value: 現預金 is refused with a message
    naming it and keeps 350,000,000 (it became 0 and the verdict flipped)."""
    at = fresh("ja")
    ok(at.switch_page(PAGES["step1"]).run())
    before = at.session_state["scenario"].organisation.cash_yen
    at.number_input(key="w.organisation.cash_yen").set_value(None)
    ok(at.run())
    assert at.session_state["scenario"].organisation.cash_yen == before
    assert any(m.startswith(t("ui.field.cash_yen", "ja")) and "空欄" in m for m in [e.value for e in at.error])
    assert at.number_input(key="w.organisation.cash_yen").value == before / 10_000  # shown again, in 万円


def test_a_cleared_default_field_means_the_default_again():
    """建築単価 and 設備備品費: typed, then cleared → empty in the scenario (the reference default), and the
    caption says which default is used (it gave 0 and said 入力値を使用中)."""
    at = fresh("ja")
    ok(at.switch_page(PAGES["step2"]).run())
    for field in ("cost_per_m2_yen", "equipment_yen"):
        key = f"w.paths.0.construction.{field}"
        ok(at.number_input(key=key).set_value(100.0).run())
        assert getattr(at.session_state["scenario"].paths[0].construction, field) == 1_000_000
        ok(at.number_input(key=key).set_value(None).run())
        assert getattr(at.session_state["scenario"].paths[0].construction, field) is None
    captions = [c.value for c in at.caption]
    assert any(c.startswith("空欄なら") and "/㎡" in c for c in captions)


def test_the_tab_is_kept_after_a_risk_run_and_a_language_switch():
    at = fresh("ja")
    ok(at.switch_page(PAGES["step2"]).run())
    at.session_state["step2_tab"] = t("ui.step2.tab.risk", "ja")
    ok(at.run())
    ok(at.button(key="run_risk").click().run())
    assert tab(at, "step2_tab") == t("ui.step2.tab.risk", "ja")
    ok(at.radio(key="lang").set_value("en").run())
    assert tab(at, "step2_tab") == t("ui.step2.tab.risk", "en")
    # the tornado and the stress cases follow the language (they stayed Japanese)
    run = at.session_state["risk_run"]["run"]
    assert not any("稼働率" in name or "報酬改定" in name for name in run.tornado["input"])
    assert not any("報酬改定" in name for name in run.stress.index)
    assert t("ui.risk.stress_left_out", "en").split(":")[0] in " ".join(c.value for c in at.caption)


def test_save_name_follows_the_open_scenario(library_dir):
    at = fresh("ja")
    opened = at.session_state["scenario"].meta.title
    assert at.text_input(key="save_name").value == opened
    ok(at.button(key="open_blank").click().run())
    blank_title = at.session_state["scenario"].meta.title
    assert blank_title != opened
    assert at.text_input(key="save_name").value == blank_title
    at.text_input(key="save_name").set_value("私の計画")
    ok(at.run())
    ok(at.text_input(key="w.meta.title").set_value("新しい題").run())
    assert at.text_input(key="save_name").value == "私の計画"  # typed by the user: kept


@pytest.mark.parametrize(("url", "base"), [
    ("https://care.example.jp/sim/library", "https://care.example.jp/sim/"),
    ("http://10.0.0.5:8600/library?s=abc", "http://10.0.0.5:8600/"),
    ("https://care.example.jp/", "https://care.example.jp/"),
    ("", "http://localhost:8501/"),  # no browser address (a test run): the local default
])
def test_share_link_base_is_the_address_the_app_is_served_at(url, base):
    from simulator.share import share_base

    assert share_base(url, "library") == base


def test_share_link_base_is_prefilled_and_kept_as_typed():
    at = fresh("en")
    ok(at.switch_page(PAGES["library"]).run())
    at.session_state["library_tab"] = t("ui.library.share", "en")
    ok(at.run())
    assert at.text_input(key="share_base").value.endswith("/")
    ok(at.text_input(key="share_base").set_value("https://care.example.jp/").run())
    assert "https://care.example.jp/?s=" in at.code[0].value
    assert tab(at, "library_tab") == t("ui.library.share", "en")
