"""Containment scorers: contains, keyword_coverage, regex_match."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, field_validator

from harness.errors import UserError
from scorers.registry import scorer
from scorers.text import as_text, fold


class ContainsOptions(BaseModel, extra="forbid"):
    ignore_case: bool = True
    strip_punctuation: bool = False


def _contains(prediction: str, reference: str, ignore_case: bool, punctuation: bool) -> bool:
    needle = fold(reference, ignore_case, punctuation)
    # an empty reference would be "contained" in everything: it credits nothing instead
    return bool(needle) and needle in fold(prediction, ignore_case, punctuation)


@scorer("contains", options=ContainsOptions)
def contains(predictions: list[str], references: list[str], opts: ContainsOptions) -> list[float]:
    """1.0 when the (normalised) reference occurs in the (normalised) prediction."""
    return [
        float(_contains(as_text(p), as_text(r), opts.ignore_case, opts.strip_punctuation))
        for p, r in zip(predictions, references, strict=True)
    ]


class KeywordCoverageOptions(BaseModel, extra="forbid"):
    separators: str = "|、"  # each character separates keywords in the reference
    ignore_case: bool = True


def keywords(reference: str, separators: str) -> list[str]:
    """Distinct non-empty keywords, in order."""
    parts = re.split(f"[{re.escape(separators)}]", reference) if separators else [reference]
    return list(dict.fromkeys(k for k in (fold(p, lowercase=False) for p in parts) if k))


def coverage(prediction: str, reference: str, opts: KeywordCoverageOptions) -> float:
    wanted = keywords(reference, opts.separators)
    if not wanted:
        return 0.0
    text = fold(prediction, opts.ignore_case)
    return sum(fold(k, opts.ignore_case) in text for k in wanted) / len(wanted)


@scorer("keyword_coverage", options=KeywordCoverageOptions)
def keyword_coverage(
    predictions: list[str], references: list[str], opts: KeywordCoverageOptions
) -> list[float]:
    """Fraction of the reference's keywords ('a|b|c' or 'a、b、c') found in the prediction."""
    return [coverage(as_text(p), as_text(r), opts) for p, r in zip(predictions, references, strict=True)]


_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}


class RegexMatchOptions(BaseModel, extra="forbid"):
    pattern: str | None = None  # default: each sample's reference is the pattern
    mode: Literal["search", "fullmatch"] = "search"
    flags: str = ""  # any of i (ignore case), m (multiline), s (dot matches newline)

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: str) -> str:
        unknown = sorted(set(value) - set(_FLAGS))
        if unknown:
            raise ValueError(f"unknown regex flags {''.join(unknown)!r}: use i, m, s")
        return value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return value


def _compile(pattern: str, flags: str, index: int) -> re.Pattern:
    bits = 0
    for flag in flags:
        bits |= _FLAGS[flag]
    try:
        return re.compile(pattern, bits)
    except re.error as exc:
        raise UserError(f"references[{index}]", f"invalid regular expression {pattern!r}: {exc}") from None


@scorer("regex_match", options=RegexMatchOptions)
def regex_match(predictions: list[str], references: list[str], opts: RegexMatchOptions) -> list[float]:
    """1.0 when the prediction matches the option pattern, or else the reference taken as a regex."""
    shared = _compile(opts.pattern, opts.flags, -1) if opts.pattern is not None else None
    values = []
    for i, (p, r) in enumerate(zip(predictions, references, strict=True)):
        if shared is None and not as_text(r):  # an empty pattern matches anything: credit nothing
            values.append(0.0)
            continue
        regex = shared or _compile(as_text(r), opts.flags, i)
        text = as_text(p).strip()
        found = regex.search(text) if opts.mode == "search" else regex.fullmatch(text)
        values.append(float(found is not None))
    return values
