"""Monte Carlo: the engine with ``trials=N`` sampled inputs, summarised as percentiles, probabilities and bands.

All inputs are sampled up front (small: trials × inputs), then the engine runs over the trial axis in
chunks so that peak memory stays bounded at 100k trials. The same seed gives bit-identical results
whatever the chunk size, because sampling does not depend on it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from simulator.engine import metrics_from_projection, project
from simulator.engine.memory import keep_freed_memory
from simulator.risk.defaults import uncertain_inputs, user_pairs
from simulator.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

PERCENTILES: tuple[int, ...] = (5, 10, 50, 90, 95)
SUMMARY_METRICS: tuple[str, ...] = ("npv_yen", "irr", "payback_month", "lowest_cash_yen")
BAND_PERCENTILES: tuple[int, ...] = (10, 50, 90)
# trials × months per engine call: the engine holds about 135-160 (trials, months) float arrays at its peak
# (tracemalloc, 2026-11: 0.25-0.3 MiB per trial at 240 months), so 120k cells keep a chunk near 150 MiB; fewer
# since 2026-12-03, when what no trial changes stays a row (bench_risk's peaks fell by a sixth to a half).
# Chunks of 240k-960k cells were measured too (10k trials, 120 and 240 months): no faster (the arrays
# fall out of cache; again 2026-12-03 at 240k and 480k: within the machine's noise, docs/performance.md),
# so the chunk stays small; memory at 100k trials is then the kept monthly cash and
# margin matrices (2 × 8 bytes × trials × months) plus one chunk.
CHUNK_CELLS = 120_000
MONTHS_PER_YEAR = 12
LOSS_YEAR = 3  # "a loss in year 3": the third year of the projection
NEVER = 1e12  # stands for "no payback" while taking percentiles (beyond any horizon)
# Chunks (and the two band matrices) run in this many threads: numpy releases the GIL inside its array
# loops and the bands' kernel runs without it, so two threads keep both cores of the target machine busy.
# Each chunk is computed on its own, so the results do not depend on the number of threads.
WORKERS = min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class RiskResult:
    """Monte Carlo summary. ``percentiles``: index = metric, columns P5 … P95 and mean.

    ``probabilities``: share of trials (0-1) with a cash shortfall below zero / below the floor, a loss in
    year 3 (absolute and incremental), a month below 人員基準, no payback, an undefined IRR.
    ``bands``: index = month, columns ``cash_p10`` … ``margin_p90`` (P10 / P50 / P90 per month).
    ``samples``: the sampled inputs, one column per target; ``metrics``: every metric per trial.
    """

    seed: int
    trials: int
    floor_yen: float
    percentiles: pd.DataFrame
    probabilities: dict[str, float]
    bands: pd.DataFrame
    samples: pd.DataFrame
    metrics: Mapping[str, np.ndarray] = field(repr=False)
    correlations: tuple[tuple[str, str, float], ...] = ()


def _quantiles(values: np.ndarray, metric: str) -> list[float]:
    """P5 … P95 and mean. An undefined IRR is left out.

    Payback "never" (NaN) counts as the latest, and each percentile is a month some trial paid back in
    (the empirical distribution's inverse, no interpolation): P_q is the month by which q % of the trials
    have paid back, NaN (never) exactly when fewer than q % pay back within the horizon, so the row agrees
    with ``probabilities["no_payback"]``. Interpolating would put a month between the last payback and
    "never" (e.g. 4 × 10¹¹). The mean exists only when every trial pays back.
    """
    if metric == "payback_month":
        never = np.isnan(values)
        latest = np.where(never, NEVER, values)
        q = [float("nan") if x >= NEVER else float(x)
             for x in np.percentile(latest, PERCENTILES, method="inverted_cdf")]
        return [*q, float("nan") if never.any() else float(values.mean())]
    if np.isnan(values).all():
        return [float("nan")] * (len(PERCENTILES) + 1)
    return [*map(float, np.nanpercentile(values, PERCENTILES)), float(np.nanmean(values))]


def _band(matrix: np.ndarray) -> np.ndarray:
    """P10, P50, P90 over trials for each month of a ``(months, trials)`` float matrix (C order): shape
    (3, months), the bits of ``np.percentile(matrix, BAND_PERCENTILES, axis=1)`` (one trial: its row, thrice)."""
    from simulator.risk.bands import percentiles_by_row  # lazy: its kernels load only for a Monte Carlo

    return percentiles_by_row(matrix, np.array(BAND_PERCENTILES, dtype=float))


@dataclass(frozen=True)
class _Chunk:
    """What a Monte Carlo keeps of one engine call over trials ``start:stop``."""

    dates: pd.DatetimeIndex
    metrics: dict[str, np.ndarray]
    loss_abs: np.ndarray  # (trials,) net loss in year 3
    loss_inc: np.ndarray  # (trials,) net income in year 3 below the baseline's
    below_std: np.ndarray  # (trials,) some month below 人員基準


def _run_chunk(scenario: Scenario, samples: Mapping[str, np.ndarray], start: int, stop: int,
               cash: np.ndarray, margin: np.ndarray) -> _Chunk:
    """Trials ``start:stop``; their monthly cash and margin go to columns ``start:stop`` of ``cash`` and
    ``margin`` (``(months, trials)``, filled in place)."""
    overrides = {k: v[start:stop] for k, v in samples.items()}
    projection = project(scenario, trials=stop - start, overrides=overrides)
    metrics = {key: np.asarray(values, dtype=float).reshape(-1)
               for key, values in metrics_from_projection(projection, scenario).items()}
    arrays, base = projection.arrays, projection.baseline
    revenue = np.asarray(arrays["revenue_yen"], dtype=float)
    profit = np.asarray(arrays["operating_profit_yen"], dtype=float)
    year = slice((LOSS_YEAR - 1) * MONTHS_PER_YEAR, LOSS_YEAR * MONTHS_PER_YEAR)
    net = np.asarray(arrays["net_income_yen"], dtype=float)[:, year].sum(axis=1)
    base_net = np.broadcast_to(np.asarray(base["net_income_yen"], dtype=float), arrays["net_income_yen"].shape)
    cash[:, start:stop] = np.asarray(arrays["cash_yen"], dtype=float).T
    margin[:, start:stop] = np.divide(profit, revenue, out=np.zeros_like(profit), where=revenue != 0).T
    return _Chunk(dates=projection.dates, metrics=metrics,
                  loss_abs=net < 0, loss_inc=net - base_net[:, year].sum(axis=1) < 0,
                  below_std=np.asarray(arrays["staff_shortfall"]).max(axis=1) > 0)


def monte_carlo(
    scenario: Scenario,
    trials: int = 10_000,
    seed: int = 1,
    floor: float | None = None,
    chunk: int | None = None,
) -> RiskResult:
    """Run ``trials`` sampled trials; ``floor`` = the cash floor in yen (default ``assumptions.cash_floor_yen``);
    ``chunk`` = trials per engine call (default: CHUNK_CELLS / horizon months)."""
    import pandas as pd  # lazy, like sampling (kernels): the base case imports simulator.risk, needs neither

    from simulator.risk.sampling import sample_inputs

    if trials < 1:
        raise ValueError("trials must be at least 1")
    keep_freed_memory()
    floor_yen = float(scenario.assumptions.cash_floor_yen if floor is None else floor)
    if chunk is None:
        chunk = max(1, CHUNK_CELLS // scenario.assumptions.horizon_months)
    inputs, correlations = uncertain_inputs(scenario)
    samples = sample_inputs(inputs, correlations, trials, seed, firm=user_pairs(scenario))
    bounds = [(start, min(trials, start + chunk)) for start in range(0, trials, chunk)]
    # months × trials: each chunk writes its columns, and a month's values lie together for the bands
    months = scenario.assumptions.horizon_months
    cash, margin = np.empty((months, trials)), np.empty((months, trials))

    def run(start_stop: tuple[int, int]) -> _Chunk:
        return _run_chunk(scenario, samples, *start_stop, cash, margin)

    first = run(bounds[0])  # warms the reference caches before the threads share them
    with ThreadPoolExecutor(WORKERS) as pool:
        parts = [first, *pool.map(run, bounds[1:])]
    dates = first.dates
    per_trial = {k: np.concatenate([part.metrics[k] for part in parts]) for k in first.metrics}
    lowest = per_trial["lowest_cash_yen"]
    probabilities = {
        "cash_below_zero": float(np.mean(lowest < 0)),
        "cash_below_floor": float(np.mean(lowest < floor_yen)),
        "loss_year3": float(np.mean(np.concatenate([part.loss_abs for part in parts]))),
        "incremental_loss_year3": float(np.mean(np.concatenate([part.loss_inc for part in parts]))),
        "below_staffing_standard": float(np.mean(np.concatenate([part.below_std for part in parts]))),
        "no_payback": float(np.mean(np.isnan(per_trial["payback_month"]))),
        "irr_undefined": float(np.mean(np.isnan(per_trial["irr"]))),
        "npv_negative": float(np.mean(per_trial["npv_yen"] < 0)),
    }
    columns = [f"P{p}" for p in PERCENTILES] + ["mean"]
    percentiles = pd.DataFrame(
        [_quantiles(per_trial[k], k) for k in SUMMARY_METRICS], index=list(SUMMARY_METRICS), columns=columns
    )
    bands = pd.DataFrame(index=pd.RangeIndex(months, name="month"))
    if dates is not None:
        bands["date"] = dates[:months]
    with ThreadPoolExecutor(WORKERS) as pool:
        rows = dict(zip(("cash", "margin"), pool.map(_band, (cash, margin)), strict=True))
    for name, matrix_rows in rows.items():
        for p, row in zip(BAND_PERCENTILES, matrix_rows, strict=True):
            bands[f"{name}_p{p}"] = row
    return RiskResult(
        seed=seed,
        trials=trials,
        floor_yen=floor_yen,
        percentiles=percentiles,
        probabilities=probabilities,
        bands=bands,
        samples=pd.DataFrame(samples),
        metrics=per_trial,
        correlations=tuple(correlations),
    )
