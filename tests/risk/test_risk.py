"""Monte Carlo, tornado, stress cases and break-even on the engine (issue 4)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from simulator.files import load_scenario
from simulator.risk.breakeven import break_even
from simulator.risk.montecarlo import monte_carlo
from simulator.risk.sampling import spearman
from simulator.risk.stress import cases_for, run_metrics, stress
from simulator.risk.tornado import input_label, tornado
from simulator.scenario import Distribution, Scenario, Uncertainty

ROOT = Path(__file__).resolve().parents[2]
CAPACITY = ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"
MERGER = ROOT / "scenarios" / "merger_two_welfare_corps.toml"


@pytest.fixture(scope="module")
def capacity() -> Scenario:
    return load_scenario(CAPACITY)


def test_same_seed_bit_identical(capacity: Scenario) -> None:
    one = monte_carlo(capacity, trials=600, seed=7, chunk=170)
    two = monte_carlo(capacity, trials=600, seed=7, chunk=170)
    assert one.seed == 7 and one.trials == 600
    for key in one.metrics:
        assert one.metrics[key].tobytes() == two.metrics[key].tobytes(), key
    assert one.percentiles.equals(two.percentiles) and one.bands.equals(two.bands)
    assert one.samples.equals(two.samples)
    # another chunk size: the same samples, and results equal up to BLAS summation order
    other_chunk = monte_carlo(capacity, trials=600, seed=7)
    assert other_chunk.samples.equals(one.samples)
    assert np.allclose(other_chunk.metrics["npv_yen"], one.metrics["npv_yen"], rtol=1e-12, atol=1e-3)
    other = monte_carlo(capacity, trials=600, seed=8, chunk=170)
    assert not np.array_equal(one.metrics["npv_yen"], other.metrics["npv_yen"])


def test_threads_do_not_change_results(capacity: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks run in WORKERS threads; one thread or two give the same bytes (each chunk is computed alone)."""
    from simulator.risk import montecarlo

    runs = []
    for workers in (1, 2):
        monkeypatch.setattr(montecarlo, "WORKERS", workers)
        runs.append(monte_carlo(capacity, trials=700, seed=3, chunk=150))
    one, two = runs
    for key in one.metrics:
        assert one.metrics[key].tobytes() == two.metrics[key].tobytes(), key
    assert one.bands.equals(two.bands) and one.probabilities == two.probabilities


def test_result_shape_and_probabilities(capacity: Scenario) -> None:
    result = monte_carlo(capacity, trials=800, seed=1)
    assert list(result.percentiles.columns) == ["P5", "P10", "P50", "P90", "P95", "mean"]
    npv = result.percentiles.loc["npv_yen"]
    assert npv["P5"] <= npv["P10"] <= npv["P50"] <= npv["P90"] <= npv["P95"]
    assert npv["P10"] < npv["P90"]  # the defaults do move the result
    assert all(0.0 <= p <= 1.0 for p in result.probabilities.values())
    lowest = result.metrics["lowest_cash_yen"]
    assert result.probabilities["cash_below_zero"] == pytest.approx(np.mean(lowest < 0))
    high_floor = monte_carlo(capacity, trials=800, seed=1, floor=float(np.median(lowest)))
    assert high_floor.probabilities["cash_below_floor"] == pytest.approx(0.5, abs=0.01)
    bands = result.bands
    assert len(bands) == capacity.assumptions.horizon_months
    assert (bands["cash_p10"] <= bands["cash_p50"]).all() and (bands["cash_p50"] <= bands["cash_p90"]).all()


@pytest.mark.slow
def test_percentiles_converge(capacity: Scenario) -> None:
    """10k vs 100k trials: each NPV percentile within 3 % of the 100k P10–P90 spread (stated tolerance)."""
    small = monte_carlo(capacity, trials=10_000, seed=1).percentiles.loc["npv_yen"]
    large = monte_carlo(capacity, trials=100_000, seed=2).percentiles.loc["npv_yen"]
    spread = large["P90"] - large["P10"]
    for column in ("P10", "P50", "P90", "mean"):
        assert abs(small[column] - large[column]) <= 0.03 * spread, column


