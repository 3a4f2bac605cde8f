"""Scoring stage on a real store: extraction traces, unparsed vs error vs wrong, re-scoring without solver calls."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import yaml
from click.testing import CliRunner

from harness.cli import main
from scorers.registry import get_scorer
from tests.competition import LABELS, write_submission


def _use_classification_scorers(root: Path) -> None:
    path = root / "tracks" / "demo" / "track.yaml"
    spec = yaml.safe_load(path.read_text("utf-8"))
    spec["tasks"][0]["extraction"] = ["strip_reasoning", {"label": {"labels": LABELS}}]
    spec["tasks"][0]["scorers"] = ["accuracy", "macro_f1"]
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")


def _predictions(root: Path, answers: dict[str, str]) -> None:
    lines = "".join(
        json.dumps({"id": k, "prediction": v}, ensure_ascii=False) + "\n" for k, v in answers.items()
    )
    write_submission(
        root,
        "offline",
        {"team": "离线队", "name": "offline", "kind": "predictions"},
        {"predictions/demo/routing.jsonl": lines},
    )


ANSWERS = {
    "006": "<think>想一想……是交通吗</think>答案：交通",  # correct after stripping the reasoning
    "007": "环保",  # correct
    "008": "我不确定",  # no label: unparsed
    "009": "教育",  # wrong (reference 交通)
    "010": "环保",  # correct
    "011": "交通",  # wrong (reference 教育)
    # 012, 013, 014 missing: errors
}


def _scores(root: Path, metric: str) -> dict[str, tuple[str, float | None]]:
    with sqlite3.connect(root / ".horserace" / "horserace.db") as conn:
        rows = conn.execute(
            "select sample_id, status, value from scores where task='routing' and metric=?", (metric,)
        ).fetchall()
    return {sid: (status, value) for sid, status, value in rows}


def test_statuses_values_and_traces(competition: Path) -> None:
    _use_classification_scorers(competition)
    _predictions(competition, ANSWERS)
    result = CliRunner().invoke(main, ["run", "--no-report", "--track", "demo"])
    assert result.exit_code == 0, result.output
    acc = _scores(competition, "accuracy")
    assert acc["006"] == ("ok", 1.0) and acc["007"] == ("ok", 1.0) and acc["009"] == ("ok", 0.0)
    assert acc["008"] == ("unparsed", 0.0)
    assert acc["012"] == ("error", None) and acc["014"] == ("error", None)
    with sqlite3.connect(competition / ".horserace" / "horserace.db") as conn:
        answer, unparsed, trace = conn.execute(
            "select answer, unparsed, trace from extractions where sample_id='006'"
        ).fetchone()
    steps = json.loads(trace)
    assert answer == "交通" and not unparsed
    assert [s[0] for s in steps] == ["strip_reasoning", "label"] and "think" not in steps[0][1]


def test_corpus_metric_stats_reproduce_the_printed_value(competition: Path) -> None:
    _use_classification_scorers(competition)
    _predictions(competition, ANSWERS)
    result = CliRunner().invoke(main, ["run", "--no-report", "--track", "demo", "--quiet"])
    assert result.exit_code == 0
    scored = CliRunner().invoke(main, ["score", "--format", "json"])
    (routing,) = [r for r in json.loads(scored.stdout) if r["task"] == "routing"]
    printed = float(routing["metrics"].split("macro_f1=")[1])
    with sqlite3.connect(competition / ".horserace" / "horserace.db") as conn:
        blobs = [b for (b,) in conn.execute("select stats from scores where metric='macro_f1'")]
    stats = np.stack([np.frombuffer(b, dtype=np.float64) for b in blobs])
    assert len(blobs) == 9  # errors carry wrong-answer statistics, so the corpus value counts them
    assert abs(float(get_scorer("macro_f1").reducer(stats.sum(axis=0))) - printed) < 1e-4


def test_fixing_a_reference_rescores_without_calling_anyone(competition: Path) -> None:
    _use_classification_scorers(competition)
    _predictions(competition, ANSWERS)
    runner = CliRunner()
    assert runner.invoke(main, ["run", "--no-report", "--quiet"]).exit_code == 0
    db = competition / ".horserace" / "horserace.db"
    with sqlite3.connect(db) as conn:
        before = conn.execute("select key, created_at from responses order by key").fetchall()
        runs = conn.execute("select count(*) from runs").fetchone()[0]
    data = competition / "tracks" / "demo" / "data" / "routing.jsonl"
    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines()]
    for row in rows:
        if row["id"] == "009":
            row["department"] = "教育"  # the organiser fixes a wrong reference
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    assert _scores(competition, "accuracy")["009"] == ("ok", 0.0)
    assert runner.invoke(main, ["score"]).exit_code == 0
    assert _scores(competition, "accuracy")["009"] == ("ok", 1.0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select key, created_at from responses order by key").fetchall() == before
        assert conn.execute("select count(*) from runs").fetchone()[0] == runs


def test_unparsed_rate_is_reported_per_team(competition: Path) -> None:
    _use_classification_scorers(competition)
    _predictions(competition, ANSWERS)
    assert CliRunner().invoke(main, ["run", "--no-report", "--quiet"]).exit_code == 0
    scored = CliRunner().invoke(main, ["score", "--format", "json"])
    (routing,) = [r for r in json.loads(scored.stdout) if r["task"] == "routing"]
    assert routing["unparsed"] == "11.1%" and routing["errors"] == 3 and routing["samples"] == 9


def test_a_run_on_dev_leaves_the_evaluated_split_scores_alone(competition: Path) -> None:
    _use_classification_scorers(competition)
    _predictions(competition, ANSWERS)
    runner = CliRunner()
    assert runner.invoke(main, ["run", "--no-report", "--quiet"]).exit_code == 0
    before = _scores(competition, "accuracy")
    result = runner.invoke(main, ["run", "--no-report", "--quiet", "--split", "dev"])
    assert result.exit_code == 0 and "scores cover each task's evaluated split" in result.stderr
    assert _scores(competition, "accuracy") == before
    assert CliRunner().invoke(main, ["leaderboard", "--format", "json"]).exit_code == 0
