"""The `python` solver: team code called in sandboxed worker subprocesses, never in the harness.

A solver keeps one pool of `workers` worker processes for the whole run, serving every task:
each worker imports the team's code once (the costly part: scikit-learn takes seconds), and
is set up again, with the new task's public dev examples, whenever it moves to another task.
A worker runs worker_entry.py and answers one call at a time over JSON lines; a worker that
overruns its time limit, dies or answers garbage is killed and replaced on its next use.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import UserError
from harness.solvers.base import Request, Response
from harness.solvers.sandbox import (
    ENTRY_PATH,
    PRIVATE_DIR,
    SUBMISSION_DIR,
    SandboxStatus,
    bwrap_command,
    extra_site_dirs,
    interpreter_argv,
    sandbox_status,
)

log = logging.getLogger(__name__)

ENTRY_SCRIPT = Path(__file__).with_name("worker_entry.py")
_REF = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
# the longest answer line read from a worker; also where asyncio stops reading an undrained
# stderr (at twice this), which would block the worker
_LINE_LIMIT = 16 * 1024 * 1024
_STDERR_KEPT = 8192  # bytes of a worker's stderr kept for crash messages
_GRACE_S = 1.0  # how long a worker may take to exit once its stdin closes
_SETUP_TIMEOUT_FACTOR = 10  # setup (training on dev examples) may take longer than one call


class PythonSolver:
    """Calls the team's `module:function` with `Request.to_public_dict()` in worker subprocesses.

    One pool of `workers` processes serves every task of the run. `sandboxed` (set by `start`)
    says whether workers run under bwrap; it belongs in the run manifest. `workers_started`
    counts spawns, replacements included.
    """

    def __init__(
        self,
        entry: str,
        setup: str | None,
        source: Path,
        workers: int = 2,
        timeout_s: float = 30,
        dev_examples: Mapping[tuple[str, str], list[dict[str, Any]]] | None = None,
        require_sandbox: bool = False,
        *,
        setup_timeout_s: float | None = None,
        _disable_sandbox: bool = False,
    ):
        _check_ref("entry", entry)
        if setup is not None:
            _check_ref("setup", setup)
        self.source = Path(source).resolve()
        if not self.source.is_dir():
            raise UserError("python solver: source", f"'{source}' is not a folder")
        if workers < 1 or timeout_s <= 0:
            raise UserError(
                "python solver",
                f"workers={workers}, timeout_s={timeout_s:g}",
                "need workers >= 1 and timeout_s > 0",
            )
        self.entry, self.setup = entry, setup
        self.workers, self.timeout_s = workers, timeout_s
        self.setup_timeout_s = setup_timeout_s or _SETUP_TIMEOUT_FACTOR * timeout_s
        self.dev_examples = dev_examples or {}
        self.require_sandbox = require_sandbox
        self.sandboxed = False
        self.sandbox_note = ""  # why workers are not sandboxed, for the run manifest
        self.workers_started = 0
        self._disable_sandbox = _disable_sandbox  # tests only: a control run that shows the sandbox matters
        self._status: SandboxStatus | None = None
        self._pool = _Pool(self)

    async def start(self) -> None:
        """Decide, once, whether workers run sandboxed; refuse to run unsandboxed if so asked."""
        if self._status is not None:
            return
        self._status = await asyncio.to_thread(sandbox_status)
        self.sandboxed = self._status.usable and not self._disable_sandbox
        if self.sandboxed:
            return
        self.sandbox_note = "disabled for a test" if self._disable_sandbox else self._status.reason
        if self.require_sandbox:
            raise UserError(
                "python solver",
                f"a sandbox is required but unavailable: {self.sandbox_note}",
                "install bubblewrap and allow unprivileged user namespaces, or run without require_sandbox",
            )
        log.warning(
            "python solver runs team code UNSANDBOXED (%s): it can read files and use the network",
            self.sandbox_note,
        )

    async def solve(self, request: Request) -> Response:
        if self._status is None:
            raise RuntimeError("PythonSolver.start() must be awaited before solve()")
        return await self._pool.solve(request)

    async def task_done(self, track: str, task: str) -> None:
        """All of that task's requests are answered: forget its setup message and whether it failed.

        Workers keep running for the next task. A later request for this task is served as if new:
        its setup runs again where needed (a worker still set up for it needs none).
        """
        self._pool.forget((track, task))

    async def close(self) -> None:
        """Stop every worker; a later request would start new ones."""
        await self._pool.close()

    def _init_message(self) -> dict[str, Any]:
        return {
            "source": SUBMISSION_DIR if self.sandboxed else str(self.source),
            "entry": self.entry,
            "setup": self.setup,
            "site_dirs": extra_site_dirs(),
        }

    def _setup_message(self, key: tuple[str, str]) -> dict[str, Any]:
        track, task = key
        return {"setup": {"track": track, "task": task, "dev": list(self.dev_examples.get(key, []))}}

    async def _spawn(self) -> _Worker:
        """Start one worker process (not yet initialised)."""
        self.workers_started += 1
        if self.sandboxed:
            assert self._status is not None
            return await _spawn_sandboxed(self._status, self.source)
        return await _spawn_unsandboxed()


def _check_ref(field: str, ref: str) -> None:
    if not _REF.match(ref):
        raise UserError(f"python solver: {field}", f"'{ref}' is not 'module:function'", "e.g. 'solver:solve'")


def worker_env(home: str) -> dict[str, str]:
    """The whole environment of a worker: nothing inherited, so no API key can leak in."""
    return {
        "PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": home,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


async def _spawn_sandboxed(status: SandboxStatus, source: Path) -> _Worker:
    entry_fd = os.open(ENTRY_SCRIPT, os.O_RDONLY)
    try:
        command = bwrap_command(status, source, entry_fd, interpreter_argv(ENTRY_PATH))
        process = await _exec(command, worker_env(PRIVATE_DIR), cwd=None, pass_fds=(entry_fd,))
    finally:
        os.close(entry_fd)
    return _Worker(process, sandboxed=True)


async def _spawn_unsandboxed() -> _Worker:
    scratch = tempfile.mkdtemp(prefix="horserace-worker-")
    try:
        entry_path = shutil.copy(ENTRY_SCRIPT, scratch)
        os.mkdir(os.path.join(scratch, "work"))
        command = interpreter_argv(entry_path)
        process = await _exec(command, worker_env(scratch), cwd=os.path.join(scratch, "work"), pass_fds=())
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return _Worker(process, sandboxed=False, scratch=scratch)


async def _exec(
    command: list[str], env: dict[str, str], cwd: str | None, pass_fds: tuple[int, ...]
) -> asyncio.subprocess.Process:
    # a session of its own: a Ctrl-C at the terminal reaches the harness, which stops workers itself
    return await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=cwd,
        pass_fds=pass_fds,
        start_new_session=True,
        limit=_LINE_LIMIT,
    )


class _WorkerGone(Exception):
    """The worker's stdout closed: it died (`_Worker.death_note` says how)."""


