"""Progress display for a run: rich bars on a terminal, a plain log otherwise, nothing with --quiet."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Protocol


class Progress(Protocol):
    def add(self, label: str, total: int, done: int) -> int: ...

    def advance(self, handle: int, error: bool) -> None: ...

    def close(self) -> None: ...


class QuietProgress:
    def add(self, label: str, total: int, done: int) -> int:
        return 0

    def advance(self, handle: int, error: bool) -> None:
        return None

    def close(self) -> None:
        return None


class PlainProgress:
    """One line per bar every few seconds and when it completes: readable in CI logs and pipes."""

    def __init__(self, every_s: float = 5.0, stream=None):
        self.every_s, self.stream = every_s, stream or sys.stderr
        self.bars: list[list] = []  # label, total, done, errors, started
        self.last = time.monotonic()

    def add(self, label: str, total: int, done: int) -> int:
        self.bars.append([label, total, done, 0, time.monotonic()])
        if done >= total:
            print(f"{label}: {done}/{total} already stored", file=self.stream, flush=True)
        return len(self.bars) - 1

    def advance(self, handle: int, error: bool) -> None:
        bar = self.bars[handle]
        bar[2] += 1
        bar[3] += int(error)
        now = time.monotonic()
        if bar[2] == bar[1]:
            self._line(bar, now)
        elif now - self.last >= self.every_s:
            self.last = now
            for other in self.bars:
                if other[2] < other[1]:
                    self._line(other, now)

    def _line(self, bar: list, now: float) -> None:
        label, total, done, errors, started = bar
        rate = done / max(now - started, 1e-9)
        print(f"{label}: {done}/{total} ({rate:.1f}/s, {errors} errors)", file=self.stream, flush=True)

    def close(self) -> None:
        return None


class RichProgress:
    """Live bars per submission x task: done/total, throughput, ETA, errors.

    Counts are kept here and handed to rich at most every PUSH_EVERY_S per bar (and when a bar
    completes): rich redraws 5 times a second, and its per-call update cost more than a
    request to a fast server.
    """

    PUSH_EVERY_S = 0.1

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichBars

        self.bars = RichBars(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}/s"),
            TimeRemainingColumn(),
            TextColumn("[red]{task.fields[errors]} err"),
            refresh_per_second=5,
            transient=False,
        )
        self.counts: dict[int, _BarCounts] = {}
        self.bars.start()

    def add(self, label: str, total: int, done: int) -> int:
        handle = int(self.bars.add_task(label, total=total, completed=done, errors=0, rate="-"))
        now = time.monotonic()
        self.counts[handle] = _BarCounts(total, done, started=now, done_before=done, pushed=now, shown=done)
        return handle

    def advance(self, handle: int, error: bool) -> None:
        bar = self.counts[handle]
        bar.done += 1
        bar.errors += int(error)
        now = time.monotonic()
        if now - bar.pushed >= self.PUSH_EVERY_S or bar.done >= bar.total:
            self._push(handle, bar, now)

    def _push(self, handle: int, bar: _BarCounts, now: float) -> None:
        bar.pushed, bar.shown = now, bar.done
        rate = f"{(bar.done - bar.done_before) / max(now - bar.started, 1e-9):.1f}"
        self.bars.update(handle, completed=bar.done, errors=bar.errors, rate=rate)

    def close(self) -> None:
        now = time.monotonic()
        for handle, bar in self.counts.items():
            if bar.shown != bar.done:  # what the last throttled interval counted
                self._push(handle, bar, now)
        self.bars.stop()


@dataclass
class _BarCounts:
    total: int
    done: int
    started: float
    done_before: int  # stored before this run: not part of its throughput
    pushed: float  # when rich last heard of this bar
    shown: int  # the count rich last heard
    errors: int = 0


def make_progress(mode: str) -> Progress:
    """`auto`: rich bars when stdout is a terminal, a plain log otherwise (pipes, CI logs)."""
    if mode == "quiet":
        return QuietProgress()
    if mode == "rich" or (mode == "auto" and sys.stdout.isatty()):
        return RichProgress()
    return PlainProgress()
