"""Exact-match scorers: the simplest ones, used by every track."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from scorers.registry import ScoringContext, scorer
from scorers.text import as_text, collapse_spaces, fold, nfkc
from scorers.tokenize import squad_normalize


class ExactMatchOptions(BaseModel, extra="forbid"):
    ignore_case: bool = True
    normalize: bool = True  # NFKC + collapse whitespace: full-width "ＡＢ" equals "AB"
    strip_punctuation: bool = False  # Chinese and English punctuation removed before comparing
    squad: bool = False  # SQuAD v1.1 normalize_answer (also drops punctuation and a/an/the)


def normalize_text(text: str | None, ignore_case: bool = True) -> str:
    text = collapse_spaces(nfkc(as_text(text)))
    return text.lower() if ignore_case else text


def _lower_form(text: str) -> str:
    return " ".join(nfkc(text).lower().split())


def _comparison_form(opts: ExactMatchOptions) -> Callable[[str], str]:
    """The text -> comparison-form function for these options (chosen once per call)."""
    if opts.squad:
        return squad_normalize
    if not opts.normalize:
        return str
    if opts.ignore_case and not opts.strip_punctuation:
        return _lower_form  # the default, and the hot path
    return lambda text: fold(text, opts.ignore_case, opts.strip_punctuation)


@scorer("exact_match", options=ExactMatchOptions)
def exact_match(predictions: list[str], references: list[str], opts: ExactMatchOptions) -> list[float]:
    """1.0 when the prediction equals the reference after normalisation."""
    form = _comparison_form(opts)
    values = []
    for p, r in zip(predictions, references, strict=True):
        p = p if type(p) is str else as_text(p)
        r = r if type(r) is str else as_text(r)
        # identical texts are equal under every normalisation: skip the work (most hits are)
        values.append(1.0 if p == r or form(p) == form(r) else 0.0)
    return values


@scorer("choice_accuracy")
def choice_accuracy(
    predictions: list[str], references: list[str], opts: BaseModel, context: ScoringContext
) -> list[float]:
    """1.0 when the extracted choice letter equals the reference letter (case-insensitive)."""
    return [
        float(normalize_text(p).strip("() .") == normalize_text(r).strip("() .") and bool(as_text(r)))
        for p, r in zip(predictions, references, strict=True)
    ]
