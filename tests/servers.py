"""Test servers: `FaultyServer`, an OpenAI-compatible server on 127.0.0.1 whose faults each test scripts.

    server = FaultyServer(plan=["429", "ok"])          # a queue: one fault per request, then "ok"
    server = FaultyServer(plan=lambda n, body: "500")  # or a function of (request number, body)
    await server.start(); ...; server.requests; server.max_in_flight; await server.stop()

Faults (a kind string, or a `Fault` for the parameterised ones):
ok, ok_with_reasoning, 429 (Retry-After: Fault.retry_after), 500, 503, hang (sleep past any
client timeout), malformed_json, missing_choices, lone_surrogate (content is half a
surrogate pair), reset (abort the TCP connection with an RST),
slow (Fault.delay_s, then ok), 400.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

FAULT_KINDS = (
    "ok",
    "ok_with_reasoning",
    "429",
    "500",
    "503",
    "hang",
    "malformed_json",
    "missing_choices",
    "lone_surrogate",
    "reset",
    "slow",
    "400",
)


@dataclass(frozen=True)
class Fault:
    kind: str
    retry_after: str | None = None  # the Retry-After header of a 429/503, sent verbatim
    delay_s: float = 0.0  # "slow": delay before answering; any other kind: delay before the fault

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r} (known: {', '.join(FAULT_KINDS)})")


Plan = Callable[[int, dict[str, Any]], "Fault | str"]


@dataclass
class ReceivedRequest:
    """One request as the server saw it; `n` counts from 0 in arrival order."""

    n: int
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    fault: Fault
    in_flight: int  # requests in flight at arrival, this one included


@dataclass
class FaultyServer:
    """A real aiohttp server on 127.0.0.1 (port 0: a free one) serving /v1/chat/completions and /v1/completions."""

    plan: Plan | Iterable[Fault | str] | None = None
    port: int = 0
    hang_s: float = 30.0  # a hang ends earlier when the client disconnects or the server stops
    echo_auth_in_errors: bool = False  # error bodies repeat the Authorization header, as some servers do
    ssl_context: ssl.SSLContext | None = None  # serve https with this context (`url` says https then)
    requests: list[ReceivedRequest] = field(default_factory=list, repr=False)
    max_in_flight: int = 0

    def __post_init__(self) -> None:
        self._plan = _as_plan(self.plan)
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()
        self._active: list[web.Request] = []

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://127.0.0.1:{self.port}/v1"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        app.router.add_post("/v1/completions", self._handle)
        # handler_cancellation: a client that gives up ends its hung handler.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, ssl_context=self.ssl_context)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def count(self, path_suffix: str = "") -> int:
        return sum(1 for r in self.requests if r.path.endswith(path_suffix))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        fault = _as_fault(self._plan(len(self.requests), body))
        self._active.append(request)
        in_flight = self._in_flight()
        self.max_in_flight = max(self.max_in_flight, in_flight)
        self.requests.append(
            ReceivedRequest(len(self.requests), request.path, body, dict(request.headers), fault, in_flight)
        )
        try:
            if fault.delay_s:
                await asyncio.sleep(fault.delay_s)
            return await self._respond(request, body, fault)
        finally:
            self._active.remove(request)

    def _in_flight(self) -> int:
        # A request whose client already hung up is not in flight, even if its handler has not
        # been cancelled yet: the transport is marked closing as soon as the EOF is read.
        return sum(1 for r in self._active if r.transport is not None and not r.transport.is_closing())

    async def _respond(self, request: web.Request, body: dict[str, Any], fault: Fault) -> web.StreamResponse:
        chat = request.path.endswith("/chat/completions")
        kind = fault.kind
        if kind in ("ok", "slow", "ok_with_reasoning"):
            return web.json_response(completion(body, chat, reasoning=kind == "ok_with_reasoning"))
        if kind in ("429", "500", "503", "400"):
            return self._error(request, int(kind), fault.retry_after)
        if kind == "hang":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.hang_s)
            return web.json_response(completion(body, chat))
        if kind == "malformed_json":
            return web.Response(text='{"choices": [{"message": ', content_type="application/json")
        if kind == "missing_choices":
            return web.json_response({"id": "x", "object": "chat.completion", "usage": {}})
        if kind == "lone_surrogate":  # valid JSON syntax, but the text is half an emoji: not Unicode
            text = '{"choices": [{"message": {"role": "assistant", "content": "\\ud83d"}}]}'
            return web.Response(text=text, content_type="application/json")
        return _reset(request)

    def _error(self, request: web.Request, status: int, retry_after: str | None) -> web.Response:
        message = f"fault {status}"
        if self.echo_auth_in_errors:
            message += f" (authorization: {request.headers.get('Authorization', '')})"
        headers = {"Retry-After": retry_after} if retry_after is not None else None
        return web.json_response({"error": {"message": message}}, status=status, headers=headers)


def completion(body: dict[str, Any], chat: bool, reasoning: bool = False) -> dict[str, Any]:
    """The deterministic answer: the first 20 characters of the last user message (or prompt)."""
    if chat:
        users = [m["content"] for m in body.get("messages", []) if m.get("role") == "user"]
        prompt = users[-1] if users else ""
    else:
        prompt = body.get("prompt", "")
    text = prompt[:20]
    usage = {
        "prompt_tokens": len(prompt),
        "completion_tokens": len(text),
        "total_tokens": len(prompt) + len(text),
    }
    if not chat:
        choice: dict[str, Any] = {"index": 0, "text": text, "finish_reason": "stop"}
        return {"id": "cmpl-test", "object": "text_completion", "choices": [choice], "usage": usage}
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if reasoning:
        message["reasoning_content"] = f"thinking about {text}"
    choice = {"index": 0, "message": message, "finish_reason": "stop"}
    return {"id": "chatcmpl-test", "object": "chat.completion", "choices": [choice], "usage": usage}


def _reset(request: web.Request) -> web.StreamResponse:
    """Abort the connection with a TCP RST (SO_LINGER 0), as a crashing server or proxy would."""
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    # Nothing can be written any more; aiohttp drops this response on the closed transport.
    return web.Response(status=204)


def _as_fault(value: Fault | str) -> Fault:
    return value if isinstance(value, Fault) else Fault(value)


def _as_plan(plan: Plan | Iterable[Fault | str] | None) -> Plan:
    if plan is None:
        return lambda n, body: "ok"
    if callable(plan):
        return plan
    queue = [_as_fault(f) for f in plan]  # checked now: a typo fails the test at once
    return lambda n, body: queue.pop(0) if queue else "ok"
