"""The runner: every submission on every task, bounded and concurrent, every response stored as it arrives.

Requests are rendered and checked before any solver is called. Each submission has
its own pool of worker coroutines (its concurrency); all submissions run side by
side. Responses go to the store in batches flushed at least every 100 ms, so a
killed run loses at most the requests in flight plus one batch, and a resumed run
never re-sends a committed answer.

An existing store is opened before anything is sent: resuming needs what it holds, and a store
that refuses to open (a newer schema, not a database) must fail before the first paid call, with
--fresh too. A store that does not exist yet (a competition's first run) holds nothing to look
up: its location is checked usable beforehand (by the caller), and it is created while the first
requests are in flight (`RunStore`). Opening it is mostly importing SQLAlchemy, 0.2-0.3 s that
the run would otherwise spend before its first request; so nothing here imports SQLAlchemy at
module level. Responses that arrive meanwhile wait in the writer: on a first run the first batch
lasts until the store is open, and a run killed before then loses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import platform
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from harness import __version__, collector
from harness.checks import TaskPlan, check_split, plan_task
from harness.errors import UserError
from harness.loading import Submission, Track
from harness.progress import Progress, make_progress
from harness.prompting import Rendered
from harness.solvers.base import Request, Response, Solver
from harness.solvers.registry import SolverContext, build_solver
from harness.specs import EndpointSubmission, PredictionsSubmission, PythonSubmission

if TYPE_CHECKING:
    from harness.store import Store

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
    """One submission on one task: what to send and how it went.

    `todo` holds what may still need sending. Its keys are computed as each request is taken
    (`take`), not before the first one: on a new store nothing stored needs looking up, and
    hashing 4000 prompts took 50-90 ms before the first request. Identical requests are
    found then too: the first is sent, the others are counted as stored (scores find every
    sample's answer by its key).
    """

    submission: Submission
    track: Track
    task: str
    fingerprint: str  # the submission's, for this task: part of every key
    total: int  # requests (variants included) the task needs
    todo: list[Rendered]  # not answered by an earlier run (looked up in the store, if it existed)
    stored: int  # answered by earlier runs; identical requests are added as they are taken
    sent: int = 0
    ok: int = 0
    errors: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    tokens: int = 0
    _taken: set[str] = field(default_factory=set, repr=False)

    def take(self, item: Rendered) -> Request | None:
        """The request to send for `item`, or None when an identical one was taken before."""
        request = item.request(self.fingerprint)
        if request.key in self._taken:
            self.stored += 1
            return None
        self._taken.add(request.key)
        self.sent += 1
        return request

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
            "sent": self.sent,
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


class RunStore:
    """The store a run writes to and the run's id in it, ready once `begin` has run.

    `begin` opens the store, records the submissions (with --fresh, forgetting their stored
    answers first) and starts the run's row. It runs once: before the first request when the
    store exists (the caller calls it), or, when it does not yet, in a thread while the first
    requests are in flight (`ready`), the writer holding their responses until it is done.
    Either way, a run that fails or is interrupted early still ends recorded (`finish`), as it
    always was.
    """

    def __init__(self, begin: Callable[[], tuple[Store, int]]):
        self._begin = begin
        self._beginning: asyncio.Future[None] | None = None
        self._store: Store | None = None
        self.run_id: int | None = None
        self.failed = False  # `begin` raised: there is no store to record anything in

    def begin(self) -> None:
        """Open the store and start the run, unless that is done (or failed) already.

        Never runs twice at once: the event loop waits for its thread, and an event loop ends
        only after its threads have.
        """
        if self._store is not None or self.failed:
            return
        try:
            self._store, self.run_id = self._begin()
        except BaseException:
            self.failed = True
            raise

    async def ready(self) -> None:
        """Wait until `begin` is done, running it in a thread so the event loop keeps sending meanwhile."""
        if self._store is None:
            if self._beginning is None:
                self._beginning = asyncio.ensure_future(asyncio.to_thread(self.begin))
            await asyncio.shield(self._beginning)  # whoever stops waiting, it finishes for the others

    @property
    def store(self) -> Store:
        assert self._store is not None, "the run's store is not open yet"
        return self._store

    def finish(self, status: str, summary: dict[str, Any], manifest_update: dict[str, Any]) -> None:
        """Close the run's row; a run stopped before its store was opened opens it now to say so."""
        if self.failed:
            return
        self.begin()
        assert self.run_id is not None
        self.store.finish_run(self.run_id, status, summary, manifest_update)


# A buffered response: (response, submission, track, task, sample_id, variant, received_at).
Received = tuple[Response, str, str, str, str, str, float]


class ResponseWriter:
    """Buffers responses and commits them in one transaction at least every 100 ms.

    Responses are made into rows only when written: before a new store is ready there is no run
    id yet, and the store module (SQLAlchemy) may not even be imported. What arrives meanwhile
    is the first batch. A writer that fails (the store cannot be opened or written) stops the
    run: answers that cannot be stored are not worth paying for.
    """

    def __init__(self, run: RunStore):
        self.run = run
        self.buffer: list[Received] = []
        self._task: asyncio.Task | None = None
        self._writing: asyncio.Future | None = None

    def add(
        self, response: Response, submission: str, track: str, task: str, sample_id: str, variant: str
    ) -> None:
        self.buffer.append((response, submission, track, task, sample_id, variant, time.time()))

    def _take(self) -> list[Received]:
        batch, self.buffer = self.buffer, []
        return batch

    async def _loop(self) -> None:
        await self.run.ready()
        clock = asyncio.get_running_loop().time
        while True:
            started, batch = clock(), self._take()
            if batch:
                # the commit runs off the event loop so requests keep flowing meanwhile; it is
                # shielded so that stopping never abandons a batch half-way to the store
                self._writing = asyncio.ensure_future(asyncio.to_thread(self._write, batch))
                await asyncio.shield(self._writing)
            # a batch every 100 ms: the commit's own time counts (back to back if it took longer)
            await asyncio.sleep(max(0.0, FLUSH_EVERY_S - (clock() - started)))

    def start(self) -> None:
        """Write from now on, in a task that cancels the current one (the run) if it fails."""
        run = asyncio.current_task()
        assert run is not None

        def stop_run_if_failed(writer: asyncio.Task) -> None:
            if not writer.cancelled() and writer.exception() is not None:
                run.cancel()  # `stop` then raises the writer's exception in the run

        self._task = asyncio.create_task(self._loop())
        self._task.add_done_callback(stop_run_if_failed)

    async def stop(self) -> None:
        """Write what is left; raises what made the writer fail, if it did."""
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            if self._writing is not None:
                await self._writing  # a batch taken before the stop commits before the last one
        if self.buffer:
            # e.g. a run that ended (or was interrupted) before its new store was ready
            await self.run.ready()
            self._write(self._take())

    def _write(self, batch: list[Received]) -> None:
        from harness.store import response_row  # imported with the store, which is open by now

        run_id = self.run.run_id
        rows = [  # created_at: when each response arrived, not when its batch was written
            response_row(
                response, submission, track, task, sample_id, variant, run_id, created_at=received_at
            )
            for response, submission, track, task, sample_id, variant, received_at in batch
        ]
        self.run.store.write_responses(rows)


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
    check_split(split, [plan.data for plan, _rendered in plans.values()])
    return plans


def _jobs_for(
    submission: Submission, tracks: Sequence[Track], plans: dict, store: Store | None, fresh: bool
) -> list[TaskJob]:
    """What each task still needs; `store`: where to look up answers already stored (None: a new store)."""
    jobs = []
    for track in tracks:
        if not submission.spec.runs_track(track.id):
            continue
        for task in track.spec.tasks:
            _plan, rendered = plans[(track.id, task.id)]
            fingerprint = submission.fingerprint(track.id, task.id)
            todo = rendered
            if store is not None and not fresh:
                keys = [item.key(fingerprint) for item in rendered]
                done = store.ok_keys(list(dict.fromkeys(keys)))
                todo = [item for item, key in zip(rendered, keys, strict=True) if key not in done]
            jobs.append(
                TaskJob(
                    submission, track, task.id, fingerprint, len(rendered), todo, len(rendered) - len(todo)
                )
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
) -> None:
    handles = {
        id(job): progress.add(f"{submission.name} · {job.track.id}/{job.task}", job.total, job.stored)
        for job in jobs
    }
    remaining = {id(job): len(job.todo) for job in jobs}
    queue = iter([(job, item) for job in jobs for item in job.todo])
    task_done = getattr(solver, "task_done", None)

    async def worker() -> None:
        for job, item in queue:  # a shared iterator: each request is taken by one worker
            request = job.take(item)
            if request is None:
                progress.advance(handles[id(job)], False)  # answered by its identical twin
            else:
                response = await solver.solve(request)
                writer.add(
                    response, submission.name, job.track.id, job.task, request.sample_id, request.variant
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
    run: RunStore,
    context: SolverContext,
    progress: Progress,
) -> tuple[dict[str, bool], list[str]]:
    solvers = [build_solver(sub, context) for sub, _ in work]
    writer = ResponseWriter(run)
    started: list[Solver] = []
    try:
        for solver in solvers:  # every start check (e.g. a missing API key) before any call
            await solver.start()
            started.append(solver)
        sending = asyncio.gather(
            *(
                _run_submission(sub, solver, jobs, _concurrency(sub, options), writer, progress)
                for (sub, jobs), solver in zip(work, solvers, strict=True)
            )
        )
        writer.start()  # on a new store, its opening starts now, beside the first requests
        await sending
    finally:
        try:
            await writer.stop()
        finally:
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
        run: RunStore,
        context: SolverContext,
        progress: Progress,
    ) -> tuple[dict[str, bool], list[str]]: ...


