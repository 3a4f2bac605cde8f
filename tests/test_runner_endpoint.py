"""`horserace run` against a real OpenAI-compatible server on 127.0.0.1 with injected faults.

The server runs on its own event loop in a thread; the harness runs as a real
subprocess, so it can be killed with SIGKILL halfway and resumed.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.competition import write_jsonl, write_submission
from tests.servers import Fault, FaultyServer

SECRET = "sk-test-9f8e7d6c5b4a-never-store-me"


class ThreadedServer:
    """A FaultyServer on a private event loop in a daemon thread."""

    def __init__(self, server: FaultyServer):
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> FaultyServer:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(10)
        return self.server

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _competition(root: Path, n_test: int) -> None:
    """One track, one chat task without few-shot: each sample is exactly one request."""
    folder = root / "tracks" / "solo"
    (folder / "data").mkdir(parents=True)
    (folder / "track.yaml").write_text(
        "id: solo\nname: 单任务\ndomain: test\ntasks:\n"
        "  - id: echo\n    dataset: {path: data/echo.jsonl}\n    inputs: [text]\n    target: answer\n"
        "    prompt: {template: '{{ text }}'}\n    generation: {max_tokens: 8}\n    scorers: [exact_match]\n",
        "utf-8",
    )
    rows = [
        {"id": f"s{i:04d}", "split": "test", "text": f"问题{i:04d}", "answer": f"问题{i:04d}"}
        for i in range(n_test)
    ]
    write_jsonl(folder / "data" / "echo.jsonl", rows)


def _endpoint(root: Path, url: str, **extra) -> None:
    spec = {
        "team": "接口队",
        "name": "api",
        "kind": "endpoint",
        "url": url,
        "model": "test-model",
        "api_key_env": "API_TEAM_KEY",
        "timeout_s": 1.0,
        "max_retries": 2,
        "max_concurrency": 8,
        **extra,
    }
    write_submission(root, "api", spec)


# The harness as on a platform without uvloop (Windows): asyncio's own event loop.
WITHOUT_UVLOOP = "import sys; sys.modules['uvloop'] = None; from harness.cli import main; main()"


def _harness(root: Path, *args: str, loop: str = "uvloop") -> subprocess.Popen:
    env = {**os.environ, "API_TEAM_KEY": SECRET}
    entry = ["-m", "harness.cli"] if loop == "uvloop" else ["-c", WITHOUT_UVLOOP]
    return subprocess.Popen(
        [sys.executable, *entry, "run", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stored(root: Path) -> dict[str, tuple[str, str | None, str | None]]:
    with sqlite3.connect(root / ".horserace" / "horserace.db") as conn:
        rows = conn.execute("select sample_id, status, error_kind, text from responses").fetchall()
    return {sid: (status, kind, text) for sid, status, kind, text in rows}


@pytest.fixture
def solo(tmp_path: Path) -> Iterator[Path]:
    _competition(tmp_path, 60)
    yield tmp_path


@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_faults_end_as_answers_or_errors_of_the_right_kind(solo: Path, loop: str) -> None:
    # by sample: which fault every attempt of that sample meets (the server reads the prompt)
    faults = {3: "500", 5: "400", 7: "malformed_json", 9: "hang", 11: "reset", 13: "missing_choices"}
    first_only = {15: Fault("429", retry_after="0.2"), 17: "503", 19: Fault("slow", delay_s=0.3)}
    seen: set[int] = set()

    def plan(n: int, body: dict) -> Fault | str:
        i = int(body["messages"][-1]["content"][2:])
        if i in faults:
            return faults[i]
        if i in first_only and i not in seen:
            seen.add(i)
            return first_only[i]
        return "ok"

    with ThreadedServer(FaultyServer(plan=plan, hang_s=5)) as server:
        _endpoint(solo, server.url)
        proc = _harness(solo, "--no-report", "--quiet", loop=loop)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    stored = _stored(solo)
    assert len(stored) == 60
    kinds = {sid: kind for sid, (status, kind, _) in stored.items() if status == "error"}
    assert kinds == {
        "s0003": "http_5xx",
        "s0005": "http_4xx",
        "s0007": "bad_response",
        "s0009": "timeout",
        "s0011": "connection",
        "s0013": "bad_response",
    }
    assert all(stored[f"s{i:04d}"][0] == "ok" for i in (15, 17, 19))
    # attempts: 1 + max_retries for retryable faults, 1 for the others
    attempts = {}
    for r in server.requests:
        sid = r.body["messages"][-1]["content"]
        attempts[sid] = attempts.get(sid, 0) + 1
    assert attempts["问题0003"] == 3 and attempts["问题0005"] == 1 and attempts["问题0015"] == 2
    assert server.max_in_flight <= 8
    assert SECRET not in out + err


def test_killed_run_resumes_without_resending_stored_answers(tmp_path: Path) -> None:
    n, concurrency = 400, 8
    _competition(tmp_path, n)
    reference = tmp_path / "reference"
    _competition(reference, n)
    with ThreadedServer(FaultyServer(plan=lambda i, body: Fault("slow", delay_s=0.03))) as server:
        _endpoint(tmp_path, server.url, max_concurrency=concurrency)
        proc = _harness(tmp_path, "--no-score", "--no-report", "--quiet")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.count() < n // 2:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        time.sleep(0.2)  # let the server settle requests the dead client abandoned
        received_first = server.count()
        stored_first = _stored(tmp_path)
        assert 0 < len(stored_first) < n
        lost = received_first - len(stored_first)
        # at most the requests in flight plus one unflushed batch (100 ms at ~250 req/s here)
        assert 0 <= lost <= concurrency + 60, (received_first, len(stored_first))

        resumed = _harness(tmp_path, "--no-score", "--no-report", "--quiet")
        assert resumed.wait(120) == 0
        prompts_second = [r.body["messages"][-1]["content"] for r in server.requests[received_first:]]
        assert len(prompts_second) == n - len(stored_first)
        stored_texts = {text for _, _, text in stored_first.values()}
        assert not stored_texts & set(prompts_second)  # nothing stored was asked again

        _endpoint(reference, server.url, max_concurrency=concurrency)
        assert _harness(reference, "--no-score", "--no-report", "--quiet").wait(120) == 0
    assert _stored(tmp_path) == _stored(reference)


def test_api_key_reaches_the_server_but_never_the_store_or_output(solo: Path) -> None:
    with ThreadedServer(FaultyServer(plan=["500", "500", "500"], echo_auth_in_errors=True)) as server:
        _endpoint(solo, server.url)
        proc = _harness(solo, "--no-report")
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert server.requests[0].headers["Authorization"] == f"Bearer {SECRET}"
    assert SECRET not in out + err
    for path in (solo / ".horserace").iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name


def test_missing_api_key_variable_is_an_error_before_any_call(solo: Path) -> None:
    with ThreadedServer(FaultyServer()) as server:
        _endpoint(solo, server.url, api_key_env="NOT_SET_ANYWHERE")
        proc = _harness(solo, "--no-report")
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 2
        assert "NOT_SET_ANYWHERE" in err and "Traceback" not in err
        assert server.count() == 0


def test_the_runner_uses_uvloop_where_installed_and_asyncio_elsewhere(monkeypatch) -> None:
    import uvloop

    from harness.runner import new_event_loop

    loop = new_event_loop()
    assert isinstance(loop, uvloop.Loop)
    loop.close()
    monkeypatch.setitem(sys.modules, "uvloop", None)  # as on Windows, where it is not installed
    loop = new_event_loop()
    assert type(loop).__module__.startswith("asyncio") and not isinstance(loop, uvloop.Loop)
    loop.close()
