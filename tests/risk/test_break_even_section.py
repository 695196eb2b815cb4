"""The risk page's and the reports' break-even (issue 14 item 5): occupancy, fee level and wage level from the
one search, each a value at which the incremental NPV is 0 or a worded reason, never a bare "0.0 %"."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from simulator.engine.metrics import metrics_from_projection
from simulator.engine.projection import project
from simulator.files import load_scenario
from simulator.i18n import t
from simulator.metric_text import break_even_text
from simulator.risk.breakeven import (
    REASONS,
    TARGETS,
    BreakEven,
    break_even_json,
    break_even_text_block,
    break_evens,
)
from simulator.risk.run import RiskRun
from simulator.scenario import BusinessTransfer, FeeRevision, Merger, Scenario
from tests.conftest import ROOT

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
EXAMPLES = ROOT / "scenarios"


def _example(name: str) -> Scenario:
    return load_scenario(EXAMPLES / f"{name}.toml")


def _npv_at(stated: Scenario, target: str, x: float) -> float:
    """The engine's NPV with ``target`` set to ``x`` in the file itself (not through the search's overrides):
    the occupancy of the added or acquired places, a fee change one year after the start, or the wage
    level. Calibrated on the file as stated (``calibrate_from``), as every what-if of the engine is: the
    accounts the services are calibrated on and a transfer's price stay as entered."""
    s = stated.model_copy(deep=True)
    if target == "occupancy":
        for path in s.paths:
            if isinstance(path, Merger | BusinessTransfer):
                for service in (path.partner if isinstance(path, Merger) else path.business).services:
                    service.occupancy = x
            else:
                path.ramp.ceiling, path.ramp.start = x, min(path.ramp.start, x)
    elif target == "fee_level":
        start = s.assumptions.start_date
        s.assumptions.fee_revisions = sorted([*s.assumptions.fee_revisions,
                                              FeeRevision(date=start.replace(year=start.year + 1), change=x)],
                                             key=lambda r: r.date)
    else:
        s.assumptions.wage_level = x
    return float(metrics_from_projection(project(s, calibrate_from=stated), s)["npv_yen"][0])


@pytest.mark.parametrize("name", ["capacity_tokuyo_30beds", "merger_two_welfare_corps"])
def test_the_engine_at_each_break_even_gives_npv_zero(name):
    """Hand check: set the value the search returned in the scenario and run the engine. Tolerance: the NPV
    changes sign within ±0.1 percentage point of the value (occupancy, fee change, wage level), and at the
    value it is within ±100,000 yen of 0 (the capacity example's NPV moves ~2.2M yen per 0.1 point of
    occupancy, the merger's ~0.6M yen: so the value is right to well under 0.1 point)."""
    s = _example(name)
    found = {b.target: b for b in break_evens(s)}
    assert set(found) == set(TARGETS) and all(b.found for b in found.values()), found
    for target, b in found.items():
        below, at, above = (_npv_at(s, target, b.value + d) for d in (-0.001, 0.0, 0.001))
        assert abs(at) <= 100_000, (target, at)
        assert below * above < 0, (target, below, above)  # a real root, not a jump
    # the occupancy is the engine's own metric: the same search, the same number
    from simulator.engine import simulate

    assert simulate(s).metrics["break_even_occupancy"] == pytest.approx(found["occupancy"].value, abs=1e-12)


def test_the_capacity_examples_values_read_as_planned():
    """84.0 % occupancy of the 30 added beds; fees 13.3 % lower from the second year; wages 19.9 % higher:
    each value is the search's, worded as a share (occupancy) or a change against the plan (fees, wages)."""
    found = break_evens(_example("capacity_tokuyo_30beds"))
    texts = [b.text("en") for b in found]
    assert re.fullmatch(r"\d+\.\d %", texts[0]) and f"{found[0].value * 100:.1f} %" == texts[0]
    assert texts[1] == f"{found[1].value * 100:+.1f} %" and texts[1].startswith("-")  # fees can fall
    assert texts[2] == f"{(found[2].value - 1) * 100:+.1f} %" and texts[2].startswith("+")  # wages can rise
    assert found[2].share == pytest.approx(found[2].value - 1)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_merger_gets_a_value_or_a_worded_reason_never_zero(lang):
    s = _example("merger_two_welfare_corps")
    assert any(isinstance(p, Merger) for p in s.paths)
    found = break_evens(s)
    reasons = {t(f"engine.break_even_reason.{n}", lang) for n in REASONS} | {
        t(f"engine.break_even_reason.{target}.{n}", lang) for target in TARGETS for n in REASONS}
    for b in found:
        text = b.text(lang)
        assert text not in ("0.0 %", "+0.0 %", "-0.0 %"), b
        assert (b.found and re.fullmatch(r"[+-]?\d+\.\d %", text)) or text in reasons, (b, text)
    # the acquired services' occupancy moves the NPV: a merger has an occupancy break-even
    assert found[0].target == "occupancy" and found[0].reason in ("found", "always_met", "never_met")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("reason", ["not_applicable", "always_met", "never_met"])
def test_every_outcome_without_a_value_is_worded_in_both_languages(target, reason):
    code = float(REASONS.index(reason))
    ja, en = (break_even_text(math.nan, code, lang, target) for lang in ("ja", "en"))
    for text in (ja, en):  # a sentence (the NPV over the range, or why nothing moves), not a number
        assert not re.fullmatch(r"[+-]?\d+\.\d %", text) and not text.startswith("engine.")
        assert ("NPV" in text) != (reason == "not_applicable"), text
    assert ja != en and JAPANESE.search(ja) and not JAPANESE.search(en)


def test_without_a_path_no_break_even_means_anything():
    """Doing nothing has an incremental NPV of 0 at any fee or wage: not applicable, not "met everywhere"."""
    found = break_evens(_example("capacity_tokuyo_30beds").without_plan())
    assert [b.reason for b in found] == ["not_applicable"] * 3
    assert all(math.isnan(b.value) and math.isnan(b.share) for b in found)


def test_the_cli_block_and_json_in_both_languages():
    found = break_evens(_example("merger_two_welfare_corps"))
    ja, en = break_even_text_block(found, "ja"), break_even_text_block(found, "en")
    assert t("risk.title.break_even", "ja") in ja and all(b.label("ja") in ja and b.text("ja") in ja for b in found)
    assert not JAPANESE.search(en) and all(b.label("en") in en for b in found)
    data = break_even_json(found)
    assert set(data) == set(TARGETS) and data["occupancy"]["value"] == pytest.approx(found[0].value)


def test_the_risk_run_carries_the_break_even():
    """The app caches the three with the run; the reports read them from it."""
    found = (BreakEven("occupancy", 0.8, "found"), BreakEven("fee_level", np.nan, "never_met"),
             BreakEven("wage_level", 1.1, "found"))
    run = RiskRun.of(None, None, None, found)
    assert run is not None and not run.empty and run.break_even == found
    assert RiskRun.of(None, None, None, None) is None