def test_correlation_in_the_file_is_in_the_samples(capacity: Scenario) -> None:
    pair = ("market.demand_growth_per_year", "paths.0.ramp.months_to_ceiling", 0.8)
    s = capacity.model_copy(update={"uncertainty": capacity.uncertainty.model_copy(
        update={"correlations": [pair]})})
    result = monte_carlo(s, trials=3000, seed=4)
    assert spearman(result.samples[pair[0]], result.samples[pair[1]]) == pytest.approx(0.8, abs=0.05)


def test_tornado_known_order(capacity: Scenario) -> None:
    """Lowest cash moves yen for yen with the opening cash (±100M uniform: P10–P90 swing exactly 160M) and
    with a capital subsidy received before the low point (±10M: swing 16M, 社会福祉法人 pays no tax);
    an input the engine does not read (a decision criterion) swings 0."""
    capacity = capacity.model_copy(deep=True)
    capacity.financing.subsidies[0].month = 12  # received before the low point (month 23, the month before opening)
    cash, subsidy = capacity.organisation.cash_yen, capacity.financing.subsidies[0].amount_yen
    inputs = [
        Distribution(target="financing.subsidies.0.amount_yen", kind="uniform", low=subsidy - 1e7, high=subsidy + 1e7),
        Distribution(target="workflow.criteria.min_dscr", kind="uniform", low=1.0, high=2.0),
        Distribution(target="organisation.cash_yen", kind="uniform", low=cash - 1e8, high=cash + 1e8),
    ]
    s = capacity.model_copy(update={"uncertainty": Uncertainty(inputs=inputs, use_path_defaults=False)})
    table = tornado(s, metric="lowest_cash_yen")
    assert list(table["target"]) == [inputs[2].target, inputs[0].target, inputs[1].target]
    assert table.iloc[0]["swing"] == pytest.approx(1.6e8, rel=1e-9)
    assert table.iloc[1]["swing"] == pytest.approx(1.6e7, rel=1e-9)
    assert table.iloc[2]["swing"] == pytest.approx(0.0, abs=1e-6)
    assert table.iloc[0]["low_value"] == pytest.approx(cash - 0.8e8)
    assert table.iloc[0]["metric_at_high"] > table.iloc[0]["metric_at_low"]


def test_tornado_labels_name_the_list_item(capacity: Scenario) -> None:
    """Inputs of list items say which item: the revision's date, the path's and the loan's number and name;
    a path without a label is named by its number; an index past the list keeps the plain label."""
    s = capacity.model_copy(deep=True)
    s.paths[0].label = ""
    s.financing.loans[0].name = "建築資金"
    labels = dict(zip(*(tornado(s, lang="ja")[c] for c in ("target", "label")), strict=True))
    first, second = s.assumptions.fee_revisions[0].date, s.assumptions.fee_revisions[1].date
    assert labels["assumptions.fee_revisions.0.change"].startswith(f"{first.year}年{first.month}月の報酬改定の")
    assert labels["assumptions.fee_revisions.1.change"].startswith(f"{second.year}年{second.month}月の報酬改定の")
    assert labels["paths.0.ramp.ceiling"].startswith("道筋1の")
    assert labels["financing.loans.0.annual_rate"].startswith("借入1「建築資金」の")
    beyond = Distribution(target="organisation.services.9.occupancy", kind="uniform", low=0.8, high=0.9)
    assert input_label(beyond, "ja", s) == "稼働率（organisation.services.9.occupancy）"
    names = dict(zip(*(tornado(s, lang="ja")[c] for c in ("target", "name")), strict=True))
    assert all(labels[k] == f"{names[k]}（{k}）" for k in labels)  # charts get the name without the path
    english = dict(zip(*(tornado(s, lang="en")[c] for c in ("target", "label")), strict=True))
    assert f"fee revision of {first:%Y-%m}" in english["assumptions.fee_revisions.0.change"]
    assert "loan 1 “建築資金”" in english["financing.loans.0.annual_rate"]


