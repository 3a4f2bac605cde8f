"""Text normalisation shared by scorers and extractors: NFKC, case, whitespace, punctuation."""

from __future__ import annotations

import math
import string
import sys
import unicodedata
from functools import cache


def as_text(value: object) -> str:
    """A prediction or reference as text: None and NaN (an empty CSV cell) become ''."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value if isinstance(value, str) else str(value)


def nfkc(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width ('ＡＢ１，' -> 'AB1,')."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())  # str.split() splits on exactly what re's \s matches


@cache
def _punctuation_table() -> dict[int, None]:
    # Every Unicode punctuation character (categories P*: Chinese 、。《》「」 and English),
    # plus ASCII symbols that SQuAD's normaliser also drops ($ + < = > ^ ` | ~).
    # No punctuation lies above U+1FFFF, so the scan stops there (about 30 ms, once).
    table: dict[int, None] = {ord(c): None for c in string.punctuation}
    for code in range(min(sys.maxunicode, 0x1FFFF) + 1):
        if unicodedata.category(chr(code)).startswith("P"):
            table[code] = None
    return table


def strip_punctuation(text: str) -> str:
    """Delete Chinese and English punctuation (not replaced by spaces: 'U.S.' -> 'US')."""
    return text.translate(_punctuation_table())


def fold(text: str, lowercase: bool = True, punctuation: bool = False) -> str:
    """The comparison form of a text: NFKC, optionally lowercased and without punctuation,
    whitespace collapsed."""
    text = nfkc(text)
    if lowercase:
        text = text.lower()
    if punctuation:
        text = strip_punctuation(text)
    return collapse_spaces(text)
