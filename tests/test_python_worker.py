"""The python solver: team code in real worker subprocesses, sandboxed with bwrap where possible."""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import os
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

import harness.solvers.base
from harness.errors import UserError
from harness.solvers import python_worker
from harness.solvers.base import Request, Response
from harness.solvers.python_worker import PythonSolver
from harness.solvers.sandbox import SandboxStatus, sandbox_status

FIXTURES = Path(__file__).parent / "fixtures" / "solvers"
TEAM = FIXTURES / "team"
SNOOP = FIXTURES / "snoop"
ALLOWED_ENV = {
    "PATH",
    "LANG",
    "LC_ALL",
    "HOME",
    "PYTHONHASHSEED",
    "PYTHONDONTWRITEBYTECODE",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
}


def require_sandbox_or_skip() -> None:
    """Skip where bwrap cannot sandbox, but fail under CI=true: CI must prove the sandbox holds."""
    status = sandbox_status()
    if status.usable:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"sandbox tests cannot run under CI: {status.reason}")
    pytest.skip(f"no usable sandbox: {status.reason}")


def make_request(
    sample_id: str, content: str = "", task: str = "qa", inputs: dict[str, Any] | None = None
) -> Request:
    return Request(
        key=f"key-{task}-{sample_id}",
        track="demo",
        task=task,
        sample_id=sample_id,
        variant="",
        messages=({"role": "user", "content": content},),
        inputs=inputs or {},
        choices=None,
    )


@pytest.fixture
async def open_solver() -> AsyncIterator[Callable[..., Any]]:
    """Start PythonSolvers (sandbox off unless bwrap works here) and close them after the test."""
    solvers: list[PythonSolver] = []

    async def make(entry: str, source: Path = TEAM, **options: Any) -> PythonSolver:
        options.setdefault("_disable_sandbox", not sandbox_status().usable)
        solver = PythonSolver(entry, options.pop("setup", None), source, **options)
        solvers.append(solver)
        await solver.start()
        return solver

    yield make
    for solver in solvers:
        await solver.close()


def kinds(responses: list[Response]) -> collections.Counter[str]:
    return collections.Counter(r.error_kind or "ok" for r in responses)


SANDBOX_MODES = [
    pytest.param(True, marks=pytest.mark.sandbox, id="sandboxed"),
    pytest.param(False, id="unsandboxed"),
]


@pytest.mark.parametrize("sandboxed", SANDBOX_MODES)
async def test_echo_returns_each_prompt_even_long_and_chinese(open_solver, sandboxed):
    if sandboxed:
        require_sandbox_or_skip()
    solver = await open_solver("behaviours:echo", _disable_sandbox=not sandboxed)
    contents = ["你好，世界", "x" * 1_000_000, *(f"prompt {i}" for i in range(8))]
    requests = [make_request(f"s{i}", content) for i, content in enumerate(contents)]
    responses = await asyncio.gather(*(solver.solve(r) for r in requests))
    assert [r.text for r in responses] == contents
    assert [r.key for r in responses] == [r.key for r in requests]
    assert all(r.status == "ok" and r.latency_ms is not None and r.latency_ms > 0 for r in responses)
    assert solver.sandboxed is sandboxed
    assert solver.workers_started == 2


async def test_dict_answer_gives_text_and_reasoning_and_ignores_other_keys(open_solver):
    solver = await open_solver("behaviours:as_dict")
    response = await solver.solve(make_request("abc", task="quiz"))
    assert (response.status, response.text, response.reasoning) == ("ok", "ABC", "task quiz")


async def test_prints_to_stdout_cannot_forge_answers(open_solver):
    solver = await open_solver("behaviours:noisy", workers=1)
    responses = [await solver.solve(make_request(f"n{i}")) for i in range(5)]
    assert [r.text for r in responses] == [f"quiet n{i}" for i in range(5)]


async def test_a_worker_flooding_stderr_never_blocks(open_solver):
    solver = await open_solver("behaviours:chatty", workers=1, timeout_s=10)
    responses = [await solver.solve(make_request(f"c{i}")) for i in range(3)]
    assert [r.text for r in responses] == [f"done c{i}" for i in range(3)]


