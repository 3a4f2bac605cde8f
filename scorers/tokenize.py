"""Tokenisers: CJK characters are tokens, Latin words are tokens; jieba words on request.

Two shapes of token sequence are used. A `str` stands for a sequence whose every
character is one token (pure Chinese text: the fast path, since rapidfuzz compares
strings fastest); a `list[str]` is the general case. Both iterate, slice and count
the same way, so n-gram code takes either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Literal, NamedTuple

from scorers.text import nfkc, strip_punctuation

# Ideographs (with extension A, compatibility, and the supplementary planes), kana, hangul.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_ARTICLES = re.compile(r"\b(a|an|the)\b")


class _Patterns(NamedTuple):
    cjk_char: re.Pattern[str]
    char_or_word: re.Pattern[str]
    non_cjk: re.Pattern[str]
    latin_word: re.Pattern[str]
    cjk_split: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled on first use: re builds a table over every code point of these ranges (~20 ms),
    which `horserace run` would pay at start-up just to validate a track's scorers."""
    return _Patterns(
        cjk_char=re.compile(f"[{CJK_RANGES}]"),
        char_or_word=re.compile(f"[{CJK_RANGES}]|[^\\W_{CJK_RANGES}]+"),
        non_cjk=re.compile(f"[^{CJK_RANGES}]+"),
        latin_word=re.compile(f"[^\\W_{CJK_RANGES}]"),
        cjk_split=re.compile(f"[{CJK_RANGES}]|[^{CJK_RANGES}]+"),
    )


TokenizerName = Literal["char", "jieba"]
Tokens = Sequence[str]


def char_tokens(text: str) -> Tokens:
    """Lowercased CJK characters and Latin/digit words; punctuation, symbols and spaces dropped.

    On ASCII text this equals rouge-score's default tokenizer (lowercase, [a-z0-9]+ runs).
    """
    text = nfkc(text).lower()
    patterns = _patterns()
    if patterns.latin_word.search(text) is None:
        return patterns.non_cjk.sub("", text)  # every character left is a CJK token
    return patterns.char_or_word.findall(text)


@cache
def _jieba():  # imported on first use: loading its dictionary takes about a second
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_tokens(text: str) -> Tokens:
    """Lowercased jieba words, without tokens that are only spaces, punctuation or symbols."""
    words = _jieba().lcut(nfkc(text).lower())
    patterns = _patterns()
    return [w.strip() for w in words if patterns.latin_word.search(w) or patterns.cjk_char.search(w)]


def tokens(text: str, tokenizer: TokenizerName = "char") -> Tokens:
    return jieba_tokens(text) if tokenizer == "jieba" else char_tokens(text)


def squad_normalize(text: str) -> str:
    """SQuAD v1.1 `normalize_answer` (lowercase, no punctuation, no articles, single spaces),
    with NFKC first and Chinese punctuation removed too; identical on ASCII text."""
    text = strip_punctuation(nfkc(text).lower())
    return " ".join(_ARTICLES.sub(" ", text).split())


def squad_tokens(text: str) -> list[str]:
    """SQuAD's whitespace tokens, with every CJK character split out as its own token."""
    out: list[str] = []
    patterns = _patterns()
    for word in squad_normalize(text).split():
        if patterns.cjk_char.search(word):
            out.extend(patterns.cjk_split.findall(word))
        else:
            out.append(word)
    return out


def as_lcs_inputs(a: Tokens, b: Tokens) -> tuple[str | list[int], str | list[int]]:
    """Two token sequences in a form rapidfuzz compares exactly: strings when every token
    is a character, else the same integer code for the same token."""
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    vocab: dict[str, int] = {}
    return [vocab.setdefault(t, len(vocab)) for t in a], [vocab.setdefault(t, len(vocab)) for t in b]
