"""Sampling uncertain inputs: marginal distributions, quantiles and rank correlation.

Each :class:`~simulator.scenario.Distribution` is sampled with a numpy ``Generator(PCG64(seed))``,
one input after the other in a fixed order, so the same seed gives bit-identical samples.
Correlations are rank (Spearman) correlations imposed by the Iman–Conover method: every input keeps
its exact marginal sample, and the samples are re-paired to follow the ranks of correlated normal
scores. No scipy: the few special functions needed are written here.

Fast at 100k trials (issue 18): triangular draws and the re-pairing's sort keys are compiled kernels
(:mod:`simulator.engine.jit`), and the re-pairing uses quick sorts that give the stable sorts' order, ties
included, so every sample is bit for bit what ``rng.triangular`` and stable sorts gave.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from simulator.engine.jit import kernel
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
    """Standard normal quantile Φ⁻¹(p), vectorised (Acklam); p in (0, 1).

    The central formula is evaluated over the whole array, in place, and the tails then overwrite their
    elements: the same operations in the same order for every element as when each part was taken apart.
    """
    shape = np.shape(p)
    probs = np.clip(np.asarray(p, dtype=float).reshape(-1), 1e-300, 1 - 1e-16)
    q = probs - 0.5
    r = q * q
    out = _A[0] * r
    for a in _A[1:-1]:
        out += a
        out *= r
    out += _A[-1]
    out *= q
    den = _B[0] * r
    for b in _B[1:]:
        den += b
        den *= r
    den += 1
    out /= den
    lo, hi = probs < _P_LOW, probs > 1 - _P_LOW
    for mask, sign, tail in ((lo, 1.0, probs[lo]), (hi, -1.0, 1 - probs[hi])):
        q = np.sqrt(-2 * np.log(tail))
        num = ((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]
        den = (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1
        out[mask] = sign * num / den
    return out.reshape(shape)


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


@kernel("void(float64[::1], float64, float64, float64)")
def _triangular_in_place(u: np.ndarray, low: float, mode: float, high: float) -> None:
    """Uniform draws -> triangular draws, in place: numpy's ``random_triangular`` formula, step for step, so
    ``rng.random`` then this gives the bits of ``rng.triangular``.

    Both sides are computed and one is read by index: a branch on each draw, mispredicted half the time
    for a symmetric range, took twice as long.
    """
    base = high - low
    ratio = (mode - low) / base
    left_prod, right_prod = (mode - low) * base, (high - mode) * base
    side, end = np.empty(2), np.empty(2)
    for i in range(u.shape[0]):
        rising = np.int64(u[i] <= ratio)
        side[0], side[1] = (1.0 - u[i]) * right_prod, u[i] * left_prod
        root = math.sqrt(side[rising])
        end[0], end[1] = high - root, low + root
        u[i] = end[rising]


def draw(d: Distribution, rng: np.random.Generator, out: np.ndarray) -> None:
    """Fill ``out`` (float64, contiguous) with independent draws of one input."""
    n = len(out)
    if d.kind == "triangular":
        rng.random(out=out)
        _triangular_in_place(out, _need(d.low), _need(d.mode), _need(d.high))
    elif d.kind == "uniform":
        out[:] = rng.uniform(_need(d.low), _need(d.high), n)
    elif d.kind == "pert":
        alpha, beta = _pert_shape(d)
        low, high = _need(d.low), _need(d.high)
        out[:] = low + (high - low) * rng.beta(alpha, beta, n)
    elif d.kind in ("normal", "lognormal"):
        mu, sigma, p_low, p_high = _normal_bounds(d)
        z = mu + sigma * normal_ppf(p_low + rng.random(n) * (p_high - p_low))
        out[:] = np.exp(z) if d.kind == "lognormal" else z
    else:
        out[:] = rng.choice(np.asarray(d.values, dtype=float), size=n, p=np.asarray(d.probabilities, dtype=float))


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
    # One block for all inputs: fresh memory is faulted in page by page, and a block (numpy asks for huge
    # pages from 4 MiB) took a fifth of the faults of one array per input (≈ 5 ms less at 100k × 14 here).
    block = np.empty((len(inputs), trials))
    samples: dict[str, np.ndarray] = {}
    for d, row in zip(inputs, block, strict=True):
        draw(d, rng, row)
        samples[d.target] = row
    targets = list(samples)
    linked = sorted({t for a, b, _ in correlations for t in (a, b) if t in samples and a != b},
                    key=targets.index)
    if trials > 1 and len(linked) > 1:
        matrix = correlation_matrix(linked, correlations, firm)
        scores = rng.standard_normal((trials, len(linked))) @ np.linalg.cholesky(matrix).T
        for j, target in enumerate(linked):  # re-paired in place: the sorted sample in the scores' order
            values = samples[target]
            values[stable_order(scores[:, j])] = stable_sorted(values)
    return samples


_SIGN = np.uint64(1 << 63)
_ONES = np.uint64(0xFFFF_FFFF_FFFF_FFFF)


@kernel("Tuple((uint64[::1], boolean))(float64[:], int64)")
def _sort_keys(x: np.ndarray, bits: int) -> tuple[np.ndarray, bool]:
    """Unsigned keys in the order of ``x`` (−0.0 as +0.0, negatives bit-flipped), the low ``bits`` replaced by
    the element's index; and whether ``x`` holds a NaN (then the keys are of no use)."""
    values = np.empty(x.shape[0])
    key = values.view(np.uint64)
    low = (np.uint64(1) << np.uint64(bits)) - np.uint64(1)
    nan = False
    for i in range(x.shape[0]):
        values[i] = x[i] + 0.0
        nan |= values[i] != values[i]
        b = key[i]
        key[i] = ((b ^ ((b >> np.uint64(63)) * _ONES | _SIGN)) & ~low) | np.uint64(i)
    return key, nan


