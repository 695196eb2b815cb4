"""Sampling uncertain inputs: marginal distributions, quantiles and rank correlation.

Each :class:`~simulator.scenario.Distribution` is sampled with a numpy ``Generator(PCG64(seed))``,
one input after the other in a fixed order, so the same seed gives bit-identical samples.
Correlations are rank (Spearman) correlations imposed by the Iman–Conover method: every input keeps
its exact marginal sample, and the samples are re-paired to follow the ranks of correlated normal
scores. No scipy: the few special functions needed are written here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from simulator.scenario import Distribution

# Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
      1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
      6.680131188771972e01, -1.328068155288572e01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
      -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
_P_LOW = 0.02425


def normal_cdf(x: float) -> float:
    """Standard normal distribution function Φ(x) (scalar)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_ppf(p: np.ndarray | float) -> np.ndarray:
    """Standard normal quantile Φ⁻¹(p), vectorised (Acklam); p in (0, 1)."""
    probs = np.clip(np.asarray(p, dtype=float), 1e-300, 1 - 1e-16)
    out = np.empty_like(probs)
    lo, hi = probs < _P_LOW, probs > 1 - _P_LOW
    mid = ~(lo | hi)
    q = probs[mid] - 0.5
    r = q * q
    num = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * q
    den = ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1
    out[mid] = num / den
    for mask, sign, tail in ((lo, 1.0, probs[lo]), (hi, -1.0, 1 - probs[hi])):
        q = np.sqrt(-2 * np.log(tail))
        num = ((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]
        den = (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1
        out[mask] = sign * num / den
    return out


def _need(value: float | None) -> float:
    """A parameter the schema requires for the distribution's kind (``Distribution`` checks it is given)."""
    if value is None:
        raise ValueError("a distribution parameter its kind needs is missing (the schema should have said so)")
    return value


def _lognormal_log_params(d: Distribution) -> tuple[float, float]:
    """μ and σ of log(X) for a lognormal given by the mean and sd of X itself."""
    mean = _need(d.mean)
    sigma2 = math.log1p((_need(d.sd) / mean) ** 2)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


def _normal_bounds(d: Distribution) -> tuple[float, float, float, float]:
    """(μ, σ, Φ(lower z), Φ(upper z)) on the normal scale (log scale for lognormal)."""
    low: float | None
    high: float | None
    if d.kind == "lognormal":
        mu, sigma = _lognormal_log_params(d)
        low = math.log(d.low) if d.low is not None and d.low > 0 else None
        high = math.log(d.high) if d.high is not None and d.high > 0 else None
    else:
        mu, sigma, low, high = _need(d.mean), _need(d.sd), d.low, d.high
    p_low = normal_cdf((low - mu) / sigma) if low is not None else 0.0
    p_high = normal_cdf((high - mu) / sigma) if high is not None else 1.0
    return mu, sigma, p_low, p_high


def _pert_shape(d: Distribution) -> tuple[float, float]:
    low, mode, high = _need(d.low), _need(d.mode), _need(d.high)
    width = high - low
    return 1 + 4 * (mode - low) / width, 1 + 4 * (high - mode) / width


def quantile(d: Distribution, p: np.ndarray | float) -> np.ndarray:
    """The value below which a share ``p`` of the distribution lies (P10 = quantile(d, 0.1))."""
    p = np.asarray(p, dtype=float)
    if d.kind == "uniform":
        low, high = _need(d.low), _need(d.high)
        return low + p * (high - low)
    if d.kind == "triangular":
        low, mode, high = _need(d.low), _need(d.mode), _need(d.high)
        width, left = high - low, mode - low
        cut = left / width
        rising = low + np.sqrt(p * width * left)
        falling = high - np.sqrt((1 - p) * width * (high - mode))
        return np.where(p < cut, rising, falling)
    if d.kind == "pert":  # beta quantile from a fine numerical distribution function
        alpha, beta = _pert_shape(d)
        x = np.linspace(0.0, 1.0, 20_001)
        with np.errstate(divide="ignore"):
            log_pdf = (alpha - 1) * np.log(x) + (beta - 1) * np.log1p(-x)
        pdf = np.exp(np.nan_to_num(log_pdf, nan=-np.inf, neginf=-np.inf))
        cdf = np.concatenate(([0.0], np.cumsum((pdf[1:] + pdf[:-1]) / 2)))
        low, high = _need(d.low), _need(d.high)
        return low + (high - low) * np.interp(p, cdf / cdf[-1], x)
    if d.kind in ("normal", "lognormal"):
        mu, sigma, p_low, p_high = _normal_bounds(d)
        z = mu + sigma * normal_ppf(p_low + p * (p_high - p_low))
        return np.exp(z) if d.kind == "lognormal" else z
    order = np.argsort(d.values, kind="stable")
    values = np.asarray(d.values, dtype=float)[order]
    cumulative = np.cumsum(np.asarray(d.probabilities, dtype=float)[order])
    index = np.searchsorted(cumulative, p - 1e-12, side="left")
    return values[np.minimum(index, len(values) - 1)]


def sample_one(d: Distribution, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` independent draws of one input."""
    if d.kind == "uniform":
        return rng.uniform(_need(d.low), _need(d.high), n)
    if d.kind == "triangular":
        return rng.triangular(_need(d.low), _need(d.mode), _need(d.high), n)
    if d.kind == "pert":
        alpha, beta = _pert_shape(d)
        low, high = _need(d.low), _need(d.high)
        return low + (high - low) * rng.beta(alpha, beta, n)
    if d.kind in ("normal", "lognormal"):
        mu, sigma, p_low, p_high = _normal_bounds(d)
        z = mu + sigma * normal_ppf(p_low + rng.random(n) * (p_high - p_low))
        return np.exp(z) if d.kind == "lognormal" else z
    return rng.choice(np.asarray(d.values, dtype=float), size=n, p=np.asarray(d.probabilities, dtype=float))


MIN_EIGENVALUE = 1e-8
SHRINK_STEPS = 50


def correlation_matrix(targets: Sequence[str], pairs: Sequence[tuple[str, str, float]],
                       firm: Collection[frozenset[str]] = ()) -> np.ndarray:
    """Pearson matrix of the normal scores that yields the given Spearman correlations.

    For normal scores, Spearman ρs = (6/π)·asin(ρ/2), so ρ = 2·sin(π·ρs/6). Pairs naming an input that is
    not sampled are ignored. If the pairs contradict each other (the matrix is not positive definite),
    the pairs not in ``firm`` (the defaults; ``firm`` = the user's own) are shrunk toward 0 step by step
    first; if that is not enough, eigenvalues are clipped.
    """
    index = {t: i for i, t in enumerate(targets)}

    def build(shrink: float) -> np.ndarray:
        matrix = np.eye(len(targets))
        for a, b, rho in pairs:
            if a in index and b in index and a != b:
                scale = 1.0 if frozenset((a, b)) in firm else shrink
                matrix[index[a], index[b]] = matrix[index[b], index[a]] = 2 * math.sin(math.pi * rho * scale / 6)
        return matrix

    for step in range(SHRINK_STEPS + 1):
        matrix = build(1.0 - step / SHRINK_STEPS)
        if np.linalg.eigvalsh(matrix).min() >= MIN_EIGENVALUE or not firm:
            break
    values, vectors = np.linalg.eigh(matrix)
    if values.min() < MIN_EIGENVALUE:
        matrix = vectors @ np.diag(np.maximum(values, MIN_EIGENVALUE)) @ vectors.T
        scale = np.sqrt(np.diag(matrix))
        matrix = matrix / np.outer(scale, scale)
    return matrix


def sample_inputs(
    inputs: Sequence[Distribution],
    correlations: Sequence[tuple[str, str, float]],
    trials: int,
    seed: int,
    firm: Collection[frozenset[str]] = (),
) -> dict[str, np.ndarray]:
    """Draw every input for ``trials`` trials: target path -> array (trials,), in the inputs' order.

    Order is fixed: each input's marginal draws in turn, then one block of normal scores for the
    correlated inputs (Iman–Conover re-pairing). The same seed gives bit-identical arrays. ``firm``: pairs
    (as frozensets) kept exactly when the pairs contradict each other (the user's own).
    """
    rng = np.random.Generator(np.random.PCG64(seed))
    samples = {d.target: sample_one(d, rng, trials) for d in inputs}
    targets = list(samples)
    linked = sorted({t for a, b, _ in correlations for t in (a, b) if t in samples and a != b},
                    key=targets.index)
    if trials > 1 and len(linked) > 1:
        matrix = correlation_matrix(linked, correlations, firm)
        scores = rng.standard_normal((trials, len(linked))) @ np.linalg.cholesky(matrix).T
        for j, target in enumerate(linked):
            repaired = np.empty(trials)
            repaired[np.argsort(scores[:, j], kind="stable")] = np.sort(samples[target], kind="stable")
            samples[target] = repaired
    return samples


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman rank correlation of two samples (average ranks for ties)."""

    def ranks(x: np.ndarray) -> np.ndarray:
        order = np.argsort(x, kind="stable")
        r = np.empty(len(x))
        r[order] = np.arange(len(x), dtype=float)
        _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
        sums = np.bincount(inverse, weights=r)
        return (sums / counts)[inverse]

    return float(np.corrcoef(ranks(np.asarray(a)), ranks(np.asarray(b)))[0, 1])


def value_at(obj: object, path: str) -> object:
    """The value at a dotted path (``paths.0.ramp.ceiling``) of a scenario or a plain dict/list."""
    for part in path.split("."):
        if isinstance(obj, Mapping):
            obj = obj[part]
        elif isinstance(obj, list | tuple):
            obj = obj[int(part)]
        else:
            obj = getattr(obj, part)
    return obj
