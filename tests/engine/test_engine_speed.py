"""Fast paths of the engine equal their reference paths (no timings here: see ``make bench``).

- the compiled IRR (engine.irr) equals pyxirr (the engine's IRR before vectorisation) to 1e-9 relative wherever
  pyxirr finds one, on sampled inputs of every example and on constructed series; where pyxirr finds
  none but the IRR is unique (pyxirr 0.10 misses some roots below −65 %), the engine's value is a
  root (NPV ≈ 0); no IRR is lost;
- :class:`Shift` (shared delay indices) equals :func:`delay` bit for bit;
- staffing of a running service on ``(T, 1)`` levels equals the full ``(T, M)`` evaluation bit for bit;
- so do the revenue (介護報酬, 食費・居住費) of a block with a :class:`Level` and the receivable change.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.engine import project
from simulator.engine.inputs import Inputs
from simulator.engine.irr import irr_pyxirr, irr_yearly
from simulator.engine.metrics import residual, yearly_flows
from simulator.engine.other_costs import other_costs
from simulator.engine.projection import _context
from simulator.engine.staffing import (
    _staff_full,
    level_of,
    staff_before_wages,
)
from simulator.engine.timeline import Shift, delay
from simulator.files import load_scenario
from simulator.risk.defaults import uncertain_inputs
from simulator.risk.sampling import sample_inputs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))


def _sampled_inputs(path: Path, trials: int, seed: int) -> Inputs:
    """The example at ``path`` with the risk module's sampled inputs as overrides."""
    scenario = load_scenario(path)
    inputs, pairs = uncertain_inputs(scenario)
    return Inputs(scenario, trials, sample_inputs(inputs, pairs, trials, seed=seed))


def _assert_irr_agrees(yearly: np.ndarray) -> int:
    """Check the engine's IRR against pyxirr; returns how many IRRs only the engine found."""
    fast = irr_yearly(yearly)
    slow = np.array([irr_pyxirr(row) for row in yearly])
    assert not np.any(np.isnan(fast) & ~np.isnan(slow)), "an IRR pyxirr finds must not be lost"
    ok = ~np.isnan(slow)
    np.testing.assert_allclose(fast[ok], slow[ok], rtol=1e-9, atol=1e-12)
    extra = ~np.isnan(fast) & np.isnan(slow)
    if extra.any():
        rate, rows = fast[extra], yearly[extra]
        assert np.all(rate > -1.0)
        discount = (1.0 + rate)[:, None] ** -np.arange(rows.shape[1], dtype=float)
        scale = np.abs(rows * discount).sum(axis=1)
        np.testing.assert_array_less(np.abs((rows * discount).sum(axis=1)), 1e-12 * scale)
    return int(extra.sum())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_irr_equals_pyxirr_on_sampled_examples(path: Path) -> None:
    scenario = load_scenario(path)
    inputs, pairs = uncertain_inputs(scenario)
    trials = 300
    proj = project(scenario, trials, sample_inputs(inputs, pairs, trials, seed=11))
    yearly = yearly_flows(proj.arrays["incremental_cash_flow_yen"], residual(proj.arrays) - residual(proj.baseline))
    _assert_irr_agrees(yearly)


def test_irr_constructed_series() -> None:
    rows = [
        [-100.0, 10, 10, 110],  # 10 % exactly
        [-100.0, 0, 0, 0, 200],  # one sign change with zeros inside
        [-100.0, 230, -132],  # two roots: 10 % and 20 % (pyxirr picks one; we must pick the same)
        [100.0, -230, 132],  # the same, sign flipped
        [-100.0, 50, 40],  # a negative IRR only (unique: solved here)
        [-100.0, -10, -5],  # no IRR
        [-1e9, 1e6, 1e6, 1.3e9],  # large numbers
        [-100.0, 1e-3, 100.0000001],  # IRR near 0
        [1.0, -2.0 - 1 / 1.1, 2 / 1.1],  # roots −50 % and +10 %: pyxirr 0.10.8 picks −50 %; so must we
        [1.0, -(1 / 1.5 + 1 / 1.05), 1 / 1.5 / 1.05],  # roots +5 % and +50 %
    ]
    width = max(len(r) for r in rows)
    yearly = np.array([r + [0.0] * (width - len(r)) for r in rows])
    _assert_irr_agrees(yearly)
    assert irr_yearly(yearly[:1])[0] == pytest.approx(0.10, rel=1e-12)


