"""The runner: every submission on every task, bounded and concurrent, every response stored as it arrives.

Requests are rendered and checked before any solver is called. Each submission has
its own pool of worker coroutines (its concurrency); all submissions run side by
side. Responses go to the store in batches flushed at least every 100 ms, so a
killed run loses at most the requests in flight plus one batch, and a resumed run
never re-sends a committed answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import platform
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from harness import __version__, collector
from harness.checks import TaskPlan, plan_task
from harness.errors import UserError
from harness.loading import Submission, Track
from harness.progress import Progress, make_progress
from harness.prompting import Rendered
from harness.solvers.base import Request, Response, Solver
from harness.solvers.registry import SolverContext, build_solver
from harness.specs import EndpointSubmission, PredictionsSubmission, PythonSubmission
from harness.store import Store, response_row

FLUSH_EVERY_S = 0.1


@dataclass(frozen=True)
class RunOptions:
    split: str = "test"
    limit: int | None = None
    concurrency: int | None = None  # overrides each submission's own limit
    fresh: bool = False
    require_sandbox: bool = False
    progress: str = "auto"  # auto | rich | plain | quiet


@dataclass
class TaskJob:
    """One submission on one task: what to send and how it went."""

    submission: Submission
    track: Track
    task: str
    total: int  # requests (variants included) the task needs
    pending: list[Request]  # not yet answered, deduplicated by key
    stored: int  # answered by earlier runs (or identical requests)
    ok: int = 0
    errors: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    tokens: int = 0

    def record(self, response: Response) -> None:
        if response.status == "ok":
            self.ok += 1
        else:
            self.errors[response.error_kind or "error"] += 1
        if response.latency_ms is not None:
            self.latencies.append(response.latency_ms)
        self.tokens += (response.prompt_tokens or 0) + (response.completion_tokens or 0)

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies)
        return {
            "submission": self.submission.name,
            "track": self.track.id,
            "task": self.task,
            "requests": self.total,
            "stored_before": self.stored,
            "sent": len(self.pending),
            "ok": self.ok,
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "latency_p50_ms": round(statistics.median(lat), 1) if lat else None,
            "latency_p95_ms": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1) if lat else None,
            "tokens": self.tokens,
        }


@dataclass
class RunResult:
    run_id: int
    status: str  # finished | interrupted
    jobs: list[TaskJob]
    sandboxed: dict[str, bool]
    notes: list[str]

    def summary(self) -> list[dict[str, Any]]:
        return [job.summary() for job in self.jobs]


class ResponseWriter:
    """Buffers response rows and commits them in one transaction at least every 100 ms."""

    def __init__(self, store: Store):
        self.store = store
        self.buffer: list[dict[str, Any]] = []
        self._task: asyncio.Task | None = None

    def add(self, row: dict[str, Any]) -> None:
        self.buffer.append(row)

    def _take(self) -> list[dict[str, Any]]:
        batch, self.buffer = self.buffer, []
        return batch

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY_S)
            batch = self._take()
            if batch:
                # the commit runs off the event loop so requests keep flowing meanwhile; it is
                # shielded so that stopping never abandons a batch half-way to the store
                self._writing = asyncio.ensure_future(asyncio.to_thread(self.store.write_responses, batch))
                await asyncio.shield(self._writing)

    def start(self) -> None:
        self._writing: asyncio.Future | None = None
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            if self._writing is not None:
                await self._writing  # a batch taken before the stop commits before the last one
        self.flush_now()

    def flush_now(self) -> None:
        batch = self._take()
        if batch:
            self.store.write_responses(batch)


# ---------------------------------------------------------------- planning


def plan_tasks(
    tracks: Sequence[Track], split: str, limit: int | None
) -> dict[tuple[str, str], tuple[TaskPlan, list[Rendered]]]:
    """Check and render every task once, before any solver is called (a bad template fails here)."""
    plans = {}
    for track in tracks:
        for index, task in enumerate(track.spec.tasks):
            plan = plan_task(track, index, render_all=False)
            plans[(track.id, task.id)] = (plan, plan.renderer.render_split(split, limit))
    return plans


def _jobs_for(
    submission: Submission, tracks: Sequence[Track], plans: dict, store: Store, fresh: bool
) -> list[TaskJob]:
    jobs = []
    for track in tracks:
        if not submission.spec.runs_track(track.id):
            continue
        for task in track.spec.tasks:
            _plan, rendered = plans[(track.id, task.id)]
            fingerprint = submission.fingerprint(track.id, task.id)
            unique: dict[str, Request] = {}
            for item in rendered:
                request = item.request(fingerprint)
                unique.setdefault(request.key, request)
            done = set() if fresh else store.ok_keys(list(unique))
            pending = [r for k, r in unique.items() if k not in done]
            jobs.append(
                TaskJob(submission, track, task.id, len(rendered), pending, len(rendered) - len(pending))
            )
    return jobs


def dev_examples(plans: dict) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Each task's public split (its few-shot split, else "dev") as a python solver's `setup` receives it.

    Never the evaluated split: its references are hidden.
    """
    out = {}
    for key, (plan, _rendered) in plans.items():
        task = plan.data.task
        split = task.prompt.few_shot.split if task.prompt.few_shot else "dev"
        samples = plan.data.split(split) if split != task.eval_split else []
        out[key] = [plan.renderer.example_for_setup(s) for s in samples]
    return out


