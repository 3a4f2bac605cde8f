"""The solver contract: one Request in, one Response out; failures are Responses with an error kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

# Error kinds a Response may carry; the runner's summary groups by these.
ERROR_KINDS = (
    "timeout",
    "http_429",
    "http_4xx",
    "http_5xx",
    "connection",
    "tls",
    "bad_response",
    "worker_crash",
    "worker_error",
    "missing_prediction",
    "cancelled",
)


@dataclass(frozen=True)
class Generation:
    """Generation parameters: the same for every team, taken from the track."""

    max_tokens: int = 512
    temperature: float = 0.0
    top_p: float | None = None
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Request:
    """What a solver may see of one sample: never a test reference."""

    key: str  # hash of submission spec (no secrets) + rendered request + variant + generation
    track: str
    task: str
    sample_id: str
    variant: str  # "" or e.g. "rot1" for a circular-evaluation rotation
    messages: tuple[dict[str, str], ...]  # chat messages: {"role": ..., "content": ...}
    inputs: dict[str, Any]  # the public input fields the track declares
    choices: tuple[str, ...] | None  # options as shown (rotated for circular variants)
    generation: Generation = field(default_factory=Generation)

    def prompt_text(self) -> str:
        """The messages flattened for completions-style APIs."""
        return "\n\n".join(m["content"] for m in self.messages) + "\n\n"

    def to_public_dict(self) -> dict[str, Any]:
        """The dict handed to team code (python solvers) and written by `prompts export`."""
        return {
            "track": self.track,
            "task": self.task,
            "sample_id": self.sample_id,
            "variant": self.variant,
            "messages": [dict(m) for m in self.messages],
            "inputs": dict(self.inputs),
            "choices": list(self.choices) if self.choices is not None else None,
        }


@dataclass
class Response:
    """A solver's answer, or its failure (status 'error' with a kind and a short message)."""

    key: str
    status: str = "ok"  # "ok" | "error"
    text: str | None = None
    reasoning: str | None = None
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: float | None = None
    error_kind: str | None = None
    error_message: str | None = None

    @classmethod
    def failure(cls, key: str, kind: str, message: str, latency_ms: float | None = None) -> Response:
        return cls(
            key=key, status="error", error_kind=kind, error_message=message[:500], latency_ms=latency_ms
        )


class Solver(Protocol):
    """Async solver: `start` once, `solve` concurrently (the runner bounds concurrency), `close` once.

    `solve` never raises for a per-sample failure: it returns `Response.failure(...)`.
    """

    async def start(self) -> None: ...

    async def solve(self, request: Request) -> Response: ...

    async def close(self) -> None: ...
