"""The leaderboard's statistics: interval coverage, paired tests, rank ranges, aggregates."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import multivariate_normal, norm

from harness.leaderboard.aggregate import (
    TaskScores,
    aggregate,
    bootstrap_tasks,
    normalise_min_max,
    task_seed,
)
from harness.leaderboard.bootstrap import (
    BootstrapResult,
    MetricData,
    PairedDifferences,
    bootstrap,
    bootstrap_metric,
    resample_counts,
)
from harness.leaderboard.ranking import holm_adjust, rank

K = 3
CLASS_PRIOR = np.array([0.5, 0.3, 0.2])
ACCURACY = 0.7


def macro_f1(summed: np.ndarray, classes: int = K) -> np.ndarray:
    """Stats layout [tp one-hot (K), pred one-hot (K), ref one-hot (K)] -> mean of 2tp/(pred+ref)."""
    tp, pred, ref = summed[..., :classes], summed[..., classes : 2 * classes], summed[..., 2 * classes :]
    denominator = pred + ref
    f1 = np.divide(2 * tp, denominator, out=np.zeros_like(tp, dtype=float), where=denominator > 0)
    return f1.mean(axis=-1)


def classification_stats(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Per-sample macro-F1 stats of a classifier right with probability ACCURACY, else uniformly wrong."""
    ref = rng.choice(K, size=shape, p=CLASS_PRIOR)
    wrong = (ref + 1 + rng.integers(0, K - 1, size=shape)) % K
    pred = np.where(rng.random(shape) < ACCURACY, ref, wrong)
    one_hot = np.eye(K)
    return np.concatenate([one_hot[ref] * (pred == ref)[..., None], one_hot[pred], one_hot[ref]], axis=-1)


def population_macro_f1() -> float:
    """Macro-F1 of the data-generating distribution: the limit of an ever larger sample."""
    confusion = CLASS_PRIOR[:, None] * np.where(np.eye(K, dtype=bool), ACCURACY, (1 - ACCURACY) / (K - 1))
    return float(np.mean(2 * np.diag(confusion) / (confusion.sum(axis=0) + confusion.sum(axis=1))))


def bernoulli_values(
    rng: np.random.Generator, accuracies: np.ndarray, n: int, rho: float = 0.0
) -> np.ndarray:
    """(S, n) 0/1 scores with the given true accuracies, correlated through a shared item difficulty."""
    difficulty = rng.standard_normal(n)
    noise = rng.standard_normal((accuracies.size, n))
    latent = np.sqrt(rho) * difficulty + np.sqrt(1 - rho) * noise
    return (latent < norm.ppf(accuracies)[:, None]).astype(np.float64)


def hand_result(point: list[float], se: float, higher_is_better: bool = True) -> BootstrapResult:
    """A result whose pairwise tests are fixed by hand: every pair has the same SE."""
    p = np.asarray(point, dtype=np.float64)
    s_count = p.size
    return BootstrapResult(
        name="hand",
        point=p,
        ci_low=p - 0.1,
        ci_high=p + 0.1,
        resampled=np.repeat(p[:, None], 2, axis=1),
        confidence=0.95,
        higher_is_better=higher_is_better,
        error_rate=np.zeros(s_count),
        n_used=np.full(s_count, 100),
        n_samples=100,
        incomplete=np.zeros(s_count, dtype=bool),
        pairs=PairedDifferences(diff=p[:, None] - p[None, :], se=np.full((s_count, s_count), se)),
    )


def rank_range(ranking, index: int) -> tuple[int, int]:
    entry = next(e for e in ranking.entries if e.index == index)
    return entry.rank_low, entry.rank_high


# --- intervals ------------------------------------------------------------------------------


def test_mean_metric_interval_covers_truth_95_percent_of_the_time():
    # 1,000 simulations at once: each simulation is one "submission" row, one matmul for all.
    rng = np.random.default_rng(0)
    values = (rng.random((1000, 500)) < 0.7).astype(np.float64)
    result = bootstrap(MetricData("accuracy", values=values), resamples=1000, seed=1)
    coverage = np.mean((result.ci_low <= 0.7) & (result.ci_high >= 0.7))
    assert 0.93 <= coverage <= 0.97, coverage


