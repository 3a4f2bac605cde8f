"""The cyclic garbage collector while a command starts: paused, then resumed with start-up frozen.

Start-up makes about a million objects that live as long as the process (modules, classes,
pydantic and SQLAlchemy structures, a run's planned requests), and the collector walked them
again and again while they were being made: 5-10 % of the CPU of starting a command
(benchmarks/README.md). The console script pauses it; the command resumes it once the long-lived
objects exist, freezing them so that no later collection walks them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_state = {"paused": False}


def pause() -> None:
    """Stop collecting (if collection is on: a program that turned it off keeps it off)."""
    if gc.isenabled():
        gc.disable()
        _state["paused"] = True


def resume() -> None:
    """Collect again, never walking what exists now; nothing unless `pause` paused it."""
    if _state["paused"]:
        _state["paused"] = False
        gc.freeze()
        gc.enable()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block (when collection is on): for a burst of new objects that
    are not garbage, such as a million fetched rows, which generational passes would walk again
    and again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
