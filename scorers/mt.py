"""Machine-translation metrics: BLEU and chrF, with sacrebleu's statistics and formulas.

Per-sample statistics come from sacrebleu itself (`Metric._extract_corpus_statistics`,
a private helper that sacrebleu's own significance tests use), so tokenisation and
n-gram counting are sacrebleu's. The reducers re-implement sacrebleu's
`compute_bleu` / `_compute_f_score` vectorised over any leading shape, so the corpus
score of any resample is exact. Values are on a 0..1 scale (sacrebleu's / 100).

Stats layouts:
  bleu: 10 columns [hyp_len, ref_len, correct_1..4, total_1..4] (sacrebleu's order).
  chrf: 3 columns per order, char orders then word orders: [hyp, ref, match] each.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from harness.lazy import lazy_import
from scorers.registry import ScoreResult, scorer
from scorers.text import as_text

# Scoring needs numpy and sacrebleu (imported where used); validating a track needs neither.
np = lazy_import("numpy")

MAX_NGRAM_ORDER = 4  # BLEU's n-gram orders; the stats layout assumes it
_LOG_ZERO = -9999999999.0  # sacrebleu's my_log(0)
_CHRF_BETA = 2  # chrF's recall weight; sacrebleu's default
_CHRF_EPS = 1e-16


class BleuOptions(BaseModel, extra="forbid"):
    tokenize: Literal["zh", "13a", "intl", "char", "none"] = "zh"  # '13a' for English
    lowercase: bool = False


class ChrfOptions(BaseModel, extra="forbid"):
    char_order: int = Field(default=6, ge=1, le=10)
    word_order: int = Field(default=0, ge=0, le=4)  # 2 gives chrF++
    lowercase: bool = False
    whitespace: bool = False


def _texts(items: list[str]) -> list[str]:
    return [as_text(t) for t in items]


def bleu_stats(predictions: list[str], references: list[str], opts: BleuOptions) -> np.ndarray:
    from sacrebleu.metrics import BLEU

    metric = BLEU(tokenize=opts.tokenize, lowercase=opts.lowercase, force=True)
    rows = metric._extract_corpus_statistics(_texts(predictions), [_texts(references)])
    return np.asarray(rows, dtype=np.int64).reshape(len(predictions), 2 + 2 * MAX_NGRAM_ORDER)


def _safe(denominator: np.ndarray) -> np.ndarray:
    return np.where(denominator == 0, 1.0, denominator)


def bleu_from_stats(stats: np.ndarray, effective_order: bool = False) -> np.ndarray:
    """sacrebleu's `BLEU.compute_bleu` with 'exp' smoothing, / 100, over (..., 10) -> (...)."""
    stats = np.asarray(stats, dtype=np.float64)
    sys_len, ref_len = stats[..., 0], stats[..., 1]
    correct, total = stats[..., 2 : 2 + MAX_NGRAM_ORDER], stats[..., 2 + MAX_NGRAM_ORDER :]
    brevity = np.where(
        sys_len < ref_len,
        np.where(sys_len > 0, np.exp(1 - ref_len / _safe(sys_len)), 0.0),
        1.0,
    )
    smooth = np.ones_like(sys_len)
    stopped = np.zeros(sys_len.shape, dtype=bool)  # sacrebleu stops at the first order with no n-grams
    order = np.full(sys_len.shape, float(MAX_NGRAM_ORDER))
    logs = []
    for n in range(MAX_NGRAM_ORDER):
        c, t = correct[..., n], total[..., n]
        stopped = stopped | (t == 0)
        missed = ~stopped & (c == 0)
        smooth = np.where(missed, smooth * 2, smooth)
        precision = np.where(stopped, 0.0, np.where(c == 0, 100.0 / _safe(smooth * t), 100.0 * c / _safe(t)))
        if effective_order:
            order = np.where(stopped, order, n + 1.0)
        logs.append(np.where(precision > 0, np.log(np.where(precision > 0, precision, 1.0)), _LOG_ZERO))
    log_sum = np.zeros_like(sys_len)
    for n, term in enumerate(logs):  # added in order, as sacrebleu's sum() does
        log_sum = log_sum + np.where(n < order, term, 0.0)
    score = brevity * np.exp(log_sum / order)
    # exp(log(100)) is 100.00000000000004: identical texts would score just above the maximum
    return np.minimum(np.where(correct.sum(axis=-1) > 0, score, 0.0) / 100.0, 1.0)


def bleu_reducer(stats: np.ndarray) -> np.ndarray:
    return bleu_from_stats(stats, effective_order=False)


@scorer("bleu", options=BleuOptions, reducer=bleu_reducer)
def bleu(predictions: list[str], references: list[str], opts: BleuOptions) -> ScoreResult:
    """Per sample: sentence BLEU (effective order) / 100; corpus: sacrebleu's corpus BLEU / 100."""
    stats = bleu_stats(predictions, references, opts)
    return ScoreResult(values=bleu_from_stats(stats, effective_order=True).tolist(), stats=stats)


def chrf_stats(predictions: list[str], references: list[str], opts: ChrfOptions) -> np.ndarray:
    from sacrebleu.metrics import CHRF

    metric = CHRF(
        char_order=opts.char_order,
        word_order=opts.word_order,
        lowercase=opts.lowercase,
        whitespace=opts.whitespace,
    )
    rows = metric._extract_corpus_statistics(_texts(predictions), [_texts(references)])
    return np.asarray(rows, dtype=np.int64).reshape(len(predictions), 3 * metric.order)


def chrf_reducer(stats: np.ndarray) -> np.ndarray:
    """sacrebleu's `CHRF._compute_f_score` (effective-order averaging), / 100, (..., 3m) -> (...)."""
    stats = np.asarray(stats, dtype=np.float64)
    factor = _CHRF_BETA**2
    avg_prec = np.zeros(stats.shape[:-1])
    avg_rec = np.zeros(stats.shape[:-1])
    effective = np.zeros(stats.shape[:-1])
    for i in range(stats.shape[-1] // 3):
        n_hyp, n_ref, n_match = stats[..., 3 * i], stats[..., 3 * i + 1], stats[..., 3 * i + 2]
        both = (n_hyp > 0) & (n_ref > 0)
        prec = np.where(n_hyp > 0, n_match / _safe(n_hyp), _CHRF_EPS)
        rec = np.where(n_ref > 0, n_match / _safe(n_ref), _CHRF_EPS)
        avg_prec = avg_prec + np.where(both, prec, 0.0)
        avg_rec = avg_rec + np.where(both, rec, 0.0)
        effective = effective + both
    avg_prec = np.where(effective > 0, avg_prec / _safe(effective), 0.0)
    avg_rec = np.where(effective > 0, avg_rec / _safe(effective), 0.0)
    numerator = (1 + factor) * avg_prec * avg_rec
    denominator = factor * avg_prec + avg_rec
    return np.where(avg_prec + avg_rec > 0, 100 * (numerator / _safe(denominator)), 0.0) / 100.0


@scorer("chrf", options=ChrfOptions, reducer=chrf_reducer)
def chrf(predictions: list[str], references: list[str], opts: ChrfOptions) -> ScoreResult:
    """Per sample: sentence chrF / 100; corpus: sacrebleu's corpus chrF / 100."""
    stats = chrf_stats(predictions, references, opts)
    return ScoreResult(values=chrf_reducer(stats).tolist(), stats=stats)
