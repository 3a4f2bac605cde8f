"""`horserace track list|show|validate|new`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click

from harness.cli import Context, format_option, pass_context
from harness.cli.output import emit, emit_json
from harness.errors import UserError
from harness.loading import Track, load_track, load_tracks, shown
from harness.specs import ID_PATTERN


@click.group()
def track() -> None:
    """List, show, validate and scaffold tracks."""


def _tracks_from(ctx: Context, paths: tuple[Path, ...]) -> list[Track]:
    return [load_track(p) for p in paths] if paths else load_tracks(ctx.root)


@track.command("list")
@format_option()
@pass_context
def list_tracks(ctx: Context, fmt: str) -> None:
    """List the tracks of the competition (shape only; `validate` checks data)."""
    rows = [
        (t.id, t.spec.name, t.spec.domain, len(t.spec.tasks), t.spec.version, shown(t.path))
        for t in load_tracks(ctx.root)
    ]
    emit(fmt, "Tracks", ("id", "name", "domain", "tasks", "version", "file"), rows)


@track.command("show")
@click.argument("track_id")
@format_option()
@pass_context
def show(ctx: Context, track_id: str, fmt: str) -> None:
    """Show one track's tasks, sample counts and leaderboard settings."""
    from harness.checks import check_track

    (one,) = load_tracks(ctx.root, [track_id])
    summaries = check_track(one)
    if fmt == "json":
        emit_json({"track": one.spec.model_dump(mode="json"), "tasks": [s.__dict__ for s in summaries]})
        return
    board = one.spec.leaderboard
    rows = [
        (
            s.task,
            s.name,
            s.kind,
            ", ".join(f"{k}={v}" for k, v in sorted(s.splits.items())),
            s.variants,
            s.primary,
            one.spec.task(s.task).weight,
        )
        for s in summaries
    ]
    emit(
        "table",
        f"{one.spec.name} ({one.id}) — {one.spec.domain}",
        ("task", "name", "kind", "samples", "requests", "primary", "weight"),
        rows,
    )
    click.echo(
        f"leaderboard: {board.aggregate}, normalisation {board.normalization.method}, "
        f"{board.confidence:.0%} intervals, {board.resamples} resamples, seed {board.seed}, "
        f"errors count {board.errors}, tie-break {board.tie_break.rule}"
    )


@track.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option()
@pass_context
def validate(ctx: Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Check everything a run needs: files, data, templates on every sample, scorers, choices."""
    from harness.checks import check_track

    tracks = _tracks_from(ctx, paths)
    if not tracks:
        raise UserError(
            shown(ctx.root / "tracks"), "no tracks found", "create one with `horserace track new NAME`"
        )
    rows = []
    for one in tracks:
        for s in check_track(one):
            counts = ", ".join(f"{k}={v}" for k, v in sorted(s.splits.items()))
            rows.append((s.track, s.task, s.kind, counts, s.variants, s.primary))
    emit(fmt, "Valid tracks", ("track", "task", "kind", "samples", "requests", "primary"), rows)
    if fmt == "table":
        click.echo(f"ok: {len(tracks)} track(s), {len(rows)} task(s) valid")


@track.command("new")
@click.argument("name")
@click.option("--id", "track_id", default=None, help="Track id (default: from NAME).")
@pass_context
def new(ctx: Context, name: str, track_id: str | None) -> None:
    """Scaffold tracks/<id>/ with a commented track.yaml and example data that validates as is."""
    import jinja2

    track_id = track_id or re.sub(r"[^a-z0-9_\-]+", "_", name.lower()).strip("_-")
    if not re.match(ID_PATTERN, track_id or ""):
        raise UserError(f"track new {name}", "cannot derive an id from the name", "pass --id my_track")
    folder = ctx.root / "tracks" / track_id
    if folder.exists():
        raise UserError(shown(folder), "already exists", "choose another name or --id")
    scaffold = Path(__file__).resolve().parent.parent / "scaffold"
    (folder / "data").mkdir(parents=True)
    text = jinja2.Template((scaffold / "track.yaml").read_text("utf-8"), keep_trailing_newline=True).render(
        id=track_id, name=name.replace('"', "'")
    )
    (folder / "track.yaml").write_text(text, "utf-8")
    for data_file in scaffold.glob("*.jsonl"):
        shutil.copy(data_file, folder / "data" / data_file.name)
    click.echo(
        f"created {shown(folder)}; edit track.yaml, then run: horserace track validate {shown(folder)}"
    )
