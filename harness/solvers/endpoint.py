"""The `endpoint` solver: one OpenAI-compatible HTTP endpoint per submission, called with aiohttp.

aiohttp was picked over httpx by measurement (benchmarks/http_clients.py, benchmarks/README.md); bodies
are encoded and replies decoded with orjson (several times faster than the json module per request).

Failure policy, per sample (never raised, always a `Response.failure`):
- 429, 5xx, 408, timeouts and connection errors are retried (`max_retries` times after the first
  attempt) with full-jitter exponential backoff; a `Retry-After` header (seconds or HTTP-date)
  replaces the backoff, capped at `retry_after_cap_s`. Exhausted -> `http_429`, `http_5xx`,
  `timeout` or `connection`, the kind of the last attempt.
- other 4xx -> `http_4xx` at once: the request itself is wrong, sending it again cannot help.
- a TLS failure (a certificate that does not verify, no common protocol) -> `tls` at once: it
  fails the same way every time (see harness/solvers/http_client.py for the CAs used).
- a 2xx whose body is not JSON or lacks a valid `choices[0]` -> `bad_response`, not retried:
  endpoints are deterministic at the track's temperature, so a malformed answer would most
  likely come back malformed, and teams pay per call.
- `asyncio.CancelledError` always propagates (Ctrl-C stops the run).

`latency_ms` is the duration of the final HTTP attempt (request sent -> body read). It excludes
rate-limit waits and retry backoff, so it measures the team's server, not our scheduling.

The API key lives only in the session's Authorization header; every string of every Response and
every log line is scrubbed of it, in case a server echoes it back in an error body.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import orjson
from aiolimiter import AsyncLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_base, wait_random_exponential

from harness.errors import UserError
from harness.solvers.base import Request, Response
from harness.solvers.http_client import aiohttp, tls_context
from harness.solvers.limits import TokenBucket, estimate_prompt_tokens

log = logging.getLogger(__name__)

API_PATHS = {"chat": "/chat/completions", "completions": "/completions"}
RETRYABLE_KINDS = frozenset({"http_429", "http_5xx", "timeout", "connection"})
_ERROR_BODY_CHARS = 200  # how much of an error body goes into the stored message
_RESPONSE_FIELDS = tuple(f.name for f in fields(Response))  # every one is scrubbed of the key


@dataclass(frozen=True)
class EndpointConfig:
    """What the endpoint solver needs from a submission spec (secrets excluded: only the env var name)."""

    url: str  # base URL (…/v1) or the full …/chat/completions or …/completions URL
    model: str
    api: Literal["chat", "completions"] = "chat"
    api_key_env: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    max_concurrency: int = 8
    requests_per_second: float | None = None
    tokens_per_minute: int | None = None
    timeout_s: float = 60.0
    max_retries: int = 4
    # Retry pacing: production defaults; tests shrink them to keep the suite fast.
    backoff_base_s: float = 0.5
    backoff_max_s: float = 30.0
    retry_after_cap_s: float = 60.0
    where: str = "submission"  # file (and field prefix) named in UserErrors

    def __post_init__(self) -> None:
        if self.api not in API_PATHS:
            raise UserError(f"{self.where}: api", f"unknown api '{self.api}'", "known: chat, completions")
        if not self.url.startswith(("http://", "https://")):
            raise UserError(f"{self.where}: url", f"'{self.url}' is not an http(s) URL")
        for name in ("max_concurrency", "timeout_s"):
            if getattr(self, name) <= 0:
                raise UserError(f"{self.where}: {name}", "must be positive")
        if self.max_retries < 0:
            raise UserError(f"{self.where}: max_retries", "must be 0 or more")
        self.endpoint_url()  # a URL/api mismatch is a spec mistake: report it at load time

    def endpoint_url(self) -> str:
        """The URL to POST to: the base URL plus the api's path, unless the URL already ends in one."""
        url = self.url.rstrip("/")
        for api, path in API_PATHS.items():
            if url.endswith(path) and (api == "chat" or not url.endswith(API_PATHS["chat"])):
                if api != self.api:
                    raise UserError(f"{self.where}: url", f"URL ends in '{path}' but api is '{self.api}'")
                return url
        return url + API_PATHS[self.api]

    @classmethod
    def from_spec(cls, spec: Any, **overrides: Any) -> EndpointConfig:
        """Build from any object (e.g. the pydantic SubmissionSpec) carrying same-named attributes."""
        values = {f.name: getattr(spec, f.name) for f in fields(cls) if hasattr(spec, f.name)}
        values.update(overrides)
        if values.get("headers") is not None:
            values["headers"] = dict(values["headers"])
        return cls(**{k: v for k, v in values.items() if v is not None or k in _NULLABLE})


_NULLABLE = {"api_key_env", "requests_per_second", "tokens_per_minute"}


class _AttemptError(Exception):
    """One failed attempt, classified into an error kind; tenacity retries the retryable kinds."""

    def __init__(self, kind: str, message: str, latency_ms: float | None, retry_after_s: float | None = None):
        super().__init__(message)
        self.kind, self.message, self.latency_ms, self.retry_after_s = (
            kind,
            message,
            latency_ms,
            retry_after_s,
        )