def manifest(
    tracks: Sequence[Track], submissions: Sequence[Submission], plans: dict, options: RunOptions
) -> dict:
    return {
        "harness_version": __version__,
        "python": platform.python_version(),
        "split": options.split,
        "limit": options.limit,
        "tracks": {
            t.id: {
                "version": t.spec.version,
                "spec_sha256": hashlib.sha256(t.path.read_bytes()).hexdigest()[:16],
                "seed": t.spec.leaderboard.seed,
                "data": {task.id: plans[(t.id, task.id)][0].data.digest for task in t.spec.tasks},
            }
            for t in tracks
        },
        "submissions": {s.name: {"kind": s.spec.kind, "spec_hash": s.spec.spec_hash()} for s in submissions},
    }


def _concurrency(submission: Submission, options: RunOptions) -> int:
    spec = submission.spec
    if options.concurrency:
        return options.concurrency
    if isinstance(spec, PythonSubmission):
        return spec.max_concurrency or spec.workers
    if isinstance(spec, PredictionsSubmission):
        return 1  # answers come from memory: one coroutine is fastest
    assert isinstance(spec, EndpointSubmission)
    return spec.max_concurrency


# ---------------------------------------------------------------- execution


async def _run_submission(
    submission: Submission,
    solver: Solver,
    jobs: list[TaskJob],
    concurrency: int,
    writer: ResponseWriter,
    progress: Progress,
    run_id: int,
) -> None:
    handles = {
        id(job): progress.add(f"{submission.name} · {job.track.id}/{job.task}", job.total, job.stored)
        for job in jobs
    }
    remaining = {id(job): len(job.pending) for job in jobs}
    queue = iter([(job, request) for job in jobs for request in job.pending])
    task_done = getattr(solver, "task_done", None)

    async def worker() -> None:
        for job, request in queue:  # a shared iterator: each request is taken by one worker
            response = await solver.solve(request)
            writer.add(
                response_row(
                    response,
                    submission.name,
                    job.track.id,
                    job.task,
                    request.sample_id,
                    request.variant,
                    run_id,
                )
            )
            job.record(response)
            progress.advance(handles[id(job)], response.status != "ok")
            remaining[id(job)] -= 1
            if remaining[id(job)] == 0 and task_done is not None:
                await task_done(job.track.id, job.task)

    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))


async def _run_all(
    work: list[tuple[Submission, list[TaskJob]]],
    options: RunOptions,
    store: Store,
    run_id: int,
    context: SolverContext,
    progress: Progress,
) -> tuple[dict[str, bool], list[str]]:
    solvers = [build_solver(sub, context) for sub, _ in work]
    writer = ResponseWriter(store)
    started: list[Solver] = []
    try:
        for solver in solvers:  # every start check (e.g. a missing API key) before any call
            await solver.start()
            started.append(solver)
        writer.start()
        await asyncio.gather(
            *(
                _run_submission(sub, solver, jobs, _concurrency(sub, options), writer, progress, run_id)
                for (sub, jobs), solver in zip(work, solvers, strict=True)
            )
        )
    finally:
        await writer.stop()
        for solver in started:
            await solver.close()
    sandboxed = {
        sub.name: bool(getattr(s, "sandboxed", True))
        for (sub, _), s in zip(work, solvers, strict=True)
        if isinstance(sub.spec, PythonSubmission)
    }
    notes = [note for s in solvers for note in getattr(s, "notes", [])]
    return sandboxed, notes


