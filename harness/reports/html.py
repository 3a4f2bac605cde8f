"""The judges' report: a self-contained HTML folder plus the Markdown/CSV/JSON exports.

    <out>/index.html                       leaderboards with intervals, the overall table, provenance
    <out>/tracks/<track>.html              heatmap, per-task tables with every metric, the ranking rule
    <out>/submissions/<name>/index.html    per-task results, errors, latency, tokens, sample explorer
    <out>/submissions/<name>/samples.jsonl every scored sample of that submission
    <out>/leaderboard.md, leaderboard.csv, results.json

Everything derives from the store (no solver is called). Pages carry all CSS, JS and
charts inline and a Content-Security-Policy that forbids any request, so a report can be
mailed or opened on an isolated network. Jinja2 autoescapes every value: team names and
model outputs are text, never markup. Test references are written only when asked for
(`include_references`): reports often go to the teams themselves.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import math
import os
import shutil
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from harness import __version__
from harness.checks import TaskPlan, plan_task
from harness.errors import UserError, did_you_mean
from harness.forked import map_forked
from harness.leaderboard.build import (
    Board,
    BoardOptions,
    Row,
    TrackBoard,
    boards_json,
    build_boards,
    overall_table,
)
from harness.loading import Sample, Track, choices_of, load_task_data
from harness.prompting import reference_of, rotations, variant_name
from harness.reports.exports import boards_csv, boards_markdown, fmt_rate, fmt_score
from harness.store import Store, TaskSamples

TEMPLATES = Path(__file__).parent / "templates"
MARKER = ".horserace-report"  # marks a folder this module wrote, so replacing it is safe
TEXT_LIMIT = 4000  # characters of one text the explorer shows; samples.jsonl keeps everything
CI_WIDTH = 160  # px of the interval bar

# The UI strings; team, track and task names are shown as given.
UI: dict[str, dict[str, str]] = {
    "en": {
        "report": "Judges' report",
        "team_report": "Report for team",
        "overview": "Overview",
        "leaderboards": "Leaderboards",
        "overall": "Overall",
        "provenance": "Provenance",
        "generated": "Generated",
        "by": "by",
        "position": "#",
        "rank": "rank",
        "submission": "submission",
        "team": "team",
        "score": "score",
        "interval": "interval",
        "scale": "scale",
        "errors": "errors",
        "unparsed": "unparsed",
        "n": "n",
        "tie_group": "tie group",
        "tie_note": "Submissions in one shaded block are not significantly different "
        "(paired bootstrap, Holm-corrected): they share a rank range.",
        "absent": "absent",
        "incomplete": "incomplete",
        "track": "track",
        "task": "task",
        "tasks": "tasks",
        "metric": "metric",
        "metrics": "metrics",
        "primary": "primary metric",
        "weight": "weight",
        "aggregate": "aggregate",
        "rule": "How the track is ranked",
        "rule_weighted_mean": "Track score = weighted mean of the tasks' primary metrics, "
        "weights normalised to sum 1.",
        "rule_mean_rank": "Track score = mean over tasks of the submission's rank on the task "
        "(1 = best, ties share the average rank); lower is better.",
        "rule_mean_win_rate": "Track score = mean over tasks of the share of other submissions "
        "it beats (a tie counts one half); higher is better.",
        "weights": "weights",
        "normalisation": "normalisation",
        "error_policy": "a solver error counts as",
        "error_zero": "zero",
        "error_exclude": "left out",
        "confidence": "confidence",
        "resamples": "bootstrap resamples",
        "seed": "seed",
        "tie_break": "tie-break",
        "samples": "samples",
        "heatmap": "Tasks × submissions (primary metric; colour within each column, darker = better)",
        "per_task": "Per task",
        "higher_better": "higher is better",
        "lower_better": "lower is better",
        "results": "Results",
        "operations": "Errors, latency and tokens (stored responses)",
        "responses": "responses",
        "by_kind": "errors by kind",
        "latency_p50": "latency p50 ms",
        "latency_p95": "latency p95 ms",
        "prompt_tokens": "prompt tokens",
        "completion_tokens": "completion tokens",
        "explorer": "Sample explorer",
        "explorer_note": "The {k} worst samples of each task (errors first, then lowest score). "
        "Every sample is in samples.jsonl beside this page.",
        "noscript": "The sample explorer needs JavaScript; every sample is in samples.jsonl.",
        "all_tasks": "all tasks",
        "all_statuses": "every status",
        "showing": "shown",
        "prompt": "prompt",
        "raw_response": "raw response",
        "reasoning": "reasoning",
        "extraction": "extraction",
        "extracted": "extracted",
        "reference": "reference",
        "references_hidden": "References are not included in this report.",
        "error": "error",
        "variant": "variant",
        "truncated": "… (truncated; full text in samples.jsonl)",
        "no_prompt": "prompt unavailable",
        "runs": "Runs",
        "run": "run",
        "status": "status",
        "started": "started",
        "finished": "finished",
        "harness": "harness",
        "split": "split",
        "limit": "limit",
        "spec_hash": "spec hash",
        "data_digests": "data digests",
        "version": "version",
        "kind": "kind",
        "current": "current files",
        "matches": "matches",
        "changed": "changed since the run",
        "not_in_runs": "not in any run",
        "report_of": "Report options",
        "references_included": "test references included",
        "references_excluded": "test references excluded",
        "back": "overview",
        "notes": "notes",
        "samples_file": "samples.jsonl",
        "none": "none",
        "of": "of",
        "seen": "stored since",
    },
    "zh": {
        "report": "评审报告",
        "team_report": "参赛队报告",
        "overview": "总览",
        "leaderboards": "排行榜",
        "overall": "总表",
        "provenance": "来源与复现信息",
        "generated": "生成于",
        "by": "生成工具",
        "position": "序",
        "rank": "名次",
        "submission": "提交",
        "team": "队伍",
        "score": "得分",
        "interval": "置信区间",
        "scale": "刻度",
        "errors": "错误率",
        "unparsed": "未解析率",
        "n": "样本数",
        "tie_group": "并列组",
        "tie_note": "同一阴影块内的提交差异不显著（配对自助法，Holm 校正），名次为区间。",
        "absent": "未参赛",
        "incomplete": "不完整",
        "track": "赛道",
        "task": "任务",
        "tasks": "任务",
        "metric": "指标",
        "metrics": "指标",
        "primary": "主指标",
        "weight": "权重",
        "aggregate": "赛道汇总",
        "rule": "赛道排名规则",
        "rule_weighted_mean": "赛道得分 = 各任务主指标的加权平均，权重归一化为和为 1。",
        "rule_mean_rank": "赛道得分 = 各任务名次的平均（1 为最好，并列取平均名次），越低越好。",
        "rule_mean_win_rate": "赛道得分 = 各任务中胜过其他提交的比例的平均（平局计一半），越高越好。",
        "weights": "权重",
        "normalisation": "归一化",
        "error_policy": "调用错误计为",
        "error_zero": "零分",
        "error_exclude": "剔除",
        "confidence": "置信水平",
        "resamples": "自助重采样次数",
        "seed": "随机种子",
        "tie_break": "并列处理",
        "samples": "样本",
        "heatmap": "任务 × 提交（主指标；按列着色，颜色越深越好）",
        "per_task": "分任务结果",
        "higher_better": "越高越好",
        "lower_better": "越低越好",
        "results": "成绩",
        "operations": "错误、延迟与 token（已存储的响应）",
        "responses": "响应数",
        "by_kind": "错误类型",
        "latency_p50": "延迟 p50 毫秒",
        "latency_p95": "延迟 p95 毫秒",
        "prompt_tokens": "输入 token",
        "completion_tokens": "输出 token",
        "explorer": "样本浏览",
        "explorer_note": "每个任务得分最差的 {k} 个样本（先列调用错误，再按得分从低到高）。"
        "全部样本见本页旁的 samples.jsonl。",
        "noscript": "样本浏览需要启用 JavaScript；全部样本见 samples.jsonl。",
        "all_tasks": "全部任务",
        "all_statuses": "全部状态",
        "showing": "显示",
        "prompt": "提示词",
        "raw_response": "原始回答",
        "reasoning": "推理过程",
        "extraction": "答案抽取",
        "extracted": "抽取结果",
        "reference": "参考答案",
        "references_hidden": "本报告不含参考答案。",
        "error": "错误",
        "variant": "变体",
        "truncated": "……（已截断，全文见 samples.jsonl）",
        "no_prompt": "提示词不可用",
        "runs": "运行记录",
        "run": "运行",
        "status": "状态",
        "started": "开始",
        "finished": "结束",
        "harness": "评测框架",
        "split": "数据划分",
        "limit": "样本上限",
        "spec_hash": "配置哈希",
        "data_digests": "数据摘要",
        "version": "版本",
        "kind": "类型",
        "current": "当前文件",
        "matches": "一致",
        "changed": "运行后已改动",
        "not_in_runs": "不在任何运行记录中",
        "report_of": "报告选项",
        "references_included": "包含测试集参考答案",
        "references_excluded": "不含测试集参考答案",
        "back": "总览",
        "notes": "说明",
        "samples_file": "samples.jsonl",
        "none": "无",
        "of": "/",
        "seen": "首次记录",
    },
}


@dataclass(frozen=True)
class ReportOptions:
    out: Path
    team: str | None = None  # a team-facing report: leaderboards plus this team's pages only
    submissions: tuple[str, ...] | None = None  # pages for these only (None: every ranked one)
    include_references: bool = False
    lang: str = "zh"
    worst: int = 50  # samples per task in the explorer
    command: str = "horserace report"  # shown under provenance
    workers: int = 0  # processes for submission pages; 0: one per CPU when there are 8 or more


@dataclass
class ReportResult:
    folder: Path
    index: Path
    pages: int
    samples: int
    timings: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------- formatting


def _when(ts: float | None) -> str:
    if ts is None:
        return "—"
    return datetime.fromtimestamp(ts).astimezone().isoformat(sep=" ", timespec="seconds")


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is text unless wrapped in Markup here
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(score=fmt_score, rate=fmt_rate, num=_num, when=_when)
    return env


def _script(name: str) -> tuple[Markup, str]:
    """An inline script and its CSP hash: only this exact script may run on the page."""
    text = (TEMPLATES / name).read_text("utf-8")
    if "</" in text:  # would end the <script> element early
        raise ValueError(f"{name} must not contain '</'")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Markup(text), f"'sha256-{digest}'"


# ---------------------------------------------------------------- leaderboard views


def _bar(scale: tuple[float, float], low: float | None, high: float | None, score: float | None):
    """x positions (px) of an interval bar and its point on the board's common scale."""
    lo, hi = scale
    span = hi - lo or 1.0

    def x(v: float) -> float:
        return round(4 + (CI_WIDTH - 8) * (v - lo) / span, 1)

    if score is None:
        return None
    low = score if low is None else low
    high = score if high is None else high
    return {"x1": x(low), "width": max(round(x(high) - x(low), 1), 1.0), "cx": x(score)}


