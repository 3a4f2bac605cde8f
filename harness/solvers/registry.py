"""Solver kinds by name: each builder turns a submission into a Solver for a run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.loading import Submission
from harness.solvers.base import Solver


@dataclass(frozen=True)
class SolverContext:
    """What a builder may need besides the submission."""

    dev_examples: Mapping[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    require_sandbox: bool = False


Builder = Callable[[Submission, SolverContext], Solver]
_BUILDERS: dict[str, Builder] = {}


def solver_kind(kind: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        _BUILDERS[kind] = builder
        return builder

    return register


def build_solver(submission: Submission, context: SolverContext) -> Solver:
    return _BUILDERS[submission.spec.kind](submission, context)


@solver_kind("predictions")
def _predictions(submission: Submission, context: SolverContext) -> Solver:
    from harness.solvers.predictions import PredictionsSolver

    spec = submission.spec
    return PredictionsSolver(submission.predictions_file, spec.id_field, spec.prediction_field)


@solver_kind("python")
def _python(submission: Submission, context: SolverContext) -> Solver:
    from harness.solvers.python_worker import PythonSolver

    spec = submission.spec
    return PythonSolver(
        spec.entry,
        spec.setup,
        submission.source_dir(),
        spec.workers,
        spec.timeout_s,
        dev_examples=context.dev_examples,
        require_sandbox=context.require_sandbox,
    )


@solver_kind("endpoint")
def _endpoint(submission: Submission, context: SolverContext) -> Solver:
    from harness.solvers.endpoint import EndpointConfig, EndpointSolver

    return EndpointSolver(EndpointConfig.from_spec(submission.spec, where=submission.shown))