def test_macro_f1_interval_covers_population_value_95_percent_of_the_time():
    truth = population_macro_f1()
    large = classification_stats(np.random.default_rng(99), (1, 1_000_000))
    assert macro_f1(large.sum(axis=1))[0] == pytest.approx(truth, abs=2e-3)
    stats = classification_stats(np.random.default_rng(1), (1000, 500))
    result = bootstrap(MetricData("macro_f1", stats=stats, reducer=macro_f1), resamples=1000, seed=2)
    coverage = np.mean((result.ci_low <= truth) & (result.ci_high >= truth))
    assert 0.93 <= coverage <= 0.97, coverage


def test_corpus_metric_resample_is_the_metric_of_the_resampled_samples():
    rng = np.random.default_rng(3)
    stats = classification_stats(rng, (2, 40))
    counts = resample_counts(40, 5, seed=4)
    result = bootstrap_metric(MetricData("macro_f1", stats=stats, reducer=macro_f1), counts)
    drawn = np.repeat(np.arange(40), counts[2])  # resample 2 as an explicit list of samples
    assert result.resampled[1, 2] == pytest.approx(macro_f1(stats[1, drawn].sum(axis=0)))
    assert result.point[0] == pytest.approx(macro_f1(stats[0].sum(axis=0)))


def test_resample_counts_are_multinomial_draws_of_n():
    counts = resample_counts(300, 400, seed=5)
    assert counts.shape == (400, 300)
    assert (counts.sum(axis=1) == 300).all()
    assert counts.mean() == pytest.approx(1.0)
    assert counts.var() == pytest.approx(1 - 1 / 300, rel=0.02)  # multinomial(n, 1/n) variance


# --- ranking ----------------------------------------------------------------------------------


def test_identical_submissions_share_a_rank_range_and_a_clear_winner_ranks_alone():
    rng = np.random.default_rng(6)
    values = bernoulli_values(rng, np.array([0.6, 0.6, 0.9]), 800)
    values[1] = values[0]
    ranking = rank(bootstrap(MetricData("accuracy", values=values), seed=7))
    assert rank_range(ranking, 2) == (1, 1)
    assert rank_range(ranking, 0) == rank_range(ranking, 1) == (2, 3)
    assert ranking.tests.p_value[0, 1] == 1.0  # zero difference, zero SE
    groups = {e.index: e.tie_group for e in ranking.entries}
    assert groups[0] == groups[1] != groups[2]
    assert ranking.entries[0].index == 2


def test_paired_se_is_the_se_of_per_sample_differences():
    # 40 of 1,000 answers fixed: paired SE ~ sqrt(40)/1000 = 0.0063 (z ~ 6); an unpaired SE
    # (~0.022) would call this a tie.
    base = bernoulli_values(np.random.default_rng(21), np.array([0.6]), 1000)[0]
    improved = base.copy()
    improved[np.flatnonzero(base == 0)[:40]] = 1.0
    ranking = rank(bootstrap(MetricData("accuracy", values=np.stack([base, improved])), seed=22))
    expected_se = np.std(improved - base) / np.sqrt(1000)
    assert ranking.tests.se[1, 0] == pytest.approx(expected_se, rel=0.1)
    assert ranking.tests.diff[1, 0] == pytest.approx(0.04)
    assert rank_range(ranking, 1) == (1, 1) and rank_range(ranking, 0) == (2, 2)


def test_separation_of_100_submissions_tracks_the_true_standard_error():
    accuracies = np.linspace(0.40, 0.80, 100)
    rho, n = 0.3, 2000
    values = bernoulli_values(np.random.default_rng(8), accuracies, n, rho)
    ranking = rank(bootstrap(MetricData("accuracy", values=values), resamples=1000, seed=9))
    i, j = np.triu_indices(accuracies.size, 1)
    thresholds = norm.ppf(accuracies)
    both_right = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).cdf(
        np.stack([thresholds[i], thresholds[j]], axis=-1)
    )
    true_diff = np.abs(accuracies[i] - accuracies[j])
    per_sample_var = accuracies[i] + accuracies[j] - 2 * both_right - true_diff**2
    true_se = np.sqrt(per_sample_var / n)
    separated = (ranking.tests.better | ranking.tests.better.T)[i, j]
    far, near = true_diff > 6 * true_se, true_diff < true_se
    assert far.sum() > 1000 and near.sum() > 100  # both populations are large enough to judge
    assert separated[far].mean() >= 0.99, separated[far].mean()
    assert separated[near].mean() <= 0.01, separated[near].mean()