class _BadAnswer(Exception):
    """The worker's answer was not a protocol line: the worker cannot be trusted to go on."""


class _Worker:
    """One worker process: one request at a time, stderr drained into a bounded tail."""

    def __init__(self, process: asyncio.subprocess.Process, sandboxed: bool, scratch: str | None = None):
        self._process = process
        self._sandboxed = sandboxed
        self._scratch = scratch
        self._stderr = bytearray()
        # drained all the time: a chatty worker must never block on a full stderr pipe
        self._drain = asyncio.create_task(self._drain_stderr())

    async def request(self, message: dict[str, Any] | bytes) -> dict[str, Any]:
        """Send one message (a dict or an encoded line) and return the answer.

        Raises _WorkerGone or _BadAnswer.
        """
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(message if isinstance(message, bytes) else _encode(message))
            await stdin.drain()
            line = await stdout.readline()
        except (BrokenPipeError, ConnectionResetError):
            line = b""
        except ValueError as exc:  # longer than _LINE_LIMIT
            raise _BadAnswer(f"answer too long ({exc})") from None
        if not line:
            raise _WorkerGone()
        try:
            answer = json.loads(line)
        except (ValueError, RecursionError):  # team code can write to the channel: any line may come
            raise _BadAnswer(f"unreadable answer from worker: {line[:80]!r}") from None
        if not isinstance(answer, dict):
            raise _BadAnswer(f"unreadable answer from worker: {line[:80]!r}")
        return answer

    def kill(self) -> None:
        """SIGKILL the worker's process group (bwrap takes the whole sandbox down with it)."""
        if self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
                os.killpg(self._process.pid, signal.SIGKILL)

    async def stop(self, grace_s: float = 0.0) -> None:
        """Close stdin (the worker's cue to exit), kill it after grace_s, reap it, clean up."""
        stdin = self._process.stdin
        if stdin is not None and not stdin.is_closing():
            stdin.close()
        if grace_s <= 0:
            self.kill()
        try:
            await asyncio.wait_for(self._process.wait(), grace_s or None)
        except TimeoutError:
            self.kill()
            await self._process.wait()
        await self._finish_drain()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    async def death_note(self) -> str:
        """How the worker ended, with its stderr's tail; reaps it first (it is exiting or gone)."""
        await self.stop(grace_s=_GRACE_S)
        tail = self._stderr.decode("utf-8", "replace").strip()[-300:]
        return f"worker {self._how_it_ended()}" + (f"; stderr: {tail}" if tail else "")

    def _how_it_ended(self) -> str:
        code = self._process.returncode
        # bwrap reports a child killed by signal N as exit status 128 + N
        if code is not None and self._sandboxed and code > 128:
            code = 128 - code
        if code is None or code >= 0:
            return f"exited with code {code}"
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"was killed by signal {name}{hint}"

    async def _drain_stderr(self) -> None:
        stderr = self._process.stderr
        assert stderr is not None
        while chunk := await stderr.read(65536):
            self._stderr += chunk
            if len(self._stderr) > 2 * _STDERR_KEPT:
                del self._stderr[:-_STDERR_KEPT]

    async def _finish_drain(self) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(self._drain), 0.5)
        except TimeoutError:
            self._drain.cancel()  # a grandchild still holds stderr open; the tail so far will do