def _is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, _AttemptError) and exc.kind in RETRYABLE_KINDS


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or invalid."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # HTTP-dates are GMT by definition
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


class _WaitRetryAfterOrBackoff(wait_base):
    """Honour the server's Retry-After when it gave one, else full-jitter exponential backoff."""

    def __init__(self, base_s: float, max_s: float, cap_s: float):
        self._backoff = wait_random_exponential(multiplier=base_s, max=max_s)
        self._cap_s = cap_s

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _AttemptError) and exc.retry_after_s is not None:
            return min(exc.retry_after_s, self._cap_s)
        return self._backoff(retry_state)


class EndpointSolver:
    """Calls an OpenAI-compatible chat or completions endpoint; one aiohttp session per submission."""

    def __init__(self, config: EndpointConfig):
        self.config = config
        self._url = config.endpoint_url()
        self._session: aiohttp.ClientSession | None = None
        self._secret: str | None = None
        # The runner bounds concurrency too; this guard keeps the team's limit even if it does not.
        self._in_flight = asyncio.Semaphore(config.max_concurrency)
        self._rate: AsyncLimiter | None = None
        self._tokens: TokenBucket | None = None

    async def start(self) -> None:
        """Read the API key and open the session; a missing key fails here, before any call."""
        headers = {"Content-Type": "application/json", **self.config.headers}
        if self.config.api_key_env:
            headers["Authorization"] = f"Bearer {self._read_api_key(self.config.api_key_env)}"
        self._session = aiohttp.ClientSession(
            headers=headers,
            connector=aiohttp.TCPConnector(limit=self.config.max_concurrency, ssl=tls_context(self._url)),
            timeout=aiohttp.ClientTimeout(total=self.config.timeout_s),
        )
        if self.config.requests_per_second:
            # A bucket of one: requests are spaced evenly, never sent as a burst of `rps` at once.
            self._rate = AsyncLimiter(1, 1.0 / self.config.requests_per_second)
        if self.config.tokens_per_minute:
            self._tokens = TokenBucket(self.config.tokens_per_minute)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> EndpointSolver:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def solve(self, request: Request) -> Response:
        """One sample: limits, retries, parsing. Returns a failure Response instead of raising."""
        if self._session is None:
            raise RuntimeError("EndpointSolver.solve called before start()")
        payload = orjson.dumps(self._body(request))
        charged = 0.0
        if self._tokens is not None:
            estimate = estimate_prompt_tokens(request.prompt_text()) + request.generation.max_tokens
            charged = await self._tokens.acquire(estimate)
        try:
            # The no-fault path is one plain attempt: building a tenacity controller and running
            # its state machine for every request cost a quarter of the CPU of the request itself.
            response = await self._attempt(request.key, payload)
        except _AttemptError as exc:
            response = await self._after_failure(request.key, payload, exc)
        if self._tokens is not None and response.status == "ok":
            self._settle_tokens(charged, response)
        return self._scrubbed(response)

    def _read_api_key(self, env_name: str) -> str:
        key = os.environ.get(env_name, "")
        if not key:
            raise UserError(
                f"{self.config.where}: api_key_env",
                f"environment variable {env_name} is not set",
                f"export {env_name}=<your key> before running, or fix api_key_env",
            )
        self._secret = key
        return key

    def _body(self, request: Request) -> dict[str, Any]:
        gen = request.generation
        body: dict[str, Any] = {"model": self.config.model}
        if self.config.api == "chat":
            body["messages"] = [dict(m) for m in request.messages]
        else:
            body["prompt"] = request.prompt_text()
        body["max_tokens"] = gen.max_tokens
        body["temperature"] = gen.temperature
        if gen.top_p is not None:
            body["top_p"] = gen.top_p
        if gen.stop:
            body["stop"] = list(gen.stop)
        return body

    async def _after_failure(self, key: str, payload: bytes, failure: _AttemptError) -> Response:
        """A failed first attempt: retried when its kind is retryable, else (or at last) a failure."""
        if self.config.max_retries and _is_retryable(failure):
            try:
                return await self._retry(key, payload, failure)
            except _AttemptError as last:
                failure = last
        return Response.failure(key, failure.kind, failure.message, failure.latency_ms)

    async def _retry(self, key: str, payload: bytes, first_failure: _AttemptError) -> Response:
        """Tenacity takes over after a retryable failure, counting that failure as its attempt 1.

        Replaying the first outcome keeps every policy exactly as if tenacity had made that attempt:
        the attempt budget, the backoff for attempt n, Retry-After, logging and the final message.
        """
        cfg = self.config
        retrying = AsyncRetrying(
            stop=stop_after_attempt(1 + cfg.max_retries),
            wait=_WaitRetryAfterOrBackoff(cfg.backoff_base_s, cfg.backoff_max_s, cfg.retry_after_cap_s),
            retry=retry_if_exception(_is_retryable),
            before_sleep=self._log_retry,
            reraise=True,
        )
        replay = [first_failure]

        async def attempt(key: str, payload: bytes) -> Response:
            if replay:
                raise replay.pop()
            return await self._attempt(key, payload)

        try:
            return await retrying(attempt, key, payload)
        except _AttemptError as exc:
            attempts = retrying.statistics.get("attempt_number", 1)
            if attempts > 1:
                exc.message = f"{exc.message} (after {attempts} attempts)"
            raise

    async def _attempt(self, key: str, payload: bytes) -> Response:
        assert self._session is not None
        async with self._in_flight:
            if self._rate is not None:
                await self._rate.acquire()
            started = time.perf_counter()
            try:
                async with self._session.post(self._url, data=payload) as http:
                    raw = await http.read()
                    status, retry_after = http.status, http.headers.get("Retry-After")
            except TimeoutError:  # before ClientError: aiohttp's timeout errors are both
                raise _AttemptError(
                    "timeout", f"no response within {self.config.timeout_s:g} s", _ms_since(started)
                ) from None
            except aiohttp.ClientSSLError as exc:  # before ClientError: a certificate will not mend
                raise _AttemptError("tls", f"{type(exc).__name__}: {exc}", _ms_since(started)) from None
            except aiohttp.ClientError as exc:
                raise _AttemptError(
                    "connection", f"{type(exc).__name__}: {exc}", _ms_since(started)
                ) from None
        return _interpret(key, self.config.api, status, retry_after, raw, _ms_since(started))

    def _settle_tokens(self, charged: float, response: Response) -> None:
        assert self._tokens is not None
        if response.prompt_tokens is not None and response.completion_tokens is not None:
            self._tokens.settle(charged, response.prompt_tokens + response.completion_tokens)

    def _scrub(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret and self._secret in text else text

    def _scrubbed(self, response: Response) -> Response:
        if not self._secret:
            return response
        for name in _RESPONSE_FIELDS:
            value = getattr(response, name)
            if isinstance(value, str) and self._secret in value:
                setattr(response, name, value.replace(self._secret, "***"))
        return response

    def _log_retry(self, retry_state: RetryCallState) -> None:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _AttemptError) and retry_state.next_action is not None:
            log.info(
                "request %s: %s (%s); retry %d/%d in %.2f s",
                retry_state.args[0],
                exc.kind,
                self._scrub(exc.message),
                retry_state.attempt_number,
                self.config.max_retries,
                retry_state.next_action.sleep,
            )


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def _interpret(
    key: str, api: str, status: int, retry_after: str | None, raw: bytes, latency_ms: float
) -> Response:
    """Turn one HTTP reply into a Response, or raise the classified _AttemptError."""
    if 200 <= status < 300:
        return _parse_success(key, api, raw, latency_ms)
    detail = f"HTTP {status}: {raw[:_ERROR_BODY_CHARS].decode('utf-8', 'replace')}"
    if status == 429:
        raise _AttemptError("http_429", detail, latency_ms, parse_retry_after(retry_after))
    if status >= 500:
        raise _AttemptError("http_5xx", detail, latency_ms, parse_retry_after(retry_after))
    if status == 408:  # the server's own request timeout: transient, like ours
        raise _AttemptError("timeout", detail, latency_ms)
    if 400 <= status < 500:
        raise _AttemptError("http_4xx", detail, latency_ms)
    raise _AttemptError("bad_response", f"unexpected {detail}", latency_ms)


