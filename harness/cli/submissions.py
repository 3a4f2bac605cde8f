"""`horserace submission validate|list`."""

from __future__ import annotations

from pathlib import Path

import click

from harness.cli import Context, format_option, pass_context
from harness.cli.output import emit
from harness.loading import Submission, load_submission, load_submissions, shown
from harness.specs import EndpointSubmission, PythonSubmission


@click.group()
def submission() -> None:
    """List and validate submissions."""


def _describe(sub: Submission) -> str:
    spec = sub.spec
    if isinstance(spec, EndpointSubmission):
        return f"{spec.api} {spec.url} model={spec.model}"
    if isinstance(spec, PythonSubmission):
        return f"{spec.entry} workers={spec.workers}"
    return spec.pattern


def _rows(subs: list[Submission]) -> list[tuple]:
    return [
        (s.name, s.spec.team, s.spec.kind, ", ".join(s.spec.tracks or ["all"]), _describe(s), shown(s.path))
        for s in subs
    ]


_COLUMNS = ("name", "team", "kind", "tracks", "details", "file")


@submission.command("list")
@format_option()
@pass_context
def list_submissions(ctx: Context, fmt: str) -> None:
    """List the submissions in submissions/ (examples/ run only when named)."""
    emit(fmt, "Submissions", _COLUMNS, _rows(load_submissions(ctx.root)))


@submission.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option()
@pass_context
def validate(ctx: Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Check submission files: kind, fields, no literal secrets, code folder present."""
    subs = [load_submission(p) for p in paths] if paths else load_submissions(ctx.root)
    emit(fmt, "Valid submissions", _COLUMNS, _rows(subs))