def dev(task: str, pairs: dict[str, str], sleep: float = 0) -> list[dict[str, Any]]:
    """A task's dev examples for behaviours:learn, which sleeps `sleep` s per example."""
    return [
        {
            "sample_id": f"{task}-d{i}",
            "messages": [],
            "inputs": {"question": q, "sleep": sleep},
            "choices": None,
            "target": a,
        }
        for i, (q, a) in enumerate(pairs.items())
    ]


DEV = {
    ("demo", "capitals"): dev("capitals", {"France?": "Paris", "Japan?": "Tokyo"}),
    ("demo", "colours"): dev("colours", {"sky?": "blue", "grass?": "green", "snow?": "white"}),
}
# what behaviours:learn records of a setup for each task
CAPITALS = [example["sample_id"] for example in DEV["demo", "capitals"]]
COLOURS = [example["sample_id"] for example in DEV["demo", "colours"]]


def ask(task: str, question: str, sample_id: str = "") -> Request:
    return make_request(sample_id or f"{task}-{question}", task=task, inputs={"question": question})


def state(response: Response) -> dict[str, Any]:
    """What behaviours:recall reports of the worker that answered: its id, setups and knowledge."""
    assert response.status == "ok", response.error_message
    return json.loads(response.reasoning or "")


async def test_setup_learns_each_tasks_dev_examples(open_solver):
    solver = await open_solver("behaviours:recall", setup="behaviours:learn", dev_examples=DEV)
    questions = [("capitals", "France?"), ("capitals", "Japan?"), ("colours", "grass?"), ("capitals", "sky?")]
    responses = await asyncio.gather(*(solver.solve(ask(t, q)) for t, q in questions))
    assert [r.text for r in responses] == ["Paris", "Tokyo", "green", "unknown"]
    learned = {"capitals": 2, "colours": 3}
    assert [state(r)["learned"] for r in responses] == [learned[t] for t, _ in questions]


async def test_workers_serve_every_task_and_are_set_up_once_per_task(open_solver):
    solver = await open_solver("behaviours:recall", setup="behaviours:learn", dev_examples=DEV)
    answers: dict[str, list[Response]] = {}
    for task, questions in [("capitals", ["France?", "Japan?"] * 2), ("colours", ["sky?", "snow?"] * 2)]:
        # grouped by task, as the runner queues them
        requests = [ask(task, q, f"{task}-{i}") for i, q in enumerate(questions)]
        answers[task] = list(await asyncio.gather(*(solver.solve(r) for r in requests)))
        await solver.task_done("demo", task)
    assert [r.text for r in answers["capitals"]] == ["Paris", "Tokyo"] * 2
    assert [r.text for r in answers["colours"]] == ["blue", "white"] * 2
    assert solver.workers_started == solver.workers == 2
    workers = {task: {state(r)["worker"] for r in rs} for task, rs in answers.items()}
    assert len(workers["capitals"]) == 2 and workers["colours"] == workers["capitals"]
    assert all(state(r)["setups"] == [CAPITALS] for r in answers["capitals"])
    assert all(state(r)["setups"] == [CAPITALS, COLOURS] for r in answers["colours"])


async def test_interleaved_tasks_on_one_worker_rerun_setup_on_each_switch(open_solver):
    solver = await open_solver("behaviours:recall", setup="behaviours:learn", dev_examples=DEV, workers=1)
    script = [
        ("capitals", "France?", "Paris"),
        ("colours", "sky?", "blue"),
        ("capitals", "Japan?", "Tokyo"),
        ("colours", "snow?", "white"),
        ("capitals", "sky?", "unknown"),  # a worker knows only its last setup's task
        ("capitals", "France?", "Paris"),  # same task again: no setup
    ]
    responses = [await solver.solve(ask(t, q, f"s{i}")) for i, (t, q, _) in enumerate(script)]
    assert [r.text for r in responses] == [answer for _, _, answer in script]
    assert state(responses[-1])["setups"] == [CAPITALS, COLOURS, CAPITALS, COLOURS, CAPITALS]
    assert solver.workers_started == 1


