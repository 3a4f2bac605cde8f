"""Classification metrics over a task's label set, with scikit-learn semantics.

A prediction outside the label set is mapped to an extra "other" class: it is always
wrong and never averaged over. The F1 family equals
`sklearn.metrics.f1_score(y_true, y_pred, labels=task_labels, average=..., zero_division=0)`
(likewise precision/recall); kappa equals `cohen_kappa_score(y_true, y_pred,
labels=task_labels + [other])`, 0 where scikit-learn calls it undefined.

Per-sample statistics (K = number of labels):
  F1 family: 3K columns, one-hot: [tp per class | predicted per class | true per class]
             (an "other" prediction has no predicted column).
  kappa:     (K+1)^2 columns, the one-hot confusion cell true * (K+1) + predicted,
             with "other" as index K.
Summing rows gives the corpus counts; each reducer maps (..., k) -> (...).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from pydantic import BaseModel

from harness.errors import UserError
from harness.lazy import lazy_import
from scorers.registry import ScoreResult, ScoringContext, scorer
from scorers.text import as_text, fold

np = lazy_import("numpy")  # scoring needs it, validating a track does not


class ClassificationOptions(BaseModel, extra="forbid"):
    # match a prediction to a label after NFKC, lowercasing and collapsing spaces
    # when it is not one verbatim ("Ｐｏｓｉｔｉｖｅ " -> "positive")
    normalize: bool = True


def task_labels(references: list[str], context: ScoringContext) -> tuple[str, ...]:
    """The task's label set; without one, the sorted distinct references."""
    if context.labels:
        return tuple(context.labels)
    return tuple(sorted({as_text(r) for r in references}))


def label_indices(texts: list[str], labels: tuple[str, ...], normalize: bool) -> np.ndarray:
    """Index of each text's label; len(labels) ("other") when it is none of them."""
    exact = {label: i for i, label in enumerate(labels)}
    folded: dict[str, int] = {}
    for i, label in enumerate(labels):
        folded.setdefault(fold(label), i)
    out = np.empty(len(texts), dtype=np.int64)
    for n, text in enumerate(texts):
        text = as_text(text)
        index = exact.get(text)
        if index is None and normalize:
            index = folded.get(fold(text))
        out[n] = len(labels) if index is None else index
    return out


def _encode(
    predictions: list[str], references: list[str], opts: ClassificationOptions, context: ScoringContext
) -> tuple[np.ndarray, np.ndarray, int]:
    labels = task_labels(references, context)
    y_true = label_indices(references, labels, opts.normalize)
    outside = np.flatnonzero(y_true == len(labels))
    if outside.size:
        bad = as_text(references[outside[0]])
        raise UserError(
            "references",
            f"reference '{bad}' (sample {outside[0]}) is not among the task's labels",
            f"labels: {', '.join(labels)}",
        )
    return label_indices(predictions, labels, opts.normalize), y_true, len(labels)


def _correct(y_pred: np.ndarray, y_true: np.ndarray) -> list[float]:
    return (y_pred == y_true).astype(float).tolist()


def f1_family_stats(y_pred: np.ndarray, y_true: np.ndarray, n_labels: int) -> np.ndarray:
    rows = np.arange(len(y_true))
    stats = np.zeros((len(y_true), 3 * n_labels), dtype=np.int64)
    hit = y_pred == y_true
    stats[rows[hit], y_true[hit]] = 1
    inside = y_pred < n_labels
    stats[rows[inside], n_labels + y_pred[inside]] = 1
    stats[rows, 2 * n_labels + y_true] = 1
    return stats


def kappa_stats(y_pred: np.ndarray, y_true: np.ndarray, n_labels: int) -> np.ndarray:
    side = n_labels + 1
    stats = np.zeros((len(y_true), side * side), dtype=np.int64)
    stats[np.arange(len(y_true)), y_true * side + y_pred] = 1
    return stats


