"""Independent jobs over the store, in forked worker processes: how the report scales with CPUs."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from harness.store import Store

J = TypeVar("J")
R = TypeVar("R")

# What a forked worker inherits: set just before the pool forks, read by `_job`.
_FORKED: dict[str, Any] = {}


def map_forked(fn: Callable[[Store, J], R], store: Store, jobs: Sequence[J], workers: int) -> list[R]:
    """`[fn(store, job) for job in jobs]`, in up to `workers` forked processes when that can help.

    Each worker opens the store again from its URL: a connection pool must never cross a fork.
    Serial with one job or one worker, without fork (Windows), or for a store no other process
    can open (in-memory SQLite: a worker would see an empty database). `fn` is inherited by the
    fork, never pickled; jobs and results are.
    """
    workers = min(workers, len(jobs))
    if workers <= 1 or not store.reopenable or "fork" not in mp.get_all_start_methods():
        return [fn(store, job) for job in jobs]
    _FORKED.update(fn=fn, url=store.engine.url.render_as_string(hide_password=False))
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            return pool.map(_job, jobs, chunksize=1)
    finally:
        _FORKED.clear()


def _job(job: Any) -> Any:
    if "store" not in _FORKED:  # once per worker process
        _FORKED["store"] = Store.open(_FORKED["url"], Path.cwd())
    return _FORKED["fn"](_FORKED["store"], job)
