"""The runner end to end through the real CLI: python solvers in subprocesses, a real SQLite store."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from harness.cli import main
from tests.competition import write_submission

# A team solver that answers from the dev examples it saw in setup, and fails on purpose on some ids.
SOLVER = """
import os, time

_known = {}

def setup(dev_examples):
    for ex in dev_examples:
        _known[ex["inputs"].get("text", "")[-8:]] = ex["target"]

def solve(request):
    sid = request["sample_id"]
    if request["task"] == "quiz":
        return "答案是A" if request["variant"] == "rot0" else "B"
    if sid == "007":
        raise ValueError("team bug")
    if sid == "008":
        time.sleep(30)
    if sid == "009":
        os._exit(3)
    text = request["inputs"]["text"]
    return {"text": "交通" if "公交" in text else ("环保" if "排放" in text else "教育"), "reasoning": "规则"}
"""


def _db(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / ".horserace" / "horserace.db")


def _responses(root: Path) -> dict[tuple[str, str, str], tuple[str, str | None]]:
    with _db(root) as conn:
        rows = conn.execute("select task, sample_id, variant, status, error_kind from responses").fetchall()
    return {(t, s, v): (st, kind) for t, s, v, st, kind in rows}


def _python_team(root: Path, name: str = "rules", timeout_s: float = 2.0) -> None:
    write_submission(
        root,
        name,
        {
            "team": "规则队",
            "name": name,
            "kind": "python",
            "entry": "solver:solve",
            "setup": "solver:setup",
            "timeout_s": timeout_s,
            "workers": 2,
        },
        {"solver.py": SOLVER},
    )


def test_python_run_records_answers_and_errors_of_each_kind(competition: Path) -> None:
    _python_team(competition)
    result = CliRunner().invoke(main, ["run", "--no-report", "--quiet"])
    assert result.exit_code == 0, result.output
    stored = _responses(competition)
    # routing: 9 test samples; quiz: 4 samples x 3 rotations
    assert len([k for k in stored if k[0] == "routing"]) == 9
    assert len([k for k in stored if k[0] == "quiz"]) == 12
    assert stored[("routing", "007", "")] == ("error", "worker_error")
    assert stored[("routing", "008", "")] == ("error", "timeout")
    assert stored[("routing", "009", "")] == ("error", "worker_crash")
    ok = [k for k, (status, _) in stored.items() if status == "ok"]
    assert len(ok) == 21 - 3
    with _db(competition) as conn:
        scores = dict(
            conn.execute(
                "select sample_id, value from scores where task='routing' and metric='exact_match'"
            ).fetchall()
        )
        quiz = conn.execute("select count(*), sum(value) from scores where task='quiz'").fetchone()
    assert scores["007"] is None and scores["006"] == 1.0
    assert quiz == (4, 0.0)  # rot0 right, other rotations wrong: circular evaluation counts none


def test_resume_sends_only_what_is_missing_and_fresh_sends_all(competition: Path) -> None:
    _python_team(competition)
    runner = CliRunner()
    assert runner.invoke(main, ["run", "--no-report", "--quiet", "--limit", "3"]).exit_code == 0
    with _db(competition) as conn:
        first = dict(conn.execute("select key, created_at from responses where status='ok'").fetchall())
        errors = conn.execute("select count(*) from responses where status='error'").fetchone()[0]
    # 3 routing samples (one answered, 007 raises, 008 times out) + 3 quiz samples x 3 rotations
    assert (len(first), errors) == (1 + 9, 2)
    assert runner.invoke(main, ["run", "--no-report", "--quiet"]).exit_code == 0
    with _db(competition) as conn:
        second = dict(conn.execute("select key, created_at from responses").fetchall())
        summary = json.loads(conn.execute("select summary from runs order by id desc").fetchone()[0])
    assert all(second[k] == first[k] for k in first)  # a stored answer is never re-sent
    sent = {j["task"]: j["sent"] for j in summary["jobs"]}
    assert sent == {"routing": 9 - 1, "quiz": 3}  # errors are retried: they may have been transient
    assert runner.invoke(main, ["run", "--no-report", "--quiet", "--fresh"]).exit_code == 0
    with _db(competition) as conn:
        summary = json.loads(conn.execute("select summary from runs order by id desc").fetchone()[0])
    assert {j["task"]: j["sent"] for j in summary["jobs"]} == {"routing": 9, "quiz": 12}


def test_editing_team_code_invalidates_its_stored_answers(competition: Path) -> None:
    _python_team(competition)
    runner = CliRunner()
    assert runner.invoke(main, ["run", "--no-score", "--quiet", "--limit", "2"]).exit_code == 0
    solver = competition / "submissions" / "rules" / "solver.py"
    solver.write_text(SOLVER + "\n# v2\n", "utf-8")
    from harness import loading

    loading._FOLDER_DIGESTS.clear()  # a new process would not remember the old digest
    assert runner.invoke(main, ["run", "--no-score", "--quiet", "--limit", "2"]).exit_code == 0
    with _db(competition) as conn:
        rows = conn.execute("select sample_id, variant, status, error_kind, run_id from responses").fetchall()
    assert len(rows) == 2 * (2 + 6), rows


def test_bad_track_edit_fails_cleanly_and_keeps_the_store(competition: Path) -> None:
    _python_team(competition)
    runner = CliRunner()
    assert runner.invoke(main, ["run", "--no-report", "--quiet", "--limit", "2"]).exit_code == 0
    before = _responses(competition)
    track = competition / "tracks" / "demo" / "track.yaml"
    track.write_text(track.read_text("utf-8").replace("{{ text }}", "{{ txet }}"), "utf-8")
    result = runner.invoke(main, ["run", "--no-report", "--quiet"])
    assert result.exit_code == 2
    assert "'txet' is undefined" in result.stderr
    assert _responses(competition) == before


def test_prompts_export_writes_every_variant_without_references(competition: Path) -> None:
    result = CliRunner().invoke(main, ["prompts", "export", "--track", "demo", "--out", "out"])
    assert result.exit_code == 0, result.output
    quiz = [
        json.loads(line) for line in (competition / "out/demo/quiz.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(quiz) == 12 and {q["variant"] for q in quiz} == {"rot0", "rot1", "rot2"}
    routing = (competition / "out/demo/routing.jsonl").read_text("utf-8")
    assert '"department"' not in routing and "answer" not in quiz[0]


def test_predictions_round_trip_with_missing_and_unknown_ids(competition: Path) -> None:
    predictions = {
        "routing": [{"id": f"{i:03d}", "prediction": "交通"} for i in range(6, 11)]
        + [{"id": "011", "prediction": 42}, {"id": "012", "prediction": {"部门": "交通", "n": [1]}}]
        + [{"id": "013", "prediction": None}, {"id": "zzz", "prediction": "x"}]
    }
    files = {
        f"predictions/demo/{task}.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        for task, rows in predictions.items()
    }
    write_submission(
        competition, "offline", {"team": "离线队", "name": "offline", "kind": "predictions"}, files
    )
    result = CliRunner().invoke(main, ["run", "--no-report"])
    assert result.exit_code == 0, result.output
    assert "1 prediction(s) for ids not asked" in result.stderr
    assert "quiz.jsonl: file not found" in result.stderr
    stored = _responses(competition)
    assert stored[("routing", "014", "")] == ("error", "missing_prediction")
    assert stored[("routing", "006", "")] == ("ok", None)
    with _db(competition) as conn:  # a value that is not text is read as its JSON, null as no answer
        texts = dict(conn.execute("select sample_id, text from responses where task = 'routing'").fetchall())
    assert (texts["006"], texts["011"], texts["013"]) == ("交通", "42", "")
    assert json.loads(texts["012"]) == {"部门": "交通", "n": [1]}


def test_ctrl_c_keeps_finished_responses_and_resume_completes(competition: Path) -> None:
    # 21 requests at 0.5 s each on one worker: the run is surely mid-flight when the signal lands
    slow = "import time\n\ndef solve(request):\n    time.sleep(0.5)\n    return '交通'\n"
    write_submission(
        competition,
        "slow",
        {"team": "慢队", "name": "slow", "kind": "python", "entry": "solver:solve", "workers": 1},
        {"solver.py": slow},
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "run", "--no-report", "--quiet"],
        cwd=competition,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline, stored = time.monotonic() + 120, 0
    while time.monotonic() < deadline and stored < 3:
        time.sleep(0.3)
        if (competition / ".horserace" / "horserace.db").exists():
            with _db(competition) as conn, contextlib.suppress(sqlite3.OperationalError):
                # the file exists a moment before its tables do
                stored = conn.execute("select count(*) from responses").fetchone()[0]
    assert stored >= 3, "the run never got going"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    kept = _responses(competition)
    assert proc.returncode == 130, (len(kept), stderr)
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert 3 <= len(kept) < 21, len(kept)
    with _db(competition) as conn:
        assert conn.execute("select status from runs").fetchone()[0] == "interrupted"
    result = CliRunner().invoke(main, ["run", "--no-report", "--quiet"])
    assert result.exit_code == 0
    assert len(_responses(competition)) == 21


def test_fresh_and_resume_together_is_a_user_error(competition: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--fresh", "--resume"])
    assert result.exit_code == 2
    assert "--fresh and --resume contradict each other" in result.stderr


def test_identical_prompts_in_two_tracks_are_stored_for_each(competition: Path) -> None:
    import shutil

    shutil.copytree(competition / "tracks" / "demo", competition / "tracks" / "copy")
    spec = competition / "tracks" / "copy" / "track.yaml"
    spec.write_text(spec.read_text("utf-8").replace("id: demo", "id: copy"), "utf-8")
    predictions = "".join(json.dumps({"id": f"{i:03d}", "prediction": "交通"}) + "\n" for i in range(6, 15))
    write_submission(
        competition,
        "offline",
        {"team": "队", "name": "offline", "kind": "predictions"},
        {"predictions/demo/routing.jsonl": predictions, "predictions/copy/routing.jsonl": predictions},
    )
    assert CliRunner().invoke(main, ["run", "--no-report", "--quiet"]).exit_code == 0
    with _db(competition) as conn:
        per_track = dict(
            conn.execute("select track, count(*) from responses where task='routing' group by track")
        )
    assert per_track == {"demo": 9, "copy": 9}
