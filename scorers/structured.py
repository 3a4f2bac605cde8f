"""Structured answers: finding a JSON object in model output, and the json_fields scorer."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from pydantic import BaseModel

from harness.errors import UserError
from scorers.registry import scorer
from scorers.text import as_text, fold

_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\n?(.*?)```", re.S)
_MAX_OBJECT_STARTS = 200  # '{' positions tried in free text; bounds the work on huge outputs
_DECODER = json.JSONDecoder()


def _as_object(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return None
    return value if isinstance(value, dict) else None


def _first_object_in(text: str) -> dict | None:
    start = text.find("{")
    for _ in range(_MAX_OBJECT_STARTS):
        if start < 0:
            return None
        try:
            value, _end = _DECODER.raw_decode(text, start)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    return None


def find_json_object(text: str) -> dict | None:
    """The JSON object the text is, or the first one in a ``` fence, or the first one in it."""
    text = text.strip()
    found = _as_object(text)
    if found is not None:
        return found
    for block in _FENCE.findall(text):
        found = _as_object(block.strip())
        if found is not None:
            return found
    return _first_object_in(text)


def canonical_json(value: Any) -> str:
    """One text per JSON value: sorted keys, no spaces, Chinese kept readable."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class JsonFieldsOptions(BaseModel, extra="forbid"):
    fields: list[str] | None = None  # default: the reference object's fields
    ignore_case: bool = True


def _scalar_key(value: Any, ignore_case: bool) -> Any:
    """The comparison form of a value: numbers and numeric strings as floats ('3' == 3),
    strings NFKC-folded, objects and lists as canonical JSON."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else canonical_json(value)
    if isinstance(value, str):
        text = fold(value, lowercase=ignore_case)
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    return canonical_json(value)


def _set_f1(predicted: set, expected: set) -> float:
    if not predicted and not expected:
        return 1.0
    same = len(predicted & expected)
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(expected)
    return 2 * precision * recall / (precision + recall)


_ABSENT = object()


def field_score(predicted: Any, expected: Any, ignore_case: bool) -> float:
    """1/0 for scalars; set F1 when either side is a list (a scalar counts as one element)."""
    if predicted is _ABSENT or expected is _ABSENT:
        return float(predicted is expected)
    if isinstance(predicted, list) or isinstance(expected, list):
        as_list = [x if isinstance(x, list) else [x] for x in (predicted, expected)]
        keys = [{_scalar_key(item, ignore_case) for item in items} for items in as_list]
        return _set_f1(keys[0], keys[1])
    return float(_scalar_key(predicted, ignore_case) == _scalar_key(expected, ignore_case))


def json_fields_one(prediction: str, reference: dict, opts: JsonFieldsOptions) -> float:
    predicted = find_json_object(prediction)
    if predicted is None:
        return 0.0
    fields = opts.fields if opts.fields is not None else list(reference)
    if not fields:
        return 1.0  # nothing asked for, and the prediction is an object
    scores = [
        field_score(predicted.get(f, _ABSENT), reference.get(f, _ABSENT), opts.ignore_case) for f in fields
    ]
    return sum(scores) / len(scores)


@scorer("json_fields", options=JsonFieldsOptions)
def json_fields(predictions: list[str], references: list[str], opts: JsonFieldsOptions) -> list[float]:
    """Mean per-field match between a predicted and a reference JSON object."""
    values = []
    for i, (p, r) in enumerate(zip(predictions, references, strict=True)):
        reference = r if isinstance(r, dict) else find_json_object(as_text(r))
        if reference is None:
            raise UserError(f"references[{i}]", "the reference is not a JSON object", "json_fields needs one")
        values.append(json_fields_one(as_text(p), reference, opts))
    return values