def test_errors_on_hard_samples_never_lift_a_submission_under_the_zero_policy():
    rng = np.random.default_rng(10)
    base = bernoulli_values(rng, np.array([0.6]), 1000)[0]
    hard = np.flatnonzero(base == 0)[:300]  # 30% of samples, all ones the clean run gets wrong
    random = rng.choice(1000, 300, replace=False)
    failing_hard, failing_random = base.copy(), base.copy()
    failing_hard[hard] = np.nan
    failing_random[random] = np.nan
    values = np.stack([failing_hard, base, failing_random])  # the failing run first: index is no help
    result = bootstrap(MetricData("accuracy", values=values), seed=11)
    ranking = rank(result)
    positions = {e.index: e.position for e in ranking.entries}
    assert result.point[0] == result.point[1]
    assert rank_range(ranking, 0)[0] >= rank_range(ranking, 1)[0]
    assert rank_range(ranking, 0)[1] >= rank_range(ranking, 1)[1]
    assert positions[2] > positions[1]
    assert ranking.tests.better[1, 2]  # 30% random errors cost about 18 points: significant
    assert result.error_rate[0] == pytest.approx(0.3)
    # The same failures would be a prize if errors were excluded: why "zero" is the default.
    excluded = bootstrap(MetricData("accuracy", values=values), seed=11, policy="exclude")
    assert excluded.point[0] > excluded.point[1]


def test_exclude_policy_compares_each_pair_on_the_samples_both_answered():
    rng = np.random.default_rng(12)
    values = bernoulli_values(rng, np.array([0.5, 0.6, 0.7, 0.8]), 60)
    stats = classification_stats(rng, (4, 60))
    errors = rng.random((4, 60)) < np.array([0.0, 0.1, 0.3, 0.2])[:, None]
    counts = resample_counts(60, 50, seed=13)

    def mean_on(s: int, keep: np.ndarray, weight: np.ndarray) -> float:
        return np.sum((weight * values[s])[keep]) / np.sum(weight[keep])

    def macro_f1_on(s: int, keep: np.ndarray, weight: np.ndarray) -> float:
        return macro_f1((weight[:, None] * stats[s])[keep].sum(axis=0))

    cases = [
        (MetricData("accuracy", values=np.where(errors, np.nan, values)), mean_on),
        (MetricData("macro_f1", stats=stats, reducer=macro_f1, errors=errors), macro_f1_on),
    ]
    for data, score_on in cases:
        result = bootstrap_metric(data, counts, policy="exclude")
        for a, b in [(1, 2), (2, 3), (0, 2)]:
            both = ~errors[a] & ~errors[b]
            expected = score_on(a, both, np.ones(60)) - score_on(b, both, np.ones(60))
            resampled = [score_on(a, both, w) - score_on(b, both, w) for w in counts.astype(float)]
            assert result.pairs.diff[a, b] == pytest.approx(expected)
            assert result.pairs.se[a, b] == pytest.approx(np.std(resampled, ddof=1))
            assert result.pairs.se[b, a] == pytest.approx(np.std(resampled, ddof=1))
        own = ~errors[2]
        assert result.point[2] == pytest.approx(score_on(2, own, np.ones(60)))
        assert result.n_used[2] == own.sum()


def test_holm_adjustment_matches_hand_computation():
    adjusted = holm_adjust(np.array([0.01, 0.04, 0.03, 0.005]))
    np.testing.assert_allclose(adjusted, [0.03, 0.06, 0.06, 0.02])


def test_tie_groups_are_runs_of_pairwise_inseparable_scores_not_chains():
    # A-B and B-C are not significant (z = 1.43) but A-C is (z = 2.86, Holm p = 0.013).
    ranking = rank(hand_result([0.3, 0.2, 0.1], se=0.07))
    assert [(e.index, e.tie_group, e.rank_low, e.rank_high) for e in ranking.entries] == [
        (0, 1, 1, 2),
        (1, 1, 1, 3),
        (2, 2, 2, 3),
    ]


def test_lower_is_better_metric_ranks_the_smallest_score_first():
    ranking = rank(hand_result([0.3, 0.9, 0.1], se=0.01, higher_is_better=False))
    assert [(e.index, e.rank_low, e.rank_high) for e in ranking.entries] == [(2, 1, 1), (0, 2, 2), (1, 3, 3)]


