"""A competition's first run sends before its store exists; an existing store is opened first.

`horserace run` as a real subprocess against the fault-injection server on 127.0.0.1; the
server looks at the store on disk when a request arrives, which is how these tests see what
the harness had done by then.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import Fault, FaultyServer
from tests.test_runner_endpoint import SECRET, ThreadedServer, _competition, _endpoint, _harness

N = 60


def _db_path(root: Path) -> Path:
    return root / ".horserace" / "horserace.db"


def _rows(root: Path) -> dict[str, tuple]:
    """Every stored response by key, without what differs from run to run (times, run ids)."""
    with sqlite3.connect(_db_path(root)) as conn:
        rows = conn.execute(
            "select key, submission, track, task, sample_id, variant, status, text, reasoning,"
            " finish_reason, prompt_tokens, completion_tokens, error_kind, error_message from responses"
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


def _runs(root: Path) -> list[tuple]:
    with sqlite3.connect(_db_path(root)) as conn:
        return conn.execute(
            "select status, started_at, finished_at, summary from runs order by id"
        ).fetchall()


def _runs_when_asked(root: Path) -> int | None:
    """How many runs the store holds right now; None while it does not exist (or has no tables)."""
    if not _db_path(root).exists():
        return None
    try:
        with sqlite3.connect(f"file:{_db_path(root)}?mode=ro", uri=True) as conn:
            return conn.execute("select count(*) from runs").fetchone()[0]
    except sqlite3.OperationalError:  # created, but not migrated yet
        return None


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]


def test_first_run_sends_before_the_store_exists_and_stores_what_an_existing_store_would(
    tmp_path: Path,
) -> None:
    first, reference = tmp_path / "first", tmp_path / "reference"
    for root in (first, reference):
        _competition(root, N)
    from harness.store import Store

    Store.open(None, reference).engine.dispose()  # an existing (empty) store: the ordinary path
    seen_at_first_request: dict[Path, int | None] = {}
    current = {"root": first}

    def plan(n: int, body: dict) -> Fault:
        seen_at_first_request.setdefault(current["root"], _runs_when_asked(current["root"]))
        return Fault("slow", delay_s=0.05)

    with ThreadedServer(FaultyServer(plan=plan)) as server:
        for root in (first, reference):
            current["root"] = root
            _endpoint(root, server.url)
            proc = _harness(root, "--no-score", "--no-report", "--quiet")
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
    # the first run's store did not exist when its first request arrived; the existing store
    # had the run recorded before it
    assert seen_at_first_request == {first: None, reference: 1}
    stored = _rows(first)
    assert len(stored) == N and {row[5] for row in stored.values()} == {"ok"}
    assert stored == _rows(reference)
    for root in (first, reference):
        [(status, started_at, finished_at, summary)] = _runs(root)
        assert status == "finished" and started_at <= finished_at
        assert [(j["requests"], j["sent"], j["ok"]) for j in json.loads(summary)["jobs"]] == [(N, N, N)]
        with sqlite3.connect(_db_path(root)) as conn:
            assert conn.execute("select name, team from submissions").fetchall() == [("api", "接口队")]


def test_a_second_run_opens_the_store_first_and_sends_only_what_is_missing(tmp_path: Path) -> None:
    _competition(tmp_path, N)
    seen: list[int | None] = []

    def plan(n: int, body: dict) -> str:
        if n in (0, N // 2):  # the first request of each run
            seen.append(_runs_when_asked(tmp_path))
        return "ok"

    with ThreadedServer(FaultyServer(plan=plan)) as server:
        _endpoint(tmp_path, server.url)
        quiet_run = ("--no-score", "--no-report", "--quiet")
        assert _harness(tmp_path, *quiet_run, "--limit", str(N // 2)).wait(60) == 0
        assert _harness(tmp_path, *quiet_run).wait(60) == 0
        asked = [r.body["messages"][-1]["content"] for r in server.requests]
    assert seen == [None, 2]  # the second run was recorded before its first request
    assert len(asked) == len(set(asked)) == N  # nothing stored was asked again
    assert len(_rows(tmp_path)) == N


@pytest.mark.parametrize("where", ["default", "--store"])
def test_an_unusable_store_location_fails_before_any_request(tmp_path: Path, where: str) -> None:
    _competition(tmp_path, N)
    blocker = tmp_path / (".horserace" if where == "default" else "data.db")
    blocker.write_text("a file where a folder should be", "utf-8")
    args = [] if where == "default" else ["--store", f"sqlite:///{blocker}/horserace.db"]
    with ThreadedServer(FaultyServer()) as server:
        _endpoint(tmp_path, server.url)
        proc = _harness(tmp_path, "--no-score", "--no-report", "--quiet", *args)
        _, err = proc.communicate(timeout=60)
        assert server.count() == 0
    assert proc.returncode == 2
    line = _one_error_line(err)
    assert "cannot create the store" in line and ("horserace.db" in line), line


def test_a_store_that_cannot_be_opened_after_sending_stops_the_run_with_one_line(tmp_path: Path) -> None:
    _competition(tmp_path, N)

    def plan(n: int, body: dict) -> Fault:
        if n == 0:  # the location was fine when checked; now a file stands where the folder was
            assert not _db_path(tmp_path).exists(), "the store was opened before the first request"
            shutil.rmtree(tmp_path / ".horserace")
            (tmp_path / ".horserace").write_text("not a folder", "utf-8")
        return Fault("slow", delay_s=0.1)

    with ThreadedServer(FaultyServer(plan=plan)) as server:
        _endpoint(tmp_path, server.url, max_concurrency=4)
        proc = _harness(tmp_path, "--no-score", "--no-report", "--quiet")
        _, err = proc.communicate(timeout=60)
        sent = server.count()
    assert proc.returncode == 2
    assert "cannot open the store" in _one_error_line(err)
    assert 0 < sent < N  # the run stopped: answers that cannot be stored are not worth paying for
    assert SECRET not in err


def test_a_first_run_stopped_before_its_store_opened_is_still_recorded(tmp_path: Path) -> None:
    _competition(tmp_path, N)
    with ThreadedServer(FaultyServer()) as server:
        _endpoint(tmp_path, server.url, api_key_env="NOT_SET_ANYWHERE")
        proc = _harness(tmp_path, "--no-score", "--no-report", "--quiet")
        _, err = proc.communicate(timeout=60)
        assert server.count() == 0
    assert proc.returncode == 2 and "NOT_SET_ANYWHERE" in _one_error_line(err)
    [(status, _, finished_at, summary)] = _runs(tmp_path)
    assert status == "failed" and finished_at is not None
    # its summary counts what was sent, not what was planned: nothing
    assert [(j["requests"], j["sent"]) for j in json.loads(summary)["jobs"]] == [(N, 0)]


def test_what_a_run_imports_before_its_first_request_leaves_sqlalchemy_out() -> None:
    code = (
        "import sys, harness.cli.run, harness.runner, harness.solvers.endpoint;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_cli_knows_where_the_store_module_puts_the_default_store() -> None:
    from harness.cli import DEFAULT_STORE
    from harness.store import DEFAULT_STORE as STORE_DEFAULT

    assert DEFAULT_STORE == STORE_DEFAULT


@pytest.mark.parametrize("store_exists", [False, True])
def test_identical_requests_are_sent_once_and_answer_every_sample(tmp_path: Path, store_exists: bool) -> None:
    """Keys are computed as requests are taken (on a new store, not before the first request):
    twins are still found, on a new store as on an existing one, and both samples are scored."""
    _competition(tmp_path, N)
    data = tmp_path / "tracks" / "solo" / "data" / "echo.jsonl"
    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines()]
    for i in (1, 2):  # s0001 and s0002 ask what s0000 asks, and expect its answer
        rows[i] = {**rows[0], "id": rows[i]["id"]}
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    if store_exists:
        from harness.store import Store

        Store.open(None, tmp_path).engine.dispose()
    echoed: list[str] = []

    def plan(n: int, body: dict) -> Fault:
        echoed.append(body["messages"][-1]["content"])
        return Fault("ok")  # answers with the prompt: each sample's reference

    with ThreadedServer(FaultyServer(plan=plan)) as server:
        _endpoint(tmp_path, server.url)
        proc = _harness(tmp_path, "--no-report", "--quiet")
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert sorted(echoed) == sorted({r["text"] for r in rows}) and len(echoed) == N - 2
    [(status, _, _, summary)] = _runs(tmp_path)
    [job] = json.loads(summary)["jobs"]
    assert (status, job["requests"], job["sent"], job["stored_before"]) == ("finished", N, N - 2, 2)
    with sqlite3.connect(_db_path(tmp_path)) as conn:
        scores = dict(conn.execute("select sample_id, value from scores where metric='exact_match'"))
    assert len(scores) == N and all(v == 1.0 for v in scores.values())