@dataclass
class _Slot:
    """A place for one worker in the pool; empty until first used or after its worker died."""

    worker: _Worker | None = None
    task: tuple[str, str] | None = None  # the (track, task) its worker's last setup succeeded for


class _Pool:
    """A solver's workers, shared by all its tasks.

    An entry that cannot be loaded fails every later call of every task; a setup that failed
    for a task fails every later call of that task only (until `forget`).
    """

    def __init__(self, solver: PythonSolver):
        self._solver = solver
        self._slots = [_Slot() for _ in range(solver.workers)]
        self._idle = list(self._slots)
        self._free = asyncio.Semaphore(len(self._slots))  # how many slots are idle
        self._unusable: str | None = None  # why no worker can start
        self._broken: dict[tuple[str, str], str] = {}  # tasks whose setup failed, and why
        self._setup_lines: dict[tuple[str, str], bytes] = {}  # encoded once, sent to each worker
        self._reaping: set[asyncio.Task[None]] = set()

    async def solve(self, request: Request) -> Response:
        key = (request.track, request.task)
        if problem := self._problem(key):  # fail fast, without waiting for a worker
            return Response.failure(request.key, "worker_error", problem)
        await self._free.acquire()
        slot = self._take(key)
        try:
            problem = await self._ready(slot, key)
            if problem is not None:
                return Response.failure(request.key, "worker_error", problem)
            return await self._call(slot, request)
        finally:
            self._idle.append(slot)
            self._free.release()

    def forget(self, key: tuple[str, str]) -> None:
        """Drop a task's setup message and its failed setup, if any; workers are untouched."""
        self._broken.pop(key, None)
        self._setup_lines.pop(key, None)

    async def close(self) -> None:
        workers = [slot.worker for slot in self._slots if slot.worker is not None]
        for slot in self._slots:
            slot.worker, slot.task = None, None
        await asyncio.gather(*(worker.stop(grace_s=_GRACE_S) for worker in workers), *self._reaping)

    def _problem(self, key: tuple[str, str]) -> str | None:
        return self._unusable or self._broken.get(key)

    def _take(self, key: tuple[str, str]) -> _Slot:
        """An idle slot whose worker is set up for `key`, else the one idle longest."""
        slot = next((s for s in self._idle if s.worker is not None and s.task == key), self._idle[0])
        self._idle.remove(slot)
        return slot

    async def _ready(self, slot: _Slot, key: tuple[str, str]) -> str | None:
        """Start the slot's worker and set it up for `key` as needed; None, or why it cannot serve."""
        if self._problem(key) is None and slot.worker is None:
            slot.worker, slot.task = await self._start_worker(), None
        needs_setup = self._solver.setup is not None and slot.task != key
        if self._problem(key) is None and slot.worker is not None and needs_setup:
            await self._set_up(slot, key)
        return self._problem(key) or (None if slot.worker is not None else "worker unavailable")

    async def _start_worker(self) -> _Worker | None:
        """A worker that loaded the team's code, or None with self._unusable set."""
        phase = "worker failed to start"
        try:
            worker = await self._solver._spawn()
        except OSError as exc:
            self._unusable = f"{phase}: {exc}"
            return None
        _answered, problem = await self._handshake(worker, self._solver._init_message(), phase)
        if problem is None:
            return worker
        self._unusable = self._unusable or problem
        await worker.stop()  # after a failed start it exits by itself; make sure, and reap it
        return None

    async def _set_up(self, slot: _Slot, key: tuple[str, str]) -> None:
        """Set the slot's worker up for `key`; a failure breaks that task, not the others."""
        # the slot is empty meanwhile: a cancelled setup leaves no worker of unknown state behind
        worker, slot.worker, slot.task = slot.worker, None, None
        assert worker is not None
        line = self._setup_lines.get(key)
        if line is None:
            line = self._setup_lines[key] = _encode(self._solver._setup_message(key))
        answered, problem = await self._handshake(worker, line, "setup failed")
        if answered:  # even a failed setup leaves a usable worker: its next setup starts over
            slot.worker = worker
        if problem is None:
            slot.task = key
        else:
            self._broken.setdefault(key, problem)

    async def _handshake(
        self, worker: _Worker, message: dict[str, Any] | bytes, phase: str
    ) -> tuple[bool, str | None]:
        """Send a start or setup message; wait up to setup_timeout_s. Returns (answered, problem).

        `problem` is None if it worked. A worker that did not answer is dead or cannot be
        trusted: it is stopped here.
        """
        timeout_s = self._solver.setup_timeout_s
        try:
            answer = await asyncio.wait_for(worker.request(message), timeout_s)
        except TimeoutError:
            problem = f"{phase}: no answer within {timeout_s:g} s"
        except _WorkerGone:
            problem = f"{phase}: {await worker.death_note()}"
        except _BadAnswer as exc:
            problem = f"{phase}: {exc}"
        except BaseException:  # cancelled
            self._abandon(worker)
            raise
        else:
            return True, None if answer.get("ok") is True else str(answer.get("error") or phase)
        await worker.stop()
        return False, problem

    async def _call(self, slot: _Slot, request: Request) -> Response:
        worker, timeout_s = slot.worker, self._solver.timeout_s
        assert worker is not None
        started = time.perf_counter()
        try:
            answer = await asyncio.wait_for(worker.request({"request": request.to_public_dict()}), timeout_s)
        except BaseException as exc:
            latency_ms = _ms_since(started)
            # the slot's next call starts a new worker (set up afresh): this one's state is unknown
            # or it is dead
            slot.worker, slot.task = None, None
            if not isinstance(exc, TimeoutError | _WorkerGone | _BadAnswer):  # cancelled mid-call
                self._abandon(worker)
                raise
            kind, message = await _failure_of(worker, exc, timeout_s)
            return Response.failure(request.key, kind, message, latency_ms=latency_ms)
        return _response(request.key, answer, _ms_since(started))

    def _abandon(self, worker: _Worker) -> None:
        """Kill now, reap in the background: we may be inside a cancellation."""
        worker.kill()
        task = asyncio.get_running_loop().create_task(worker.stop())
        self._reaping.add(task)
        task.add_done_callback(self._reaping.discard)


