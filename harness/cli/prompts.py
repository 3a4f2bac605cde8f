"""`horserace prompts export`: rendered requests for teams that answer offline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from harness.cli import Context, pass_context
from harness.loading import load_tracks, shown


@click.group()
def prompts() -> None:
    """Export rendered prompts."""


@prompts.command("export")
@click.option("--track", "track_id", required=True, help="Track id.")
@click.option("--split", default="test", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@pass_context
def export(ctx: Context, track_id: str, split: str, out_dir: Path) -> None:
    """Write one JSONL per task: sample id, variant, rendered messages, public inputs, choices (never references)."""
    from harness.checks import check_split, plan_task

    (track,) = load_tracks(ctx.root, [track_id])
    plans = [plan_task(track, index, render_all=False) for index in range(len(track.spec.tasks))]
    check_split(split, [plan.data for plan in plans])
    folder = out_dir / track.id
    folder.mkdir(parents=True, exist_ok=True)
    for task, plan in zip(track.spec.tasks, plans, strict=True):
        path = folder / f"{task.id}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for rendered in plan.renderer.render_split(split):
                row = {"id": rendered.sample_id, **rendered.request("").to_public_dict()}
                for key in ("track", "task", "sample_id"):
                    row.pop(key)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        click.echo(f"wrote {shown(path)}")
