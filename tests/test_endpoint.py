"""The endpoint solver against a real OpenAI-compatible server on 127.0.0.1 with scripted faults."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import re
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from tenacity import RetryCallState

from harness.errors import UserError
from harness.solvers.base import ERROR_KINDS, Generation, Request, Response
from harness.solvers.endpoint import (
    EndpointConfig,
    EndpointSolver,
    _AttemptError,
    _WaitRetryAfterOrBackoff,
    parse_retry_after,
)
from harness.solvers.limits import TokenBucket, estimate_prompt_tokens
from tests.servers import Fault, FaultyServer

KEY_ENV = "HORSERACE_TEST_ENDPOINT_KEY"
SECRET = "sk-test-Zx9q-do-not-leak"

StartServer = Callable[..., Awaitable[FaultyServer]]


@pytest.fixture
def api_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(KEY_ENV, SECRET)
    return SECRET


@pytest.fixture
async def serve() -> AsyncIterator[StartServer]:
    """Start FaultyServers with a plan; all are stopped after the test."""
    servers: list[FaultyServer] = []

    async def start(plan: Any = None, **kwargs: Any) -> FaultyServer:
        server = FaultyServer(plan=plan, echo_auth_in_errors=True, **kwargs)
        await server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.stop()


def config(server: FaultyServer, **overrides: Any) -> EndpointConfig:
    """Test settings: short timeout and backoff so that faults cost milliseconds."""
    values: dict[str, Any] = {
        "url": server.url,
        "model": "team-model",
        "api_key_env": KEY_ENV,
        "timeout_s": 0.3,
        "max_retries": 3,
        "backoff_base_s": 0.01,
        "backoff_max_s": 0.05,
    }
    return EndpointConfig(**(values | overrides))


def make_request(i: int = 0, question: str = "what is two plus two?", **kwargs: Any) -> Request:
    messages = (
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": f"sample-{i:03d} {question}"},
    )
    return Request(
        key=f"key-{i}",
        track="finance",
        task="arith",
        sample_id=f"s{i}",
        variant="",
        messages=messages,
        inputs={},
        choices=None,
        **kwargs,
    )


async def solve_one(cfg: EndpointConfig, request: Request | None = None) -> Response:
    async with EndpointSolver(cfg) as solver:
        return await solver.solve(request or make_request())


# --- happy paths ---------------------------------------------------------------------------


async def test_chat_records_answer_reasoning_usage_and_sends_params_key_and_headers(serve, api_key):
    server = await serve(["ok_with_reasoning"])
    generation = Generation(max_tokens=64, temperature=0.7, top_p=0.9, stop=("\n\n", "END"))
    request = make_request(7, generation=generation)
    response = await solve_one(config(server, headers={"X-Team": "blue"}), request)

    user_text = request.messages[-1]["content"]
    assert response.status == "ok", response
    assert response.text == user_text[:20]
    assert response.reasoning == f"thinking about {user_text[:20]}"
    assert response.finish_reason == "stop"
    assert (response.prompt_tokens, response.completion_tokens) == (len(user_text), 20)
    assert response.latency_ms is not None and response.latency_ms > 0

    [seen] = server.requests
    assert seen.path == "/v1/chat/completions"
    assert seen.body == {
        "model": "team-model",
        "messages": [dict(m) for m in request.messages],
        "max_tokens": 64,
        "temperature": 0.7,
        "top_p": 0.9,
        "stop": ["\n\n", "END"],
    }
    assert seen.headers["Authorization"] == f"Bearer {SECRET}"
    assert seen.headers["X-Team"] == "blue"


async def test_completions_sends_flattened_prompt_and_omits_unset_params(serve, api_key):
    server = await serve(["ok"])
    request = make_request(3)
    response = await solve_one(config(server, api="completions"), request)

    assert response.status == "ok", response
    assert response.text == request.prompt_text()[:20]
    assert response.reasoning is None
    assert response.completion_tokens == 20
    [seen] = server.requests
    assert seen.path == "/v1/completions"
    assert seen.body == {
        "model": "team-model",
        "prompt": request.prompt_text(),
        "max_tokens": 512,
        "temperature": 0.0,
    }


async def test_url_already_ending_in_the_api_path_is_used_as_given(serve, api_key):
    server = await serve()
    response = await solve_one(config(server, url=server.url + "/chat/completions/"))
    assert response.status == "ok"
    assert [r.path for r in server.requests] == ["/v1/chat/completions"]


def test_url_and_api_mismatch_is_a_user_error():
    with pytest.raises(UserError, match=r"url: URL ends in '/completions' but api is 'chat'"):
        EndpointConfig(url="http://127.0.0.1:1/v1/completions", model="m", api="chat")
    cfg = EndpointConfig(url="http://127.0.0.1:1/v1/completions", model="m", api="completions")
    assert cfg.endpoint_url() == "http://127.0.0.1:1/v1/completions"
    assert EndpointConfig(url="http://h/v1/", model="m").endpoint_url() == "http://h/v1/chat/completions"


def test_config_from_any_spec_object_takes_same_named_fields():
    @dataclasses.dataclass
    class Spec:
        url: str = "http://127.0.0.1:9/v1"
        model: str = "m"
        api: str = "completions"
        headers: dict[str, str] | None = None
        requests_per_second: float | None = 5.0
        kind: str = "endpoint"  # not an EndpointConfig field: ignored

    cfg = EndpointConfig.from_spec(Spec(), where="submissions/a.yaml")
    assert (cfg.api, cfg.requests_per_second, cfg.headers, cfg.where) == (
        "completions",
        5.0,
        {},
        "submissions/a.yaml",
    )


async def test_slow_answer_within_timeout_is_ok_and_latency_covers_the_delay(serve, api_key):
    server = await serve([Fault("slow", delay_s=0.15)])
    response = await solve_one(config(server))
    assert response.status == "ok"
    assert response.latency_ms is not None and response.latency_ms >= 150
    assert server.count() == 1


# --- faults --------------------------------------------------------------------------------


async def test_429_with_retry_after_waits_then_succeeds(serve, api_key):
    server = await serve([Fault("429", retry_after="1"), "ok"])
    started = time.perf_counter()
    response = await solve_one(config(server))
    assert response.status == "ok"
    assert time.perf_counter() - started >= 1.0  # backoff alone would be <= 0.05 s
    assert server.count() == 2


def test_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0.0  # in the past: go now
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_retry_after_is_capped_and_absent_retry_after_falls_back_to_backoff():
    wait = _WaitRetryAfterOrBackoff(base_s=0.01, max_s=0.05, cap_s=60.0)

    def state_after(exc: BaseException) -> RetryCallState:
        state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
        state.set_exception((type(exc), exc, None))
        return state

    assert wait(state_after(_AttemptError("http_429", "", None, retry_after_s=3600.0))) == 60.0
    assert wait(state_after(_AttemptError("http_429", "", None, retry_after_s=2.0))) == 2.0
    assert 0.0 <= wait(state_after(_AttemptError("http_5xx", "", None))) <= 0.05


async def test_500_then_ok_is_ok(serve, api_key):
    server = await serve(["500", "ok"])
    response = await solve_one(config(server))
    assert response.status == "ok"
    assert server.count() == 2


@pytest.mark.parametrize(("fault", "kind"), [("500", "http_5xx"), ("503", "http_5xx"), ("429", "http_429")])
async def test_persistent_retryable_status_fails_after_exactly_one_plus_max_retries(
    serve, api_key, fault, kind
):
    server = await serve(lambda n, body: fault)
    response = await solve_one(config(server, max_retries=3))
    assert (response.status, response.error_kind) == ("error", kind)
    assert server.count() == 4
    assert response.error_message is not None and "after 4 attempts" in response.error_message


async def test_hang_is_a_timeout_after_retries(serve, api_key):
    server = await serve(lambda n, body: "hang")
    response = await solve_one(config(server, max_retries=1))
    assert response.error_kind == "timeout"
    assert server.count() == 2


async def test_hang_then_ok_is_ok(serve, api_key):
    server = await serve(["hang", "ok"])
    response = await solve_one(config(server))
    assert response.status == "ok"
    assert server.count() == 2


@pytest.mark.parametrize("fault", ["malformed_json", "missing_choices", "lone_surrogate"])
async def test_malformed_200_is_bad_response_without_retry(serve, api_key, fault):
    server = await serve([fault, "ok"])
    response = await solve_one(config(server))
    assert (response.status, response.error_kind) == ("error", "bad_response")
    assert server.count() == 1


async def test_connection_reset_is_retried_then_ok(serve, api_key):
    server = await serve(["reset", "ok"])
    response = await solve_one(config(server))
    assert response.status == "ok"
    assert server.count() == 2


async def test_persistent_connection_reset_is_a_connection_error(serve, api_key):
    server = await serve(lambda n, body: "reset")
    response = await solve_one(config(server, max_retries=2))
    assert response.error_kind == "connection"
    assert server.count() == 3


async def test_refused_connection_is_a_connection_error(api_key):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cfg = EndpointConfig(
        url=f"http://127.0.0.1:{port}/v1", model="m", max_retries=1, backoff_base_s=0.01, timeout_s=0.3
    )
    response = await solve_one(cfg)
    assert response.error_kind == "connection"


async def test_400_is_http_4xx_after_one_attempt(serve, api_key):
    server = await serve(["400", "ok"])
    response = await solve_one(config(server))
    assert (response.status, response.error_kind) == ("error", "http_4xx")
    assert response.error_message is not None and response.error_message.startswith("HTTP 400")
    assert server.count() == 1


async def test_cancellation_propagates_out_of_solve(serve, api_key):
    server = await serve(lambda n, body: "hang")
    async with EndpointSolver(config(server, timeout_s=10)) as solver:
        task = asyncio.create_task(solver.solve(make_request()))
        while server.count() == 0:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert server.count() == 1


# --- a mixed run ---------------------------------------------------------------------------

# Each sample gets a scenario: the fault for attempt 1, 2, ...; the last fault repeats.
SCENARIOS: list[tuple[list[Fault | str], int]] = [  # (scenario, weight)
    (["ok"], 30),
    (["ok_with_reasoning"], 8),
    ([Fault("slow", delay_s=0.05)], 8),
    (["500", "ok"], 8),
    (["503", "503", "ok"], 5),
    ([Fault("429", retry_after="0.05"), "ok"], 8),
    (["reset", "ok"], 6),
    (["hang", "ok"], 4),
    (["400"], 5),
    (["malformed_json"], 4),
    (["missing_choices"], 4),
    (["500"], 4),
    (["reset"], 2),
    (["429"], 2),
    (["hang"], 1),
]
TERMINAL = {"400": "http_4xx", "malformed_json": "bad_response", "missing_choices": "bad_response"}
RETRYABLE = {
    "429": "http_429",
    "500": "http_5xx",
    "503": "http_5xx",
    "hang": "timeout",
    "reset": "connection",
}


def expected_outcome(scenario: list[Fault | str], max_retries: int) -> tuple[str | None, int]:
    """(error kind or None for ok, attempts the server sees) under the solver's retry policy."""
    kind: str | None = None
    for attempt in range(1 + max_retries):
        fault = scenario[min(attempt, len(scenario) - 1)]
        name = fault.kind if isinstance(fault, Fault) else fault
        if name in TERMINAL:
            return TERMINAL[name], attempt + 1
        if name not in RETRYABLE:
            return None, attempt + 1
        kind = RETRYABLE[name]
    return kind, 1 + max_retries