def _scale(rows: Iterable[Row]) -> tuple[float, float]:
    values = [v for r in rows for v in (r.ci_low, r.ci_high, r.score) if v is not None and math.isfinite(v)]
    if not values:
        return 0.0, 1.0
    lo, hi = min(values), max(values)
    return (lo, hi) if hi > lo else (lo - 0.05, hi + 0.05)


def _unparsed_over_tasks(track: TrackBoard) -> dict[str, float | None]:
    """A submission's unparsed rate over the track: the task boards' rates weighted by their samples."""
    total: dict[str, float] = {}
    weight: dict[str, int] = {}
    for board in track.tasks:
        for r in board.rows:
            if r.unparsed_rate is not None:
                total[r.submission] = total.get(r.submission, 0.0) + r.unparsed_rate * board.n_samples
                weight[r.submission] = weight.get(r.submission, 0) + board.n_samples
    return {s: (total[s] / weight[s] if weight[s] else None) for s in total}


def _board_view(
    board: Board,
    links: dict[str, str],
    unparsed: dict[str, float | None] | None = None,
    mine: str | None = None,
) -> dict[str, Any]:
    """A board as the leaderboard macro draws it: rows grouped into tie groups, bars on one scale."""
    scale = _scale(board.rows)
    groups: list[dict[str, Any]] = []
    for r in board.rows:
        row = {
            "position": r.position,
            "rank": r.rank_text,
            "submission": r.submission,
            "team": r.team,
            "score": r.score,
            "ci_low": r.ci_low,
            "ci_high": r.ci_high,
            "bar": _bar(scale, r.ci_low, r.ci_high, r.score),
            "error_rate": r.error_rate,
            "unparsed_rate": r.unparsed_rate if unparsed is None else unparsed.get(r.submission),
            "n": r.n,
            "incomplete": r.incomplete,
            "href": links.get(r.submission),
            "mine": mine is not None and r.team == mine,
            "metrics": r.metrics,
        }
        same = (
            groups and not r.incomplete and groups[-1]["id"] == r.tie_group and not groups[-1]["incomplete"]
        )
        if same:
            groups[-1]["rows"].append(row)
        else:
            groups.append({"id": r.tie_group, "incomplete": r.incomplete, "rows": [row]})
    tied = 0
    for g in groups:
        g["tied"] = len(g["rows"]) > 1
        g["alt"] = g["tied"] and tied % 2 == 1  # neighbouring tie groups in two shades
        tied += g["tied"]
    return {
        "board": board,
        "title": board.title,
        "task": board.task,
        "metric": board.metric,
        "higher": board.higher_is_better,
        "scale": scale,
        "groups": groups,
        "metrics": list(board.rows[0].metrics) if board.rows else [],
    }


