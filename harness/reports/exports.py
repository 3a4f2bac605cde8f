"""Leaderboards as Markdown, CSV and JSON text (the JSON form is `boards_json`, schema documented)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from harness.leaderboard.build import Board, Row, TrackBoard, boards_json, overall_table

CSV_COLUMNS = (
    "track",
    "task",
    "slice",
    "metric",
    "position",
    "rank",
    "rank_low",
    "rank_high",
    "tie_group",
    "submission",
    "team",
    "score",
    "ci_low",
    "ci_high",
    "error_rate",
    "unparsed_rate",
    "n",
    "incomplete",
)


def fmt_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def fmt_rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def fmt_interval(row: Row) -> str:
    if row.ci_low is None or row.ci_high is None:
        return "—"
    return f"[{row.ci_low:.4f}, {row.ci_high:.4f}]"


def all_boards(track: TrackBoard) -> Iterable[Board]:
    yield track.aggregate
    yield from track.tasks
    yield from track.slices


def boards_csv(boards: Sequence[TrackBoard]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for track in boards:
        for board in all_boards(track):
            for r in board.rows:
                writer.writerow(
                    [
                        board.track,
                        board.task or "",
                        board.slice or "",
                        board.metric,
                        r.position,
                        r.rank_text,
                        r.rank_low,
                        r.rank_high,
                        r.tie_group,
                        r.submission,
                        r.team,
                        r.score,
                        r.ci_low,
                        r.ci_high,
                        r.error_rate,
                        r.unparsed_rate,
                        r.n,
                        r.incomplete,
                    ]
                )
    return out.getvalue()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def board_markdown(board: Board) -> list[str]:
    title = "aggregate" if board.task is None else board.task + (f" · {board.slice}" if board.slice else "")
    lines = [
        f"### {_md_escape(board.title)} — {title}",
        "",
        f"Metric `{board.metric}` ({'higher' if board.higher_is_better else 'lower'} is better), "
        f"{board.confidence:.0%} bootstrap intervals over {board.n_samples} samples, {board.resamples} resamples, "
        f"seed {board.seed}. Tie-break: {board.tie_break}.",
        "",
        "| # | rank | submission | team | score | interval | errors | unparsed | n |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in board.rows:
        lines.append(
            f"| {r.position} | {r.rank_text} | {_md_escape(r.submission)} | {_md_escape(r.team)} | "
            f"{fmt_score(r.score)} | {fmt_interval(r)} | {fmt_rate(r.error_rate)} | {fmt_rate(r.unparsed_rate)} | "
            f"{r.n} |"
        )
    lines.extend(f"> {note}" for note in board.notes)
    return [*lines, ""]


def boards_markdown(boards: Sequence[TrackBoard]) -> str:
    lines = ["# Leaderboards", ""]
    for track in boards:
        weights = ", ".join(f"{t}×{w:g}" for t, w in track.weights.items())
        lines += [
            f"## {_md_escape(track.title)} (`{track.track}`)",
            "",
            f"Aggregate: {track.rule}; weights {weights}; normalisation {track.normalization}; "
            f"errors count as {track.error_policy}. Ranks are ranges: submissions whose difference is "
            f"not significant (paired bootstrap, Holm-corrected) share them.",
            "",
        ]
        for board in all_boards(track):
            lines += board_markdown(board)
    overall = overall_table(boards)
    if overall:
        names = [b.track for b in boards]
        lines += [
            "## Overall",
            "",
            "| submission | team | " + " | ".join(names) + " |",
            "|---|---|" + "---|" * len(names),
        ]
        for row in overall:
            cells = [
                "absent"
                if row.tracks[t] is None
                else f"{fmt_score(row.tracks[t]['score'])} (rank {row.tracks[t]['rank']})"
                for t in names
            ]
            lines.append(
                f"| {_md_escape(row.submission)} | {_md_escape(row.team)} | " + " | ".join(cells) + " |"
            )
    return "\n".join(lines) + "\n"


def boards_json_text(boards: Sequence[TrackBoard]) -> str:
    return json.dumps(boards_json(boards), ensure_ascii=False, indent=2)