@pytest.mark.parametrize(
    "colours_dev,problem,started",
    [
        # the worker answered: it stays, and is set up for capitals again
        pytest.param(
            None,
            "setup failed: RuntimeError: cannot learn from 0 examples (at behaviours.py:",
            1,
            id="raises",
        ),
        # the worker was killed: capitals is served by its replacement
        pytest.param(
            dev("colours", {"sky?": "blue"}, sleep=30),
            "setup failed: no answer within 2 s",
            2,
            id="times-out",
        ),
    ],
)
async def test_a_setup_failing_for_one_task_leaves_the_others_working(
    open_solver, colours_dev, problem, started
):
    dev_examples = {("demo", "capitals"): DEV["demo", "capitals"]}
    if colours_dev is not None:
        dev_examples["demo", "colours"] = colours_dev
    solver = await open_solver(
        "behaviours:recall",
        setup="behaviours:learn",
        dev_examples=dev_examples,
        workers=1,
        setup_timeout_s=2,
    )
    script = [("capitals", "France?"), ("colours", "sky?"), ("capitals", "Japan?"), ("colours", "grass?")]
    script += [("capitals", "France?")]
    responses = [await solver.solve(ask(t, q, f"s{i}")) for i, (t, q) in enumerate(script)]
    assert [r.text for r in responses[::2]] == ["Paris", "Tokyo", "Paris"]
    for failed in responses[1::2]:
        assert failed.error_kind == "worker_error" and failed.error_message.startswith(problem)
    # the second colours request failed fast: had its setup been tried again, capitals would have
    # needed a third setup (or a third worker)
    assert state(responses[-1])["setups"] == [CAPITALS] * (3 - started)
    assert solver.workers_started == started


async def test_a_crash_mid_task_is_replaced_by_a_worker_set_up_for_that_task(open_solver):
    solver = await open_solver("behaviours:recall", setup="behaviours:learn", dev_examples=DEV, workers=1)
    before = [await solver.solve(ask(t, q)) for t, q in [("capitals", "France?"), ("colours", "sky?")]]
    crashed = await solver.solve(ask("colours", "die?"))
    after = [await solver.solve(ask(t, q)) for t, q in [("colours", "grass?"), ("capitals", "Japan?")]]
    assert [r.text for r in before + after] == ["Paris", "blue", "green", "Tokyo"]
    assert crashed.error_kind == "worker_crash" and "exited with code 3" in crashed.error_message
    assert state(before[1])["setups"] == [CAPITALS, COLOURS]
    assert state(after[0])["setups"] == [COLOURS]  # the replacement, set up for the crashed task only
    assert state(after[1])["setups"] == [COLOURS, CAPITALS]
    assert state(after[0])["worker"] != state(before[1])["worker"]
    assert solver.workers_started == 2


async def test_task_done_keeps_the_workers_and_forgets_a_failed_setup(open_solver):
    dev_examples = {("demo", "capitals"): DEV["demo", "capitals"]}
    solver = await open_solver(
        "behaviours:recall", setup="behaviours:learn", dev_examples=dev_examples, workers=1
    )
    assert (await solver.solve(ask("colours", "sky?", "a"))).error_message.startswith("setup failed:")
    await solver.task_done("demo", "colours")
    assert (await solver.solve(ask("capitals", "France?", "b"))).text == "Paris"
    await solver.task_done("demo", "capitals")
    dev_examples["demo", "colours"] = DEV["demo", "colours"]  # e.g. fixed between two rounds
    assert (await solver.solve(ask("colours", "sky?", "c"))).text == "blue"  # setup tried afresh
    assert solver.workers_started == 1