def test_irr_unique_deep_negative_root_that_pyxirr_misses() -> None:
    # yearly flows of a sampled trial of the 小多機 example: one sign change, so exactly one IRR
    row = np.array([-34.982, -20.053, -13.228, -15.325, -15.903, -17.553, -19.719, -19.967, -21.654, 2.512]) * 1e6
    assert np.isnan(irr_pyxirr(row))  # pyxirr 0.10 returns none here
    roots = np.roots(row[::-1])  # in v = 1 / (1 + r)
    real = roots[np.isclose(roots.imag, 0) & (roots.real > 0)].real
    assert real.size == 1
    assert _assert_irr_agrees(row[None, :]) == 1
    assert irr_yearly(row[None, :])[0] == pytest.approx(1.0 / real[0] - 1.0, rel=1e-9)


def test_irr_of_a_trial_does_not_depend_on_its_chunk() -> None:
    rng = np.random.default_rng(3)
    yearly = np.column_stack([-rng.uniform(50, 150, 200), rng.uniform(-20, 40, (200, 8))])
    whole = irr_yearly(yearly)
    parts = np.concatenate([irr_yearly(yearly[:77]), irr_yearly(yearly[77:])])
    np.testing.assert_array_equal(whole, parts)


@pytest.mark.parametrize("months", [0.0, 1.0, 2.5, 3.999, 0.25, 11.0])
def test_shift_equals_delay(months: float) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(7, 30))
    per_trial = np.full((7, 1), months) + np.arange(7)[:, None] * 0.5
    np.testing.assert_array_equal(Shift(per_trial, x.shape)(x), delay(x, per_trial))


def test_level_of() -> None:
    mask = (np.arange(6)[None, :] >= np.array([[0], [2], [6]])).astype(float)
    level = np.array([[3.0], [0.5], [2.0]])
    np.testing.assert_array_equal(level_of(level * mask, mask)[:2], level[:2])
    ramp = level * mask * np.linspace(0.5, 1.0, 6)
    assert level_of(ramp, mask) is None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_running_staffing_on_levels_equals_full(path: Path) -> None:
    inp = _sampled_inputs(path, 50, seed=5)
    ctx = _context(inp)
    turnover = inp.const(0.15)
    for block in ctx.org_blocks:
        open_now = (block.capacity > 0).astype(float)
        assert level_of(block.users, open_now) is not None  # the fast path is the one taken
        # personnel at the base wage: the wage pricing after it is the same cell by cell for both
        fast = staff_before_wages(inp, ctx.tl, ctx.ref, block, turnover, ctx.social_rate)
        full = _staff_full(inp, ctx.tl, ctx.ref, block, turnover, ctx.social_rate)
        for name in ("shortfall", "personnel_yen", "required_total", "planned_total", "hires_total"):
            np.testing.assert_array_equal(getattr(fast, name), getattr(full, name), err_msg=name)
        for name in ("required", "planned", "hires"):
            fast_roles, full_roles = getattr(fast, name), getattr(full, name)
            assert list(fast_roles) == list(full_roles)
            for role in full_roles:
                np.testing.assert_array_equal(fast_roles[role], full_roles[role], err_msg=f"{name}.{role}")


@pytest.mark.parametrize(("source", "shape"), [((1, 7), (5, 7)), ((5, 1), (5, 7)), ((1, 1), (5, 7)), ((), (5, 7)),
                                             ((7,), (5, 7)), ((2, 1, 3), (2, 4, 3)), ((3, 1), (3, 0))])
def test_a_kernel_input_view_is_numpys_broadcast(source, shape) -> None:
    """jit.as_matrix builds its broadcast views itself where the array is contiguous: the same values, strides and
    shape as np.broadcast_to, read-only, over the same memory."""
    from simulator.engine.jit import as_matrix

    array = np.random.default_rng(1).standard_normal(source)
    got, want = as_matrix(array, shape), np.broadcast_to(array, shape)
    assert got.shape == want.shape and got.strides == want.strides and not got.flags.writeable
    assert np.shares_memory(got, array) or array.size == 0 or got.size == 0
    np.testing.assert_array_equal(got, want)


