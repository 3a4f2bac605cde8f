"""Answer-extraction steps applied before scoring (raw response -> extracted answer)."""

from __future__ import annotations

import re

from scorers.registry import extractor

_THINK = re.compile(r"<think>.*?</think>", re.S)


@extractor("strip_reasoning")
def strip_reasoning(text: str, opts) -> str | None:
    return _THINK.sub("", text).strip()
