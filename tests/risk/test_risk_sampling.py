"""Sampling of uncertain inputs: marginals, quantiles, seeds, rank correlation, defaults, edits."""

from __future__ import annotations

import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator.fieldpath import expand
from simulator.risk.defaults import uncertain_inputs
from simulator.risk.edits import apply_edits
from simulator.risk.sampling import normal_ppf, quantile, sample_inputs, spearman
from simulator.scenario import (
    CapacityIncrease,
    Distribution,
    Loan,
    Scenario,
    ServiceOperation,
    StressEdit,
    Uncertainty,
)

N = 200_000


def dists() -> list[Distribution]:
    return [
        Distribution(target="a", kind="triangular", low=0, mode=1, high=4),
        Distribution(target="b", kind="pert", low=0, mode=1, high=4),
        Distribution(target="c", kind="normal", mean=1, sd=1, low=0),
        Distribution(target="d", kind="lognormal", mean=2, sd=1, high=3),
        Distribution(target="e", kind="discrete", values=[-0.03, 0.0, 0.02], probabilities=[0.2, 0.5, 0.3]),
        Distribution(target="f", kind="uniform", low=1, high=2),
    ]


def test_normal_ppf_matches_stdlib() -> None:
    ps = np.array([1e-6, 0.001, 0.02, 0.1, 0.5, 0.9, 0.975, 0.999999])
    expected = np.array([NormalDist().inv_cdf(p) for p in ps])
    assert np.allclose(normal_ppf(ps), expected, rtol=1e-8, atol=1e-8)


def test_analytic_quantiles() -> None:
    # triangular(0, 1, 4): F(x) = x²/4 on [0, 1] → P10 = sqrt(0.4); above the mode 1 − (4 − x)²/12 → P90 = 4 − sqrt(1.2)
    tri = dists()[0]
    assert quantile(tri, 0.1) == pytest.approx(math.sqrt(0.4))
    assert quantile(tri, 0.9) == pytest.approx(4 - math.sqrt(1.2))
    uni = dists()[5]
    assert quantile(uni, 0.25) == pytest.approx(1.25)
    # PERT(0, 2, 4) is symmetric: the median is the mode
    assert quantile(Distribution(target="x", kind="pert", low=0, mode=2, high=4), 0.5) == pytest.approx(2, abs=1e-4)
    disc = dists()[4]
    assert list(quantile(disc, np.array([0.1, 0.2, 0.5, 0.69, 0.71]))) == [-0.03, -0.03, 0.0, 0.0, 0.02]


def test_samples_follow_their_marginals_and_bounds() -> None:
    samples = sample_inputs(dists(), [], N, seed=3)
    for d in dists():
        x = samples[d.target]
        assert x.shape == (N,)
        empirical = np.quantile(x, [0.1, 0.5, 0.9])
        assert np.allclose(empirical, quantile(d, np.array([0.1, 0.5, 0.9])), atol=0.02), d.target
    assert samples["c"].min() >= 0 and samples["d"].max() <= 3
    assert set(np.unique(samples["e"])) == {-0.03, 0.0, 0.02}
    assert np.mean(samples["e"] == 0.0) == pytest.approx(0.5, abs=0.01)


def test_same_seed_bit_identical_and_other_seed_differs() -> None:
    pairs = [("a", "b", 0.7), ("b", "c", -0.4)]
    one, two = sample_inputs(dists(), pairs, 5000, seed=11), sample_inputs(dists(), pairs, 5000, seed=11)
    assert all(one[k].tobytes() == two[k].tobytes() for k in one)
    three = sample_inputs(dists(), pairs, 5000, seed=12)
    assert not np.array_equal(one["a"], three["a"])


@settings(max_examples=25, deadline=None)
@given(rho_ab=st.floats(-0.9, 0.9), rho_cf=st.floats(-0.9, 0.9))
def test_rank_correlation_is_imposed(rho_ab: float, rho_cf: float) -> None:
    """The Spearman correlation of the samples is within ±0.05 of the requested one."""
    samples = sample_inputs(dists(), [("a", "b", rho_ab), ("c", "f", rho_cf)], 20_000, seed=5)
    assert spearman(samples["a"], samples["b"]) == pytest.approx(rho_ab, abs=0.05)
    assert spearman(samples["c"], samples["f"]) == pytest.approx(rho_cf, abs=0.05)
    assert spearman(samples["a"], samples["f"]) == pytest.approx(0.0, abs=0.05)


def test_correlation_keeps_the_marginal_sample() -> None:
    alone = sample_inputs(dists(), [], 3000, seed=9)
    linked = sample_inputs(dists(), [("a", "b", 0.8)], 3000, seed=9)
    assert np.array_equal(np.sort(alone["a"]), np.sort(linked["a"]))


