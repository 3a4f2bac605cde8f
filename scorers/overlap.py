"""Token-overlap scorers: SQuAD token F1 and ROUGE-1/2/L (per-sample, averaged).

ROUGE follows rouge-score exactly (same n-gram counting, precision, recall and
F-measure formulas; an empty side scores 0) but finds the longest common
subsequence with rapidfuzz's bit-parallel LCS instead of a Python DP table.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Literal

from pydantic import BaseModel

from scorers.registry import scorer
from scorers.text import as_text
from scorers.tokenize import TokenizerName, Tokens, as_lcs_inputs, squad_tokens, tokens


def f_measure(precision: float, recall: float) -> float:
    """Harmonic mean, 0 when both are 0 (rouge-score's and SQuAD's formula)."""
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def token_f1_one(prediction: str, reference: str) -> float:
    pred, ref = squad_tokens(prediction), squad_tokens(reference)
    same = sum((Counter(pred) & Counter(ref)).values())
    if same == 0:  # also covers an empty side: 0, never 0/0
        return 0.0
    return f_measure(same / len(pred), same / len(ref))


@scorer("token_f1")
def token_f1(predictions: list[str], references: list[str], opts: BaseModel) -> list[float]:
    """SQuAD v1.1 token F1; CJK characters and Latin words are tokens. Empty scores 0."""
    return [token_f1_one(as_text(p), as_text(r)) for p, r in zip(predictions, references, strict=True)]


Measure = Literal["f", "precision", "recall"]


class RougeOptions(BaseModel, extra="forbid"):
    tokenizer: TokenizerName = "char"  # char: CJK characters + Latin words; jieba: jieba words
    measure: Measure = "f"


def _ngrams(seq: Tokens, n: int) -> Counter:
    if n == 1:
        return Counter(seq)
    return Counter(zip(*(seq[i:] for i in range(n)), strict=False))


def _pick(precision: float, recall: float, measure: Measure) -> float:
    if measure == "precision":
        return precision
    if measure == "recall":
        return recall
    return f_measure(precision, recall)


def rouge_n_one(pred: Tokens, ref: Tokens, n: int, measure: Measure = "f") -> float:
    pred_ngrams, ref_ngrams = _ngrams(pred, n), _ngrams(ref, n)
    overlap = sum(min(count, pred_ngrams[g]) for g, count in ref_ngrams.items())
    precision = overlap / max(sum(pred_ngrams.values()), 1)
    recall = overlap / max(sum(ref_ngrams.values()), 1)
    return _pick(precision, recall, measure)


@cache
def _lcs_seq():  # imported on first use, so that validating a track does not load rapidfuzz
    from rapidfuzz.distance import LCSseq

    return LCSseq


def rouge_l_one(pred: Tokens, ref: Tokens, measure: Measure = "f") -> float:
    if not pred or not ref:
        return 0.0
    lcs = _lcs_seq().similarity(*as_lcs_inputs(pred, ref))
    return _pick(lcs / len(pred), lcs / len(ref), measure)


def _pairs(predictions: list[str], references: list[str], tokenizer: TokenizerName):
    for p, r in zip(predictions, references, strict=True):
        yield tokens(as_text(p), tokenizer), tokens(as_text(r), tokenizer)


@scorer("rouge_1", options=RougeOptions)
def rouge_1(predictions: list[str], references: list[str], opts: RougeOptions) -> list[float]:
    """ROUGE-1 F-measure (unigram overlap)."""
    return [rouge_n_one(p, r, 1, opts.measure) for p, r in _pairs(predictions, references, opts.tokenizer)]


@scorer("rouge_2", options=RougeOptions)
def rouge_2(predictions: list[str], references: list[str], opts: RougeOptions) -> list[float]:
    """ROUGE-2 F-measure (bigram overlap)."""
    return [rouge_n_one(p, r, 2, opts.measure) for p, r in _pairs(predictions, references, opts.tokenizer)]


@scorer("rouge_l", options=RougeOptions)
def rouge_l(predictions: list[str], references: list[str], opts: RougeOptions) -> list[float]:
    """ROUGE-L F-measure (longest common subsequence)."""
    return [rouge_l_one(p, r, opts.measure) for p, r in _pairs(predictions, references, opts.tokenizer)]
