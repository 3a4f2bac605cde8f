"""The main job on the bundled example competition, offline: every baseline on every track it enters."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from harness.cli import main
from harness.loading import load_submissions, load_tracks

REPO = Path(__file__).resolve().parent.parent


def test_horserace_run_on_the_bundled_competition(tmp_path: Path, monkeypatch) -> None:
    for folder in ("tracks", "submissions"):
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "--limit", "4", "--quiet", "--no-report"])
    assert result.exit_code == 0, result.output
    tracks, subs = load_tracks(tmp_path), load_submissions(tmp_path)
    expected = {
        (s.name, t.id, task.id)
        for s in subs
        for t in tracks
        if s.spec.runs_track(t.id)
        for task in t.spec.tasks
    }
    with sqlite3.connect(tmp_path / ".horserace" / "horserace.db") as conn:
        answered = set(conn.execute("select distinct submission, track, task from responses"))
        errors = conn.execute(
            "select submission, task, error_kind, error_message from responses where status='error'"
        ).fetchall()
        scored = set(conn.execute("select distinct submission, track, task from scores"))
    assert answered == expected and scored == expected
    assert errors == []  # the baselines answer everything, sandboxed or not
    boards = json.loads(CliRunner().invoke(main, ["leaderboard", "--format", "json"]).stdout)
    assert {b["track"] for b in boards["tracks"]} == {t.id for t in tracks}