def test_distribution_parameters_are_checked() -> None:
    with pytest.raises(ValidationError):
        Distribution(target="x", kind="triangular", low=1, mode=0, high=2)
    with pytest.raises(ValidationError):
        Distribution(target="x", kind="normal", mean=1)
    with pytest.raises(ValidationError):
        Distribution(target="x", kind="discrete", values=[1, 2], probabilities=[0.5, 0.6])


def small_scenario() -> Scenario:
    op = ServiceOperation(service="group_home", capacity=18, occupancy=0.9)
    return Scenario(
        organisation={"services": [op]},
        paths=[CapacityIncrease(added_capacity=9, ramp={"ceiling": 0.93, "months_to_ceiling": 10})],
        financing={"loans": [Loan(amount_yen=1e8, annual_rate=0.015, years=20)]},
    )


def test_defaults_cover_paths_and_user_inputs_win() -> None:
    s = small_scenario()
    inputs, pairs = uncertain_inputs(s)
    targets = {d.target: d for d in inputs}
    ceiling = targets["paths.0.ramp.ceiling"]
    assert ceiling.mode == 0.93 and ceiling.low == pytest.approx(0.93 - 0.22) and "WAM" in ceiling.source
    assert "financing.loans.0.annual_rate" in targets
    assert ("market.labour_tightness", "market.hiring_delay_months", 0.6) in pairs
    mine = Distribution(target="paths.0.ramp.ceiling", kind="uniform", low=0.8, high=0.95, source="mine")
    s2 = s.model_copy(update={"uncertainty": Uncertainty(inputs=[mine], correlations=[
        ("market.labour_tightness", "market.hiring_delay_months", 0.2)])})
    inputs2, pairs2 = uncertain_inputs(s2)
    assert [d for d in inputs2 if d.target == "paths.0.ramp.ceiling"] == [mine]
    assert ("market.labour_tightness", "market.hiring_delay_months", 0.2) in pairs2
    none = s.model_copy(update={"uncertainty": Uncertainty(use_path_defaults=False)})
    assert uncertain_inputs(none) == ([], [])


def test_edits_wildcards_append_and_skip() -> None:
    s = small_scenario()
    data = s.model_dump()
    assert expand(data, "paths.*.ramp.ceiling") == ["paths.0.ramp.ceiling"]
    assert expand(data, "paths.*.synergies.realisation") == []
    edited = apply_edits(s, [
        StressEdit(target="paths.*.ramp.ceiling", op="add", value=-0.05),
        StressEdit(target="financing.loans.*.annual_rate", op="add", value=0.01),
        StressEdit(target="assumptions.fee_revisions", op="append", item={"date": "2027-04-01", "change": -0.02}),
        StressEdit(target="paths.*.synergies.realisation", op="multiply", value=0.5),
    ])
    assert edited.paths[0].ramp.ceiling == pytest.approx(0.88)
    assert edited.financing.loans[0].annual_rate == pytest.approx(0.025)
    assert edited.assumptions.fee_revisions[0].change == -0.02
    assert s.paths[0].ramp.ceiling == 0.93  # the original is untouched
    # beyond a bound an added number stops at it, and the caller learns which field was held
    held: list[str] = []
    assert apply_edits(s, [StressEdit(target="paths.0.ramp.ceiling", op="add", value=0.5)],
                       clipped=held).paths[0].ramp.ceiling == 1.0
    assert held == ["paths.0.ramp.ceiling"]
    with pytest.raises(ValidationError):  # a set value out of range is still an error
        apply_edits(s, [StressEdit(target="paths.0.ramp.ceiling", op="set", value=1.5)])


def test_the_occupancy_ceiling_range_is_the_services_own():
    # a 特養 range cites WAM's 特養 table (利用率 92.4–94.4 % in every size class), not the GH opening-year spread
    # (黒字 88 % vs 赤字 66 %), which stays with GH; other services say "assumption"
    from simulator.files import load_scenario
    from simulator.risk.defaults import path_defaults

    root = Path(__file__).resolve().parents[2] / "scenarios"
    tokuyo = {d.target: d for d in path_defaults(load_scenario(root / "capacity_tokuyo_30beds.toml"))}
    ceiling = tokuyo["paths.0.ramp.ceiling"]
    assert "19342/5" in ceiling.source and "グループホーム" not in ceiling.source
    assert ceiling.mode - ceiling.low == pytest.approx(0.08)
    gh = {d.target: d for d in path_defaults(load_scenario(root / "combined_gh_and_care_management.toml"))}
    assert "グループホーム" in gh["paths.0.ramp.ceiling"].source
    multi = {d.target: d for d in path_defaults(load_scenario(root / "new_service_small_multi.toml"))}
    assert multi["paths.0.ramp.ceiling"].source.startswith("assumption")
