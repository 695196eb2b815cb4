"""The sampled values are pinned bit for bit: the same seed gives the same samples as before (issue 18).

Monte Carlo results are reproducible per seed and stored figures depend on them, so a faster sampler must
draw exactly the same numbers. Each digest is the SHA-256 of the samples' bytes (float64, one column after
the other in the inputs' order) and was computed on main at 12fdf99241d425b08d1773b66a2a17085a140612,
before sampling was made faster, with the code of that commit. If an example's default ranges change on
purpose (reference data), its digests move with them: recompute them from the commit before the change.

The faster parts are also checked on their own: the quick sorts give numpy's stable sorts' order and bits on
arrays made to trip them (ties, ±0.0, NaNs, values an ulp apart), and the compiled triangular draws are
``Generator.triangular``'s.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from simulator.files import load_scenario
from simulator.risk.defaults import uncertain_inputs, user_pairs
from simulator.risk.sampling import sample_inputs, stable_order, stable_sorted
from simulator.scenario import Distribution

ROOT = Path(__file__).resolve().parents[2]

# (example, trials, seed) -> digest, computed on main at 12fdf99 (before the speed-up)
EXAMPLE_DIGESTS = {
    ("capacity_tokuyo_30beds", 1000, 1): "95d09042b1a21bce3f717be61faddce87214f0102a2393ba75a8bcfefb9e9c3a",
    ("capacity_tokuyo_30beds", 1000, 7): "1902ccdac0e12607d55bf408ded03583f10f15a890874221e2cbee494b9e5326",
    ("capacity_tokuyo_30beds", 20000, 1): "7f727fc4e4c2853675e888108c3d9e4995c0c20db863ee9ab0af0bfeeb0137fd",
    ("capacity_tokuyo_30beds", 20000, 7): "1972e49260f3273c30df1561fef7c3d3a746934ad2e42073916acb6f43d778a7",
    ("collaboration_town_group", 1000, 1): "6777728afbcd0b3c2db0084b35f9cd6157ebf300af21d7d7b583ac0bef134b42",
    ("collaboration_town_group", 1000, 7): "95f67c929f1c5f19d0ee6a6b61744d18d04a8531fbdd4a8c94d1b76be474376a",
    ("collaboration_town_group", 20000, 1): "1b8af6be8ed9aa5ee1daa6c1fbc439bdc5661b529f168aaf50e7016f721fbc93",
    ("collaboration_town_group", 20000, 7): "e4aaaefd6007123ca59b55fbc2ba8b5728eb4f115eedf0d0b363040dd165b9b3",
    ("combined_gh_and_care_management", 1000, 1): "7491ed31553a077fb5a0ce9d9635b9c868c3c735783cf82179d43d3b9fdd8452",
    ("combined_gh_and_care_management", 1000, 7): "f4a708ca664444a88b856205e7524343373a1f563f5f5d2b2fd62ca9d04bf192",
    ("combined_gh_and_care_management", 20000, 1): "b8811f67dc51c126a376896d4cdad9d55d3153b6490d006ca9f703edbe6d1071",
    ("combined_gh_and_care_management", 20000, 7): "5f25c85db462857f0c275707f5160cc46a8c74717f26ceaeb353d0363d6a258a",
    ("merger_two_welfare_corps", 1000, 1): "f476a0705d5002a0b8de391ab0ce435bb8794f65bfd4970dd87a232f01333563",
    ("merger_two_welfare_corps", 1000, 7): "2dae8523d77cec72ae34cda55d4b40b144ac81354a7729bfde91009b0481e782",
    ("merger_two_welfare_corps", 20000, 1): "bbf464233230b564fd76d906e1ed89ed0e3e6e28027c7869beff9f1f3f71f7e5",
    ("merger_two_welfare_corps", 20000, 7): "930028d784f1b70c0ded1edadeef6b1a2bcdd5e990ca3dffc6e3a4d2e06ef36a",
    ("new_service_small_multi", 1000, 1): "31b40903fd0c0ebc71d476e81c461a3fa37a189cff943cfa48f9f9ea5826d24d",
    ("new_service_small_multi", 1000, 7): "1d3cb2ebb29a041fa9416ac45d26c602ade27a9ed79ba160ca7a3690c60551a7",
    ("new_service_small_multi", 20000, 1): "7c7e97f50322e28e9c683cc52e0cd934251aee899c409ba7fdb00bad8577f42a",
    ("new_service_small_multi", 20000, 7): "edf5a100f647f566d6f7b01ef1d0c86ed1bb9792e155dfe74df120d2166ad20e",
    ("transfer_buy_home_help", 1000, 1): "ef9e5791537553cc8d25053c41033ac411b2aef0c6f6ba371aa21f05e1edaa6f",
    ("transfer_buy_home_help", 1000, 7): "99c7078bd140ec0786db7d3c621dadb2544e333dfa0af854151edcde6a472205",
    ("transfer_buy_home_help", 20000, 1): "d6aceb05233f1f32440378d3f67fe6839fd7f24697b654a3cb58870e1325e19a",
    ("transfer_buy_home_help", 20000, 7): "f27ef87f6ee55f0bd7187cd0ee7a8dc731cc5ea3343a684802ea52fa1db75f9a",
}

# Every kind of distribution, correlated in a chain (the examples use triangular ranges only); "g" stays apart.
KINDS = [
    Distribution(target="a", kind="triangular", low=0, mode=1, high=4),
    Distribution(target="b", kind="pert", low=0, mode=1, high=4),
    Distribution(target="c", kind="normal", mean=1, sd=1, low=0),
    Distribution(target="d", kind="lognormal", mean=2, sd=1, high=3),
    Distribution(target="e", kind="discrete", values=[-0.03, 0.0, 0.02], probabilities=[0.2, 0.5, 0.3]),
    Distribution(target="f", kind="uniform", low=1, high=2),
    Distribution(target="g", kind="normal", mean=-1, sd=2),
]
PAIRS = [("a", "b", 0.7), ("b", "c", -0.4), ("c", "d", 0.3), ("d", "e", 0.5), ("e", "f", -0.2)]
# (trials, seed) -> digest, computed on main at 12fdf99 (before the speed-up)
KIND_DIGESTS = {
    (1000, 1): "74a026d63b47fa1af23a729600362fc9fc742310c89f9fff4aa80accb5febc50",
    (1000, 7): "4832f7ad3b68cdfd78b3501a9f4df6362bcb9b271f9add7035050a196f73d066",
    (20000, 1): "6d15a2ba510c076f82a8b28b604a6fdf12c8889b33f43e612c5bd68c9831b04b",
    (20000, 7): "b65b96db39604fbd5ab494d319e691ef501b61675a0dbaef48fdf6839603cd56",
}


def digest(samples: dict[str, np.ndarray], trials: int) -> str:
    """SHA-256 of every column's float64 bytes, in column order."""
    h = hashlib.sha256()
    for values in samples.values():
        assert values.dtype == np.float64 and values.shape == (trials,)
        h.update(values.tobytes())
    return h.hexdigest()


