"""AppTest of 協働化 in both languages: the home page and STEP 1 put it first, STEP 1 shows chapter 1's steps,
STEP 2's form edits the members and levers, and the results show each member's view."""

from __future__ import annotations

import pytest

from simulator.files import load_scenario
from simulator.i18n import t
from tests.app.test_app import start
from tests.conftest import PAGES, ROOT

EXAMPLE = ROOT / "scenarios" / "collaboration_town_group.toml"


def with_example(lang: str, page: str):
    at = start(lang, page)
    at.session_state["scenario"] = load_scenario(EXAMPLE)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_home_presents_collaboration_as_the_first_alternative(lang):
    at = start(lang, "home")
    first = t("ui.home.first_alternative", lang, path=t("ui.path.collaboration", lang))
    page = texts(at)
    assert first in page
    assert page.index(first) < page.index(t("ui.path.capacity_increase", lang))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_step1_lists_collaboration_first_and_chapter_1_steps(lang):
    at = with_example(lang, "step1")
    page = texts(at)
    assert t("ui.path.collaboration", lang) in page
    assert page.index(t("ui.path.collaboration", lang)) < page.index(t("ui.path.merger", lang))
    for step in ("step1", "step2", "step3"):
        assert t(f"ui.collab_steps.{step}", lang) in page
    # the example has a dedicated coordinator and a 社福 majority: the guideline's checks say so
    assert t("ui.collab_steps.check.coordinator.ok", lang) in page
    assert t("ui.collab_steps.check.welfare_majority.ok", lang) in page
    at.checkbox(key="w.workflow.step1.collab_connect").check().run()
    assert at.session_state["scenario"].workflow.step1["collab_connect"] is True


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_step2_form_edits_levers_and_members_and_shows_each_members_view(lang):
    at = with_example(lang, "step2")
    page = texts(at)
    for lever in ("backoffice", "recruiting", "data_link", "link_corporation", "grant"):
        assert t(f"ui.collab.lever.{lever}", lang) in page
    # a default with its source is shown under an empty field (the 81.6万円 saving per office)
    assert "Vol.1096" in page
    at.number_input(key="w.paths.0.backoffice.office_fte_saved").set_value(2.0).run()
    assert not at.exception
    assert at.session_state["scenario"].paths[0].backoffice.office_fte_saved == 2.0
    at.selectbox(key="w.paths.0.sharing").set_value("equal").run()
    assert at.session_state["scenario"].paths[0].sharing == "equal"
    at.button(key="w.paths.0.add_member").click().run()
    assert len(at.session_state["scenario"].paths[0].members) == 4
    # the results tab: one row per member (the organisation and the four partners)
    frames = [d.value for d in at.dataframe]
    names = {"社会福祉法人 みなみ会（例）", "社会福祉法人 きた会（例）", "NPO法人 にし（例）"}
    member_col = t("ui.collab.col.member", lang)
    found = [f for f in frames if member_col in f.columns]
    assert found and names <= set(found[0][member_col])
    assert len(found[0]) == 5


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_collaboration_path_is_added_from_the_form(lang):
    at = start(lang, "step2")
    before = len(at.session_state["scenario"].paths)
    assert at.selectbox(key="new_path_kind").value == "collaboration"  # listed first
    at.text_input(key="new_path_partner").set_value("B").run()
    at.button(key="add_path").click().run()
    assert not at.exception
    paths = at.session_state["scenario"].paths
    assert len(paths) == before + 1 and paths[-1].kind == "collaboration" and paths[-1].members[0].name == "B"


def test_an_invalid_lever_value_is_refused_with_the_field_named():
    at = with_example("ja", "step2")
    at.number_input(key="w.paths.0.realisation").set_value(150.0).run()  # 150 %
    assert not at.exception
    assert at.session_state["scenario"].paths[0].realisation == 0.8  # unchanged
    assert any(t("errors.label.realisation", "ja") in e.value for e in at.error)


def test_pages_render_with_the_example(library_dir):
    for page in PAGES:
        at = with_example("en", page)
        assert not at.exception, (page, at.exception)