def _heatmap(track: TrackBoard, links: dict[str, str]) -> dict[str, Any]:
    """Submissions (in track order) x tasks: primary scores, shaded by standing within each task."""
    columns = []
    for board in track.tasks:
        by_sub = {r.submission: r for r in board.rows}
        values = [r.score for r in board.rows if r.score is not None]
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        columns.append((board, by_sub, lo, hi))
    rows = []
    for agg in track.aggregate.rows:
        cells = []
        for board, by_sub, lo, hi in columns:
            r = by_sub.get(agg.submission)
            if r is None or r.score is None:
                cells.append({"text": "—", "style": "", "title": ""})
                continue
            good = 0.5 if hi == lo else (r.score - lo) / (hi - lo)
            good = good if board.higher_is_better else 1 - good
            alpha = round(0.06 + 0.74 * good, 3)
            colour = "#fff" if alpha > 0.5 else "#10243e"
            interval = f"[{fmt_score(r.ci_low)}, {fmt_score(r.ci_high)}]"
            cells.append(
                {
                    "text": fmt_score(r.score),
                    "style": f"background:rgba(21,101,192,{alpha});color:{colour}",
                    "title": f"{board.task} {board.metric} {fmt_score(r.score)} {interval} rank {r.rank_text}",
                }
            )
        rows.append(
            {
                "submission": agg.submission,
                "team": agg.team,
                "href": links.get(agg.submission),
                "aggregate": agg.score,
                "cells": cells,
            }
        )
    return {"columns": [c[0] for c in columns], "rows": rows}


