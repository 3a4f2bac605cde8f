"""`horserace leaderboard`: ranked tables with intervals and rank ranges, from stored scores."""

from __future__ import annotations

import sys

import click

from harness.cli import Context, format_option, pass_context


def _print_tables(boards) -> None:
    from rich.console import Console
    from rich.table import Table

    from harness.reports.exports import all_boards, fmt_interval, fmt_rate, fmt_score

    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 200)
    for track in boards:
        weights = ", ".join(f"{t}×{w:g}" for t, w in track.weights.items())
        console.print(
            f"[bold]{track.title}[/bold] ({track.track}) — aggregate {track.rule}, weights {weights}, "
            f"normalisation {track.normalization}, errors count as {track.error_policy}"
        )
        for board in all_boards(track):
            name = (
                "aggregate"
                if board.task is None
                else board.task + (f" · {board.slice}" if board.slice else "")
            )
            table = Table(
                title=f"{track.track} / {name}: {board.metric}, {board.confidence:.0%} CI, "
                f"n={board.n_samples}",
                title_justify="left",
            )
            for column in (
                "#",
                "rank",
                "submission",
                "team",
                "score",
                "interval",
                "errors",
                "unparsed",
                "tie",
            ):
                table.add_column(column, overflow="fold")
            for r in board.rows:
                table.add_row(
                    str(r.position),
                    r.rank_text,
                    r.submission,
                    r.team,
                    fmt_score(r.score),
                    fmt_interval(r),
                    fmt_rate(r.error_rate),
                    fmt_rate(r.unparsed_rate),
                    "" if r.incomplete else f"g{r.tie_group}",
                )
            console.print(table)
            console.print(f"tie-break: {board.tie_break}", *board.notes, sep="\n")


@click.command()
@click.option("--track", "tracks", multiple=True, help="Track id (repeatable); default: all.")
@click.option("--task", default=None, help="Only this task (its track's aggregate is over it alone).")
@click.option("--metric", default=None, help="Rank tasks by this metric instead of their primary metric.")
@click.option("--by", "by_tag", default=None, help="Also break each task down by this sample tag.")
@format_option(("table", "csv", "json", "md"))
@pass_context
def leaderboard(ctx: Context, tracks, task, metric, by_tag, fmt) -> None:
    """Rank submissions per track, with confidence intervals and rank ranges."""
    from harness.errors import UserError
    from harness.leaderboard.build import BoardOptions, build_boards
    from harness.loading import load_tracks
    from harness.reports.exports import boards_csv, boards_json_text, boards_markdown

    boards = build_boards(
        ctx.store(), load_tracks(ctx.root, tracks), BoardOptions(tracks, task, metric, by_tag)
    )
    if not boards:
        raise UserError(
            "leaderboard", "no scores stored yet", "run `horserace run` (or `horserace score`) first"
        )
    if fmt == "table":
        _print_tables(boards)
    else:
        printer = {"csv": boards_csv, "json": boards_json_text, "md": boards_markdown}[fmt]
        click.echo(printer(boards), nl=False)
