"""Track and submission commands: scaffold, list, show, validate; and the bundled competition itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.checks import check_track
from harness.cli import main
from harness.loading import load_submissions, load_tracks

REPO = Path(__file__).resolve().parent.parent


def test_track_new_scaffolds_a_track_that_validates_as_is(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    created = runner.invoke(main, ["track", "new", "城市交通", "--id", "city_traffic"])
    assert created.exit_code == 0, created.output
    text = (tmp_path / "tracks/city_traffic/track.yaml").read_text("utf-8")
    assert text.count("#") > 20 and "{{ text }}" in text  # commented, with a real template
    result = runner.invoke(main, ["track", "validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {r["task"] for r in json.loads(result.stdout)} == {"routing", "quiz"}
    again = runner.invoke(main, ["track", "new", "城市交通", "--id", "city_traffic"])
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_track_list_and_show(competition: Path) -> None:
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["track", "list", "--format", "json"]).stdout)
    assert listed == [
        {
            "id": "demo",
            "name": "演示赛道",
            "domain": "government",
            "tasks": 2,
            "version": "1",
            "file": "tracks/demo/track.yaml",
        }
    ]
    shown = json.loads(runner.invoke(main, ["track", "show", "demo", "--format", "json"]).stdout)
    assert [t["variants"] for t in shown["tasks"]] == [9, 12]
    table = runner.invoke(main, ["track", "show", "demo"]).stdout
    assert "routing" in table and "1000 resamples" in table


def test_submission_validate_lists_kinds(competition: Path) -> None:
    from tests.competition import write_submission

    write_submission(
        competition,
        "p",
        {"team": "队", "name": "p", "kind": "python", "entry": "solver:solve"},
        {"solver.py": "def solve(r):\n    return ''\n"},
    )
    result = CliRunner().invoke(main, ["submission", "validate", "--format", "json"])
    assert result.exit_code == 0
    assert [(r["name"], r["kind"]) for r in json.loads(result.stdout)] == [("p", "python")]


# ---------------------------------------------------------------- the bundled example competition

BUNDLED = load_tracks(REPO) if (REPO / "tracks").is_dir() else []


def test_the_bundled_competition_has_six_tracks() -> None:
    assert len(BUNDLED) >= 6


@pytest.mark.parametrize("track", BUNDLED, ids=[t.id for t in BUNDLED])
def test_bundled_track_validates_with_enough_samples(track, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    for summary in check_track(track):
        task = track.spec.task(summary.task)
        needed = 40 if summary.kind == "generation" else 100
        assert summary.splits.get("test", 0) >= needed, (summary.task, summary.splits)
        assert summary.splits.get("dev", 0) >= 20, (summary.task, summary.splits)
        assert task.tags, f"{summary.task} declares no tags for slices"


def test_bundled_submissions_validate(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    subs = load_submissions(REPO)
    assert len(subs) >= 3
