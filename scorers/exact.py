"""Exact-match scorers: the simplest ones, used by every track."""

from __future__ import annotations

import unicodedata

from pydantic import BaseModel

from scorers.registry import ScoringContext, scorer


class ExactMatchOptions(BaseModel, extra="forbid"):
    ignore_case: bool = True
    normalize: bool = True  # NFKC + collapse whitespace: full-width "ＡＢ" equals "AB"


def normalize_text(text: str | None, ignore_case: bool = True) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = " ".join(text.split())
    return text.lower() if ignore_case else text


@scorer("exact_match", options=ExactMatchOptions)
def exact_match(predictions: list[str], references: list[str], opts: ExactMatchOptions) -> list[float]:
    """1.0 when the prediction equals the reference after normalisation."""
    if opts.normalize:
        return [
            float(normalize_text(p, opts.ignore_case) == normalize_text(r, opts.ignore_case))
            for p, r in zip(predictions, references, strict=True)
        ]
    return [float((p or "") == (r or "")) for p, r in zip(predictions, references, strict=True)]


@scorer("choice_accuracy")
def choice_accuracy(
    predictions: list[str], references: list[str], opts: BaseModel, context: ScoringContext
) -> list[float]:
    """1.0 when the extracted choice letter equals the reference letter (case-insensitive)."""
    return [
        float(normalize_text(p).strip("() .") == normalize_text(r).strip("() .") and bool(r))
        for p, r in zip(predictions, references, strict=True)
    ]
