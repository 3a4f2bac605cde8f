"""A stub OpenAI-compatible server for benchmarks, run as its own process.

    python benchmarks/stub_server.py --port 0 --latency-ms 200   # prints the port on stdout when ready

Serves POST /v1/chat/completions and /v1/completions after a fixed latency with a deterministic
answer: the first 20 characters of the last user message (or prompt), with usage numbers.

On SIGUSR1 it prints one JSON line, `{"first": t, "last": t, "replies": n}`: when the first request
arrived and the last reply left (epoch seconds, None if none) since the previous SIGUSR1. Benchmarks
split a client's wall time with it: start-up, requests, exit (`StubProcess.timeline`).

Two implementations (`--impl`): `raw` (default), a bare asyncio.Protocol HTTP/1.1 keep-alive
responder, and `aiohttp` (aiohttp.web). The raw one exists because the stub must not be the
bottleneck when a client is pushed to thousands of requests per second on a 2-core machine; see
the HTTP client section of benchmarks/README.md for the measured difference. The raw responder
handles only what HTTP clients send to an OpenAI API: requests with a Content-Length body, no chunked uploads, no pipelining.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import time
from typing import Any

_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_CONNECTION_CLOSE = re.compile(rb"\r\nconnection:[ \t]*close", re.IGNORECASE)
ROUTES = {"/v1/chat/completions": True, "/v1/completions": False}  # path -> is chat


def completion(body: dict[str, Any], chat: bool) -> dict[str, Any]:
    """The deterministic answer for one request body."""
    if chat:
        users = [m.get("content", "") for m in body.get("messages", ()) if m.get("role") == "user"]
        prompt = users[-1] if users else ""
    else:
        prompt = body.get("prompt", "")
    text = prompt[:20]
    usage = {
        "prompt_tokens": len(prompt) // 4 + 1,
        "completion_tokens": len(text) // 4 + 1,
        "total_tokens": len(prompt) // 4 + len(text) // 4 + 2,
    }
    if chat:
        choice: dict[str, Any] = {
            "index": 0,
            "message": {"role": "assistant", "content": text},
            "finish_reason": "stop",
        }
    else:
        choice = {"index": 0, "text": text, "finish_reason": "stop"}
    return {
        "id": "stub",
        "object": "chat.completion" if chat else "text_completion",
        "choices": [choice],
        "usage": usage,
    }


def answer_bytes(path: str, body: bytes) -> tuple[int, bytes]:
    """(status, JSON body) for one request."""
    chat = ROUTES.get(path)
    if chat is None:
        return 404, b'{"error": {"message": "not found"}}'
    try:
        parsed = json.loads(body)
    except ValueError:
        return 400, b'{"error": {"message": "body is not JSON"}}'
    return 200, json.dumps(completion(parsed, chat), ensure_ascii=False).encode()


class Timeline:
    """When the first request arrived and the last reply left, since the last `take`."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.last: float | None = None
        self.replies = 0

    def request(self) -> None:
        if self.first is None:
            self.first = time.time()

    def reply(self) -> None:
        self.last = time.time()
        self.replies += 1

    def take(self) -> dict[str, Any]:
        marks = {"first": self.first, "last": self.last, "replies": self.replies}
        self.first, self.last, self.replies = None, None, 0
        return marks


class RawStubProtocol(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: parse a request, answer it after the latency."""

    def __init__(self, latency_s: float, timeline: Timeline):
        self._latency_s = latency_s
        self._timeline = timeline
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._timeline.request()
        self._buffer += data
        while (request := self._take_request()) is not None:
            path, body, close = request
            status, payload = answer_bytes(path, body)
            reply = _http_reply(status, payload, close)
            if self._latency_s > 0:
                # A timer, not a task per request: the cheapest way to wait without blocking.
                asyncio.get_running_loop().call_later(self._latency_s, self._send, reply, close)
            else:
                self._send(reply, close)

    def _take_request(self) -> tuple[str, bytes, bool] | None:
        head_end = self._buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        head = bytes(self._buffer[:head_end])
        match = _CONTENT_LENGTH.search(head)
        end = head_end + 4 + (int(match.group(1)) if match else 0)
        if len(self._buffer) < end:
            return None
        body = bytes(self._buffer[head_end + 4 : end])
        del self._buffer[:end]
        request_line = head.split(b"\r\n", 1)[0].split(b" ")
        path = request_line[1].decode("latin-1") if len(request_line) > 1 else ""
        # HTTP/1.0 clients expect the connection to close after the answer.
        close = _CONNECTION_CLOSE.search(head) is not None or request_line[-1] == b"HTTP/1.0"
        return path, body, close

    def _send(self, reply: bytes, close: bool) -> None:
        if self._transport is None or self._transport.is_closing():
            return
        self._transport.write(reply)
        self._timeline.reply()
        if close:
            self._transport.close()


_REASONS = {200: b"OK", 400: b"Bad Request", 404: b"Not Found"}


def _http_reply(status: int, payload: bytes, close: bool) -> bytes:
    return b"".join(
        (
            b"HTTP/1.1 %d %s\r\n" % (status, _REASONS.get(status, b"Error")),
            b"Content-Type: application/json\r\n",
            b"Content-Length: %d\r\n" % len(payload),
            b"Connection: close\r\n\r\n" if close else b"Connection: keep-alive\r\n\r\n",
            payload,
        )
    )


async def serve_raw(port: int, latency_s: float, timeline: Timeline) -> tuple[int, asyncio.AbstractServer]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: RawStubProtocol(latency_s, timeline), "127.0.0.1", port, backlog=1024
    )
    return server.sockets[0].getsockname()[1], server


async def serve_aiohttp(port: int, latency_s: float, timeline: Timeline) -> tuple[int, Any]:
    from aiohttp import web

    async def handle(request: web.Request) -> web.Response:
        timeline.request()
        body = await request.read()
        if latency_s > 0:
            await asyncio.sleep(latency_s)
        status, payload = answer_bytes(request.path, body)
        timeline.reply()  # about to be sent: aiohttp writes it once the handler returns
        return web.Response(body=payload, status=status, content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", handle)
    app.router.add_post("/v1/completions", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
    await site.start()
    return runner.addresses[0][1], runner


async def main(port: int, latency_ms: float, impl: str) -> None:
    serve = serve_raw if impl == "raw" else serve_aiohttp
    timeline = Timeline()
    bound_port, _server = await serve(port, latency_ms / 1000.0, timeline)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, lambda: print(json.dumps(timeline.take()), flush=True))
    print(bound_port, flush=True)  # the readiness signal benchmarks wait for
    await stop.wait()


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on stdout)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="fixed delay before each answer")
    parser.add_argument("--impl", choices=("raw", "aiohttp"), default="raw")
    return parser.parse_args()


if __name__ == "__main__":
    args = _parse_args()
    asyncio.run(main(args.port, args.latency_ms, args.impl))
