"""`horserace report`: the judges' report folder (HTML pages, samples, md/csv/json), from stored scores."""

from __future__ import annotations

import shlex
import time
from pathlib import Path

import click

from harness.cli import Context, pass_context
from harness.loading import shown


def _out_folder(ctx: Context, out: Path | None, team: str | None) -> Path:
    """`--out` relative to the competition root; by default reports/<timestamp>[-team]."""
    if out is None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        out = Path("reports") / (stamp if team is None else f"{stamp}-team")
    return out if out.is_absolute() else ctx.root / out


def _command_line(tracks, out, team, include_references, lang, worst) -> str:
    """The command as given, for the report's provenance."""
    words = ["horserace", "report"]
    words += [f"--track {t}" for t in tracks]
    words += [f"--out {out}"] if out else []
    words += [f"--team {shlex.quote(team)}"] if team else []
    words += ["--include-references"] if include_references else []
    words += [f"--lang {lang}", f"--worst {worst}"]
    return " ".join(words)


@click.command()
@click.option("--track", "tracks", multiple=True, help="Track id (repeatable); default: all.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Report folder, relative to the competition root (default: reports/<timestamp>). "
    "An earlier report there is replaced.",
)
@click.option(
    "--team", default=None, help="A team-facing report: the leaderboards plus this team's pages only."
)
@click.option(
    "--include-references",
    is_flag=True,
    help="Show test references in sample pages and samples.jsonl (never for reports sent to teams).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Page labels.")
@click.option(
    "--worst",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Worst samples per task shown in each submission's sample explorer.",
)
@pass_context
def report(ctx: Context, tracks, out, team, include_references, lang, worst) -> None:
    """Write the judges' report: leaderboards, track and submission pages, samples, md/csv/json."""
    from harness.loading import load_tracks
    from harness.reports.html import ReportOptions, write_report

    folder = _out_folder(ctx, out, team)
    options = ReportOptions(
        out=folder,
        team=team,
        include_references=include_references,
        lang=lang,
        worst=worst,
        command=_command_line(tracks, out, team, include_references, lang, worst),
    )
    result = write_report(ctx.store(), load_tracks(ctx.root, tracks), options)
    click.echo(f"{result.pages} pages, {result.samples} samples: {shown(result.index)}")


def write_default_report(ctx: Context, store, tracks, submissions, quiet: bool) -> None:
    """After `horserace run`: the report for what was run, in reports/latest/; prints index.html's path."""
    from harness.reports.html import ReportOptions, write_report

    options = ReportOptions(
        out=ctx.root / "reports" / "latest",
        submissions=tuple(s.name for s in submissions),
        command="horserace run",
    )
    result = write_report(store, tracks, options)
    click.echo(f"report: {shown(result.index)}")
