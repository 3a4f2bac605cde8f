"""Leaderboard statistics at competition size: bootstrap, all pairwise tests, track aggregates.

Default: 100 submissions x 10 tasks x 2,000 samples, 1,000 resamples; 9 accuracy tasks
(1% errors, NaN) and one macro-F1 task (K=5, per-sample stats). Every task gets its
intervals and all 4,950 pairwise tests; then the track aggregate under each rule gets its
intervals and pairwise tests too. Prints wall seconds per phase and the process's peak
RSS after it (ru_maxrss is a high-water mark, so it never goes down).

    python benchmarks/leaderboard.py [--submissions 100 --tasks 10 --samples 2000 --resamples 1000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
from scipy.stats import norm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.leaderboard.aggregate import TaskScores, aggregate, bootstrap_tasks
from harness.leaderboard.bootstrap import MetricData
from harness.leaderboard.ranking import rank

CLASSES = 5
T = TypeVar("T")


def macro_f1(summed: np.ndarray) -> np.ndarray:
    """[tp (K), pred (K), ref (K)] summed -> mean over classes of 2tp / (pred + ref)."""
    tp, pred, ref = summed[..., :CLASSES], summed[..., CLASSES : 2 * CLASSES], summed[..., 2 * CLASSES :]
    denominator = pred + ref
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0).mean(axis=-1)


def accuracy_task(rng: np.random.Generator, name: str, skill: np.ndarray, samples: int) -> MetricData:
    # Correlated through a shared item difficulty, as real submissions are.
    latent = np.sqrt(0.3) * rng.standard_normal(samples) + np.sqrt(0.7) * rng.standard_normal(
        (skill.size, samples)
    )
    values = (latent < norm.ppf(skill)[:, None]).astype(np.float64)
    values[rng.random(values.shape) < 0.01] = np.nan
    return MetricData(name, values=values)


def macro_f1_task(rng: np.random.Generator, skill: np.ndarray, samples: int) -> MetricData:
    shape = (skill.size, samples)
    ref = np.broadcast_to(rng.integers(0, CLASSES, samples), shape)
    wrong = (ref + 1 + rng.integers(0, CLASSES - 1, shape)) % CLASSES
    errors = rng.random(shape) < 0.01
    pred = np.where((rng.random(shape) < skill[:, None]) & ~errors, ref, wrong)  # an error is a wrong answer
    one_hot = np.eye(CLASSES)
    stats = np.concatenate([one_hot[ref] * (pred == ref)[..., None], one_hot[pred], one_hot[ref]], axis=-1)
    return MetricData("macro_f1", stats=stats, reducer=macro_f1, errors=errors)


def make_track(submissions: int, tasks: int, samples: int, seed: int) -> list[MetricData]:
    rng = np.random.default_rng(seed)
    skill = np.linspace(0.40, 0.80, submissions)
    track = [accuracy_task(rng, f"accuracy_{t}", skill, samples) for t in range(tasks - 1)]
    return [*track, macro_f1_task(rng, skill, samples)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def phase(label: str, work: Callable[[], T], timings: dict[str, float]) -> T:
    start = time.perf_counter()
    out = work()
    timings[label] = time.perf_counter() - start
    print(f"{label:<44} {timings[label]:>7.2f} {peak_rss_mb():>12.0f}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    s, t, n, r = args.submissions, args.tasks, args.samples, args.resamples
    print(f"S={s} submissions, T={t} tasks (1 macro-F1, K={CLASSES}), n={n} samples, R={r} resamples")
    print(f"{'phase':<44} {'wall_s':>7} {'peak_rss_MB':>12}")
    timings: dict[str, float] = {}
    tasks = phase("generate data (not counted)", lambda: make_track(s, t, n, args.seed), timings)
    results = phase(
        "bootstrap every task (counts + CI)", lambda: bootstrap_tasks(tasks, r, args.seed), timings
    )
    phase("rank every task (all pairwise tests)", lambda: [rank(res) for res in results], timings)
    scores = TaskScores.from_results(results)
    for rule in ("weighted_mean", "mean_rank", "mean_win_rate"):
        phase(f"track {rule}: aggregate + rank", lambda rule=rule: rank(aggregate(scores, rule)), timings)
    counted = sum(v for k, v in timings.items() if not k.startswith("generate"))
    print(f"{'total (counted phases, policy zero)':<44} {counted:>7.2f} {peak_rss_mb():>12.0f}")
    excluded = phase(
        "extra: bootstrap every task, policy exclude",
        lambda: bootstrap_tasks(tasks, r, args.seed, policy="exclude"),
        timings,
    )
    phase("extra: rank every task, policy exclude", lambda: [rank(res) for res in excluded], timings)


if __name__ == "__main__":
    main()
