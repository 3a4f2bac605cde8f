"""Runner overhead: the real `horserace run` against a stub endpoint, next to a bare aiohttp loop.

    python benchmarks/runner_overhead.py [--repeat 3] [--quick] [--no-startup]

For each setting (latency L, samples N, concurrency C) the stub (benchmarks/stub_server.py) runs
in its own process, a temp competition root is written (one track, one chat task with N samples,
no few-shot; an endpoint submission pointing at the stub with max_concurrency C, max_retries 0,
its key in the child's environment) and `horserace run --no-score --no-report --quiet` runs as
a subprocess on a fresh store. Measured per run:

- wall: process start -> exit (imports, loading, planning, requests, last commit, everything);
- where the wall time went, as the stub saw it (`StubProcess.timeline`): process start -> first
  request (start-up), first request -> last reply (the requests), last reply -> exit;
- CPU: the child's user + sys from `os.wait4` (its own rusage, exact per child), per sample; and
  per request after start-up: what it used after the stub's first request (its CPU is read from
  /proc every 5 ms while it runs), as the issue's table counts CPU ("0.9 ms + startup");
- stub CPU per request (from /proc), to show the stub is not the bottleneck;
- that every one of the N responses is stored with status ok.

The same N requests (same bodies, same C) are then sent by a bare aiohttp loop in a fresh
process: no harness, no store, no retries; the practical ceiling. Ideal wall = N / C × L.
Start-up of `horserace --help` / `track list` comes from benchmarks/startup.py.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_clients import StubProcess, machine, process_cpu_s
from startup import REPO, child_env, compile_sources, horserace_command

SETTINGS = ((200.0, 4000, 64), (0.0, 10000, 64))  # (latency_ms, samples, concurrency)
QUICK_SETTINGS = ((200.0, 1000, 64), (0.0, 2000, 64))
KEY_ENV = "BENCH_STUB_KEY"
MODEL = "stub-model"
MAX_TOKENS = 8


@dataclass
class Measurement:
    what: str  # "horserace" | "bare aiohttp"
    latency_ms: float
    n: int
    concurrency: int
    wall_s: float  # process start -> exit
    to_first_s: float  # process start -> the stub's first request
    requests_s: float  # the stub's first request -> its last reply
    after_last_s: float  # the stub's last reply -> exit
    cpu_s: float  # the child's user + sys
    cpu_after_start_s: float  # of cpu_s, what it used after the stub's first request
    stub_cpu_s: float
    stored_ok: int | None  # None for the bare loop (it stores nothing)

    @property
    def ideal_s(self) -> float:
        return self.n / self.concurrency * self.latency_ms / 1000.0


# ---------------------------------------------------------------- the competition


def sample_text(i: int) -> str:
    return f"第{i:05d}号诉求：小区门口的公交站牌被撞坏了，请问应该向哪个部门反映？"


def write_competition(root: Path, n: int, port: int, concurrency: int) -> None:
    """One track with one chat task of n samples (no few-shot) and one endpoint submission."""
    track = root / "tracks" / "bench"
    (track / "data").mkdir(parents=True)
    (track / "track.yaml").write_text(
        "id: bench\nname: 基准\ndomain: benchmark\ntasks:\n"
        "  - id: echo\n    dataset: {path: data/echo.jsonl}\n    inputs: [text]\n    target: answer\n"
        f"    prompt: {{template: '{{{{ text }}}}'}}\n    generation: {{max_tokens: {MAX_TOKENS}}}\n"
        "    scorers: [exact_match]\n",
        "utf-8",
    )
    with (track / "data" / "echo.jsonl").open("w", encoding="utf-8") as out:
        for i in range(n):
            row = {"id": f"s{i:05d}", "split": "test", "text": sample_text(i), "answer": "交通"}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    sub = root / "submissions" / "stub"
    sub.mkdir(parents=True)
    (sub / "submission.yaml").write_text(
        "kind: endpoint\nteam: 基准队\nname: stub\n"
        f"url: http://127.0.0.1:{port}/v1\nmodel: {MODEL}\napi_key_env: {KEY_ENV}\n"
        f"max_concurrency: {concurrency}\nmax_retries: 0\ntimeout_s: 60\n",
        "utf-8",
    )


# ---------------------------------------------------------------- one child process, timed


@dataclass
class Child:
    wall_s: float
    cpu_s: float  # user + sys
    started: float  # epoch seconds, to place the stub's timeline
    ended: float
    stdout: str
    cpu_trace: list[tuple[float, float]]  # (epoch s, CPU s used so far) every 5 ms while it ran

    def cpu_at(self, moment: float) -> float:
        """CPU seconds used by `moment` (epoch s), to the last 5 ms reading and /proc's 10 ms tick."""
        return max((cpu for at, cpu in self.cpu_trace if at <= moment), default=0.0)


