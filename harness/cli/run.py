"""`horserace run`: the main job — every submission on every task, then scores and the report."""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

import click

from harness.cli import Context, pass_context
from harness.cli.output import emit_table
from harness.loading import load_submissions, load_tracks, shown


def _apply_overrides(ctx: Context, root: Path | None, store_url: str | None) -> None:
    if root is not None:
        ctx.root = root.resolve()
    if store_url is not None:
        ctx.store_url = store_url


def print_run_summary(result) -> None:
    rows = []
    for s in result.summary():
        kinds = ", ".join(f"{k}={v}" for k, v in sorted(s["errors_by_kind"].items()))
        rows.append(
            (
                s["submission"],
                f"{s['track']}/{s['task']}",
                s["requests"],
                s["stored_before"],
                s["sent"],
                s["errors"],
                kinds,
                s["latency_p50_ms"],
                s["latency_p95_ms"],
                s["tokens"],
            )
        )
    emit_table(
        f"Run {result.run_id}: {result.status}",
        (
            "submission",
            "task",
            "requests",
            "stored",
            "sent",
            "errors",
            "by kind",
            "p50 ms",
            "p95 ms",
            "tokens",
        ),
        rows,
    )
    for name, sandboxed in sorted(result.sandboxed.items()):
        if not sandboxed:
            click.echo(f"warning: {name} ran without a sandbox (sandboxed: false)", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)


@click.command()
@click.option("--track", "tracks", multiple=True, help="Track id (repeatable); default: all.")
@click.option(
    "--submission",
    "submissions",
    multiple=True,
    help="Submission name or folder (repeatable); default: all in submissions/ (not examples/).",
)
@click.option(
    "--split",
    default="test",
    show_default=True,
    help="Split to collect answers for. Scores and leaderboards always cover each task's evaluated split.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="First N samples per task (a smoke run)."
)
@click.option(
    "--concurrency", type=click.IntRange(min=1), default=None, help="Override every submission's limit."
)
@click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None, help="Competition root."
)
@click.option(
    "--store", "store_url", default=None, help="Store URL (default: sqlite under <root>/.horserace)."
)
@click.option("--fresh", is_flag=True, help="Forget stored responses of these submissions and call again.")
@click.option("--resume", is_flag=True, help="Reuse stored responses (the default).")
@click.option("--no-score", is_flag=True, help="Only collect responses.")
@click.option("--no-report", is_flag=True, help="Do not write the report.")
@click.option("--require-sandbox", is_flag=True, help="Refuse to run python submissions without bubblewrap.")
@click.option("--quiet", is_flag=True, help="No progress bars (for scripts).")
@pass_context
def run(
    ctx: Context,
    tracks,
    submissions,
    split,
    limit,
    concurrency,
    root,
    store_url,
    fresh,
    resume,
    no_score,
    no_report,
    require_sandbox,
    quiet,
) -> None:
    """Run every submission on every task; responses are stored as they arrive and resumed by default."""
    from harness.errors import UserError
    from harness.runner import RunOptions

    if fresh and resume:
        raise UserError("run", "--fresh and --resume contradict each other", "pick one")
    _apply_overrides(ctx, root, store_url)
    options = RunOptions(
        split=split,
        limit=limit,
        concurrency=concurrency,
        fresh=fresh,
        require_sandbox=require_sandbox,
        progress="quiet" if quiet else "auto",
    )
    try:
        store = _run_and_score(ctx, tracks, submissions, options, no_score, no_report, quiet)
    except KeyboardInterrupt:
        # Ctrl-C at any moment: what was committed stays committed; a new run resumes from it
        click.echo("interrupted: finished responses are stored; run again to resume", err=True)
        sys.exit(130)
    click.echo(f"results: {store.engine.url.render_as_string(hide_password=True)}")
    _skip_final_collection(store)


def _skip_final_collection(store) -> None:
    """The process ends after this command: spare it the interpreter's last full garbage collection.

    That collection walked every object the run left (0.4 s after a 10 000-sample run, for
    nothing: the memory goes back to the OS anyway). The store is closed first, so SQLite still
    checkpoints and removes its WAL file, as when the collection closed it.
    """
    store.engine.dispose()
    atexit.register(gc.freeze)  # atexit runs before the final collection; frozen objects skip it


def _run_and_score(ctx: Context, tracks, submissions, options, no_score: bool, no_report: bool, quiet: bool):
    from harness.checks import check_submission_tracks
    from harness.errors import UserError
    from harness.runner import run_competition

    track_list = load_tracks(ctx.root, tracks)
    subs = load_submissions(ctx.root, submissions)
    check_submission_tracks(subs, load_tracks(ctx.root) if tracks else track_list)
    if not track_list or not subs:
        what = "tracks" if not track_list else "submissions"
        raise UserError(shown(ctx.root / what), f"no {what} found", "see README: the example competition")
    result = run_competition(ctx.store, track_list, subs, options, store_is_new=ctx.new_store_file())
    store = ctx.store()  # opened by the run
    if not quiet:
        print_run_summary(result)
    if not no_score:
        from harness.cli.score import print_scores
        from harness.scoring import score_all

        if any(options.split != t.eval_split for track in track_list for t in track.spec.tasks):
            click.echo(
                f"note: answers for split '{options.split}' are stored; scores cover each task's "
                "evaluated split",
                err=True,
            )
        print_scores(score_all(store, track_list, subs), quiet)
    if not no_score and not no_report:
        from harness.cli.report import write_default_report

        write_default_report(ctx, store, track_list, subs, quiet)
    return store