def test_a_kernel_input_of_the_wrong_shape_is_refused_as_numpy_refuses_it() -> None:
    from simulator.engine.jit import as_matrix

    with pytest.raises(ValueError, match="broadcast"):
        as_matrix(np.ones((1, 3)), (5, 7))
    with pytest.raises(ValueError, match="broadcast"):
        as_matrix(np.ones((3, 1)), (5, 7))  # a level of another trial count
    strided = np.ones((1, 14))[:, ::2]  # not contiguous: numpy's own broadcast
    np.testing.assert_array_equal(as_matrix(strided, (4, 7)), np.broadcast_to(strided, (4, 7)))


def test_inputs_the_same_in_every_trial_are_rows_and_single_numbers() -> None:
    from simulator.engine.jit import same_in_every_trial

    row, number, level = np.ones((1, 12)), np.full((1, 1), 2.0), np.ones((5, 1))
    assert same_in_every_trial([row, number, 0.0], [1.5, np.array([3.0])])
    assert not same_in_every_trial([row, level])  # a level per trial
    assert not same_in_every_trial([row], [np.arange(5.0)])  # a number per trial
    assert same_in_every_trial([])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_staff_of_inputs_no_trial_changes_is_every_trials_staff(path: Path) -> None:
    """A block whose staff inputs are the same in every trial (rows and single numbers) is staffed on one trial:
    its columns are rows, equal to every trial's of the pass over all trials, and its roles are of every trial."""
    inp = Inputs(load_scenario(path), 30)
    ctx = _context(inp)
    for block in ctx.org_blocks:
        shared = staff_before_wages(inp, ctx.tl, ctx.ref, block, 0.15, ctx.social_rate)
        per_trial = staff_before_wages(inp, ctx.tl, ctx.ref, block, np.full((inp.trials, 1), 0.15), ctx.social_rate)
        assert shared.personnel_yen.shape == (1, ctx.tl.months)  # the one-trial pass is the one taken
        assert per_trial.personnel_yen.shape == (inp.trials, ctx.tl.months)
        for name in ("shortfall", "personnel_yen", "required_total", "planned_total", "hires_total", "reduced"):
            got = np.broadcast_to(getattr(shared, name), per_trial.personnel_yen.shape)
            np.testing.assert_array_equal(got, getattr(per_trial, name), err_msg=f"{block.prefix} {name}")
        for name in ("required", "planned", "hires"):
            for role, want in getattr(per_trial, name).items():
                got = getattr(shared, name)[role]
                assert got.shape == want.shape, f"{block.prefix} {name}.{role}"
                np.testing.assert_array_equal(got, want, err_msg=f"{block.prefix} {name}.{role}")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_other_costs_of_inputs_no_trial_changes_are_every_trials(path: Path) -> None:
    """Other costs (経費) of a block whose inputs are rows and single numbers are one row, equal to every trial's of
    the pass over all trials (an inflation index of ones per trial forces that pass: × 1 is exact)."""
    inp = Inputs(load_scenario(path), 30)
    ctx = _context(inp)
    for block in ctx.org_blocks:
        shared = other_costs(ctx, block, 1.0)
        per_trial = other_costs(ctx, block, np.ones((inp.trials, 1)))
        assert shared.shape == (1, ctx.tl.months) and per_trial.shape == (inp.trials, ctx.tl.months)
        np.testing.assert_array_equal(np.broadcast_to(shared, per_trial.shape), per_trial, err_msg=block.prefix)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_revenue_on_levels_equals_full(path: Path) -> None:
    """Every block with a Level (the organisation's, a partner's or a bought business's services, some opening
    later): its users and capacity are level × mask exactly, and its revenue is that of the (T, M) users."""
    from simulator.engine.projection import _path_changes, _prepare
    from simulator.engine.revenue import fee_and_hotel

    inp = _sampled_inputs(path, 40, seed=9)
    ctx, common = _prepare(inp)
    blocks = [*ctx.org_blocks, *_path_changes(ctx).add]
    with_levels = [b for b in blocks if b.level is not None]
    assert len(with_levels) >= len(ctx.org_blocks)
    for block in with_levels:
        level = block.level
        np.testing.assert_array_equal(block.users, np.broadcast_to(level.users * level.open, block.users.shape))
        np.testing.assert_array_equal(block.capacity, np.broadcast_to(level.capacity * level.open, block.users.shape))
        np.testing.assert_array_equal(level.open, (block.capacity > 0).astype(float))
        fast = fee_and_hotel(inp, ctx.tl, ctx.ref, block, common["fee_factor"])
        full = fee_and_hotel(inp, ctx.tl, ctx.ref, block.with_(level=None), common["fee_factor"])
        for got, want, name in zip(fast, full, ("fee", "hotel"), strict=True):
            assert got.shape == want.shape  # (T, M), or a (1, M) row where no trial changes it
            assert np.broadcast_shapes(got.shape, (inp.trials, ctx.tl.months)) == (inp.trials, ctx.tl.months)
            np.testing.assert_array_equal(got, want, err_msg=f"{block.prefix} {name}")