def _parse_success(key: str, api: str, raw: bytes, latency_ms: float) -> Response:
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:  # invalid UTF-8 too
        raise _AttemptError("bad_response", f"body is not JSON: {raw[:80]!r}", latency_ms) from None
    choices = payload.get("choices") if isinstance(payload, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise _AttemptError("bad_response", "response has no choices[0]", latency_ms)
    text, reasoning = _choice_text(api, choices[0], latency_ms)
    usage = payload.get("usage") if isinstance(payload.get("usage"), dict) else {}
    finish_reason = choices[0].get("finish_reason")
    return Response(
        key=key,
        text=text,
        reasoning=reasoning,
        finish_reason=finish_reason if isinstance(finish_reason, str) else None,
        prompt_tokens=_count(usage.get("prompt_tokens")),
        completion_tokens=_count(usage.get("completion_tokens")),
        latency_ms=latency_ms,
    )


def _choice_text(api: str, choice: dict[str, Any], latency_ms: float) -> tuple[str, str | None]:
    """(text, reasoning) of choices[0]; a null content is an empty answer (e.g. cut off while reasoning)."""
    if api == "chat":
        message = choice.get("message")
        if not isinstance(message, dict):
            raise _AttemptError("bad_response", "choices[0].message is missing", latency_ms)
        text = message.get("content")
        # vLLM/DeepSeek call it reasoning_content; some gateways call it reasoning.
        reasoning = message.get("reasoning_content", message.get("reasoning"))
    else:
        text, reasoning = choice.get("text"), None
    if text is not None and not isinstance(text, str):
        raise _AttemptError("bad_response", "choices[0] text is not a string", latency_ms)
    return text or "", reasoning if isinstance(reasoning, str) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
