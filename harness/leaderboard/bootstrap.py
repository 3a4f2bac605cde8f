"""Paired percentile bootstrap of one task's metric for S submissions.

One (R, n) count matrix per task, drawn from a seed and shared by every submission,
turns R resamples into one matrix product: a mean metric is ``values @ counts.T / n``
and a corpus metric is ``counts @ stats`` followed by the metric's vectorised reducer.
Because resample r of every submission sees the same samples, differences between
submissions are resampled as differences: this is what makes the ranking's tests paired.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import numpy as np

Reducer = Callable[[np.ndarray], np.ndarray]
ErrorPolicy = Literal["zero", "exclude"]

# Pairwise work runs in row blocks so no temporary exceeds ~64 MB of float64.
_CHUNK_ELEMENTS = 8_000_000
# Paired SEs run in thinner blocks (4 MB) that stay in cache: 3x faster than 64 MB ones at S = 100.
_CACHED_ELEMENTS = 500_000


@dataclass(frozen=True, eq=False)
class MetricData:
    """One task's metric for S submissions over the same n samples, in the same order.

    Exactly one of ``values`` (a mean metric, (S, n), NaN where the sample is an error or
    missing) and ``stats`` (a corpus metric, (S, n, k) per-sample sufficient statistics)
    is given; ``reducer`` maps summed stats [..., k] to the metric [...] for any leading
    shape. The scorer has already filled an error sample's stats as a wrong answer, so
    ``stats`` holds no NaN. ``errors`` (S, n) marks error samples; for a mean metric a NaN
    value counts as an error too, so ``errors`` may be left out.

    ``missing`` (S,) marks submissions with no run on this task at all: their score is NaN
    ("incomplete"), never zero. ``error_value`` is what an error scores under the "zero"
    policy for a mean metric (default 0.0); a lower-is-better mean metric with errors must
    set it to its worst value, or failing would be a prize.
    """

    name: str
    values: np.ndarray | None = None
    stats: np.ndarray | None = None
    reducer: Reducer | None = None
    errors: np.ndarray | None = None
    higher_is_better: bool = True
    missing: np.ndarray | None = None
    error_value: float | None = None

    def __post_init__(self) -> None:
        if (self.values is None) == (self.stats is None):
            raise ValueError(f"{self.name}: give exactly one of values and stats")
        if self.stats is not None and self.reducer is None:
            raise ValueError(f"{self.name}: a corpus metric (stats) needs a reducer")
        data = np.asarray(self.values if self.values is not None else self.stats, dtype=np.float64)
        if data.ndim != (2 if self.values is not None else 3):
            raise ValueError(f"{self.name}: values must be (S, n) and stats (S, n, k); got {data.shape}")
        if self.stats is not None and np.isnan(data).any():
            raise ValueError(
                f"{self.name}: stats hold NaN; an error sample's stats must encode a wrong answer"
            )
        shape = data.shape[:2]
        errors = np.zeros(shape, bool) if self.errors is None else np.asarray(self.errors, dtype=bool)
        if errors.shape != shape:
            raise ValueError(f"{self.name}: errors must be {shape}; got {errors.shape}")
        if self.values is not None:
            errors = errors | np.isnan(data)
        missing = np.zeros(shape[0], bool) if self.missing is None else np.asarray(self.missing, dtype=bool)
        if missing.shape != (shape[0],):
            raise ValueError(f"{self.name}: missing must be ({shape[0]},); got {missing.shape}")
        object.__setattr__(self, "values" if self.values is not None else "stats", data)
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "missing", missing)

    @property
    def submissions(self) -> int:
        return self.errors.shape[0]

    @property
    def samples(self) -> int:
        return self.errors.shape[1]


@dataclass(frozen=True, eq=False)
class PairedDifferences:
    """Observed ``score[i] - score[j]`` (S, S) and its bootstrap standard error (S, S)."""

    diff: np.ndarray
    se: np.ndarray


@dataclass(frozen=True, eq=False)
class BootstrapResult:
    """Point estimates, percentile intervals and the (S, R) resampled scores of one metric.

    ``pairs`` is set only when paired differences cannot be read off ``resampled`` (the
    "exclude" policy with errors compares each pair on the samples both answered);
    otherwise use ``pair_differences(result)``. ``incomplete`` marks submissions without
    a finite score (a missing task); they are never ranked among the others.
    """

    name: str
    point: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    resampled: np.ndarray
    confidence: float
    higher_is_better: bool
    error_rate: np.ndarray
    n_used: np.ndarray
    n_samples: int
    incomplete: np.ndarray
    pairs: PairedDifferences | None = None

    @property
    def submissions(self) -> int:
        return self.point.shape[0]

    @property
    def resamples(self) -> int:
        return self.resampled.shape[1]


def resample_counts(n: int, resamples: int, seed: int | np.random.SeedSequence) -> np.ndarray:
    """(R, n) multinomial counts: row r says how often resample r draws each sample.

    Equivalent to ``rng.multinomial(n, [1/n] * n, size=R)`` but drawn as R*n uniform
    indices and counted with one bincount, which is about twice as fast.
    """
    if n < 1 or resamples < 2:
        raise ValueError(f"need n >= 1 and resamples >= 2; got n={n}, resamples={resamples}")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(resamples, n))
    draws += np.arange(resamples)[:, None] * n
    return np.bincount(draws.ravel(), minlength=resamples * n).reshape(resamples, n)


def percentile_interval(resampled: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per row of (S, R) resamples at the given confidence level."""
    tail = (1.0 - confidence) / 2.0
    # NaN appears only for incomplete rows or degenerate "exclude" resamples; skip the slow path otherwise.
    quantile = np.nanquantile if np.isnan(resampled).any() else np.quantile
    with np.errstate(invalid="ignore"), _quiet_all_nan():
        low, high = quantile(resampled, [tail, 1.0 - tail], axis=1)
    return low, high