def test_tornado_leaves_out_the_correlation_drivers_unless_listed(capacity: Scenario) -> None:
    """Labour-market tightness and demand growth only drive correlated inputs in a Monte Carlo (the engine
    reads neither): a tornado showed them as rows of zero swing. They are left out and named in a note;
    an input the user lists is kept whatever it does."""
    from simulator.risk.text import tornado_text

    table = tornado(capacity)
    assert not {"market.labour_tightness", "market.demand_growth_per_year"} & set(table["target"])
    assert table.attrs["drivers"] == ["採用の難しさ", "需要の伸び率（年）"]
    assert "採用の難しさ、需要の伸び率（年）はトルネードに含めていません" in tornado_text(table)
    listed = capacity.model_copy(deep=True)
    listed.uncertainty.inputs = [Distribution(target="market.labour_tightness", kind="uniform", low=0.5, high=0.9)]
    table = tornado(listed)
    assert "market.labour_tightness" in set(table["target"]) and table.attrs["drivers"] == ["需要の伸び率（年）"]


def test_report_tornado_is_drawn_with_the_names(capacity: Scenario) -> None:
    """Report charts label the bars with the inputs' names (the dotted paths made the PDF's labels overlap)."""
    from simulator.risk.run import RiskRun

    frame = tornado(capacity)
    shown = list(RiskRun.of(None, frame).tornado["input"])
    assert shown == list(frame["name"]) and not any("assumptions." in name for name in shown)


def test_tornado_batch_equals_hand_edited_runs(capacity: Scenario) -> None:
    """The one batched engine call agrees with each hand-edited scenario run alone (NPV)."""
    table = tornado(capacity)
    assert len(table) >= 5 and (table["swing"].diff().dropna() <= 0).all()
    for row in table.head(2).itertuples():
        edited = capacity.model_copy(deep=True)
        *head, last = row.target.split(".")
        node = edited
        for part in head:
            node = node[int(part)] if part.isdigit() else getattr(node, part)
        setattr(node, last, float(row.high_value))
        assert run_metrics(edited)["npv_yen"] == pytest.approx(row.metric_at_high, rel=1e-9), row.target


def test_stress_case_equals_hand_edited_scenario(capacity: Scenario) -> None:
    table = stress(capacity)
    assert table.columns[0] == "base" and {"occupancy_minus_5", "interest_plus_1"} <= set(table.columns)
    by_hand = capacity.model_copy(deep=True)
    by_hand.paths[0].ramp.ceiling = capacity.paths[0].ramp.ceiling - 0.05
    by_hand.organisation.services[0].occupancy = capacity.organisation.services[0].occupancy - 0.05
    expected = run_metrics(by_hand, calibrate_from=capacity)  # the hand edit keeps the file's calibration
    for metric in table.index:
        assert table.at[metric, "occupancy_minus_5"] == pytest.approx(expected[metric], rel=1e-12, nan_ok=True)
    rate = capacity.model_copy(deep=True)
    for loan in rate.financing.loans:
        loan.annual_rate += 0.01
    assert table.at["npv_yen", "interest_plus_1"] == pytest.approx(run_metrics(rate, capacity)["npv_yen"], rel=1e-12)
    # lower occupancy than the accounts state costs money (it was once absorbed by re-calibration)
    assert table.at["npv_yen", "occupancy_minus_5"] < table.at["npv_yen", "base"]
    assert table.at["lowest_cash_yen", "occupancy_minus_5"] < table.at["lowest_cash_yen", "base"]
    assert "synergies_half" in table.attrs["unchanged"]  # no merger in a capacity plan
    # construction +20 % on a cost per m² left to the reference data: the reference value × 1.2 by hand
    import simulator.reference as reference

    build = capacity.model_copy(deep=True)
    build.paths[0].construction.cost_per_m2_yen = 1.2 * reference.construction(
        "cost_per_m2_yen", service="tokuyo", on=capacity.assumptions.start_date)
    build.paths[0].construction.fit_out_yen *= 1.2
    assert table.at["npv_yen", "construction_plus_20"] == pytest.approx(run_metrics(build, capacity)["npv_yen"],
                                                                        rel=1e-12)
    assert table.at["npv_yen", "construction_plus_20"] != table.at["npv_yen", "base"]


def test_user_stress_case_replaces_default(capacity: Scenario) -> None:
    from simulator.scenario import StressCase, StressEdit

    mine = StressCase(name="interest_plus_1", label_ja="金利 +2ポイント",
                      edits=[StressEdit(target="financing.loans.*.annual_rate", op="add", value=0.02)])
    s = capacity.model_copy(update={"uncertainty": Uncertainty(stress_cases=[mine])})
    assert [c for c in cases_for(s) if c.name == "interest_plus_1"] == [mine]