def run_child(argv: list[str], cwd: Path, env: dict[str, str]) -> Child:
    """One child, timed; wait4 gives that child's own rusage, /proc its CPU while it runs."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started, started_epoch = time.perf_counter(), time.time()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
        trace = []
        while True:  # until it exits; it stays readable in /proc until reaped
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            trace.append((time.time(), process_cpu_s(process.pid)))
            time.sleep(0.005)
        wall, ended_epoch = time.perf_counter() - started, time.time()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{argv} exited {process.returncode}: {err.read().decode()[-2000:]}")
        cpu = usage.ru_utime + usage.ru_stime
        return Child(wall, cpu, started_epoch, ended_epoch, out.read().decode(), trace)


def measurement(
    what: str,
    stub: StubProcess,
    latency_ms: float,
    n: int,
    concurrency: int,
    child: Child,
    stub_cpu_s: float,
    stored_ok: int | None,
) -> Measurement:
    """A child's figures, its wall time split where the stub saw its first request and last reply."""
    marks = stub.timeline()
    if marks["replies"] != n:
        raise RuntimeError(f"{what}: the stub answered {marks['replies']} requests, not {n}")
    return Measurement(
        what,
        latency_ms,
        n,
        concurrency,
        child.wall_s,
        marks["first"] - child.started,
        marks["last"] - marks["first"],
        child.ended - marks["last"],
        child.cpu_s,
        child.cpu_s - child.cpu_at(marks["first"]),
        stub_cpu_s,
        stored_ok,
    )


def measure_harness(
    stub: StubProcess, latency_ms: float, n: int, concurrency: int, source: Path | None = None
) -> Measurement:
    """One `horserace run`; `source`: run the harness from that source tree instead (a baseline)."""
    with tempfile.TemporaryDirectory(prefix="horserace-bench-") as tmp:
        root = Path(tmp)
        write_competition(root, n, stub.port, concurrency)
        env = {**child_env(source), KEY_ENV: "sk-bench-not-a-secret"}
        # another tree's console-script entry may differ from the installed one's: run it as a module
        launcher = horserace_command() if source is None else [sys.executable, "-m", "harness.cli"]
        argv = [*launcher, "run", "--no-score", "--no-report", "--quiet"]
        stub_cpu0 = process_cpu_s(stub.process.pid)
        child = run_child(argv, root, env)
        stub_cpu = process_cpu_s(stub.process.pid) - stub_cpu0
        with sqlite3.connect(root / ".horserace" / "horserace.db") as db:
            stored = db.execute("select count(*) from responses where status = 'ok'").fetchone()[0]
            errors = db.execute(
                "select error_kind, min(error_message), count(*) from responses"
                " where status != 'ok' group by error_kind"
            ).fetchall()
        for kind, message, count in errors:  # the run must be clean: say why it is not
            print(f"  ! {count} responses failed: {kind}: {message}", file=sys.stderr, flush=True)
    what = "horserace" if source is None else f"horserace ({source.name})"
    return measurement(what, stub, latency_ms, n, concurrency, child, stub_cpu, stored)


def measure_bare(
    stub: StubProcess, latency_ms: float, n: int, concurrency: int, loop: str = "asyncio"
) -> Measurement:
    """The bare loop on asyncio's event loop (the issue's ceiling) or on uvloop (the harness's loop)."""
    argv = [sys.executable, __file__, "--bare", "--port", str(stub.port), "--n", str(n), "--loop", loop]
    stub_cpu0 = process_cpu_s(stub.process.pid)
    child = run_child([*argv, "--concurrency", str(concurrency)], Path.cwd(), child_env())
    stub_cpu = process_cpu_s(stub.process.pid) - stub_cpu0
    what = "bare aiohttp" if loop == "asyncio" else f"bare aiohttp ({loop})"
    return measurement(what, stub, latency_ms, n, concurrency, child, stub_cpu, None)


# ---------------------------------------------------------------- the bare loop (child process)


def bare_main(port: int, n: int, concurrency: int, loop: str) -> None:
    """The same requests as the harness sends, by a bare aiohttp loop."""
    import aiohttp

    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    headers = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench-not-a-secret"}

    async def main() -> None:
        bodies = (
            json.dumps(
                {
                    "model": MODEL,
                    "messages": [{"role": "user", "content": sample_text(i)}],
                    "max_tokens": MAX_TOKENS,
                    "temperature": 0.0,
                },
                ensure_ascii=False,
            ).encode()
            for i in range(n)
        )
        connector = aiohttp.TCPConnector(limit=concurrency)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(headers=headers, connector=connector, timeout=timeout) as session:

            async def worker() -> None:
                for body in bodies:  # a shared iterator: each request is taken exactly once
                    async with session.post(url, data=body) as response:
                        answer = json.loads(await response.read())
                    assert answer["choices"][0]["message"]["content"], answer

            await asyncio.gather(*(worker() for _ in range(concurrency)))

    if loop == "uvloop":
        import uvloop

        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(main())
    else:
        asyncio.run(main())


