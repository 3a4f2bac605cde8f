"""The store on a real SQLite file: schema version, migrations, WAL, upserts, atomic score replacement."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from harness.errors import UserError
from harness.solvers.base import Response
from harness.store import SCHEMA_VERSION, Store, response_row


def _row(key: str, status: str = "ok", text: str | None = "答") -> dict:
    response = Response(key, text=text) if status == "ok" else Response.failure(key, "timeout", "slow")
    return response_row(response, "sub", "track", "task", key, "", run_id=1)


def test_new_store_is_migrated_to_current_schema_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open(None, tmp_path)
    db = tmp_path / ".horserace" / "horserace.db"
    assert db.is_file()
    assert store.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert {"meta", "submissions", "runs", "responses", "scores", "extractions"} <= tables


def test_reopening_keeps_data_and_a_newer_schema_is_refused(tmp_path: Path) -> None:
    store = Store.open(None, tmp_path)
    store.write_responses([_row("k1"), _row("k2", "error")])
    again = Store.open(None, tmp_path)
    assert again.ok_keys(["k1", "k2", "k3"]) == {"k1"}
    with sqlite3.connect(tmp_path / ".horserace" / "horserace.db") as conn:
        conn.execute("update meta set value='99' where key='schema_version'")
    with pytest.raises(UserError, match="newer than this horserace"):
        Store.open(None, tmp_path)


def test_a_later_answer_replaces_an_error_for_the_same_key(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}", tmp_path)
    store.write_responses([_row("k1", "error")])
    store.write_responses([_row("k1", "ok", "第二次")])
    rows = store.responses_by_key(["k1"])
    assert rows["k1"]["status"] == "ok" and rows["k1"]["text"] == "第二次"


def test_a_large_batch_is_stored_whole_in_several_statements_and_a_later_twin_wins(tmp_path: Path) -> None:
    store = Store.open(None, tmp_path)
    with store.engine.connect() as conn:
        per_statement = store._sqlite_response_upsert(conn).rows_per_statement
    n = 2 * per_statement + 7  # two full statements and a short one
    rows = [_row(f"k{i:05d}", text=f"答{i}") for i in range(n)]
    rows.insert(10, _row("k00002", "error"))  # a later twin in the same statement replaces it
    rows.append(_row("k00003", "error"))  # and in a later statement of the same batch
    rows[5]["latency_ms"] = 12  # an int in a REAL column reads back as a float, as before
    store.write_responses(rows)
    stored = store.responses_by_key([r["key"] for r in rows])
    assert len(stored) == n
    for twin in ("k00002", "k00003"):
        assert stored[twin]["status"] == "error" and stored[twin]["text"] is None
    assert stored[f"k{n - 1:05d}"]["text"] == f"答{n - 1}"
    assert stored["k00005"]["latency_ms"] == 12.0 and isinstance(stored["k00005"]["latency_ms"], float)
    for row in rows:
        if row["key"] not in ("k00002", "k00003"):
            assert {k: stored[row["key"]][k] for k in row} == row


def test_submission_first_seen_survives_later_records(tmp_path: Path) -> None:
    store = Store.open(None, tmp_path)
    store.record_submission("a", "队", "python", "h1", "{}")
    first = store.submission_rows()[0]["first_seen"]
    store.record_submission("a", "队", "python", "h2", "{}")
    (row,) = store.submission_rows()
    assert row["first_seen"] == first and row["spec_hash"] == "h2"


def test_replace_scores_is_per_submission_and_task(tmp_path: Path) -> None:
    store = Store.open(None, tmp_path)

    def score(sub: str, sid: str, value: float) -> dict:
        return {
            "submission": sub,
            "track": "t",
            "task": "x",
            "sample_id": sid,
            "metric": "acc",
            "status": "ok",
            "value": value,
            "stats": None,
            "scored_at": 0.0,
        }

    store.replace_scores("a", "t", "x", [score("a", "1", 1.0), score("a", "2", 0.0)], [])
    store.replace_scores("b", "t", "x", [score("b", "1", 0.5)], [])
    store.replace_scores("a", "t", "x", [score("a", "1", 0.0)], [])
    rows = sorted((r["submission"], r["sample_id"], r["value"]) for r in store.score_rows("t"))
    assert rows == [("a", "1", 0.0), ("b", "1", 0.5)]


def test_scores_frame_reads_back_exactly_what_replace_scores_wrote(tmp_path: Path) -> None:
    """The leaderboard reads packed scores: the same values (NULL as NaN, exact doubles), statuses and
    stats as the rows; stats only where every row of a submission x task x metric has them."""
    import numpy as np

    store = Store.open(None, tmp_path)

    def score(sub: str, task: str, sid: str, metric: str, value, status="ok", stats=None) -> dict:
        return {
            "submission": sub, "track": "t", "task": task, "sample_id": sid, "metric": metric,
            "status": status, "value": value, "stats": stats, "scored_at": 0.0,
        }  # fmt: skip

    counts = np.array([3.0, 1.0, 0.5]).tobytes()
    rows = {
        ("b", "x"): [
            score("b", "x", "s2", "acc", 1 / 3),
            score("b", "x", "s1", "acc", None, "error"),
            score("b", "x", "s2", "f1", 0.1, stats=counts),
            score("b", "x", "s1", "f1", 0.0, "unparsed", stats=counts[::-1]),
        ],
        ("a", "x"): [score("a", "x", "s1", "acc", 0.0), score("a", "x", "s3", "acc", 1.0)],
        ("a", "y"): [score("a", "y", "s1", "f1", 0.7, stats=counts), score("a", "y", "s9", "f1", 0.2)],
    }
    for (sub, task), task_rows in rows.items():
        store.replace_scores(sub, "t", task, task_rows, [])
    frame = store.scores_frame("t")
    got = {
        (r.submission, r.task, r.sample_id, r.metric): (r.status, r.value, r.stats)
        for r in frame.itertuples()
    }
    uniform = {("b", "x", "f1")}  # a-y-f1 mixes stats and none: the leaderboard would ignore them
    want = {
        (r["submission"], r["task"], r["sample_id"], r["metric"]): (
            r["status"],
            r["value"],
            r["stats"] if (r["submission"], r["task"], r["metric"]) in uniform else None,
        )
        for task_rows in rows.values()
        for r in task_rows
    }
    assert got.keys() == want.keys()
    for key, (status, value, stats) in want.items():
        assert got[key][0] == status and got[key][2] == stats, key
        assert (np.isnan(got[key][1]) and value is None) or got[key][1] == value, key
    assert list(frame["submission"].cat.categories) == ["a", "b"]
    assert list(frame["sample_id"].cat.categories) == ["s1", "s2", "s3", "s9"]
    assert store.delete_responses("b") == 0 and set(store.scores_frame("t")["submission"]) == {"a"}
    assert len(store.scores_frame("nothing")) == 0


def test_a_url_whose_driver_is_missing_is_a_user_error(tmp_path: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("psycopg") is not None:
        pytest.skip("psycopg is installed here: its URL would not miss a driver")
    with pytest.raises(UserError, match="driver is not installed"):
        Store.open("postgresql://judge@127.0.0.1/competition", tmp_path)
