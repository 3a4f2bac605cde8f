"""Track aggregates of task scores, with intervals from stratified paired resamples.

Every task is resampled with its own counts (stratified: samples are redrawn within a
task, from a seed derived from the track seed and the task index) shared by all
submissions (paired). An aggregation rule is applied to the point scores and, column by
column, to the (T, S, R) resampled task scores, so the aggregate gets its own interval and
goes through the same paired ranking as a task.

A submission missing a task has NaN for it; its aggregate is NaN and it is marked
incomplete, never silently scored zero. Aggregate pairs are read off the aggregate's own
resample columns; under the "exclude" policy those hold each submission's score on its
own answered samples (the per-task both-answered pairing does not carry through a rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from harness.leaderboard.bootstrap import (
    BootstrapResult,
    ErrorPolicy,
    MetricData,
    bootstrap_metric,
    percentile_interval,
    resample_counts,
)

AggregationRule = Literal["weighted_mean", "mean_rank", "mean_win_rate"]


@dataclass(frozen=True, eq=False)
class TaskScores:
    """Point (S, T) and resampled (T, S, R) task scores of S submissions; NaN = task missing.

    ``error_rate`` (S, T) and ``n_used`` (S, T) default to no errors and ``n_samples`` (T,)
    to 0; they only feed the aggregate's error rate and sample count.
    """

    names: tuple[str, ...]
    point: np.ndarray
    resampled: np.ndarray
    higher_is_better: np.ndarray
    confidence: float = 0.95
    error_rate: np.ndarray | None = None
    n_used: np.ndarray | None = None
    n_samples: np.ndarray | None = None

    def __post_init__(self) -> None:
        point = np.asarray(self.point, dtype=np.float64)
        resampled = np.asarray(self.resampled, dtype=np.float64)
        s_count, t_count = point.shape
        if resampled.ndim != 3 or resampled.shape[:2] != (t_count, s_count):
            raise ValueError(f"resampled must be ({t_count}, {s_count}, R); got {resampled.shape}")
        defaults = {
            "error_rate": np.zeros((s_count, t_count)),
            "n_used": np.zeros((s_count, t_count), dtype=int),
            "n_samples": np.zeros(t_count, dtype=int),
        }
        for field, default in defaults.items():
            if getattr(self, field) is None:
                object.__setattr__(self, field, default)
        hib = np.broadcast_to(np.asarray(self.higher_is_better, dtype=bool), (t_count,))
        object.__setattr__(self, "point", point)
        object.__setattr__(self, "resampled", resampled)
        object.__setattr__(self, "higher_is_better", hib)

    @classmethod
    def from_results(cls, results: Sequence[BootstrapResult]) -> TaskScores:
        """Stack per-task bootstrap results (same submissions, same R) into one track."""
        return cls(
            names=tuple(r.name for r in results),
            point=np.stack([r.point for r in results], axis=1),
            resampled=np.stack([r.resampled for r in results]),
            higher_is_better=np.array([r.higher_is_better for r in results]),
            confidence=results[0].confidence,
            error_rate=np.stack([r.error_rate for r in results], axis=1),
            n_used=np.stack([r.n_used for r in results], axis=1),
            n_samples=np.array([r.n_samples for r in results]),
        )


def task_seed(track_seed: int, task_index: int) -> np.random.SeedSequence:
    """Independent, reproducible resampling seed of one task within a track."""
    return np.random.SeedSequence([track_seed, task_index])


def bootstrap_tasks(
    tasks: Sequence[MetricData],
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    policy: ErrorPolicy = "zero",
) -> list[BootstrapResult]:
    """Bootstrap every task of a track with independent counts per task (stratified)."""
    return [
        bootstrap_metric(
            task, resample_counts(task.samples, resamples, task_seed(seed, t)), confidence, policy
        )
        for t, task in enumerate(tasks)
    ]


def normalise_min_max(scores: TaskScores, low_index: int, high_index: int | None = None) -> TaskScores:
    """Map each task so the low baseline submission scores 0 and the high one 1.

    ``high_index=None`` uses the metric maximum 1.0 (only for higher-is-better tasks).
    The baselines' scores are taken from the same resample column as the value being
    normalised, so baseline uncertainty is part of the interval (and the low baseline
    is exactly 0 in every resample). A task where the baselines tie becomes NaN.
    The result is higher-is-better on every task.
    """
    if high_index is None and not scores.higher_is_better.all():
        raise ValueError("min_max without a high baseline assumes a higher-is-better metric with maximum 1.0")
    low_point, low_res = scores.point[low_index], scores.resampled[:, low_index, :]
    if high_index is None:
        high_point, high_res = np.ones_like(low_point), np.ones_like(low_res)
    else:
        high_point, high_res = scores.point[high_index], scores.resampled[:, high_index, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        point = (scores.point - low_point) / (high_point - low_point)
        resampled = (scores.resampled - low_res[:, None, :]) / (high_res - low_res)[:, None, :]
    span_point = high_point - low_point
    point[:, span_point == 0] = np.nan
    resampled[np.broadcast_to((high_res - low_res)[:, None, :] == 0, resampled.shape)] = np.nan
    return TaskScores(
        names=scores.names,
        point=point,
        resampled=resampled,
        higher_is_better=np.ones(len(scores.names), dtype=bool),
        confidence=scores.confidence,
        error_rate=scores.error_rate,
        n_used=scores.n_used,
        n_samples=scores.n_samples,
    )


def aggregate(
    scores: TaskScores,
    rule: AggregationRule = "weighted_mean",
    weights: Sequence[float] | np.ndarray | None = None,
    name: str | None = None,
) -> BootstrapResult:
    """The track aggregate of every submission, with interval and resamples, ready to rank.

    - ``weighted_mean``: sum of task scores times weights normalised to sum 1 (equal by
      default); all tasks must point the same way (normalise them first otherwise).
    - ``mean_rank``: mean over tasks of the submission's rank among the submissions
      present on that task (1 = best, ties get the average rank). LOWER is better: the
      result says ``higher_is_better=False`` and the ranking orients by that flag.
    - ``mean_win_rate`` (HELM): mean over tasks of the share of the other present
      submissions it beats, a tie counting one half. Higher is better.
    Each rule is applied to the points and to every resample column alike.
    """
    if rule == "weighted_mean":
        point, resampled, hib = _weighted_mean(scores, weights)
    elif rule in ("mean_rank", "mean_win_rate"):
        point, resampled = _rank_rule(scores, rule)
        hib = rule == "mean_win_rate"
    else:
        raise ValueError(
            f"unknown aggregation rule {rule!r} (known: weighted_mean, mean_rank, mean_win_rate)"
        )
    return _aggregate_result(scores, name or rule, point, resampled, hib)


def _weighted_mean(
    scores: TaskScores, weights: Sequence[float] | np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, bool]:
    directions = np.unique(scores.higher_is_better)
    if directions.size != 1:
        raise ValueError("weighted_mean over tasks pointing opposite ways; normalise them (min_max) first")
    t_count = len(scores.names)
    w = np.ones(t_count) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (t_count,) or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"weights must be {t_count} non-negative numbers with a positive sum; got {w}")
    used = w > 0  # a zero-weight task neither counts nor makes a submission incomplete
    w = w[used] / w[used].sum()
    point = scores.point[:, used] @ w
    resampled = np.einsum("t,tsr->sr", w, scores.resampled[used])
    return point, resampled, bool(directions[0])


def _rank_rule(scores: TaskScores, rule: AggregationRule) -> tuple[np.ndarray, np.ndarray]:
    point_ranks = _ranks_within_tasks(scores.point.T[:, :, None], scores.higher_is_better)  # (T, S, 1)
    resampled_ranks = _ranks_within_tasks(scores.resampled, scores.higher_is_better)  # (T, S, R)
    if rule == "mean_win_rate":
        # With average ranks among N present: wins + ties/2 = N - rank, out of N - 1 others.
        present = (~np.isnan(scores.point)).sum(axis=0).astype(np.float64)[:, None, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            point_ranks = (present - point_ranks) / (present - 1)
            resampled_ranks = (present - resampled_ranks) / (present - 1)
    # A NaN (missing task) anywhere makes the mean NaN: incomplete, never zero.
    return point_ranks.mean(axis=0)[:, 0], resampled_ranks.mean(axis=0)


def _ranks_within_tasks(task_scores: np.ndarray, higher_is_better: np.ndarray) -> np.ndarray:
    """Average ranks (1 = best) over the submission axis of (T, S, R); NaN stays NaN.

    A missing submission sorts after everyone, so it never shifts the present ones' ranks.
    """
    badness = np.where(higher_is_better[:, None, None], -task_scores, task_scores)
    missing = np.isnan(badness)
    ranks = average_ranks(np.where(missing, np.inf, badness), axis=1)
    ranks[missing] = np.nan
    return ranks


def average_ranks(values: np.ndarray, axis: int) -> np.ndarray:
    """1-based ranks along `axis`, ties sharing the mean of their ranks: scipy.stats.rankdata(method=
    "average"), whose import costs ~1 s of every leaderboard and report. Same exact values: a tie
    group over sorted positions start..end ranks (start + end) / 2 + 1, a half-integer."""
    moved = np.moveaxis(values, axis, -1)
    order = np.argsort(moved, axis=-1, kind="stable")
    ordered = np.take_along_axis(moved, order, axis=-1)
    n = moved.shape[-1]
    position = np.broadcast_to(np.arange(n), moved.shape)
    starts = np.ones(moved.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    ends = np.ones(moved.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    start = np.maximum.accumulate(np.where(starts, position, 0), axis=-1)
    end = np.flip(np.minimum.accumulate(np.flip(np.where(ends, position, n - 1), -1), axis=-1), -1)
    ranks = np.empty(moved.shape, dtype=np.float64)
    np.put_along_axis(ranks, order, (start + end) / 2 + 1, axis=-1)
    return np.moveaxis(ranks, -1, axis)


def _aggregate_result(
    scores: TaskScores, name: str, point: np.ndarray, resampled: np.ndarray, higher_is_better: bool
) -> BootstrapResult:
    present = ~np.isnan(scores.point)
    n_samples = np.where(present, scores.n_samples[None, :], 0)
    errors = np.where(present, scores.error_rate * scores.n_samples[None, :], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        error_rate = errors.sum(axis=1) / n_samples.sum(axis=1)
    low, high = percentile_interval(resampled, scores.confidence)
    return BootstrapResult(
        name=name,
        point=point,
        ci_low=low,
        ci_high=high,
        resampled=resampled,
        confidence=scores.confidence,
        higher_is_better=higher_is_better,
        error_rate=error_rate,
        n_used=np.where(present, scores.n_used, 0).sum(axis=1),
        n_samples=int(scores.n_samples.sum()),
        incomplete=~np.isfinite(point),
    )