async def test_mixed_faults_end_in_the_right_kind_and_concurrency_stays_bounded(serve, api_key):
    rng = random.Random(20240607)
    n, max_retries, concurrency = 200, 3, 16
    scenarios = rng.choices([s for s, _ in SCENARIOS], weights=[w for _, w in SCENARIOS], k=n)
    attempts_seen: Counter[int] = Counter()

    def plan(_n: int, body: dict[str, Any]) -> Fault | str:
        sample = int(re.search(r"sample-(\d+)", body["messages"][-1]["content"]).group(1))
        scenario = scenarios[sample]
        attempts_seen[sample] += 1
        return scenario[min(attempts_seen[sample] - 1, len(scenario) - 1)]

    server = await serve(plan)
    # a 1 s timeout, not the usual 0.3 s: 200 requests and the server share one event loop, and a
    # stall of the machine must not turn a 50 ms answer into a timeout (it did once, in a CI dry run)
    cfg = config(server, max_concurrency=concurrency, max_retries=max_retries, timeout_s=1.0)
    async with EndpointSolver(cfg) as solver:  # all 200 at once: only the solver's guard bounds them
        responses = await asyncio.gather(*(solver.solve(make_request(i)) for i in range(n)))

    assert 2 <= server.max_in_flight <= concurrency
    expected = [expected_outcome(s, max_retries) for s in scenarios]
    for i, (response, (kind, attempts)) in enumerate(zip(responses, expected, strict=True)):
        assert response.key == f"key-{i}"
        assert response.error_kind == kind, (i, scenarios[i], response)
        assert response.status == ("ok" if kind is None else "error")
        assert attempts_seen[i] == attempts, (i, scenarios[i])
    outcomes = Counter(r.error_kind or "ok" for r in responses)
    assert sum(outcomes.values()) == n
    assert outcomes == Counter(kind or "ok" for kind, _ in expected)
    assert set(outcomes) - {"ok"} <= set(ERROR_KINDS)
    assert server.count() == sum(a for _, a in expected)


