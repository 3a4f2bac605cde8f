"""No track or submission file crashes loading and checking: any change to a valid one either
still loads or is a UserError (one line, exit 2 at the CLI), never another exception.

Each example replaces, deletes or adds one to three values anywhere in a valid spec (or in
dataset rows). The examples are derandomized: the same on every run, so CI never meets a new
one by chance; a scratch fuzzer with many more found the cases these now guard.
"""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.checks import check_submission_tracks, check_track
from harness.errors import UserError
from harness.loading import load_submission, load_track
from tests.competition import base_track, routing_rows, write_competition, write_jsonl, write_submission

FUZZ = settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TEXTS = ["", " ", "中文", "a" * 300, "{{ x }}", "{% for %}", "../../x", "/", "a.py:f", "x\x00", "rot1", "test",
         "dev", "exact_match", "accuracy", "chat", "http://127.0.0.1:1/v1", "{track}", "{task}", "ABCD"]  # fmt: skip
KEYS = ["id", "name", "k", "split", "path", "options", "template", "enabled", "field", "letters", "seed"]
scalars = st.one_of(
    st.sampled_from([0, -1, 1, 2**70, -(2**70), 3.5, float("inf"), float("nan"), True, False, None]),
    st.sampled_from(TEXTS),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
    max_leaves=6,
)


def _places(value: Any, at: tuple = ()) -> list[tuple]:
    """Every path to a value inside `value` (the root excluded)."""
    out = [at] if at else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        out += _places(inner, (*at, key))
    return out


def _change(spec: Any, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(_places(spec)))
        parent = spec
        for key in place[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[place[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(KEYS))] = data.draw(values)
        else:
            parent[place[-1]] = data.draw(values)
        if not _places(spec):
            return


@pytest.fixture(scope="module")
def competition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("valid")
    write_competition(root)
    return root


def _fresh(competition: Path, tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(competition, root)
    return root


@FUZZ
@given(data=st.data())
def test_any_change_to_a_track_file_loads_or_is_a_user_error(competition, tmp_path, data) -> None:
    root = _fresh(competition, tmp_path)
    spec = copy.deepcopy(base_track())  # base_track shares module-level lists: never mutate them
    _change(spec, data)
    (root / "tracks" / "demo" / "track.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
    with contextlib.suppress(UserError):  # anything else fails the test
        check_track(load_track(root / "tracks" / "demo"))


@FUZZ
@given(data=st.data())
def test_any_change_to_dataset_rows_loads_or_is_a_user_error(competition, tmp_path, data) -> None:
    root = _fresh(competition, tmp_path)
    rows = copy.deepcopy(routing_rows())
    _change(rows, data)
    write_jsonl(root / "tracks" / "demo" / "data" / "routing.jsonl", [r for r in rows if isinstance(r, dict)])
    with contextlib.suppress(UserError):  # anything else fails the test
        check_track(load_track(root / "tracks" / "demo"))


VALID_SUBMISSIONS = [
    {"team": "T", "name": "team1", "kind": "python", "entry": "solver:solve", "source": "."},
    {"team": "T", "name": "team1", "kind": "predictions", "pattern": "predictions/{track}/{task}.jsonl"},
    {"team": "T", "name": "team1", "kind": "endpoint", "url": "http://127.0.0.1:1/v1", "model": "m",
     "api_key_env": "KEY", "headers": {"X-Team": "t"}},
]  # fmt: skip


@FUZZ
@given(data=st.data(), which=st.sampled_from(range(len(VALID_SUBMISSIONS))))
def test_any_change_to_a_submission_file_loads_or_is_a_user_error(competition, tmp_path, data, which) -> None:
    root = _fresh(competition, tmp_path)
    spec = copy.deepcopy(VALID_SUBMISSIONS[which])
    _change(spec, data)
    files = {"solver.py": "def solve(request):\n    return 'x'\n"}
    files["predictions/demo/routing.jsonl"] = json.dumps({"id": "006", "prediction": "交通"}) + "\n"
    folder = write_submission(root, "team1", spec, files)
    with contextlib.suppress(UserError):  # anything else fails the test
        check_submission_tracks([load_submission(folder)], [load_track(root / "tracks" / "demo")])