def test_tie_break_orders_inside_a_tie_group_only():
    # Scores 0.9 | 0.52 0.50 0.49 | 0.1: the middle three are inseparable, the rest are not.
    result = hand_result([0.50, 0.9, 0.52, 0.1, 0.49], se=0.02)
    plain = rank(result)
    earlier = rank(result, "earlier_submission", submitted_at=np.array([3.0, 9.0, 2.0, 0.0, 1.0]))
    secondary = rank(result, "metric", secondary=np.array([0.8, 0.0, 0.1, 0.9, 0.2]), secondary_name="BLEU")
    assert [e.index for e in plain.entries] == [1, 2, 0, 4, 3]
    assert [e.index for e in earlier.entries] == [1, 4, 2, 0, 3]
    assert [e.index for e in secondary.entries] == [1, 0, 4, 2, 3]
    assert "earlier submission first" in earlier.tie_break
    assert "BLEU" in secondary.tie_break
    assert plain.tie_break.startswith("none")
    for other in (earlier, secondary):
        assert sorted((e.index, e.rank_low, e.rank_high, e.tie_group) for e in other.entries) == sorted(
            (e.index, e.rank_low, e.rank_high, e.tie_group) for e in plain.entries
        )
    assert rank_range(plain, 0) == (2, 4)
    with pytest.raises(ValueError, match="submitted_at"):
        rank(result, "earlier_submission")


def test_missing_submission_is_incomplete_and_ranked_last():
    values = bernoulli_values(np.random.default_rng(14), np.array([0.5, 0.7, 0.6]), 300)
    data = MetricData("accuracy", values=values, missing=np.array([False, True, False]))
    result = bootstrap(data, seed=15)
    assert np.isnan(result.point[1]) and np.isnan(result.resampled[1]).all()
    ranking = rank(result)
    last = ranking.entries[-1]
    assert (last.index, last.incomplete, last.rank_low, last.rank_high) == (1, True, 3, 3)
    assert not ranking.tests.better[:, 1].any() and not ranking.tests.better[1].any()


def test_lower_is_better_mean_metric_with_errors_needs_an_explicit_error_value():
    values = np.array([[0.1, np.nan, 0.3], [0.2, 0.2, 0.2]])
    with pytest.raises(ValueError, match="error_value"):
        bootstrap(MetricData("wer", values=values, higher_is_better=False), resamples=10)
    result = bootstrap(
        MetricData("wer", values=values, higher_is_better=False, error_value=1.0), resamples=10
    )
    assert result.point[0] == pytest.approx((0.1 + 1.0 + 0.3) / 3)


# --- aggregation -------------------------------------------------------------------------------


def scores_of(point: list[list[float]], higher_is_better=True, resampled=None) -> TaskScores:
    p = np.asarray(point, dtype=np.float64)
    # By default two identical resample columns: every non-zero difference is then certain.
    res = np.repeat(p.T[:, :, None], 2, axis=2) if resampled is None else np.asarray(resampled, dtype=float)
    return TaskScores(
        names=tuple(f"task{t}" for t in range(p.shape[1])),
        point=p,
        resampled=res,
        higher_is_better=higher_is_better,
    )


def test_weighted_mean_uses_normalised_weights_on_points_and_every_resample():
    point = [[0.8, 0.2], [0.5, 0.5], [0.2, 0.9]]
    shifted = np.asarray(point).T - 0.1  # a second resample column, 0.1 lower everywhere
    scores = scores_of(point, resampled=np.stack([np.asarray(point).T, shifted], axis=-1))
    result = aggregate(scores, "weighted_mean", weights=[3, 1])
    np.testing.assert_allclose(result.point, [0.65, 0.5, 0.375])
    np.testing.assert_allclose(result.resampled[:, 1], [0.55, 0.4, 0.275])
    assert result.higher_is_better


def test_mean_rank_averages_tied_ranks_and_lower_is_better():
    # task0 ranks 1.5 1.5 3; task1 ranks 3 1.5 1.5; task2 (lower is better) ranks 1 3 2
    scores = scores_of(
        [[0.8, 0.5, 0.1], [0.8, 0.7, 0.3], [0.2, 0.7, 0.2]], higher_is_better=np.array([True, True, False])
    )
    result = aggregate(scores, "mean_rank")
    np.testing.assert_allclose(result.point, [5.5 / 3, 6 / 3, 6.5 / 3])
    assert not result.higher_is_better
    ranking = rank(result)
    assert ranking.entries[0].index == 0


def test_mean_win_rate_counts_ties_as_half():
    scores = scores_of([[0.8, 0.5], [0.8, 0.7], [0.2, 0.7]])
    result = aggregate(scores, "mean_win_rate")
    # task0: 0.75 0.75 0; task1: 0 0.75 0.75
    np.testing.assert_allclose(result.point, [0.375, 0.75, 0.375])
    assert result.higher_is_better