class Executor(Protocol):
    """Where the planned work runs. In-process asyncio today; the seam for a cluster (Ray tasks
    per submission x task) later: it receives the same jobs and writes through the same store."""

    def execute(
        self,
        work: list[tuple[Submission, list[TaskJob]]],
        options: RunOptions,
        store: Store,
        run_id: int,
        context: SolverContext,
        progress: Progress,
    ) -> tuple[dict[str, bool], list[str]]: ...


class AsyncioExecutor:
    """Every submission side by side on one event loop, each bounded by its own concurrency."""

    def execute(
        self,
        work: list[tuple[Submission, list[TaskJob]]],
        options: RunOptions,
        store: Store,
        run_id: int,
        context: SolverContext,
        progress: Progress,
    ) -> tuple[dict[str, bool], list[str]]:
        with asyncio.Runner(loop_factory=new_event_loop) as runner:
            return runner.run(_run_all(work, options, store, run_id, context, progress))


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where it is installed (it is declared for every platform but Windows).

    Its sockets, timers and callbacks cost less CPU per HTTP request than asyncio's own loop: with
    orjson, a run at zero latency went from ~0.6 to ~0.4 ms of CPU per sample
    (benchmarks/runner_overhead.py).
    """
    try:
        import uvloop
    except ImportError:  # Windows: asyncio's loop does the same work, a little slower
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


@contextlib.contextmanager
def _gc_skips_long_lived() -> Iterator[None]:
    """Keep the cyclic garbage collector off the objects that live for the whole run.

    Modules, specs and the planned requests (a million objects for a large run) are never
    garbage, but every full collection walked them all: ~0.1 s each, a few per run. Frozen
    objects are still freed by reference counting; `unfreeze` hands them back at the end.
    """
    gc.freeze()  # what the imports made
    try:
        yield
    finally:
        gc.unfreeze()


def run_competition(
    store: Store,
    tracks: Sequence[Track],
    submissions: Sequence[Submission],
    options: RunOptions,
    executor: Executor | None = None,
) -> RunResult:
    """Plan, then call every submission on every task; Ctrl-C keeps every finished response."""
    with _gc_skips_long_lived():
        return _run_competition(store, tracks, submissions, options, executor or AsyncioExecutor())


def _run_competition(
    store: Store,
    tracks: Sequence[Track],
    submissions: Sequence[Submission],
    options: RunOptions,
    executor: Executor,
) -> RunResult:
    plans = plan_tasks(tracks, options.split, options.limit)
    for sub in submissions:
        if options.fresh:
            for track in tracks:
                store.delete_responses(sub.name, track.id)
        store.record_submission(
            sub.name, sub.spec.team, sub.spec.kind, sub.spec.spec_hash(), sub.spec.model_dump_json()
        )
    work = [(sub, _jobs_for(sub, tracks, plans, store, options.fresh)) for sub in submissions]
    needs_dev = any(isinstance(sub.spec, PythonSubmission) for sub in submissions)
    context = SolverContext(dev_examples(plans) if needs_dev else {}, options.require_sandbox)
    run_id = store.start_run(__version__, manifest(tracks, submissions, plans, options))
    progress = make_progress(options.progress)
    gc.freeze()  # the plans and requests: they live until the run ends
    collector.resume()  # paused by the console script while the run started
    status, sandboxed, notes = "interrupted", {}, []
    try:
        sandboxed, notes = executor.execute(work, options, store, run_id, context, progress)
        status = "finished"
    except UserError:
        status = "failed"  # e.g. a missing API key variable, found before any call
        raise
    finally:
        progress.close()
        jobs = [job for _, jobs in work for job in jobs]
        store.finish_run(
            run_id,
            status,
            {"jobs": [j.summary() for j in jobs], "sandboxed": sandboxed, "notes": notes},
            {"sandboxed": sandboxed},
        )
    return RunResult(run_id, status, jobs, sandboxed, notes)
