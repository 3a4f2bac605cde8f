"""JSONL datasets are read by orjson where it gives exactly what json gives, and by json elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.errors import UserError
from harness.loading import _json_line, read_rows

# Values where orjson and json part ways: integers beyond 64 bits (orjson makes them floats),
# NaN and infinities (orjson refuses them), lone surrogates (orjson refuses the escape).
EDGES = [
    2**63 - 1,
    2**63,
    2**64 - 1,
    2**64,
    -(2**63),
    -(2**63) - 1,
    10**30,
    -(10**40),
    -0.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    1.7976931348623157e308,
    5e-324,
    0.1 + 0.2,
    "😀",
    "\u2028",
    "a\x00b",
]
LONE_SURROGATES = ["\ud800", "a\udfffb"]  # the loader refuses them after reading (see the errors corpus)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.sampled_from(EDGES + LONE_SURROGATES),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
rows = st.dictionaries(st.text(max_size=8), values, max_size=6)


@settings(max_examples=400, deadline=None)
@given(rows, st.booleans())
def test_a_line_reads_exactly_as_json_reads_it(row: dict, ascii_only: bool) -> None:
    line = json.dumps(row, ensure_ascii=ascii_only)
    # repr tells 1 from 1.0 and -0.0 from 0.0; a dataset file's text never holds a raw surrogate
    # (it is decoded as strict UTF-8), but an escaped one can be in it
    if not ascii_only:
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            line = json.dumps(row)
    assert repr(_json_line(line)) == repr(json.loads(line))


def test_edge_values_in_a_dataset_file_are_json_s(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"s{i}", "value": value}) for i, value in enumerate(EDGES)]
    lines.append('{"id": "dup", "value": 1, "other": 0, "value": 2}')  # the last duplicate wins
    path = tmp_path / "edges.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    got = read_rows(path)
    assert [number for number, _ in got] == list(range(1, len(lines) + 1))
    assert repr([row for _, row in got]) == repr([json.loads(line) for line in lines])
    assert type(got[3][1]["value"]) is int and got[3][1]["value"] == 2**64  # not 1.8446744073709552e19


@pytest.mark.parametrize(
    "line",
    ['{"id": "s1", "text": "a",}', '{"id": "s1" "text": "a"}', '{"id": "s1"} trailing', "{'id': 's1'}"],
)
def test_an_invalid_line_is_reported_with_json_s_message(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "s0"}\n' + line + "\n", "utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(line)
    with pytest.raises(UserError) as raised:
        read_rows(path)
    assert raised.value.where.endswith("bad.jsonl:2")
    assert raised.value.problem == f"invalid JSON: {expected.value.msg}"


# orjson reads 1000 levels (its limit is 1024) and the row's walk recurses past Python's limit;
# neither parser reads 5000
@pytest.mark.parametrize("depth", [1000, 5000])
def test_a_value_nested_too_deeply_is_a_user_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"id": "s0"}\n{"id": "s1", "deep": ' + "[" * depth + "]" * depth + "}\n", "utf-8")
    with pytest.raises(UserError) as raised:
        read_rows(path)
    assert raised.value.where.endswith("deep.jsonl:2")
    assert raised.value.problem == "a value is nested too deeply to read"
