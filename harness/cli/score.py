"""`horserace score`: (re)score stored responses without calling any solver."""

from __future__ import annotations

import click

from harness.cli import Context, format_option, pass_context
from harness.cli.output import emit


def print_scores(results, quiet: bool = False, fmt: str = "table") -> None:
    if quiet and fmt == "table":
        return
    rows = []
    for r in results:
        metrics = ", ".join(f"{k}={v:.4f}" for k, v in r.metrics.items())
        unparsed = f"{r.unparsed / r.samples:.1%}" if r.samples else "-"
        rows.append((r.submission, r.track, r.task, r.samples, r.errors, unparsed, metrics))
    emit(fmt, "Scores", ("submission", "track", "task", "samples", "errors", "unparsed", "metrics"), rows)


@click.command()
@click.option("--track", "tracks", multiple=True, help="Track id (repeatable); default: all.")
@click.option(
    "--submission", "submissions", multiple=True, help="Submission name (repeatable); default: all."
)
@format_option()
@pass_context
def score(ctx: Context, tracks, submissions, fmt) -> None:
    """Extract answers and score stored responses; re-scoring never re-calls a solver."""
    from harness.loading import load_submissions, load_tracks
    from harness.scoring import score_all

    results = score_all(ctx.store(), load_tracks(ctx.root, tracks), load_submissions(ctx.root, submissions))
    print_scores(results, fmt=fmt)
