"""Progress display for a run: rich bars on a terminal, a plain log otherwise, nothing with --quiet."""

from __future__ import annotations

import sys
import time
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
    """Live bars per submission x task: done/total, throughput, ETA, errors."""

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
        self.started: dict[int, tuple[float, int]] = {}
        self.errors: dict[int, int] = {}
        self.bars.start()

    def add(self, label: str, total: int, done: int) -> int:
        handle = int(self.bars.add_task(label, total=total, completed=done, errors=0, rate="-"))
        self.started[handle] = (time.monotonic(), done)
        self.errors[handle] = 0
        return handle

    def advance(self, handle: int, error: bool) -> None:
        self.errors[handle] += int(error)
        started, done_before = self.started[handle]
        done = int(self.bars.tasks[handle].completed) + 1 - done_before
        rate = f"{done / max(time.monotonic() - started, 1e-9):.1f}"
        self.bars.update(handle, advance=1, errors=self.errors[handle], rate=rate)

    def close(self) -> None:
        self.bars.stop()


def make_progress(mode: str) -> Progress:
    """`auto`: rich bars on a terminal, a plain log otherwise."""
    if mode == "quiet":
        return QuietProgress()
    if mode == "rich" or (mode == "auto" and sys.stderr.isatty()):
        return RichProgress()
    return PlainProgress()