# --- secrets -------------------------------------------------------------------------------


async def test_missing_key_variable_is_a_user_error_before_any_request(serve, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    server = await serve()
    solver = EndpointSolver(config(server, where="submissions/team_a.yaml"))
    with pytest.raises(UserError) as caught:
        await solver.start()
    assert caught.value.where == "submissions/team_a.yaml: api_key_env"
    assert caught.value.problem == f"environment variable {KEY_ENV} is not set"
    await solver.close()
    assert server.count() == 0


async def test_key_value_appears_in_no_response_field_message_or_log(serve, api_key, caplog):
    caplog.set_level(logging.DEBUG, logger="harness.solvers.endpoint")
    # The server echoes the Authorization header in its error bodies, as some real ones do.
    faults = ["ok_with_reasoning", "429", "ok", "400", "503", "503", "malformed_json", "hang", "hang"]
    server = await serve([*faults, "reset", "reset"])
    solver = EndpointSolver(config(server, max_retries=1))
    async with solver:
        responses = [await solver.solve(make_request(i)) for i in range(7)]

    kinds = [r.error_kind for r in responses]
    assert kinds == [None, None, "http_4xx", "http_5xx", "bad_response", "timeout", "connection"]
    for response in responses:
        for f in dataclasses.fields(response):
            assert SECRET not in str(getattr(response, f.name)), (f.name, response)
    assert "Bearer ***" in (responses[2].error_message or "")  # the echo happened and was scrubbed
    assert "Bearer ***" in caplog.text
    assert SECRET not in caplog.text
    assert SECRET not in repr(solver.config)


# --- limits --------------------------------------------------------------------------------


async def test_requests_per_second_spaces_requests(serve, api_key):
    server = await serve()
    started = time.perf_counter()
    async with EndpointSolver(config(server, requests_per_second=20)) as solver:
        responses = await asyncio.gather(*(solver.solve(make_request(i)) for i in range(30)))
    assert time.perf_counter() - started >= 1.4  # 29 gaps of 50 ms, no initial burst
    assert [r.status for r in responses] == ["ok"] * 30
    assert server.count() == 30


def test_token_estimate_weights_cjk_and_latin_characters():
    assert estimate_prompt_tokens("") == 0
    assert estimate_prompt_tokens("abcdefgh") == 2  # 8 Latin characters / 4
    assert estimate_prompt_tokens("你好世界你好") == 4  # 6 CJK characters / 1.5
    assert estimate_prompt_tokens("你好世abcd") == 3  # 2 + 1


async def test_token_bucket_waits_for_refill_and_refunds_overestimates():
    bucket = TokenBucket(6000)  # 100 tokens/s
    assert await bucket.acquire(6000) == 6000
    started = time.perf_counter()
    await bucket.acquire(50)
    assert time.perf_counter() - started >= 0.45
    bucket.settle(charged=50, actual=10)  # the call used less than estimated: refund 40
    assert bucket.level >= 40
    # larger than the whole bucket: charged its capacity, else it could never run
    assert await TokenBucket(600).acquire(10**9) == 600


async def test_solver_charges_the_estimate_then_settles_with_returned_usage(serve, api_key):
    server = await serve()
    frozen_clock = lambda: 0.0  # noqa: E731 — no refill: the level shows exactly what was charged
    request = make_request(1, generation=Generation(max_tokens=100))
    async with EndpointSolver(config(server, tokens_per_minute=1000)) as solver:
        solver._tokens = TokenBucket(1000, clock=frozen_clock)
        response = await solver.solve(request)
    assert response.prompt_tokens is not None and response.completion_tokens is not None
    # the estimate (prompt / ~4 + 100) was charged, then corrected to the reported usage
    assert solver._tokens.level == 1000 - (response.prompt_tokens + response.completion_tokens)