@kernel("Tuple((int64[::1], boolean))(uint64[::1], int64)")
def _order_of_keys(key: np.ndarray, bits: int) -> tuple[np.ndarray, bool]:
    """The index bits of sorted keys; and whether two neighbours share their high bits (a run to sort)."""
    order = np.empty(key.shape[0], dtype=np.int64)
    low = (np.uint64(1) << np.uint64(bits)) - np.uint64(1)
    runs = False
    for i in range(key.shape[0]):
        order[i] = np.int64(key[i] & low)
        if i > 0:
            runs |= key[i] >> np.uint64(bits) == key[i - 1] >> np.uint64(bits)
    return order, runs


def stable_order(x: np.ndarray) -> np.ndarray:
    """``np.argsort(x, kind="stable")`` of a 1-d float64 array, index for index, several times faster.

    Each value becomes an unsigned key in the same order with its low bits replaced by the element's index,
    and one quick (unstable) sort of the keys gives the order: keys differ in their index bits at least, so
    the sort has no ties to break and follows the index where the kept high bits are equal; such runs (rare)
    are then put in value order, stably.
    """
    n = len(x)
    bits = int(n - 1).bit_length() if n > 1 else 0
    key, nan = _sort_keys(x, bits)
    if nan:
        return np.argsort(x, kind="stable")
    key.sort()
    order, runs = _order_of_keys(key, bits)
    if runs:  # runs of equal high bits: by value, then by index (already their order)
        high = key >> np.uint64(bits)
        same = high[1:] == high[:-1]
        in_run = np.zeros(n, dtype=bool)
        in_run[1:] = same
        in_run[:-1] |= same
        run = np.cumsum(~np.concatenate(([False], same)))[in_run]
        members = order[in_run]
        order[in_run] = members[np.lexsort((x[members], run))]
    return order


def stable_sorted(x: np.ndarray) -> np.ndarray:
    """``np.sort(x, kind="stable")`` bit for bit, from a quick sort of a 1-d float array.

    Values that compare equal have the same bits, except ±0.0 and NaNs (sorted last): those are put back
    in their input order, as a stable sort leaves them.
    """
    out = np.sort(x)
    first, last = np.searchsorted(out, 0.0, side="left"), np.searchsorted(out, 0.0, side="right")
    if last > first:
        out[first:last] = x[x == 0]
    if len(out) and np.isnan(out[-1]):
        nan = np.isnan(out)
        out[nan] = x[np.isnan(x)]
    return out


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
