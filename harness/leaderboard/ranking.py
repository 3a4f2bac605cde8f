"""Paired tests between every pair of submissions, rank ranges, tie groups and display order.

For every pair (i, j) the observed difference d is divided by the bootstrap SE of the
paired difference, and the two-sided p-value comes from the normal approximation. A raw
bootstrap p-value cannot go below 1/R, which a Holm correction over thousands of pairs
would turn into "everyone tied". The p-values are Holm-corrected across all pairs of
complete submissions at alpha = 1 - confidence.

A submission's rank range is [1 + #significantly better, S - #significantly worse]: the
statistical claim. Tie groups and positions only arrange the table for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.special import ndtr  # scipy.stats' norm.sf is ndtr(-x); importing scipy.stats costs ~1 s

from harness.leaderboard.bootstrap import BootstrapResult, pair_differences

TieBreak = Literal["none", "earlier_submission", "metric"]


@dataclass(frozen=True, eq=False)
class PairwiseTests:
    """All pairwise paired tests; every array is (S, S) and indexed [i, j]."""

    diff: np.ndarray  # observed score[i] - score[j], in the metric's own direction
    se: np.ndarray  # bootstrap SE of that paired difference
    z: np.ndarray
    p_value: np.ndarray  # two-sided, normal approximation; 1 on the diagonal and for incomplete pairs
    p_holm: np.ndarray  # Holm-adjusted over all pairs of complete submissions
    better: np.ndarray  # bool: i is significantly better than j after Holm
    alpha: float


@dataclass(frozen=True)
class RankedEntry:
    """One leaderboard row. ``position`` is the display order 1..S; ranks are 1-based."""

    index: int
    score: float
    ci_low: float
    ci_high: float
    rank_low: int
    rank_high: int
    position: int
    tie_group: int
    error_rate: float
    n: int
    incomplete: bool = False


@dataclass(frozen=True, eq=False)
class Ranking:
    """A ranked table in display order, the tie-break rule applied (printable) and the tests."""

    metric: str
    higher_is_better: bool
    confidence: float
    tie_break: str
    entries: list[RankedEntry]
    tests: PairwiseTests


def holm_adjust(p_values: np.ndarray) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (same shape); reject where adjusted <= alpha."""
    flat = np.asarray(p_values, dtype=np.float64).ravel()
    m = flat.size
    order = np.argsort(flat, kind="stable")
    # Step-down: the k-th smallest p is scaled by (m - k + 1), then made monotone.
    adjusted_sorted = np.minimum(1.0, np.maximum.accumulate(flat[order] * (m - np.arange(m))))
    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    return adjusted.reshape(np.shape(p_values))


def pairwise_tests(result: BootstrapResult) -> PairwiseTests:
    """Paired z-tests for every pair, Holm-corrected at alpha = 1 - confidence."""
    pairs = pair_differences(result)
    diff, se = pairs.diff, pairs.se
    s_count = result.submissions
    alpha = 1.0 - result.confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, diff / se, np.sign(diff) * np.inf)
    z = np.where(diff == 0, 0.0, z)
    # se == 0: a difference that never varies is certain (p = 0), unless it is zero (p = 1).
    p_value = np.where(se > 0, 2.0 * ndtr(-np.abs(z)), np.where(diff == 0, 1.0, 0.0))
    complete = ~result.incomplete
    testable = complete[:, None] & complete[None, :] & np.isfinite(diff) & np.isfinite(se)
    np.fill_diagonal(testable, False)
    p_value = np.where(testable, p_value, 1.0)

    upper = np.triu_indices(s_count, 1)
    family = testable[upper]
    p_holm = np.ones((s_count, s_count))
    adjusted = np.ones(family.size)
    adjusted[family] = holm_adjust(p_value[upper][family])
    p_holm[upper] = adjusted
    p_holm.T[upper] = adjusted

    oriented = diff if result.higher_is_better else -diff
    better = testable & (p_holm <= alpha) & (oriented > 0)
    return PairwiseTests(diff, se, z, p_value, p_holm, better, alpha)


