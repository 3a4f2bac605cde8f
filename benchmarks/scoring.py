"""Scorer speed: ROUGE-L on Chinese text against rouge-score, and exact/numeric match at scale.

    python benchmarks/scoring.py [--pairs 100000] [--reference-sample 5000] [--samples 1000000]

ROUGE-L (character level) runs on deterministic pseudo-Chinese pairs of about 200
characters; rouge-score (with a character tokenizer) is timed on a subsample and
scaled, and both must agree on that subsample to 1e-9. Prints a comparison; the
figures go into benchmarks/README_scoring.md with the machine they ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
from rouge_score import rouge_scorer

from scorers.registry import get_scorer

# 1000 common-range ideographs: enough variety that matches are not trivial
CHARSET = np.arange(0x4E00, 0x4E00 + 1000, dtype=np.uint32)


class CharTokenizer:
    """rouge-score tokenizer: one token per character (the texts are pure CJK)."""

    def tokenize(self, text: str) -> list[str]:
        return list(text)


def _rows_to_text(codes: np.ndarray, lengths: np.ndarray) -> list[str]:
    return [row[:n].tobytes().decode("utf-32-le") for row, n in zip(codes, lengths, strict=True)]


def chinese_pairs(n: int, length: int = 200, seed: int = 0) -> tuple[list[str], list[str]]:
    """References of `length` characters; predictions = a reference with ~25% of characters
    replaced and ~10% dropped, so the LCS is long but not the whole text."""
    rng = np.random.default_rng(seed)
    refs = CHARSET[rng.integers(0, len(CHARSET), size=(n, length))]
    preds = refs.copy()
    replace = rng.random((n, length)) < 0.25
    preds[replace] = CHARSET[rng.integers(0, len(CHARSET), size=int(replace.sum()))]
    keep = rng.random((n, length)) >= 0.10
    order = np.argsort(~keep, axis=1, kind="stable")  # kept characters first, in order
    preds = np.take_along_axis(preds, order, axis=1)
    ref_texts = _rows_to_text(refs.astype("<u4"), np.full(n, length))
    pred_texts = _rows_to_text(preds.astype("<u4"), keep.sum(axis=1))
    return pred_texts, ref_texts


def number_pairs(n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    """Predictions in mixed notations (plain, 1,234.5, 15%, 1.2万, full-width, words around)
    against plain references; about 70% equal in value."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 10_000_000, size=n)
    wrong = rng.random(n) < 0.3
    shown = np.where(wrong, values + rng.integers(1, 100, size=n), values)
    kind = rng.integers(0, 6, size=n)
    preds, refs = [], []
    for value, pred_value, k in zip(values.tolist(), shown.tolist(), kind.tolist(), strict=True):
        if k == 0:
            preds.append(str(pred_value))
            refs.append(str(value))
        elif k == 1:
            preds.append(f"{pred_value / 10:,.1f}")
            refs.append(f"{value / 10:.1f}")
        elif k == 2:
            preds.append(f"{pred_value % 100}%")
            refs.append(str((value % 100) / 100))
        elif k == 3:
            preds.append(f"{pred_value / 10000}万")
            refs.append(str(value))
        elif k == 4:
            preds.append(str(pred_value).translate(str.maketrans("0123456789", "０１２３４５６７８９")))
            refs.append(str(value))
        else:
            preds.append(f"答案是{pred_value}元。")
            refs.append(str(value))
    return preds, refs


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def best_of(repeats: int, fn) -> tuple[object, float, float]:
    """Result, best wall seconds and best CPU seconds of `repeats` runs: on a shared machine
    the minimum is the figure least inflated by other processes."""
    walls, cpus = [], []
    for _ in range(repeats):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        out = fn()
        walls.append(time.perf_counter() - wall_start)
        cpus.append(time.process_time() - cpu_start)
    return out, min(walls), min(cpus)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def bench_rouge(pairs: int, reference_sample: int, repeats: int) -> None:
    preds, refs = chinese_pairs(pairs)
    rouge_l = get_scorer("rouge_l")
    rouge_l(preds[:100], refs[:100])  # warm up imports and regex caches
    ours, ours_s, ours_cpu = best_of(repeats, lambda: rouge_l(preds, refs).values)
    reference = rouge_scorer.RougeScorer(["rougeL"], tokenizer=CharTokenizer())
    sample = min(reference_sample, pairs)
    ref_values, ref_s = timed(
        lambda: [
            reference.score(r, p)["rougeL"].fmeasure
            for p, r in zip(preds[:sample], refs[:sample], strict=True)
        ]
    )
    worst = max(abs(a - b) for a, b in zip(ours[:sample], ref_values, strict=True))
    assert worst < 1e-9, f"ROUGE-L differs from rouge-score by {worst}"
    ref_scaled = ref_s * pairs / sample
    mean_len = np.mean([len(p) for p in preds[:1000]]), np.mean([len(r) for r in refs[:1000]])
    print(
        f"\nROUGE-L, character level, {pairs:,} pairs (pred ~{mean_len[0]:.0f} / ref {mean_len[1]:.0f} chars)"
    )
    print(f"{'implementation':34} {'wall_s':>9} {'us/pair':>9} {'ratio':>8}   (ours: best of {repeats})")
    print(f"{'horserace rouge_l (rapidfuzz LCS)':34} {ours_s:9.2f} {ours_s / pairs * 1e6:9.1f} {1.0:8.1f}")
    print(f"{'  same, CPU seconds':34} {ours_cpu:9.2f}")
    print(
        f"{'rouge-score, scaled from ' + format(sample, ',') + ':':34} {ref_scaled:9.2f} "
        f"{ref_s / sample * 1e6:9.1f} {ref_scaled / ours_s:8.1f}"
    )
    print(
        f"values identical on the {sample:,}-pair subsample: max |diff| = {worst:.1e}; mean {np.mean(ours):.4f}"
    )


def bench_matches(samples: int, repeats: int) -> None:
    preds, refs = number_pairs(samples)
    print(f"\nexact_match + numeric_match, {samples:,} samples (mixed notations, ~70% equal)")
    print(f"{'scorer':16} {'wall_s':>8} {'cpu_s':>8} {'us/sample':>10} {'mean':>7}   (best of {repeats})")
    total_wall = total_cpu = 0.0
    for name in ("exact_match", "numeric_match"):
        values, wall, cpu = best_of(repeats, lambda n=name: get_scorer(n)(preds, refs).values)
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        print(f"{name:16} {wall:8.2f} {cpu:8.2f} {wall / samples * 1e6:10.2f} {np.mean(values):7.3f}")
    print(f"{'both':16} {total_wall:8.2f} {total_cpu:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--reference-sample", type=int, default=5_000)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of our scorers; the best is shown")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}; Python {platform.python_version()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bench_rouge(args.pairs, args.reference_sample, args.repeats)
    bench_matches(args.samples, args.repeats)


if __name__ == "__main__":
    main()
