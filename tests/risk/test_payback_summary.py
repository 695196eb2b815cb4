"""The Monte Carlo payback row agrees with its own probability of no payback (issue 14 item 7).

Payback "never" ranks last and a percentile is a month some trial paid back in: P_q is a month exactly
when at least q % of the trials pay back, and never a month between the last payback and "never".
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from simulator.files import load_scenario
from simulator.risk.montecarlo import PERCENTILES, _quantiles, monte_carlo
from simulator.risk.text import montecarlo_text, payback_cell

ROOT = Path(__file__).resolve().parents[2]


def _paybacks(paid: int, trials: int = 1000) -> np.ndarray:
    months = np.arange(100.0, 100.0 + paid)
    return np.concatenate([months, np.full(trials - paid, np.nan)])


def test_a_percentile_at_the_edge_of_never_is_a_real_month() -> None:
    # 900 of 1,000 trials pay back in months 100 … 999: P90 is the 900th month (999), P95 is never.
    # Linear interpolation between the 900th and the 901st (never = 10¹²) gave 0.1 × 10¹² months.
    p = dict(zip(PERCENTILES, _quantiles(_paybacks(900), "payback_month"), strict=False))
    assert p[90] == 999.0
    assert math.isnan(p[95])
    assert p[50] == 599.0  # the 500th of 100, 101, …
    assert all(math.isnan(v) or 100 <= v <= 999 for v in p.values())


def test_one_trial_fewer_and_p90_is_never() -> None:
    p = dict(zip(PERCENTILES, _quantiles(_paybacks(899), "payback_month"), strict=False))
    assert math.isnan(p[90]) and p[50] == 599.0


def test_the_mean_exists_only_when_every_trial_pays_back() -> None:
    assert math.isnan(_quantiles(_paybacks(999), "payback_month")[-1])
    assert _quantiles(_paybacks(1000), "payback_month")[-1] == pytest.approx(np.arange(100, 1100).mean())


def test_cells_say_no_payback_for_a_percentile_and_dash_for_the_mean() -> None:
    assert payback_cell("P90", float("nan"), "ja") == "回収なし"
    assert payback_cell("P90", float("nan"), "en") == "no payback"
    assert payback_cell("mean", float("nan"), "ja") == "—"
    assert payback_cell("P50", 218.0, "ja") == "218か月目"


def test_an_example_run_agrees_with_its_probability() -> None:
    """The 特養 example: about 40 % of trials never pay back; each P_q is a month iff q ≤ the share that does."""
    scenario = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    run = monte_carlo(scenario, trials=400, seed=3)
    paid_share = 1.0 - run.probabilities["no_payback"]
    assert 0.05 < paid_share < 0.95  # the check below needs both kinds of cell
    row = run.percentiles.loc["payback_month"]
    paid = np.sort(run.metrics["payback_month"][np.isfinite(run.metrics["payback_month"])])
    for q in PERCENTILES:
        value = row[f"P{q}"]
        assert math.isfinite(value) == (q / 100 <= paid_share + 1e-12), q
        if math.isfinite(value):
            assert value in paid
    text = montecarlo_text(run, "ja")
    assert "回収なし" in text and "投資回収月は早い順" in text
    assert f"{run.probabilities['no_payback'] * 100:.1f}%" in text


def test_reports_word_the_payback_row_as_the_cli_does() -> None:
    """The HTML and the workbook of a real run: 回収なし / no payback in the cells, the note beside them."""
    import io

    import openpyxl

    from simulator.engine import simulate
    from simulator.report import build
    from simulator.risk.run import RiskRun

    scenario = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    mc = monte_carlo(scenario, trials=200, seed=3)
    assert math.isnan(mc.percentiles.at["payback_month", "P95"])  # a cell with no month to word
    risk, result = RiskRun.of(mc), simulate(scenario)
    for lang, never, note in (("ja", "回収なし", "投資回収月は早い順"), ("en", "no payback", "Payback percentiles run")):
        page = build(scenario, result, "html", lang, risk=risk).decode()
        assert never in page and note in page
        book = openpyxl.load_workbook(io.BytesIO(build(scenario, result, "xlsx", lang, risk=risk)))
        cells = [c for ws in book for row in ws.iter_rows(values_only=True) for c in row]
        assert never in cells and any(isinstance(c, str) and c.startswith(note) for c in cells)