def rank_ranges(better: np.ndarray, complete: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[1 + #significantly better, S_c - #significantly worse] among the S_c complete entries.

    Incomplete entries are not ranked against the others: they get [S_c + 1, S].
    """
    s_count, s_complete = complete.size, int(complete.sum())
    low = 1 + better.sum(axis=0)
    high = s_complete - better.sum(axis=1)
    low = np.where(complete, low, s_complete + 1)
    high = np.where(complete, high, s_count)
    return low.astype(int), high.astype(int)


def tie_groups(score_order: np.ndarray, better: np.ndarray) -> np.ndarray:
    """Tie group ids (1, 2, ...) for the entries in ``score_order`` (best first).

    Rule: walk the entries from best to worst score; an entry joins the current group if
    it is not significantly different from any member already in it, otherwise it opens
    the next group. So every group is a run of consecutive scores whose members are all
    pairwise inseparable, and a group starts at the best entry not yet placed. Groups are
    a display aid: an entry may be inseparable from a neighbour in the next group, which
    its rank range shows. Entries not in ``score_order`` get 0.
    """
    separable = better | better.T
    groups = np.zeros(better.shape[0], dtype=int)
    group, members = 0, []
    for entry in score_order:
        if not members or separable[entry, members].any():
            group, members = group + 1, []
        members.append(entry)
        groups[entry] = group
    return groups


def rank(
    result: BootstrapResult,
    tie_break: TieBreak = "none",
    submitted_at: np.ndarray | None = None,
    secondary: np.ndarray | None = None,
    secondary_name: str = "secondary metric",
) -> Ranking:
    """Rank submissions with rank ranges, tie groups and a display order.

    ``tie_break`` only orders entries inside a tie group, never changes rank ranges:
    "none" keeps score order, "earlier_submission" puts the earlier ``submitted_at``
    (numbers or datetime64) first, "metric" puts the higher ``secondary`` score first
    (negate a lower-is-better one). Incomplete entries come last, in index order.
    """
    tests = pairwise_tests(result)
    complete = ~result.incomplete
    oriented = result.point if result.higher_is_better else -result.point
    index = np.arange(result.submissions)
    by_score = np.lexsort((index, -oriented))
    score_order = by_score[complete[by_score]]
    groups = tie_groups(score_order, tests.better)
    groups[~complete] = groups.max(initial=0) + 1
    tie_key, rule = _tie_break_key(tie_break, submitted_at, secondary, secondary_name, result.submissions)
    within_group = np.where(complete, tie_key, 0.0)
    score_key = np.where(complete, -oriented, 0.0)
    # an exact tie lists the submission with fewer errors first: failing never buys a better place
    error_key = np.nan_to_num(np.asarray(result.error_rate, dtype=np.float64), nan=np.inf)
    display = np.lexsort((index, error_key, score_key, within_group, groups))
    low, high = rank_ranges(tests.better, complete)
    entries = [_entry(result, int(i), position, low, high, groups) for position, i in enumerate(display, 1)]
    return Ranking(result.name, result.higher_is_better, result.confidence, rule, entries, tests)


def _tie_break_key(
    tie_break: TieBreak,
    submitted_at: np.ndarray | None,
    secondary: np.ndarray | None,
    secondary_name: str,
    s_count: int,
) -> tuple[np.ndarray, str]:
    """A sort key (smaller first) for ordering inside tie groups, and the rule as text."""
    if tie_break == "none":
        return np.zeros(s_count), "none (within a tie group: higher score first)"
    if tie_break == "earlier_submission":
        if submitted_at is None or len(submitted_at) != s_count:
            raise ValueError(
                f"tie_break='earlier_submission' needs submitted_at for all {s_count} submissions"
            )
        # Ranks of the timestamps make any sortable dtype (float, datetime64) a float key.
        key = np.argsort(np.argsort(np.asarray(submitted_at), kind="stable"), kind="stable")
        return key.astype(np.float64), "earlier_submission (within a tie group: earlier submission first)"
    if tie_break == "metric":
        if secondary is None or len(secondary) != s_count:
            raise ValueError(f"tie_break='metric' needs a secondary score for all {s_count} submissions")
        key = -np.asarray(secondary, dtype=np.float64)
        return np.nan_to_num(key, nan=np.inf), f"metric (within a tie group: higher {secondary_name} first)"
    raise ValueError(f"unknown tie_break {tie_break!r} (known: none, earlier_submission, metric)")


def _entry(
    result: BootstrapResult, i: int, position: int, low: np.ndarray, high: np.ndarray, groups: np.ndarray
) -> RankedEntry:
    return RankedEntry(
        index=i,
        score=float(result.point[i]),
        ci_low=float(result.ci_low[i]),
        ci_high=float(result.ci_high[i]),
        rank_low=int(low[i]),
        rank_high=int(high[i]),
        position=position,
        tie_group=int(groups[i]),
        error_rate=float(result.error_rate[i]),
        n=int(result.n_used[i]),
        incomplete=bool(result.incomplete[i]),
    )