def test_min_max_maps_baselines_to_0_and_1_in_every_resample():
    point = np.array([[0.2, 0.4], [0.5, 0.6], [0.8, 0.9]])
    second = point.T.copy()
    second[:, 0] = [0.3, 0.5]  # the low baseline moves in resample 2
    scores = scores_of(point.tolist(), resampled=np.stack([point.T, second], axis=-1))
    both = normalise_min_max(scores, low_index=0, high_index=2)
    np.testing.assert_allclose(both.point, [[0, 0], [0.5, 0.4], [1, 1]])
    np.testing.assert_allclose(both.resampled[:, :, 1], [[0, 0.4, 1], [0, 0.25, 1]])
    to_max = normalise_min_max(scores, low_index=0)
    np.testing.assert_allclose(to_max.point[:, 0], [0, 0.375, 0.75])
    with pytest.raises(ValueError, match="high baseline"):
        normalise_min_max(scores_of(point.tolist(), higher_is_better=False), low_index=0)


def test_missing_task_makes_the_aggregate_nan_and_incomplete_never_zero():
    nan = float("nan")
    scores = scores_of([[0.9, 0.8], [0.7, nan], [0.5, 0.6]])
    for rule in ("weighted_mean", "mean_rank", "mean_win_rate"):
        result = aggregate(scores, rule)
        assert np.isnan(result.point[1]) and result.incomplete.tolist() == [False, True, False]
        ranking = rank(result)
        assert ranking.entries[-1].index == 1 and ranking.entries[-1].incomplete
        assert rank_range(ranking, 1) == (3, 3)
    # The missing submission does not shift the others' ranks on the task it skipped.
    np.testing.assert_allclose(aggregate(scores, "mean_rank").point[[0, 2]], [1.0, 2.5])


def test_track_aggregate_from_bootstrapped_tasks_is_paired_and_ranked():
    rng = np.random.default_rng(16)
    accuracies = np.array([0.5, 0.55, 0.8])
    tasks = [MetricData(f"t{t}", values=bernoulli_values(rng, accuracies, 400)) for t in range(3)]
    results = bootstrap_tasks(tasks, resamples=500, seed=17)
    scores = TaskScores.from_results(results)
    assert scores.resampled.shape == (3, 3, 500)
    assert not np.array_equal(results[0].resampled, results[1].resampled)
    track = aggregate(scores, "weighted_mean")
    np.testing.assert_allclose(track.resampled, scores.resampled.mean(axis=0))
    assert np.all(track.ci_low <= track.point) and np.all(track.point <= track.ci_high)
    assert rank_range(rank(track), 2) == (1, 1)
    assert track.n_used.tolist() == [1200, 1200, 1200]


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_same_intervals_and_ranks_other_seed_other_resamples():
    values = bernoulli_values(np.random.default_rng(18), np.linspace(0.5, 0.7, 6), 500)
    data = MetricData("accuracy", values=values)
    first, again, other = bootstrap(data, seed=19), bootstrap(data, seed=19), bootstrap(data, seed=20)
    assert np.array_equal(first.resampled, again.resampled)
    assert np.array_equal(first.ci_low, again.ci_low) and np.array_equal(first.ci_high, again.ci_high)
    assert rank(first).entries == rank(again).entries
    assert not np.array_equal(first.resampled, other.resampled)
    assert not np.array_equal(first.ci_low, other.ci_low)
    assert not np.array_equal(
        resample_counts(500, 10, task_seed(1, 0)), resample_counts(500, 10, task_seed(1, 1))
    )
    assert np.array_equal(
        resample_counts(500, 10, task_seed(1, 0)), resample_counts(500, 10, task_seed(1, 0))
    )


def test_average_ranks_equal_scipy_rankdata_with_ties_and_missing() -> None:
    """Mean-rank aggregation ranks with our numpy ranking: exactly scipy's rankdata(method="average")."""
    from scipy.stats import rankdata

    from harness.leaderboard.aggregate import average_ranks

    rng = np.random.default_rng(7)
    for trial in range(200):
        shape = tuple(int(n) for n in rng.integers(1, 7, size=3))
        values = rng.integers(0, 4, size=shape).astype(float) if trial % 2 else rng.random(shape)
        values[rng.random(shape) < 0.2] = np.inf  # a missing submission sorts after everyone
        for axis in range(3):
            assert np.array_equal(average_ranks(values, axis), rankdata(values, method="average", axis=axis))