class AsyncioExecutor:
    """Every submission side by side on one event loop, each bounded by its own concurrency."""

    def execute(
        self,
        work: list[tuple[Submission, list[TaskJob]]],
        options: RunOptions,
        run: RunStore,
        context: SolverContext,
        progress: Progress,
    ) -> tuple[dict[str, bool], list[str]]:
        with asyncio.Runner(loop_factory=new_event_loop) as runner:
            return runner.run(_run_all(work, options, run, context, progress))


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
    open_store: Callable[[], Store],
    tracks: Sequence[Track],
    submissions: Sequence[Submission],
    options: RunOptions,
    store_is_new: bool = False,
    executor: Executor | None = None,
) -> RunResult:
    """Plan, then call every submission on every task; Ctrl-C keeps every finished response.

    `store_is_new`: the store does not exist yet and its location was checked usable, so it is
    opened (`open_store`) while the first requests are in flight instead of before them.
    """
    with _gc_skips_long_lived():
        return _run_competition(
            open_store, tracks, submissions, options, store_is_new, executor or AsyncioExecutor()
        )


def _run_competition(
    open_store: Callable[[], Store],
    tracks: Sequence[Track],
    submissions: Sequence[Submission],
    options: RunOptions,
    store_is_new: bool,
    executor: Executor,
) -> RunResult:
    plans = plan_tasks(tracks, options.split, options.limit)
    store = None if store_is_new else open_store()
    work = [(sub, _jobs_for(sub, tracks, plans, store, options.fresh)) for sub in submissions]
    needs_dev = any(isinstance(sub.spec, PythonSubmission) for sub in submissions)
    context = SolverContext(dev_examples(plans) if needs_dev else {}, options.require_sandbox)
    run_manifest = manifest(tracks, submissions, plans, options)

    def begin() -> tuple[Store, int]:
        opened = open_store() if store is None else store
        for sub in submissions:
            if options.fresh:
                for track in tracks:
                    opened.delete_responses(sub.name, track.id)
            opened.record_submission(
                sub.name, sub.spec.team, sub.spec.kind, sub.spec.spec_hash(), sub.spec.model_dump_json()
            )
        # `runs.started_at` is this moment: just before the first request, or on a new store
        # just after it (by the time the store takes to open, ~0.2-0.3 s)
        run_id = opened.start_run(__version__, run_manifest)
        collector.resume()  # paused by the console script until start-up (SQLAlchemy's import too) is over
        return opened, run_id

    run = RunStore(begin)
    if not store_is_new:
        run.begin()
    if any(isinstance(sub.spec, EndpointSubmission) for sub in submissions):
        # its import changes the environment for a moment: before the run starts any thread
        import harness.solvers.http_client  # noqa: F401
    progress = make_progress(options.progress)
    gc.freeze()  # the plans and requests: they live until the run ends
    status, sandboxed, notes = "interrupted", {}, []
    try:
        sandboxed, notes = executor.execute(work, options, run, context, progress)
        status = "finished"
    except UserError:
        status = "failed"  # e.g. a missing API key variable, found before any call
        raise
    finally:
        progress.close()
        jobs = [job for _, jobs in work for job in jobs]
        summary = {"jobs": [j.summary() for j in jobs], "sandboxed": sandboxed, "notes": notes}
        run.finish(status, summary, {"sandboxed": sandboxed})
    assert run.run_id is not None
    return RunResult(run.run_id, status, jobs, sandboxed, notes)
