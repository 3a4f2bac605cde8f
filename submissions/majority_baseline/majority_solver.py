"""参考队 Reference: the answer that is most often right on the dev split, whatever the question.

- choice: the most frequent dev answer letter
- label:  the majority class
- number: the median dev answer
- text:   the most common dev answer (all unique: the shortest)

It never reads a test input: it is the floor a real submission has to clear.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

Example = dict[str, Any]


def _number(target: str) -> float | None:
    """The value of a numeric answer such as '120', '12.5%' or '3.2亿元'; else None."""
    text = unicodedata.normalize("NFKC", target).strip().replace(",", "")
    match = re.fullmatch(r"(?:答案[:：]?\s*)?(-?\d+(?:\.\d+)?)\s*(\S{0,4})", text)
    if match is None or re.search(r"\d", match.group(2)):
        return None
    return float(match.group(1))


def _most_common(values: Sequence[str]) -> str:
    """The most frequent value; ties go to the shorter, then the alphabetically first one."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], len(v), v))


def _task_kind(examples: Sequence[Example]) -> str:
    if any(ex.get("choices") for ex in examples):
        return "choice"
    targets = [str(ex["target"]).strip() for ex in examples]
    if all(_number(t) is not None for t in targets) and len(set(targets)) > 0.5 * len(targets):
        return "number"
    return "other"


class Answer:
    """The one answer this submission gives to every request of one task."""

    def __init__(self, examples: Sequence[Example]):
        self.input_keys = tuple(sorted(examples[0]["inputs"]))
        self.has_choices = bool(examples[0].get("choices"))
        targets = [str(ex["target"]).strip() for ex in examples]
        if _task_kind(examples) == "number":
            by_value = sorted(targets, key=lambda t: (_number(t) or 0.0, t))
            median = statistics.median_low(_number(t) or 0.0 for t in targets)
            text = next(t for t in by_value if _number(t) == median)
            self.text = text if text.startswith("答案") else f"答案：{text}"
        else:
            self.text = _most_common(targets)

    def fits(self, request: Example) -> bool:
        return tuple(sorted(request["inputs"])) == self.input_keys and bool(request.get("choices")) == (
            self.has_choices
        )


# One worker may serve several tasks: a request takes the latest setup of its task's shape.
_ANSWERS: list[Answer] = []
_BOUND: dict[tuple[str, str], Answer | None] = {}


def setup(dev_examples: list[dict]) -> None:
    if dev_examples:
        _ANSWERS.append(Answer(dev_examples))


def solve(request: dict) -> str:
    key = (str(request.get("track")), str(request.get("task")))
    if key not in _BOUND:
        _BOUND[key] = next((a for a in reversed(_ANSWERS) if a.fits(request)), None)
    answer = _BOUND[key]
    if answer is not None:
        return answer.text
    return "A" if request.get("choices") else ""
