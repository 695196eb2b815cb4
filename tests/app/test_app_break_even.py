"""STEP 2 ④ risk: the break-even section (occupancy, fee level, wage level at which the incremental NPV is 0)
after a risk run, from the one search, cached with the run, in the session's language."""

from __future__ import annotations

import re

import pytest

from simulator.files import load_scenario
from simulator.i18n import t
from simulator.risk.breakeven import TARGETS, break_evens
from tests.app.test_app import errors, start
from tests.conftest import ROOT

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _run_risk(at):
    at.selectbox(key="risk_trials").set_value(1_000)
    at.button(key="run_risk").click().run()
    assert not at.exception
    failed = t("ui.common.engine_failed", "ja", detail="")
    assert not [m for m in errors(at) if m.startswith(failed)], errors(at)
    return at.session_state["risk_run"]["run"]


def _section(at, lang):
    """The section's lines as shown: '- **label**: text' for each target."""
    heading = f"#### {t('ui.risk.break_even', lang)}"
    values = [m.value for m in at.markdown]
    assert heading in values, "no break-even section on the risk tab"
    return values[values.index(heading) + 1].splitlines()


@pytest.mark.slow
def test_risk_tab_shows_the_three_break_even_lines_and_keeps_them():
    at = start("ja", "step2")
    run = _run_risk(at)
    s = at.session_state["scenario"]
    assert run.break_even == break_evens(s)  # the one search on the scenario the page shows
    lines = _section(at, "ja")
    assert lines == [f"- **{b.label('ja')}**: {b.text('ja')}" for b in run.break_even]
    assert [b.target for b in run.break_even] == list(TARGETS)
    assert any(t("risk.note.break_even", "ja") == c.value for c in at.caption)
    # a rerun and a language switch reuse the run's break-even (not computed again) and word it in English
    kept = run.break_even
    at.run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.session_state["risk_run"]["run"].break_even is kept
    english = _section(at, "en")
    assert english == [f"- **{b.label('en')}**: {b.text('en')}" for b in kept]
    assert not [line for line in english if JAPANESE.search(line)]
    assert not JAPANESE.search(t("risk.note.break_even", "en"))


@pytest.mark.slow
def test_a_merger_shows_a_value_or_a_reason_never_zero():
    at = start("ja", "step2")
    at.session_state["scenario"] = load_scenario(ROOT / "scenarios" / "merger_two_welfare_corps.toml")
    at.run()
    run = _run_risk(at)
    lines = _section(at, "ja")
    assert len(lines) == 3
    for b, line in zip(run.break_even, lines, strict=True):
        shown = line.split("**: ", 1)[1]
        assert shown not in ("0.0 %", "+0.0 %", "-0.0 %")
        assert shown == b.text("ja") and (b.found or "NPV" in shown or "該当なし" in shown)