# ---------------------------------------------------------------- provenance


def _data_digests(track: Track, recorded: dict[str, str]) -> dict[str, str | None]:
    """The current digest of each task's data that the run recorded (None when it cannot be read)."""
    out: dict[str, str | None] = {}
    for task_id in recorded:
        try:
            out[task_id] = load_task_data(track, track.spec.task(task_id)).digest
        except (UserError, StopIteration):  # the task or its data is gone
            out[task_id] = None
    return out


def _provenance(store: Store, tracks: Sequence[Track], boards: Sequence[TrackBoard], options: ReportOptions):
    """When and from what the report was made: every run touching its tracks and the hashes it recorded."""
    track_ids = {b.track for b in boards}
    runs = []
    for r in store.run_rows(limit=100_000):
        manifest = json.loads(r["manifest"] or "{}")
        if track_ids & set(manifest.get("tracks", {})):
            runs.append((r, manifest))
    runs.sort(key=lambda pair: pair[0]["id"])
    latest_track: dict[str, tuple[int, dict]] = {}
    latest_sub: dict[str, tuple[int, dict]] = {}
    run_list = []
    for r, manifest in runs:
        for tid, info in manifest.get("tracks", {}).items():
            latest_track[tid] = (r["id"], info)
        for name, info in manifest.get("submissions", {}).items():
            latest_sub[name] = (r["id"], info)
        run_list.append(
            {
                "id": r["id"],
                "status": r["status"],
                "started": _when(r["started_at"]),
                "finished": _when(r["finished_at"]),
                "harness_version": r["harness_version"],
                "python": manifest.get("python"),
                "split": manifest.get("split"),
                "limit": manifest.get("limit"),
                "tracks": sorted(manifest.get("tracks", {})),
                "submissions": len(manifest.get("submissions", {})),
            }
        )
    by_id = {t.id: t for t in tracks}
    track_rows = []
    for board in boards:
        run_id, info = latest_track.get(board.track, (None, {}))
        track = by_id[board.track]
        current = hashlib.sha256(track.path.read_bytes()).hexdigest()[:16]
        data = info.get("data", {})
        track_rows.append(
            {
                "track": board.track,
                "title": board.title,
                "run": run_id,
                "version": info.get("version", track.spec.version),
                "spec_sha256": info.get("spec_sha256"),
                "current_sha256": current,
                "matches": info.get("spec_sha256") == current and data == _data_digests(track, data),
                "seed": board.aggregate.seed,
                "resamples": board.aggregate.resamples,
                "confidence": board.aggregate.confidence,
                "data": data,
            }
        )
    stored = {s["name"]: s for s in store.submission_rows()}
    ranked = sorted({r.submission for b in boards for r in b.aggregate.rows})
    sub_rows = []
    for name in ranked:
        run_id, info = latest_sub.get(name, (None, {}))
        current = stored.get(name, {}).get("spec_hash")
        sub_rows.append(
            {
                "submission": name,
                "team": stored.get(name, {}).get("team", name),
                "kind": info.get("kind") or stored.get(name, {}).get("kind"),
                "run": run_id,
                "spec_hash": info.get("spec_hash"),
                "current_hash": current,
                "matches": info.get("spec_hash") in (None, current),
                "first_seen": _when(stored.get(name, {}).get("first_seen")),
            }
        )
    return {
        "generated_at": _when(time.time()),
        "harness_version": __version__,
        "command": options.command,
        "team": options.team,
        "include_references": options.include_references,
        "worst": options.worst,
        "runs": run_list,
        "tracks": track_rows,
        "submissions": sub_rows,
    }