@pytest.mark.parametrize(("example", "trials", "seed"), list(EXAMPLE_DIGESTS))
def test_an_examples_samples_are_those_drawn_before(example: str, trials: int, seed: int) -> None:
    scenario = load_scenario(ROOT / "scenarios" / f"{example}.toml")
    inputs, pairs = uncertain_inputs(scenario)
    samples = sample_inputs(inputs, pairs, trials, seed, firm=user_pairs(scenario))
    assert digest(samples, trials) == EXAMPLE_DIGESTS[example, trials, seed]


def avx512_paths() -> list[str]:
    """numpy's AVX-512 code paths this machine would take (numpy ≥ 2.4 names them X86_V4, AVX512_ICL …; earlier
    numpy AVX512F …)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [name for name in __cpu_dispatch__ if (name == "X86_V4" or name.startswith("AVX512"))
            and __cpu_features__.get(name)]


KIND_DIGESTS_AT = """
import sys
sys.path.insert(0, sys.argv[1])
from test_sampling_pinned import KIND_DIGESTS, KINDS, PAIRS, digest
from simulator.risk.sampling import sample_inputs
for trials, seed in KIND_DIGESTS:
    print(digest(sample_inputs(KINDS, PAIRS, trials, seed), trials))
"""


def test_every_kinds_samples_are_those_drawn_before() -> None:
    """The kinds other than triangular use np.log and np.exp (normal quantiles, lognormal, PERT), whose AVX-512
    code gives other last bits than the AVX2 code the digests were computed with (numpy's SIMD functions are
    within an ulp or so, not correctly rounded: seen 2026-12-03 on an AVX-512 machine, where the same code and
    seeds gave other digests until numpy was kept to AVX2). So they are drawn in a process that takes numpy's
    AVX2 paths, and the pin means: the sampler draws what the code of 12fdf99 drew, on the same SIMD code.
    (The examples' triangular draws use only square roots, correctly rounded on every path: pinned as they are.)"""
    import os
    import subprocess
    import sys

    from numpy._core._multiarray_umath import __cpu_features__

    if not (__cpu_features__.get("X86_V3") or __cpu_features__.get("AVX2")):
        pytest.skip("the digests were computed on numpy's AVX2 paths, which this machine lacks")
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(avx512_paths())}
    run = subprocess.run([sys.executable, "-c", KIND_DIGESTS_AT, str(Path(__file__).parent)], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT)
    assert run.stdout.split() == list(KIND_DIGESTS.values())