async def test_a_run_survives_errors_timeouts_crashes_and_bad_answers(open_solver):
    solver = await open_solver("behaviours:mixed", timeout_s=1.0)
    actions = ["raise", "sleep", "exit", "segfault", "int", "bad_text", "deep_forgery", *["echo"] * 6]
    requests = [make_request(f"{a}-{i}", inputs={"action": a}) for i, a in enumerate(actions)]
    responses = await asyncio.gather(*(solver.solve(r) for r in requests))
    assert kinds(responses) == {
        "ok": 6,
        "worker_error": 1,
        "timeout": 1,
        "worker_crash": 2,
        "bad_response": 3,
    }
    by_action = {a: r for a, r in zip(actions, responses, strict=True)}
    assert by_action["raise"].error_message.startswith("ValueError: no answer for raise-0 (at behaviours.py:")
    assert "worker_entry" not in by_action["raise"].error_message
    assert "exited with code 3" in by_action["exit"].error_message
    assert "team module imported" in by_action["exit"].error_message  # the stderr tail
    assert "killed by signal SIGSEGV" in by_action["segfault"].error_message
    assert "int" in by_action["int"].error_message
    assert by_action["sleep"].latency_ms >= 1000
    assert by_action["deep_forgery"].error_message.startswith("unreadable answer from worker")

    later = [make_request(f"later-{i}", inputs={"action": "echo"}) for i in range(4)]
    assert [(await solver.solve(r)).text for r in later] == [f"ok later-{i}" for i in range(4)]
    # the timed-out, the two crashed and the forging workers were replaced
    assert solver.workers_started == 2 + 4


async def test_a_cancelled_call_does_not_leak_its_answer_into_the_next(open_solver):
    solver = await open_solver("behaviours:mixed", workers=1, timeout_s=30)
    slow = asyncio.create_task(solver.solve(make_request("slow", inputs={"action": "sleep"})))
    await asyncio.sleep(0.3)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    response = await solver.solve(make_request("next", inputs={"action": "echo"}))
    assert (response.status, response.text) == ("ok", "ok next")


async def test_a_cancelled_setup_leaves_no_half_set_up_worker(open_solver):
    dev_examples = {**DEV, ("demo", "slow"): dev("slow", {"sky?": "blue"}, sleep=30)}
    solver = await open_solver(
        "behaviours:recall", setup="behaviours:learn", dev_examples=dev_examples, workers=1
    )
    assert (await solver.solve(ask("capitals", "France?"))).text == "Paris"
    slow = asyncio.create_task(solver.solve(ask("slow", "sky?")))
    await asyncio.sleep(0.5)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    response = await solver.solve(ask("capitals", "Japan?"))
    assert response.text == "Tokyo" and state(response)["setups"] == [CAPITALS]
    assert solver.workers_started == 2


async def test_failed_setup_fails_every_request_without_retrying_forever(open_solver):
    solver = await open_solver("behaviours:echo", setup="behaviours:failing_setup", dev_examples={})
    responses = await asyncio.gather(*(solver.solve(make_request(f"s{i}")) for i in range(6)))
    assert kinds(responses) == {"worker_error": 6}
    assert all(
        r.error_message.startswith("setup failed: RuntimeError: cannot train on 0 examples")
        for r in responses
    )
    assert solver.workers_started <= 2


async def test_missing_entry_module_fails_every_request_of_every_task_with_its_name(open_solver):
    solver = await open_solver("no_such_module:solve", workers=1)
    responses = [await solver.solve(make_request(f"s{i}", task=f"task{i % 2}")) for i in range(4)]
    assert kinds(responses) == {"worker_error": 4}
    assert all(
        r.error_message.startswith("could not load entry 'no_such_module:solve': ModuleNotFoundError")
        for r in responses
    )
    assert solver.workers_started == 1


async def test_missing_setup_function_fails_every_request_with_its_name(open_solver):
    solver = await open_solver("behaviours:recall", setup="behaviours:no_such_setup", dev_examples=DEV)
    responses = await asyncio.gather(*(solver.solve(ask(t, "sky?")) for t in ["capitals", "colours"] * 2))
    assert kinds(responses) == {"worker_error": 4}
    assert all(
        r.error_message.startswith("could not load setup 'behaviours:no_such_setup': AttributeError")
        for r in responses
    )
    assert solver.workers_started <= 2


def test_malformed_entry_and_missing_folder_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="not 'module:function'"):
        PythonSolver("behaviours.echo", None, TEAM)
    with pytest.raises(UserError, match="not a folder"):
        PythonSolver("behaviours:echo", None, tmp_path / "missing")