def bootstrap_metric(
    data: MetricData, counts: np.ndarray, confidence: float = 0.95, policy: ErrorPolicy = "zero"
) -> BootstrapResult:
    """Point, percentile interval and (S, R) resampled scores of every submission.

    All submissions share ``counts`` (R, n), so the resamples are paired. Under the "zero"
    policy an error scores ``error_value`` (mean metric) or its wrong-answer stats (corpus
    metric); under "exclude" each submission is scored on its non-error samples.
    """
    if counts.ndim != 2 or counts.shape[1] != data.samples:
        raise ValueError(f"{data.name}: counts must be (R, {data.samples}); got {counts.shape}")
    if policy not in ("zero", "exclude"):
        raise ValueError(f"unknown error policy {policy!r} (known: zero, exclude)")
    stats, reducer = _summable_stats(data, policy)
    weights = counts.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        point = np.where(data.missing, np.nan, reducer(stats.sum(axis=1)))
        resampled = np.where(data.missing[:, None], np.nan, reducer(_weighted_sums(weights, stats)))
    pairs = None
    if policy == "exclude" and data.errors[~data.missing].any():
        pairs = _pairs_on_shared_samples(stats, weights, data, reducer)
    return _result(data, policy, point, resampled, confidence, pairs)


def bootstrap(
    data: MetricData,
    resamples: int = 1000,
    seed: int | np.random.SeedSequence = 0,
    confidence: float = 0.95,
    policy: ErrorPolicy = "zero",
) -> BootstrapResult:
    """``bootstrap_metric`` with fresh counts drawn from ``seed``."""
    return bootstrap_metric(data, resample_counts(data.samples, resamples, seed), confidence, policy)