# ---------------------------------------------------------------- samples


def json_for_html(text: str) -> str:
    """JSON text with <, > and & as \\u escapes: inert inside <script type="application/json"> and in files."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _TrackSamples:
    """What submission pages need of one track: primary metrics, and prompts and references as JSON,
    rendered once per sample whichever submissions show it."""

    def __init__(self, track: Track, board: TrackBoard):
        self.track = track
        self.primary = {b.task: (b.metric, b.higher_is_better) for b in board.tasks if b.task is not None}
        self._plans: dict[str, tuple[TaskPlan, dict[str, Sample]] | None] = {}
        self._prompts: dict[tuple[str, str], str] = {}
        self._references: dict[tuple[str, str], str] = {}

    def _plan(self, task_id: str) -> tuple[TaskPlan, dict[str, Sample]] | None:
        if task_id not in self._plans:
            index = self.track.task_index(task_id)
            try:
                plan = plan_task(self.track, index, render_all=False)
                self._plans[task_id] = (plan, {s.id: s for s in plan.data.samples})
            except UserError:  # the track's data changed or went away since the run
                self._plans[task_id] = None
        return self._plans[task_id]

    def _sample(self, task_id: str, sample_id: str) -> tuple[TaskPlan, Sample] | None:
        found = self._plan(task_id)
        sample = found[1].get(sample_id) if found else None
        return (found[0], sample) if found and sample else None

    def prompts(self, task_id: str, sample_id: str) -> str:
        """{variant: [message, ...]} of one sample as JSON ({} when the track's data no longer has it)."""
        key = (task_id, sample_id)
        if key not in self._prompts:
            found = self._sample(task_id, sample_id)
            value: dict[str, Any] = {}
            if found:
                with contextlib.suppress(UserError):
                    value = {
                        r.variant: [dict(m) for m in r.messages]
                        for r in found[0].renderer.render_sample(found[1])
                    }
            self._prompts[key] = _compact(value)
        return self._prompts[key]

    def references(self, task_id: str, sample_id: str) -> str:
        """{variant: reference} of one sample as JSON: for --include-references only."""
        key = (task_id, sample_id)
        if key not in self._references:
            found = self._sample(task_id, sample_id)
            value: dict[str, str] = {}
            if found:
                plan, sample = found
                task = plan.data.task
                n_options = len(choices_of(sample.fields, task, sample.where)) if task.choices else 0
                with contextlib.suppress(UserError):
                    value = {
                        variant_name(task, r): reference_of(task, sample, variant_name(task, r))
                        for r in rotations(task, n_options)
                    }
            self._references[key] = _compact(value)
        return self._references[key]


def _operations(samples: TaskSamples | None) -> dict[str, Any]:
    """One task's scored responses: errors by kind, latency p50/p95 (as the run summary computes them), tokens."""
    errors = Counter((samples.error_kinds or "").split() if samples else ())
    ordered = sorted(map(float, (samples.latencies or "").split() if samples else ()))
    return {
        "responses": samples.responses if samples else 0,
        "errors": dict(errors.most_common()),
        "error_total": sum(errors.values()),
        "latency_p50": statistics.median(ordered) if ordered else None,
        "latency_p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else None,
        "prompt_tokens": (samples.prompt_tokens or 0) if samples else 0,
        "completion_tokens": (samples.completion_tokens or 0) if samples else 0,
    }


def _worst_documents(
    by_task: dict[str, TaskSamples],
    texts: dict[str, list[bytes]],
    worst: Sequence[tuple[str, str]],
    order: dict[str, int],
) -> list[str]:
    """The explorer's samples: the worst ones that have a document, by the track's task order, worst first."""
    tasks = {task for task, _ in worst if task in by_task}
    index = {task: {sid: i for i, sid in enumerate(by_task[task].sample_ids)} for task in tasks}
    chosen = []
    for rank, (task, sid) in enumerate(worst):
        i = index.get(task, {}).get(sid)
        if i is not None:
            chosen.append(((order.get(task, 0), rank), texts[task][i]))
    return [text.decode("utf-8") for _, text in sorted(chosen)]


# ---------------------------------------------------------------- pages


class _Pages:
    def __init__(
        self, store: Store, tracks: Sequence[Track], boards: list[TrackBoard], options: ReportOptions
    ):
        self.store, self.boards, self.options = store, boards, options
        self.tracks = {t.id: t for t in tracks}
        self.env = _environment()
        self.t = UI[options.lang]
        self.script, self.script_hash = _script("explorer.js")
        self.sample_tracks: dict[str, _TrackSamples] = {}
        self.worst: dict[str, dict[str, list[tuple[str, str]]]] = {}  # track -> page -> worst K
        self.prompt_entries: dict[str, dict[tuple[str, str], str]] = {}  # track -> shown sample -> entry

    def prepare_explorer(self, names: Sequence[str], workers: int) -> None:
        """Every page's worst samples and their prompts, track by track in forked workers, before the
        pages: each track's data is loaded and each prompt rendered by one process, where page
        workers each loaded every track and rendered most prompts again."""
        jobs = [(board.track, names) for board in self.boards]
        for board, (worst, prompts) in zip(
            self.boards,
            map_forked(functools.partial(_explorer_track, self), self.store, jobs, workers),
            strict=True,
        ):
            self.worst[board.track] = worst
            self.prompt_entries[board.track] = prompts

    def explorer_track(self, track: str, names: Sequence[str]) -> tuple[dict, dict]:
        """The worst samples of each page on one track, and each shown sample's prompts as the
        explorer's `"track/task/id":{variant: messages}` entry."""
        board = next(b for b in self.boards if b.track == track)
        ts = self._track_samples(board)
        pages = set(names)
        worst = {
            name: keys
            for name, keys in self.store.worst_samples(track, ts.primary, self.options.worst).items()
            if name in pages
        }
        shown = sorted({key for keys in worst.values() for key in keys})
        return worst, {
            (task, sid): f"{_compact(f'{track}/{task}/{sid}')}:{ts.prompts(task, sid)}" for task, sid in shown
        }

    def render(self, template: str, path: Path, depth: int, **context: Any) -> None:
        html = self.env.get_template(template).render(
            t=self.t,
            lang=self.options.lang,
            version=__version__,
            base="../" * depth,
            team=self.options.team,
            script_hash=self.script_hash,
            **context,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, "utf-8")

    def links(self, pages: Sequence[str], depth: int) -> dict[str, str]:
        return {name: f"{'../' * depth}submissions/{name}/index.html" for name in pages}

    def index(self, folder: Path, pages: Sequence[str], provenance: dict[str, Any]) -> None:
        links = self.links(pages, 0)
        tracks = [
            {"board": b, "view": _board_view(b.aggregate, links, _unparsed_over_tasks(b), self.options.team)}
            for b in self.boards
        ]
        self.render(
            "index.html",
            folder / "index.html",
            0,
            tracks=tracks,
            overall=overall_table(self.boards),
            track_ids=[b.track for b in self.boards],
            links=links,
            provenance=provenance,
        )

    def track(self, folder: Path, board: TrackBoard, pages: Sequence[str]) -> None:
        links = self.links(pages, 1)
        mine = self.options.team
        self.render(
            "track.html",
            folder / "tracks" / f"{board.track}.html",
            1,
            track=board,
            spec=self.tracks[board.track].spec,
            aggregate=_board_view(board.aggregate, links, _unparsed_over_tasks(board), mine),
            tasks=[_board_view(b, links, None, mine) for b in board.tasks],
            heatmap=_heatmap(board, links),
            rule_text=self.t[f"rule_{board.rule}"],
            error_text=self.t[f"error_{board.error_policy}"],
        )

    def _track_samples(self, board: TrackBoard) -> _TrackSamples:
        if board.track not in self.sample_tracks:
            self.sample_tracks[board.track] = _TrackSamples(self.tracks[board.track], board)
        return self.sample_tracks[board.track]

    def submission(self, folder: Path, name: str, team: str, stored: dict[str, Any]) -> int:
        """The submission's page and its samples.jsonl; returns how many samples were written.

        Per track: one query for every sample document with each task's errors, latency and
        tokens; the worst K and their prompts were prepared before (`prepare_explorer`). The
        explorer's samples travel as one JSON block that the page's script renders with
        textContent (model output never becomes markup).
        """
        out = folder / "submissions" / name
        out.mkdir(parents=True, exist_ok=True)
        references = self.options.include_references
        sections, explorer_tasks, shown, prompts = [], [], [], []
        written = 0
        with (out / "samples.jsonl").open("wb") as jsonl:
            for board in self.boards:
                agg = next((r for r in board.aggregate.rows if r.submission == name), None)
                if agg is None:
                    continue
                ts = self._track_samples(board)
                worst = self.worst[board.track][name]
                order = {
                    b.task: i for i, b in enumerate(board.tasks)
                }  # the explorer follows the track's order
                by_task = {group.task: group for group in self.store.task_samples(name, board.track)}
                texts: dict[str, list[bytes]] = {}  # each task's sample lines, references added if asked
                for group in by_task.values():
                    lines = group.jsonl.split(b"\n")
                    if references:
                        lines = [
                            b'%s,"references":%s}'
                            % (doc[:-1], json_for_html(ts.references(group.task, sid)).encode())
                            for sid, doc in zip(group.sample_ids, lines, strict=True)
                        ]
                    # scoring stored the lines escaped as json_for_html escapes: they go out as they are
                    jsonl.write(b"\n".join(lines) if references else group.jsonl)
                    jsonl.write(b"\n")
                    texts[group.task] = lines
                    written += len(lines)
                shown.extend(_worst_documents(by_task, texts, worst, order))
                prompts.extend(self.prompt_entries[board.track][key] for key in worst)
                tasks = []
                for task_board in board.tasks:
                    key = f"{board.track}/{task_board.task}"
                    explorer_tasks.append(
                        {
                            "key": key,
                            "label": f"{board.title} · {task_board.title}",
                            "primary": task_board.metric,
                            "total": len(texts.get(task_board.task, ())),
                            "shown": sum(1 for t, _ in worst if t == task_board.task),
                        }
                    )
                    tasks.append(
                        {
                            "board": task_board,
                            "row": next((r for r in task_board.rows if r.submission == name), None),
                            "ops": _operations(by_task.get(task_board.task)),
                            "of": len(task_board.rows),
                        }
                    )
                sections.append({"board": board, "row": agg, "of": len(board.aggregate.rows), "tasks": tasks})
        data = (
            f'{{"labels":{_compact(self._js_labels())},"tasks":{_compact(explorer_tasks)},'
            f'"references":{"true" if references else "false"},'
            f'"samples":[{",".join(shown)}],"prompts":{{{",".join(prompts)}}}}}'
        )
        self.render(
            "submission.html",
            out / "index.html",
            2,
            name=name,
            sub_team=team,
            stored=stored,
            sections=sections,
            filters=explorer_tasks,
            worst=self.options.worst,
            include_references=references,
            data=Markup(json_for_html(data)),  # no <, > or & left: cannot end the element
            script=self.script,
        )
        return written

    def _js_labels(self) -> dict[str, Any]:
        keys = ("prompt", "raw_response", "reasoning", "extraction", "extracted", "reference", "variant")
        return {k: self.t[k] for k in (*keys, "error", "truncated", "no_prompt")} | {"limit": TEXT_LIMIT}


def _explorer_track(pages: _Pages, store: Store, job: tuple[str, Sequence[str]]) -> tuple[dict, dict]:
    pages.store = store  # a forked worker's own connection (the same store when serial)
    return pages.explorer_track(*job)


def _submission_page(pages: _Pages, store: Store, job: tuple[Path, str, str, dict[str, Any]]) -> int:
    pages.store = store  # a forked worker's own connection (the same store when serial)
    return pages.submission(*job)


def _pick_pages(boards: Sequence[TrackBoard], options: ReportOptions) -> list[tuple[str, str]]:
    ranked = {r.submission: r.team for b in boards for r in b.aggregate.rows}
    names = sorted(ranked)
    if options.team is not None:
        teams = sorted(set(ranked.values()))
        if options.team not in teams:
            raise UserError(
                f"--team {options.team}",
                "no ranked submission of this team",
                did_you_mean(options.team, teams),
            )
        names = [n for n in names if ranked[n] == options.team]
    if options.submissions is not None:
        names = [n for n in names if n in set(options.submissions)]
    return [(n, ranked[n]) for n in names]


def _prepare(out: Path) -> Path:
    """A fresh staging folder beside `out`; `out` itself may only be missing, empty or an earlier report."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise UserError(f"--out {out}", "exists and is not a horserace report", "pick a new folder")
    staging = out.parent / f".{out.name}.writing-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def _publish(staging: Path, out: Path) -> None:
    (staging / MARKER).write_text("written by horserace report; the next report here replaces it\n", "utf-8")
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)


def _require_documents(store: Store, boards: Sequence[TrackBoard], names: set[str]) -> None:
    """Every scored task of a page's submission has its sample documents (scoring makes them; a
    store scored by horserace before they existed has none): say so before writing anything."""
    documented = store.documented_tasks()
    missing = sorted(
        (row.submission, board.track, task.task)
        for board in boards
        for task in board.tasks
        for row in task.rows
        if row.submission in names and (row.submission, board.track, task.task) not in documented
    )
    if missing:
        sub, track, task = missing[0]
        raise UserError(
            str(store.engine.url),
            f"{len(missing)} scored task(s) have no sample documents, e.g. {sub} on {track}/{task} "
            "(scored by an older horserace)",
            "run `horserace score` once, then the report again",
        )


def write_report(
    store: Store, tracks: Sequence[Track], options: ReportOptions, boards: list[TrackBoard] | None = None
) -> ReportResult:
    """Write the whole report folder (replacing an earlier report there) and say what was written.

    `boards` may be passed when the caller has built them already (the benchmark times them apart).
    """
    if options.lang not in UI:
        raise UserError(f"--lang {options.lang}", "unknown language", f"known: {', '.join(UI)}")
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    if boards is None:
        boards = build_boards(store, tracks, BoardOptions(tuple(t.id for t in tracks)))
        timings["leaderboards (build_boards)"] = time.perf_counter() - clock
    if not boards:
        raise UserError("report", "no scores stored yet", "run `horserace run` (or `horserace score`) first")
    pages = _pick_pages(boards, options)
    _require_documents(store, boards, {name for name, _ in pages})
    out = options.out.resolve()
    staging = _prepare(out)
    try:
        clock = time.perf_counter()
        provenance = _provenance(store, tracks, boards, options)
        (staging / "leaderboard.md").write_text(boards_markdown(boards), "utf-8")
        (staging / "leaderboard.csv").write_text(boards_csv(boards), "utf-8")
        results = {**boards_json(boards), "provenance": provenance}
        (staging / "results.json").write_text(
            json_for_html(json.dumps(results, ensure_ascii=False, indent=2)), "utf-8"
        )
        timings["exports (md, csv, json)"] = time.perf_counter() - clock
        clock = time.perf_counter()
        writer = _Pages(store, tracks, boards, options)
        names = [n for n, _ in pages]
        writer.index(staging, names, provenance)
        for board in boards:
            writer.track(staging, board, names)
        timings["index and track pages"] = time.perf_counter() - clock
        clock = time.perf_counter()
        stored = {s["name"]: s for s in store.submission_rows()}
        jobs = [(staging, n, team, stored.get(n, {})) for n, team in pages]
        workers = options.workers or (os.cpu_count() or 1 if len(jobs) >= 8 else 1)
        writer.prepare_explorer(names, workers)
        timings["explorer: worst samples, prompts"] = time.perf_counter() - clock
        clock = time.perf_counter()
        samples = sum(map_forked(functools.partial(_submission_page, writer), store, jobs, workers))
        timings["submission pages + samples.jsonl"] = time.perf_counter() - clock
        _publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ReportResult(out, out / "index.html", 1 + len(boards) + len(pages), samples, timings)
