"""Committing a batch of responses from a thread while another thread keeps the GIL busy.

    python benchmarks/store_writes.py [--rows 1000] [--repeat 3]

The runner commits each batch in a worker thread while its event loop runs; at zero latency the
loop is rarely idle. sqlite3 releases the GIL around each statement step and must get it back
afterwards, which can take up to the switch interval (5 ms) when another thread is running. So
the cost of a batch depends on how many statements it steps, not on how many rows it has:

- `Store.write_responses` (many rows per statement: what the runner uses);
- the same upsert as an executemany, one step per row (what the store did before).

Each is timed alone and beside a thread spinning on pure Python (the busy event loop's stand-in),
on a fresh SQLite file in WAL mode. The median of `--repeat` batches is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness.solvers.base import Response
from harness.store import Store, response_row


def rows_of(tag: str, n: int) -> list[dict]:
    text = "根据《政务服务条例》第十二条，该事项应向区市场监督管理局申请办理。" * 2
    return [
        response_row(
            Response(f"{tag}-{i:06d}", text=text, prompt_tokens=120, completion_tokens=40, latency_ms=812.5),
            "team",
            "gov_services",
            "hotline_routing",
            f"s{i:06d}",
            "",
            1,
        )
        for i in range(n)
    ]


def executemany(store: Store) -> Callable[[list[dict]], None]:
    """The upsert as one statement per row: the store's write path before many-row statements."""
    with store.engine.connect() as conn:
        upsert = store._sqlite_response_upsert(conn)
    one_row = f"{upsert.head}{upsert.row}{upsert.tail}"

    def write(rows: list[dict]) -> None:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(one_row, [upsert.values(r) for r in rows])

    return write


def spin(stop: threading.Event) -> None:
    """Pure Python until told to stop: holds the GIL but for the interpreter's forced switches."""
    while not stop.is_set():
        sum(range(200))


def timed(write: Callable[[list[dict]], None], tag: str, n: int, repeat: int, busy: bool) -> float:
    times = []
    for k in range(repeat):
        rows = rows_of(f"{tag}-{busy}-{k}", n)
        stop = threading.Event()
        spinner = threading.Thread(target=spin, args=(stop,))
        if busy:
            spinner.start()
        started = time.perf_counter()
        write(rows)
        times.append(time.perf_counter() - started)
        stop.set()
        if busy:
            spinner.join()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"switch interval {sys.getswitchinterval() * 1000:.0f} ms; {args.rows} rows per batch")
    print("| write path | alone ms | beside a busy thread ms | slowdown |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.db", Path(folder))
        store.write_responses(rows_of("warm", 10))
        paths = {
            "Store.write_responses (many rows per statement)": store.write_responses,
            "executemany (one statement per row)": executemany(store),
        }
        for name, write in paths.items():
            alone = timed(write, name[:5], args.rows, args.repeat, busy=False)
            busy = timed(write, name[:5], args.rows, args.repeat, busy=True)
            print(f"| {name} | {alone * 1000:.1f} | {busy * 1000:.1f} | {busy / alone:.0f}x |", flush=True)
        store.engine.dispose()


if __name__ == "__main__":
    main()
