"""Bare aiohttp loop vs bare httpx loop against the stub OpenAI server: which client the endpoint solver uses.

    python benchmarks/http_clients.py [--repeat 3] [--stub-impl raw|aiohttp]

Each measurement runs in a fresh child process (no shared warm state, honest CPU numbers) that
sends the same N chat requests with C concurrent workers over keep-alive connections, after a
warm-up of C requests that opens the connections. The stub runs in its own process; its CPU per
request is read from /proc so one can check it is not the bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("stub_server.py")
CLIENTS = ("aiohttp", "httpx")
SETTINGS = ((200.0, 2000), (0.0, 5000))  # (latency_ms, requests)


@dataclass
class Result:
    client: str
    latency_ms: float
    n: int
    concurrency: int
    wall_s: float
    client_cpu_s: float
    stub_cpu_s: float

    @property
    def ideal_s(self) -> float:
        return self.n / self.concurrency * self.latency_ms / 1000.0


def request_body(i: int) -> bytes:
    messages = [{"role": "user", "content": f"Question {i}: what is the capital of France? Answer briefly."}]
    return json.dumps({"model": "stub", "messages": messages, "max_tokens": 16, "temperature": 0.0}).encode()


async def _run_workers(n: int, concurrency: int, send: Callable[[bytes], Awaitable[bytes]]) -> None:
    next_index = iter(range(n))

    async def worker() -> None:
        for i in next_index:  # a shared iterator: each request is taken exactly once
            answer = json.loads(await send(request_body(i)))
            assert answer["choices"][0]["message"]["content"], answer

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _aiohttp_loop(url: str, n: int, concurrency: int) -> tuple[float, float]:
    import aiohttp

    headers = {"Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:

        async def send(body: bytes) -> bytes:
            async with session.post(url, data=body, headers=headers) as response:
                return await response.read()

        return await _timed(n, concurrency, send)


async def _httpx_loop(url: str, n: int, concurrency: int) -> tuple[float, float]:
    import httpx

    headers = {"Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60.0) as client:

        async def send(body: bytes) -> bytes:
            response = await client.post(url, content=body, headers=headers)
            return response.content

        return await _timed(n, concurrency, send)


async def _timed(n: int, concurrency: int, send: Callable[[bytes], Awaitable[bytes]]) -> tuple[float, float]:
    await _run_workers(concurrency, concurrency, send)  # warm-up: open the keep-alive connections
    wall0, cpu0 = time.perf_counter(), time.process_time()
    await _run_workers(n, concurrency, send)
    return time.perf_counter() - wall0, time.process_time() - cpu0


def child_main(client: str, port: int, n: int, concurrency: int) -> None:
    """Runs in the child process: one measurement, printed as JSON."""
    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    loop_fn = _aiohttp_loop if client == "aiohttp" else _httpx_loop
    wall_s, cpu_s = asyncio.run(loop_fn(url, n, concurrency))
    print(json.dumps({"wall_s": wall_s, "cpu_s": cpu_s}))


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of another process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class StubProcess:
    """benchmarks/stub_server.py in its own process, for the duration of a `with` block."""

    def __init__(self, latency_ms: float, impl: str):
        self._args = [
            sys.executable,
            str(STUB),
            "--port",
            "0",
            "--latency-ms",
            str(latency_ms),
            "--impl",
            impl,
        ]

    def __enter__(self) -> StubProcess:
        self.process = subprocess.Popen(self._args, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())  # printed once the socket listens
        return self

    def timeline(self) -> dict[str, Any]:
        """When the first request arrived and the last reply left since the last call (epoch s)."""
        assert self.process.stdout is not None
        os.kill(self.process.pid, signal.SIGUSR1)
        return json.loads(self.process.stdout.readline())

    def __exit__(self, *exc_info: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def measure(stub: StubProcess, client: str, latency_ms: float, n: int, concurrency: int) -> Result:
    stub_cpu0 = process_cpu_s(stub.process.pid)
    args = [sys.executable, __file__, "--child", client, "--port", str(stub.port), "--n", str(n)]
    out = subprocess.run(
        [*args, "--concurrency", str(concurrency)], capture_output=True, text=True, check=True
    )
    stub_cpu_s = process_cpu_s(stub.process.pid) - stub_cpu0
    child = json.loads(out.stdout)
    return Result(client, latency_ms, n, concurrency, child["wall_s"], child["cpu_s"], stub_cpu_s)


def run_all(repeat: int, concurrency: int, stub_impl: str) -> list[list[Result]]:
    """`repeat` runs per (setting, client), sorted by wall time; clients alternate order per run."""
    grouped: list[list[Result]] = []
    for latency_ms, n in SETTINGS:
        with StubProcess(latency_ms, stub_impl) as stub:
            runs: dict[str, list[Result]] = {c: [] for c in CLIENTS}
            for rep in range(repeat):
                order = CLIENTS if rep % 2 == 0 else CLIENTS[::-1]
                for client in order:
                    runs[client].append(measure(stub, client, latency_ms, n, concurrency))
            grouped += [sorted(runs[client], key=lambda r: r.wall_s) for client in CLIENTS]
    return grouped


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line
        ]
        model = names[0] if names else model
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, Python {platform.python_version()}"


def versions() -> str:
    import aiohttp
    import httpx

    return f"aiohttp {aiohttp.__version__}, httpx {httpx.__version__}"


def table(grouped: list[list[Result]]) -> str:
    """One row per (setting, client): the median run by wall time, with the wall range over runs."""
    header = (
        "| setting | client | wall_s | wall_s range | ideal_s | wall/ideal | req/s "
        "| client cpu_ms/req | stub cpu_ms/req |"
    )
    lines = [header, "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for runs in grouped:
        r = runs[len(runs) // 2]
        ratio = f"{r.wall_s / r.ideal_s:.3f}" if r.ideal_s else "-"
        ideal = f"{r.ideal_s:.2f}" if r.ideal_s else "-"
        lines.append(
            f"| L={r.latency_ms / 1000:g}s N={r.n} C={r.concurrency} | {r.client} | {r.wall_s:.2f} "
            f"| {runs[0].wall_s:.2f}–{runs[-1].wall_s:.2f} | {ideal} "
            f"| {ratio} | {r.n / r.wall_s:,.0f} | {1000 * r.client_cpu_s / r.n:.3f} "
            f"| {1000 * r.stub_cpu_s / r.n:.3f} |"
        )
    return "\n".join(lines)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Compare aiohttp and httpx client loops.")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per (setting, client); the median is shown"
    )
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--stub-impl", choices=("raw", "aiohttp"), default="raw")
    parser.add_argument("--child", choices=CLIENTS, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    args = _parse_args()
    if args.child:
        child_main(args.child, args.port, args.n, args.concurrency)
    else:
        print(f"machine: {machine()}; {versions()}; stub: {args.stub_impl}, repeat {args.repeat} (median)")
        print(table(run_all(args.repeat, args.concurrency, args.stub_impl)))
