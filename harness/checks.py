"""Everything a run would need, checked up front: `horserace track validate` and the start of a run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from harness.errors import UserError, did_you_mean
from harness.loading import Submission, TaskData, Track, load_task_data
from harness.prompting import TaskRenderer, reference_of
from harness.specs import TaskSpec
from scorers.registry import ExtractorDef, ScorerDef, get_extractor, parse_options, resolve_scorer


@dataclass(frozen=True)
class TaskSummary:
    track: str
    task: str
    name: str
    kind: str
    splits: dict[str, int]
    variants: int
    primary: str


@dataclass(frozen=True)
class TaskPlan:
    """A checked task: its data, renderer and resolved scorers/extractors, ready to run and score."""

    data: TaskData
    renderer: TaskRenderer
    scorers: tuple[tuple[str, ScorerDef, BaseModel], ...]  # (metric name, scorer, options)
    steps: tuple[tuple[ExtractorDef, BaseModel], ...]
    eval_requests: int = 0  # requests of the evaluated split, counted when everything was rendered


def task_kind(task: TaskSpec) -> str:
    if task.choices:
        return "multiple_choice"
    if task.labels:
        return "classification"
    if any(s.name == "numeric_match" for s in task.scorers):
        return "numeric"
    return "generation"


def _task_where(track: Track, index: int) -> str:
    return f"{track.shown}: tasks[{index}]"


def resolve_scoring(track: Track, index: int) -> tuple[tuple, tuple]:
    """The task's scorers and extraction steps, with options validated (UserError otherwise)."""
    task = track.spec.tasks[index]
    where = _task_where(track, index)
    scorers = []
    for i, spec in enumerate(task.scorers):
        at = f"{where}.scorers[{i}]"
        definition = resolve_scorer(spec.name, track.folder, f"{at}.name")
        scorers.append(
            (spec.metric_name, definition, parse_options(definition.options, spec.options, f"{at}.options"))
        )
    steps = []
    for i, step in enumerate(task.extraction):
        at = f"{where}.extraction[{i}]"
        definition = get_extractor(step.name, at)
        steps.append((definition, parse_options(definition.options, step.options, at)))
    return tuple(scorers), tuple(steps)


def _check_labels(track: Track, index: int, data: TaskData) -> None:
    task = track.spec.tasks[index]
    if not task.labels:
        return
    labels = set(task.labels)
    for sample in data.samples:
        ref = reference_of(task, sample)
        if ref not in labels:
            raise UserError(
                sample.where,
                f"reference '{ref}' is not among the task's labels",
                f"{_task_where(track, index)}.labels",
            )


def plan_task(track: Track, index: int, render_all: bool = True) -> TaskPlan:
    """Load, check and (optionally) render every sample of a task once, so a run cannot fail later."""
    task = track.spec.tasks[index]
    data = load_task_data(track, task)
    if not data.split(task.eval_split):
        splits = sorted({s.split for s in data.samples})
        raise UserError(
            f"{_task_where(track, index)}.dataset",
            f"no samples in split '{task.eval_split}'",
            f"found: {splits}",
        )
    scorers, steps = resolve_scoring(track, index)
    renderer = TaskRenderer(data)
    _check_labels(track, index, data)
    eval_requests = 0
    if render_all:
        for sample in data.samples:
            variants = renderer.render_sample(sample)
            reference_of(task, sample)
            eval_requests += len(variants) if sample.split == task.eval_split else 0
    return TaskPlan(data, renderer, scorers, steps, eval_requests)


def check_track(track: Track) -> list[TaskSummary]:
    """Validate a whole track; returns a per-task summary for printing."""
    summaries = []
    for index, task in enumerate(track.spec.tasks):
        plan = plan_task(track, index)
        splits: dict[str, int] = {}
        for sample in plan.data.samples:
            splits[sample.split] = splits.get(sample.split, 0) + 1
        summaries.append(
            TaskSummary(
                track.id, task.id, task.title, task_kind(task), splits, plan.eval_requests, task.primary
            )
        )
    return summaries


def check_split(split: str, datas: Sequence[TaskData]) -> None:
    """A --split that no task has samples in is a typo, not an empty run (which then scored
    every submission 0 on every task)."""
    if any(sample.split == split for data in datas for sample in data.samples):
        return
    known = sorted({sample.split for data in datas for sample in data.samples})
    raise UserError(f"--split {split}", "no task has samples in this split", did_you_mean(split, known))


def check_submission_tracks(submissions: Sequence[Submission], tracks: Sequence[Track]) -> None:
    """A submission naming a track the competition does not have is a mistake, not an empty run."""
    known = [t.id for t in tracks]
    for sub in submissions:
        for i, name in enumerate(sub.spec.tracks or ()):
            if name not in known:
                raise UserError(f"{sub.shown}: tracks[{i}]", f"no track '{name}'", did_you_mean(name, known))