def test_the_digest_sees_one_changed_value() -> None:
    """A single sample one ulp off changes the digest (the pin can fail)."""
    samples = sample_inputs(KINDS, PAIRS, 1000, 1)
    samples["f"][500] = np.nextafter(samples["f"][500], np.inf)
    assert digest(samples, 1000) != KIND_DIGESTS[1000, 1]


def awkward_arrays() -> list[np.ndarray]:
    """Arrays a quick sort could order otherwise than a stable one: ties, ±0.0, NaNs, values an ulp apart."""
    rng = np.random.Generator(np.random.PCG64(2))
    out = [np.array([]), np.array([1.0]), np.array([2.0, 1.0]), np.array([0.0, -0.0, 0.0, -0.0, 1.0, -1.0]),
           np.array([np.nan, 1.0, -np.nan, 0.0, -0.0]), np.array([np.inf, -np.inf, 0.0, 5e-324, -5e-324])]
    for n in (2, 3, 8, 9, 1024, 1025, 30_000):
        near = rng.standard_normal(n)
        near[1::2] = np.nextafter(near[0::2][: n // 2], -np.inf)  # an ulp below the value before it
        with_nan = rng.standard_normal(n)
        with_nan[rng.integers(0, n, n // 3 + 1)] = np.nan
        out += [rng.standard_normal(n), rng.integers(-3, 4, n).astype(float), near, with_nan,
                np.where(rng.random(n) < 0.5, 0.0, -0.0), rng.permutation(np.repeat(rng.standard_normal(n), 3))]
    return out


def test_the_quick_order_is_the_stable_argsort() -> None:
    for x in awkward_arrays():
        expected = np.argsort(x, kind="stable")
        for values in (x, np.repeat(x, 2)[::2]):  # a strided view too (a column of the scores)
            got = stable_order(values)
            assert got.dtype == expected.dtype and np.array_equal(got, expected), x[:8]


def test_the_quick_sort_is_the_stable_sort_bit_for_bit() -> None:
    for x in awkward_arrays():
        assert stable_sorted(x).tobytes() == np.sort(x, kind="stable").tobytes(), x[:8]


@pytest.mark.parametrize(("low", "mode", "high"), [(0.0, 1.0, 4.0), (0.03, 0.05, 0.07), (1.0, 1.0, 2.0),
                                                   (1.0, 2.0, 2.0), (-3.0, -1.0, 0.0), (-1e9, 5e8, 2e9),
                                                   (0.87, 0.95, 0.98), (3.0, 6.0, 13.0)])
def test_triangular_draws_are_numpys(low: float, mode: float, high: float) -> None:
    """The compiled triangular draws are ``Generator.triangular``'s, bit for bit (numpy's own formula on its
    uniform draws): a numpy that changed its formula would fail here first."""
    d = Distribution(target="x", kind="triangular", low=low, mode=mode, high=high)
    for seed in (1, 7):
        ours = sample_inputs([d], [], 20_000, seed)["x"]
        theirs = np.random.Generator(np.random.PCG64(seed)).triangular(low, mode, high, 20_000)
        assert ours.tobytes() == theirs.tobytes()
