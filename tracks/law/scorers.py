"""Custom scorers of the law track (named in track.yaml as `scorers.py:<function>`).

`article_match`: does the answer cite the same article as the reference? Articles are read
in Chinese numerals (第一千零七十九条), Arabic (第1079条, full-width １０７９ too, or 民法典1079条)
and English (Article 1079), with the 之一/之二 suffix of inserted articles (第一百三十三条之一).
Only the article number is compared, not the law's name (so a right number in the wrong law
still counts): that is the metric's definition. The prediction's FIRST cited article is
the one compared, so listing many articles does not buy a match.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千"
_SUFFIX = r"(?:\s*之\s*(?P<{name}>[一二三四五六七八九十]+|\d+))?"

_ARTICLE = re.compile(
    "|".join(
        (
            rf"第\s*(?P<cn>[{_CN}]+)\s*条" + _SUFFIX.format(name="cn_sub"),
            r"第\s*(?P<ar>\d+)\s*条" + _SUFFIX.format(name="ar_sub"),
            # '民法典1079条', '《刑法》133条之一': Arabic without 第, only right after a law's name
            r"(?:》|法典|法)\s*(?P<bare>\d+)\s*条" + _SUFFIX.format(name="bare_sub"),
            r"(?<![A-Za-z])[Aa]rt(?:icle|\.)?\s*(?P<en>\d+)(?:-(?P<en_sub>\d+))?",
        )
    )
)


def chinese_number(text: str) -> int:
    """'一千零七十九' -> 1079, '十七' -> 17, '二百六十三' -> 263; digit strings ('一零七九') too."""
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


def _number(text: str) -> int:
    return int(text) if text.isdigit() else chinese_number(text)


def cited_articles(text: str) -> list[tuple[int, int]]:
    """Every article cited in the text, in order, as (number, suffix); suffix 0 when there is none."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for match in _ARTICLE.finditer(text):
        for main, sub in (("cn", "cn_sub"), ("ar", "ar_sub"), ("bare", "bare_sub"), ("en", "en_sub")):
            if match.group(main):
                suffix = match.group(sub)
                out.append((_number(match.group(main)), _number(suffix) if suffix else 0))
                break
    return out


def first_article(text: str) -> tuple[int, int] | None:
    found = cited_articles(text)
    return found[0] if found else None


def article_match(predictions: list[str], references: list[str], opts: object) -> list[float]:
    """1.0 if the prediction's first cited article is the reference's article, else 0.0."""
    scores = []
    for prediction, reference in zip(predictions, references, strict=True):
        wanted = first_article(reference)
        got = first_article(prediction or "")
        scores.append(1.0 if wanted is not None and got == wanted else 0.0)
    return scores