def test_break_even_fee_level_gives_zero_npv(capacity: Scenario) -> None:
    """At the break-even fee change, the hand-edited scenario (a revision from year 2) has NPV ≈ 0;
    NaN only if NPV has the same sign at both ends of the range (−50 % … +50 %)."""
    from simulator.scenario import FeeRevision

    change = break_even(capacity, "fee_level")
    start = capacity.assumptions.start_date
    edited = capacity.model_copy(deep=True)

    def npv_at(c: float) -> float:
        marker = FeeRevision(date=start.replace(year=start.year + 1), change=c)  # on top of the example's revisions
        edited.assumptions.fee_revisions = sorted([*capacity.assumptions.fee_revisions, marker], key=lambda r: r.date)
        return run_metrics(edited)["npv_yen"]

    if np.isnan(change):
        assert np.sign(npv_at(-0.5)) == np.sign(npv_at(0.5))
    else:
        assert abs(npv_at(change)) <= 1e-4 * abs(run_metrics(capacity)["npv_yen"])


def test_break_even_occupancy(capacity: Scenario) -> None:
    """Either a ceiling where NPV ≈ 0, or NaN and NPV has the same sign at ceilings 0 and 1."""
    occupancy = break_even(capacity, "occupancy")
    edited = capacity.model_copy(deep=True)
    if np.isnan(occupancy):
        signs = set()
        for ceiling in (0.0, 1.0):
            edited.paths[0].ramp.ceiling = ceiling
            signs.add(np.sign(run_metrics(edited)["npv_yen"]))
        assert len(signs) == 1
    else:
        edited.paths[0].ramp.ceiling = occupancy
        assert abs(run_metrics(edited)["npv_yen"]) <= 1e-4 * abs(run_metrics(capacity)["npv_yen"])


@pytest.mark.parametrize("command", ["tornado", "stress"])
def test_cli_json_and_text(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli import main

    assert main([command, str(CAPACITY), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data
    assert main([command, str(CAPACITY), "--lang", "en"]) == 0
    assert main([command, str(CAPACITY)]) == 0
    out = capsys.readouterr().out
    assert "百万円" in out


def test_cli_run_trials_json(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli import main

    assert main(["run", str(CAPACITY), "--trials", "200", "--seed", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 3 and data["trials"] == 200
    assert set(data["metrics"]["npv_yen"]) == {"P5", "P10", "P50", "P90", "P95", "mean"}
    assert 0 <= data["probabilities"]["cash_below_zero"] <= 1
    assert main(["run", str(CAPACITY), "--trials", "200", "--lang", "en"]) == 0
    assert "Monte Carlo" in capsys.readouterr().out


def test_cli_bad_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text("[organisation]\ncash_yen = 'many'\n", encoding="utf-8")
    assert main(["stress", str(bad)]) == 2
    assert main(["tornado", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert "cash_yen" in err and "Traceback" not in err


def test_stress_edits_stay_within_the_schema_bounds(capacity: Scenario) -> None:
    """'Occupancy −5 points' of a 3 % occupancy is 0 % and 'interest +1 point' of 29.5 % is the schema's
    30 % cap: the stress table is computed, where the whole table had failed on a validation error."""
    from simulator.risk.edits import apply_edits, bounds
    from simulator.scenario import StressEdit

    s = capacity.model_copy(deep=True)
    s.organisation.services[0].occupancy = 0.03
    s.financing.loans[0].annual_rate = 0.295
    edits = [StressEdit(target="organisation.services.*.occupancy", op="add", value=-0.05),
             StressEdit(target="financing.loans.*.annual_rate", op="add", value=0.01)]
    edited = apply_edits(s, edits)
    assert edited.organisation.services[0].occupancy == 0.0 and edited.financing.loans[0].annual_rate == 0.3
    assert bounds("paths.0.synergies.realisation") == (0, 1)  # found in the kind of path that has it
    table = stress(s)
    assert {"occupancy_minus_5", "interest_plus_1"} <= set(table.columns)
    assert table.attrs["clipped"]["interest_plus_1"] == ["financing.loans.0.annual_rate"]
    from simulator.risk.text import stress_text

    assert "financing.loans.0.annual_rate" in stress_text(table)