def paired_differences(point: np.ndarray, resampled: np.ndarray) -> PairedDifferences:
    """Observed pairwise differences and their bootstrap SE from shared (paired) resamples."""
    diff = point[:, None] - point[None, :]
    centred = resampled - resampled.mean(axis=1, keepdims=True)
    # Centred rows give every difference a zero mean, so its variance is a plain sum of
    # squares; identical submissions have identical centred rows and an SE of exactly 0.
    s_count, resamples = resampled.shape
    sum_sq = np.empty((s_count, s_count))
    step = max(1, _CACHED_ELEMENTS // max(1, s_count * resamples))
    for start in range(0, s_count, step):
        rows = slice(start, min(start + step, s_count))
        # Only the pairs from the block's first row on: delta[j, i] is exactly -delta[i, j], so
        # its sum of squares is the same float, and the lower triangle is a mirror (half the work).
        delta = centred[rows, None, :] - centred[None, start:, :]
        block = np.einsum("ijr,ijr->ij", delta, delta)
        sum_sq[rows, start:] = block
        sum_sq[start:, rows] = block.T
    return PairedDifferences(diff=diff, se=np.sqrt(sum_sq / (resamples - 1)))


def pair_differences(result: BootstrapResult) -> PairedDifferences:
    """The paired differences of a result: stored ones, else derived from its resamples."""
    if result.pairs is not None:
        return result.pairs
    return paired_differences(result.point, result.resampled)


def _summable_stats(data: MetricData, policy: ErrorPolicy) -> tuple[np.ndarray, Reducer]:
    """Per-sample stats (S, n, k) whose (weighted) sum the returned reducer maps to the metric."""
    keep = ~data.errors
    if data.stats is not None:
        stats = data.stats * keep[..., None] if policy == "exclude" else data.stats
        return stats, data.reducer
    if policy == "exclude":
        # A mean over answered samples is a corpus metric with stats [value, answered].
        answered = keep.astype(np.float64)
        stats = np.stack([np.where(keep, data.values, 0.0), answered], axis=-1)
        return stats, _ratio_of_sums
    error_value = _error_value(data)
    n = data.samples
    return np.where(keep, data.values, error_value)[..., None], lambda summed: summed[..., 0] / n


def _weighted_sums(weights: np.ndarray, stats: np.ndarray) -> np.ndarray:
    """(R, n) weights times (S, n, k) stats summed over samples -> (S, R, k).

    One (R, n) @ (n, S*k) product: a batched matmul over S would run S small products,
    and with k = 1 numpy does not hand those to BLAS at all.
    """
    s_count, n, k = stats.shape
    flat = np.ascontiguousarray(stats.transpose(1, 0, 2)).reshape(n, s_count * k)
    return (weights @ flat).reshape(-1, s_count, k).transpose(1, 0, 2)


def _ratio_of_sums(summed: np.ndarray) -> np.ndarray:
    return summed[..., 0] / summed[..., 1]


def _error_value(data: MetricData) -> float:
    if data.error_value is not None:
        return data.error_value
    if not data.higher_is_better and data.errors[~data.missing].any():
        raise ValueError(
            f"{data.name}: lower is better, so an error scoring 0 would be a prize; set error_value"
        )
    return 0.0


def _pairs_on_shared_samples(
    stats: np.ndarray, weights: np.ndarray, data: MetricData, reducer: Reducer
) -> PairedDifferences:
    """Paired differences where each pair is scored on the samples both submissions answered.

    ``shared[i, j]`` is submission i's score on the samples j also answered: its own stats
    (errors already zeroed) minus those on j's error samples. Only submissions with errors
    change anything, so the loop runs over them and costs in proportion to the errors.
    Memory: two (S, S, R) float64 arrays (80 MB each for S=100, R=1000).
    """
    s_count, resamples = data.submissions, weights.shape[0]
    own_sums, own_resampled_sums = stats.sum(axis=1), _weighted_sums(weights, stats)
    shared_point = np.repeat(reducer(own_sums)[:, None], s_count, axis=1)
    shared = np.repeat(reducer(own_resampled_sums)[:, None, :], s_count, axis=1)
    for j in np.flatnonzero(data.errors.any(axis=1) & ~data.missing):
        cols = np.flatnonzero(data.errors[j])
        lost = stats[:, cols, :]
        shared_point[:, j] = reducer(own_sums - lost.sum(axis=1))
        shared[:, j, :] = reducer(own_resampled_sums - _weighted_sums(weights[:, cols], lost))
    shared_point[data.missing, :] = shared_point[:, data.missing] = np.nan
    shared[data.missing, :] = shared[:, data.missing] = np.nan
    diff = shared_point - shared_point.T

    def block_variance(rows: slice) -> np.ndarray:
        delta = shared[rows] - shared[:, rows].transpose(1, 0, 2)
        if not np.isnan(delta).any():
            return delta.var(axis=2, ddof=1)
        # A resample that drew none of a pair's shared samples has no score: skip just it.
        return np.nanvar(delta, axis=2, ddof=1)

    with np.errstate(divide="ignore", invalid="ignore"), _quiet_all_nan():
        variance = _by_row_blocks(block_variance, s_count, resamples)
    return PairedDifferences(diff=diff, se=np.sqrt(variance))


def _by_row_blocks(block: Callable[[slice], np.ndarray], s_count: int, resamples: int) -> np.ndarray:
    """Fill an (S, S) matrix from row blocks sized to keep (rows, S, R) temporaries small."""
    out = np.empty((s_count, s_count))
    step = max(1, _CHUNK_ELEMENTS // max(1, s_count * resamples))
    for start in range(0, s_count, step):
        rows = slice(start, min(start + step, s_count))
        out[rows] = block(rows)
    return out


def _result(
    data: MetricData,
    policy: ErrorPolicy,
    point: np.ndarray,
    resampled: np.ndarray,
    confidence: float,
    pairs: PairedDifferences | None,
) -> BootstrapResult:
    low, high = percentile_interval(resampled, confidence)
    error_count = data.errors.sum(axis=1)
    n_used = data.samples - error_count if policy == "exclude" else np.full(data.submissions, data.samples)
    error_rate = np.where(data.missing, np.nan, error_count / data.samples)
    return BootstrapResult(
        name=data.name,
        point=point,
        ci_low=low,
        ci_high=high,
        resampled=resampled,
        confidence=confidence,
        higher_is_better=data.higher_is_better,
        error_rate=error_rate,
        n_used=np.where(data.missing, 0, n_used),
        n_samples=data.samples,
        incomplete=~np.isfinite(point),
        pairs=pairs,
    )


@contextmanager
def _quiet_all_nan() -> Iterator[None]:
    """Silence numpy's empty-slice warnings: an all-NaN row is an incomplete submission."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="All-NaN slice", category=RuntimeWarning)
        warnings.filterwarnings("ignore", message="Mean of empty slice", category=RuntimeWarning)
        warnings.filterwarnings("ignore", message="Degrees of freedom", category=RuntimeWarning)
        yield