async def test_without_bwrap_require_sandbox_refuses_and_otherwise_warns(open_solver, monkeypatch, caplog):
    missing = SandboxStatus(False, "bwrap (Debian package bubblewrap) is not installed")
    monkeypatch.setattr(python_worker, "sandbox_status", lambda: missing)
    with pytest.raises(UserError, match="sandbox is required but unavailable: bwrap"):
        await PythonSolver("behaviours:echo", None, TEAM, require_sandbox=True).start()
    with caplog.at_level(logging.WARNING, logger="harness.solvers.python_worker"):
        solver = await open_solver("behaviours:echo", _disable_sandbox=False)
    assert solver.sandboxed is False
    assert "UNSANDBOXED" in caplog.text
    assert (await solver.solve(make_request("s", "still works"))).text == "still works"


# --- security: what the sandbox must stop, each with a control run proving the probe works ---


@pytest.fixture
def snoop_source(tmp_path: Path) -> Path:
    """The snoop team's folder beside a hidden track file, both under tmp_path (so under /tmp)."""
    source = tmp_path / "submissions" / "snoop"
    shutil.copytree(SNOOP, source)
    return source


@pytest.fixture
async def listener() -> AsyncIterator[int]:
    """A real TCP server on 127.0.0.1 that greets whoever connects; yields its port."""

    async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"hello from the host")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(greet, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()


async def run_snoop(open_solver, source: Path, sandboxed: bool, **inputs: Any) -> Response:
    solver = await open_solver(
        "snoop:snoop", source, workers=1, require_sandbox=sandboxed, _disable_sandbox=not sandboxed
    )
    assert solver.sandboxed is sandboxed
    return await solver.solve(make_request("probe", inputs=inputs))


@pytest.mark.sandbox
async def test_sandbox_hides_track_files_and_the_harness_source(open_solver, snoop_source, tmp_path):
    require_sandbox_or_skip()
    hidden = tmp_path / "tracks" / "finance" / "data" / "test.jsonl"
    hidden.parent.mkdir(parents=True)
    hidden.write_text('{"id": "t1", "reference": "SECRET-42"}\n', encoding="utf-8")
    harness_file = str(Path(harness.solvers.base.__file__).resolve())
    for path, content in [(str(hidden), "SECRET-42"), (harness_file, "class Request")]:
        inside = await run_snoop(open_solver, snoop_source, True, probe="read", path=path)
        control = await run_snoop(open_solver, snoop_source, False, probe="read", path=path)
        assert (inside.error_kind, control.status) == ("worker_error", "ok")
        assert inside.error_message.startswith("FileNotFoundError")
        assert content in control.text


@pytest.mark.sandbox
async def test_sandbox_blocks_the_network_even_loopback(open_solver, snoop_source, listener):
    require_sandbox_or_skip()
    inside = await run_snoop(open_solver, snoop_source, True, probe="connect", port=listener)
    control = await run_snoop(open_solver, snoop_source, False, probe="connect", port=listener)
    assert control.text == "hello from the host"
    assert inside.error_kind == "worker_error"
    assert inside.error_message.startswith(("ConnectionRefusedError", "OSError"))


@pytest.mark.parametrize("sandboxed", SANDBOX_MODES)
async def test_worker_env_is_scrubbed(open_solver, snoop_source, monkeypatch, sandboxed):
    if sandboxed:
        require_sandbox_or_skip()
    monkeypatch.setenv("HORSERACE_FAKE_API_KEY", "sk-test-do-not-leak")
    response = await run_snoop(open_solver, snoop_source, sandboxed, probe="environment")
    seen = json.loads(response.text)
    assert set(seen["env"]) <= ALLOWED_ENV
    assert "sk-test-do-not-leak" not in response.text
    assert seen["env"]["PYTHONHASHSEED"] == "0" and seen["hash_randomization"] == 0
    assert seen["cwd"] != os.getcwd() and seen["env"]["HOME"] != os.environ.get("HOME")


@pytest.mark.sandbox
async def test_harness_is_not_importable_in_the_sandbox(open_solver, snoop_source):
    require_sandbox_or_skip()
    response = await run_snoop(open_solver, snoop_source, True, probe="import_harness")
    assert response.error_kind == "worker_error"
    assert response.error_message.startswith("ModuleNotFoundError: No module named 'harness'")