def test_a_block_with_other_users_drops_its_level() -> None:
    ctx = _context(Inputs(load_scenario(EXAMPLES[0]), 2))
    block = ctx.org_blocks[0]
    assert block.level is not None
    assert block.with_(base_users=block.base_users * 0.5).level is None
    assert block.with_(sign=-1.0).level is block.level


def test_malloc_tuning_applies_on_glibc_once() -> None:
    import platform

    from simulator.engine.memory import keep_freed_memory

    assert keep_freed_memory() is (platform.libc_ver()[0] == "glibc")
    assert keep_freed_memory() is keep_freed_memory()  # once per process (cached)


def test_receivable_change_is_fee_in_minus_fee_paid() -> None:
    from simulator.engine.cash import INPUTS, accounts

    def _receivable_change(fee: np.ndarray, lag: np.ndarray, opening: np.ndarray) -> np.ndarray:
        columns = {name: np.zeros(fee.shape) for name in INPUTS} | {"revenue_fee_yen": fee}
        return accounts(columns, lag, opening, 0.0, 0.0)["receivable_change_yen"]

    rng = np.random.default_rng(2)
    fee = rng.uniform(1e6, 2e6, (5, 24)).round()
    opening = fee[:, :1] * 0.9
    for lag in (0.0, 1.0, 2.0, 6.0):
        change = _receivable_change(fee, np.full((5, 1), lag), opening)
        balance = [sum(fee[:, t - j] if t - j >= 0 else opening[:, 0] for j in range(int(lag))) for t in range(-1, 24)]
        want = np.diff(np.column_stack([np.zeros(5) + b for b in balance]), axis=1)
        np.testing.assert_allclose(change, want, rtol=0, atol=1e-6)
    mixed = _receivable_change(fee, np.array([[0.0], [1.0], [2.0], [2.0], [6.0]]), opening)
    for i, lag in enumerate((0, 1, 2, 2, 6)):
        np.testing.assert_array_equal(mixed[i], _receivable_change(fee[i:i + 1], np.full((1, 1), lag), opening[i:i + 1])[0])



def test_fee_factor_is_the_product_of_the_revisions_in_force_each_month() -> None:
    import datetime as dt

    from simulator.engine.revenue import fee_multiplier
    from simulator.scenario import FeeRevision

    scenario = load_scenario(EXAMPLES[0]).model_copy(deep=True)
    start = scenario.assumptions.start_date
    # out of date order, one before the start, two in the same month, one past the horizon
    dates = [dt.date(start.year + 2, 4, 1), dt.date(start.year - 1, 4, 1), dt.date(start.year + 1, 6, 1),
             dt.date(start.year + 1, 6, 15), dt.date(start.year + 40, 4, 1)]
    scenario.assumptions.fee_revisions = [FeeRevision(date=d, change=c)
                                          for d, c in zip(dates, (0.02, -0.01, 0.015, -0.03, 0.5), strict=True)]
    changes = np.array([[0.02, -0.01, 0.015, -0.03, 0.5], [-0.05, 0.0, 0.01, 0.02, 0.1]])
    overrides = {f"assumptions.fee_revisions.{i}.change": changes[:, i] for i in range(5)}
    inp = Inputs(scenario, 2, overrides)
    tl = _context(inp).tl
    got = fee_multiplier(inp, tl)
    for trial in range(2):
        for month in range(tl.months):
            want = 1.0
            for d, change in zip(dates, changes[trial], strict=True):
                want = want * (1.0 + change * (month >= tl.month_of(d)))
            assert got[trial, month] == want, (trial, month)
    assert got.shape == (2, tl.months)