# ---------------------------------------------------------------- driver and table


def cpu_probe() -> float:
    """Seconds for a fixed pure-Python loop: this VM's speed varies with its neighbours, so each
    table says how fast the machine was while it was measured (~0.6 s on a quiet host)."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def run_all(settings, repeat: int, baseline: Path | None = None) -> list[list[Measurement]]:
    """`repeat` runs of each (setting, what), interleaved and in alternating order (the machine is
    shared: what it is doing meanwhile hits every variant alike); sorted by wall time."""
    compile_sources(REPO, baseline)  # what the first, untimed start of a user's install does
    variants = [measure_harness, measure_bare, functools.partial(measure_bare, loop="uvloop")]
    if baseline is not None:
        variants.insert(1, functools.partial(measure_harness, source=baseline))
    grouped = []
    for latency_ms, n, concurrency in settings:
        with StubProcess(latency_ms, "raw") as stub:
            runs: list[list[Measurement]] = [[] for _ in variants]
            for rep in range(repeat):
                order = list(range(len(variants)))
                for i in order if rep % 2 == 0 else order[::-1]:
                    result = variants[i](stub, latency_ms, n, concurrency)
                    runs[i].append(result)
                    print(f"  {_row(result, [result])}", file=sys.stderr, flush=True)
        grouped += [sorted(r, key=lambda m: m.wall_s) for r in runs]
    return grouped


HEADER = (
    "| setting | what | wall s | wall range | ideal s | wall/ideal | req/s (wall) | start -> 1st request s "
    "| requests s | req/s (requests) | last reply -> exit s | CPU ms/sample | CPU ms/request after start-up "
    "| stub CPU ms/req | stored ok |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _row(m: Measurement, runs: list[Measurement]) -> str:
    ideal = f"{m.ideal_s:.2f}" if m.ideal_s else "-"
    ratio = f"{m.wall_s / m.ideal_s:.3f}" if m.ideal_s else "-"
    stored = "-" if m.stored_ok is None else f"{m.stored_ok}/{m.n}"
    return (
        f"| L={m.latency_ms:g}ms N={m.n} C={m.concurrency} | {m.what} | {m.wall_s:.2f} "
        f"| {runs[0].wall_s:.2f}–{runs[-1].wall_s:.2f} | {ideal} | {ratio} | {m.n / m.wall_s:,.0f} "
        f"| {m.to_first_s:.3f} | {m.requests_s:.2f} | {m.n / m.requests_s:,.0f} | {m.after_last_s:.3f} "
        f"| {1000 * m.cpu_s / m.n:.3f} | {1000 * m.cpu_after_start_s / m.n:.3f} "
        f"| {1000 * m.stub_cpu_s / m.n:.3f} | {stored} |"
    )


def table(grouped: list[list[Measurement]]) -> str:
    """One row per (setting, what): the median run by wall time, with the range over runs."""
    return "\n".join([HEADER] + [_row(runs[len(runs) // 2], runs) for runs in grouped])


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="horserace run overhead vs a bare aiohttp loop.")
    parser.add_argument("--repeat", type=int, default=3, help="runs per (setting, what); median shown")
    parser.add_argument("--quick", action="store_true", help="smaller N, one run: a smoke test")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    parser.add_argument(
        "--setting",
        action="append",
        metavar="L:N:C",
        help="latency ms, samples, concurrency instead of the defaults (repeatable)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="also run the harness from this source tree (e.g. `git worktree add /tmp/old <commit>`)",
    )
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, default=64, help=argparse.SUPPRESS)
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    args = _parse_args()
    if args.bare:
        bare_main(args.port, args.n, args.concurrency, args.loop)
        sys.exit(0)
    repeat = 1 if args.quick else args.repeat
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {machine()}; repeat {repeat} (median); load average {load}", flush=True)
    print(f"CPU probe before: {cpu_probe():.2f} s", flush=True)
    settings = QUICK_SETTINGS if args.quick else SETTINGS
    if args.setting:
        settings = tuple((float(lat), int(n), int(c)) for lat, n, c in (x.split(":") for x in args.setting))
    results = run_all(settings, repeat, args.baseline.resolve() if args.baseline else None)
    print(f"CPU probe after: {cpu_probe():.2f} s")
    print(table(results))
    if not args.no_startup:
        import startup

        print()
        baseline = args.baseline.resolve() if args.baseline else None
        print(startup.table(startup.measure(startup.REPO, 3 if args.quick else 5, baseline)))
