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
from typing import Literal

from scorers.text import nfkc, strip_punctuation

# Ideographs (with extension A, compatibility, and the supplementary planes), kana, hangul.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
_CHAR_OR_WORD = re.compile(f"[{CJK_RANGES}]|[^\\W_{CJK_RANGES}]+")
_NON_CJK = re.compile(f"[^{CJK_RANGES}]+")
_LATIN_WORD = re.compile(f"[^\\W_{CJK_RANGES}]")
_CJK_SPLIT = re.compile(f"[{CJK_RANGES}]|[^{CJK_RANGES}]+")
_ARTICLES = re.compile(r"\b(a|an|the)\b")

TokenizerName = Literal["char", "jieba"]
Tokens = Sequence[str]


def char_tokens(text: str) -> Tokens:
    """Lowercased CJK characters and Latin/digit words; punctuation, symbols and spaces dropped.

    On ASCII text this equals rouge-score's default tokenizer (lowercase, [a-z0-9]+ runs).
    """
    text = nfkc(text).lower()
    if _LATIN_WORD.search(text) is None:
        return _NON_CJK.sub("", text)  # every character left is a CJK token
    return _CHAR_OR_WORD.findall(text)


@cache
def _jieba():  # imported on first use: loading its dictionary takes about a second
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_tokens(text: str) -> Tokens:
    """Lowercased jieba words, without tokens that are only spaces, punctuation or symbols."""
    words = _jieba().lcut(nfkc(text).lower())
    return [w.strip() for w in words if _LATIN_WORD.search(w) or CJK_CHAR.search(w)]


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
    for word in squad_normalize(text).split():
        if CJK_CHAR.search(word):
            out.extend(_CJK_SPLIT.findall(word))
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