def _split(stats: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    stats = np.asarray(stats, dtype=np.float64)
    k = stats.shape[-1] // 3
    return stats[..., :k], stats[..., k : 2 * k], stats[..., 2 * k :]


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, 0 where the denominator is 0 (zero_division=0)."""
    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, 0.0, numerator / safe)


def _per_class(stats: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    tp, pred, true = _split(stats)
    precision = _divide(tp, pred)
    recall = _divide(tp, true)
    f1 = _divide(2.0 * tp, true + pred)  # scikit-learn's form: (1 + b^2) tp / (b^2 true + pred)
    return precision, recall, f1, true


def macro_f1_reducer(stats: np.ndarray) -> np.ndarray:
    return _per_class(stats)[2].mean(axis=-1)


def weighted_f1_reducer(stats: np.ndarray) -> np.ndarray:
    _, _, f1, true = _per_class(stats)
    return _divide((f1 * true).sum(axis=-1), true.sum(axis=-1))


def micro_f1_reducer(stats: np.ndarray) -> np.ndarray:
    tp, pred, true = (part.sum(axis=-1) for part in _split(stats))
    return _divide(2.0 * tp, true + pred)


def precision_reducer(stats: np.ndarray) -> np.ndarray:
    return _per_class(stats)[0].mean(axis=-1)


def recall_reducer(stats: np.ndarray) -> np.ndarray:
    return _per_class(stats)[1].mean(axis=-1)


def kappa_reducer(stats: np.ndarray) -> np.ndarray:
    """Cohen's kappa from summed one-hot confusion cells, computed as scikit-learn does."""
    stats = np.asarray(stats, dtype=np.float64)
    side = math.isqrt(stats.shape[-1])
    confusion = stats.reshape(*stats.shape[:-1], side, side)
    pred_totals = confusion.sum(axis=-2)
    true_totals = confusion.sum(axis=-1)
    n = pred_totals.sum(axis=-1)
    safe_n = np.where(n == 0, 1.0, n)[..., None, None]
    expected = (pred_totals[..., :, None] * true_totals[..., None, :]) / safe_n
    off_diagonal = 1.0 - np.eye(side)
    flat = (*stats.shape[:-1], side * side)
    observed = (off_diagonal * confusion).reshape(flat).sum(axis=-1)
    chance = (off_diagonal * expected).reshape(flat).sum(axis=-1)
    undefined = (n == 0) | (chance == 0)
    return np.where(undefined, 0.0, 1.0 - observed / np.where(undefined, 1.0, chance))


def _corpus_scorer(
    predictions: list[str],
    references: list[str],
    opts: ClassificationOptions,
    context: ScoringContext,
    make_stats: Callable[[np.ndarray, np.ndarray, int], np.ndarray],
) -> ScoreResult:
    y_pred, y_true, n_labels = _encode(predictions, references, opts, context)
    return ScoreResult(values=_correct(y_pred, y_true), stats=make_stats(y_pred, y_true, n_labels))


@scorer("accuracy", options=ClassificationOptions)
def accuracy(
    predictions: list[str], references: list[str], opts: ClassificationOptions, context: ScoringContext
) -> list[float]:
    """1.0 when the prediction is the reference label; the mean is sklearn's accuracy_score."""
    y_pred, y_true, _ = _encode(predictions, references, opts, context)
    return _correct(y_pred, y_true)


@scorer("macro_f1", options=ClassificationOptions, reducer=macro_f1_reducer)
def macro_f1(predictions, references, opts: ClassificationOptions, context: ScoringContext) -> ScoreResult:
    """Unweighted mean of per-label F1 over the task's labels."""
    return _corpus_scorer(predictions, references, opts, context, f1_family_stats)


@scorer("micro_f1", options=ClassificationOptions, reducer=micro_f1_reducer)
def micro_f1(predictions, references, opts: ClassificationOptions, context: ScoringContext) -> ScoreResult:
    """F1 of the pooled counts over the task's labels ("other" predictions lower recall only)."""
    return _corpus_scorer(predictions, references, opts, context, f1_family_stats)


@scorer("weighted_f1", options=ClassificationOptions, reducer=weighted_f1_reducer)
def weighted_f1(predictions, references, opts: ClassificationOptions, context: ScoringContext) -> ScoreResult:
    """Per-label F1 averaged with the labels' reference counts as weights."""
    return _corpus_scorer(predictions, references, opts, context, f1_family_stats)


@scorer("precision", options=ClassificationOptions, reducer=precision_reducer)
def precision(predictions, references, opts: ClassificationOptions, context: ScoringContext) -> ScoreResult:
    """Macro-averaged precision over the task's labels."""
    return _corpus_scorer(predictions, references, opts, context, f1_family_stats)


@scorer("recall", options=ClassificationOptions, reducer=recall_reducer)
def recall(predictions, references, opts: ClassificationOptions, context: ScoringContext) -> ScoreResult:
    """Macro-averaged recall over the task's labels."""
    return _corpus_scorer(predictions, references, opts, context, f1_family_stats)


@scorer("cohen_kappa", options=ClassificationOptions, reducer=kappa_reducer)
def cohen_kappa(predictions, references, opts: ClassificationOptions, context: ScoringContext) -> ScoreResult:
    """Agreement beyond chance between predictions and references (-1..1)."""
    return _corpus_scorer(predictions, references, opts, context, kappa_stats)