async def _failure_of(worker: _Worker, exc: BaseException, timeout_s: float) -> tuple[str, str]:
    """Stop the worker; return the error kind and message for what went wrong in the call."""
    if isinstance(exc, _WorkerGone):
        return "worker_crash", await worker.death_note()
    await worker.stop()
    if isinstance(exc, TimeoutError):
        return "timeout", f"no answer within {timeout_s:g} s"
    return "bad_response", str(exc)


def _response(key: str, answer: dict[str, Any], latency_ms: float) -> Response:
    text, reasoning = answer.get("text"), answer.get("reasoning")
    if answer.get("ok") is True and isinstance(text, str) and isinstance(reasoning, str | None):
        return Response(key=key, text=text, reasoning=reasoning, latency_ms=latency_ms)
    kind = answer.get("kind") if answer.get("kind") in ("worker_error", "bad_response") else "bad_response"
    message = str(answer.get("error") or "malformed answer from worker")
    return Response.failure(key, kind, message, latency_ms=latency_ms)


def _encode(message: dict[str, Any]) -> bytes:
    # ASCII escapes survive any lone surrogate in a prompt; default=_plain because inputs loaded
    # from parquet/CSV may carry numpy scalars or timestamps
    return json.dumps(message, default=_plain).encode("ascii") + b"\n"


def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)
    return item() if callable(item) else str(value)


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
