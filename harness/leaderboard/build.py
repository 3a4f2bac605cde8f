"""Stored per-sample scores -> ranked boards per task and per track, slices, and the overall table.

Everything derives from the `scores` rows (no solver is called) and is deterministic
for the track's seed. Submissions are compared on the samples every one of them has
a stored score for; an error row counts by the track's error policy.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from harness.checks import resolve_scoring
from harness.errors import UserError, did_you_mean
from harness.forked import map_forked
from harness.leaderboard.aggregate import TaskScores, aggregate, normalise_min_max, task_seed
from harness.leaderboard.bootstrap import BootstrapResult, MetricData, bootstrap_metric, resample_counts
from harness.leaderboard.ranking import Ranking, rank
from harness.loading import Track, load_task_data
from harness.store import Store

# JSON schema version of `horserace leaderboard --format json` and results.json
BOARD_SCHEMA = 1


@dataclass
class Cell:
    """One metric of one submission: point score and interval."""

    score: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass
class Row:
    """One submission on one board, in display order."""

    position: int
    submission: str
    team: str
    score: float | None
    ci_low: float | None
    ci_high: float | None
    rank_low: int | None
    rank_high: int | None
    tie_group: int
    error_rate: float | None
    unparsed_rate: float | None
    n: int
    incomplete: bool
    metrics: dict[str, Cell] = field(default_factory=dict)

    @property
    def rank_text(self) -> str:
        if self.incomplete or self.rank_low is None:
            return "—"
        return str(self.rank_low) if self.rank_low == self.rank_high else f"{self.rank_low}–{self.rank_high}"


@dataclass
class Board:
    """A ranked table: one task (or one slice of it), or a track's aggregate."""

    track: str
    task: str | None
    title: str
    metric: str
    higher_is_better: bool
    confidence: float
    resamples: int
    seed: int
    tie_break: str
    n_samples: int
    rows: list[Row]
    slice: str | None = None  # "tag=value" for a slice board
    weight: float | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class TrackBoard:
    track: str
    title: str
    domain: str
    rule: str
    weights: dict[str, float]
    normalization: str
    error_policy: str
    aggregate: Board
    tasks: list[Board]
    slices: list[Board] = field(default_factory=list)


@dataclass
class OverallRow:
    submission: str
    team: str
    tracks: dict[str, dict[str, Any] | None]  # track -> {score, rank, position} or None (absent)


def _to_float(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


# ---------------------------------------------------------------- reading the store


@dataclass(frozen=True, eq=False)
class _Scores:
    """A track's score rows as aligned arrays of integer codes (`Store.scores_frame`'s categoricals).

    Selecting a task, a metric or some samples is then an integer comparison and lining rows
    up in a (submission, sample) matrix is indexing: never a string comparison per row.
    Submission and sample codes follow sorted names and ids, so code order is name order.
    """

    submission: np.ndarray  # index into the track's sorted submission names
    sample: np.ndarray  # index into `sample_ids`
    task: np.ndarray  # index into `tasks`
    metric: np.ndarray  # index into `metrics`
    error: np.ndarray  # status "error"
    unparsed: np.ndarray  # status "unparsed"
    value: np.ndarray  # float64, NaN where NULL
    stats: np.ndarray  # object: bytes, or None
    sample_ids: np.ndarray  # sorted
    tasks: list[str]
    metrics: list[str]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> _Scores:
        status = frame["status"].cat
        statuses = list(status.categories)
        return cls(
            _codes(frame["submission"]),
            _codes(frame["sample_id"]),
            _codes(frame["task"]),
            _codes(frame["metric"]),
            status.codes.to_numpy() == _code(statuses, "error"),
            status.codes.to_numpy() == _code(statuses, "unparsed"),
            frame["value"].to_numpy(dtype=np.float64),
            frame["stats"].to_numpy(dtype=object),
            frame["sample_id"].cat.categories.to_numpy(dtype=object),
            list(frame["task"].cat.categories),
            list(frame["metric"].cat.categories),
        )

    def __len__(self) -> int:
        return len(self.submission)

    def take(self, keep: np.ndarray) -> _Scores:
        """The rows where `keep` (bool, one per row) holds; the vocabularies stay whole."""
        return replace(self, **{name: getattr(self, name)[keep] for name in _ROW_FIELDS})


_ROW_FIELDS = ("submission", "sample", "task", "metric", "error", "unparsed", "value", "stats")


def _codes(column: pd.Series) -> np.ndarray:
    return column.cat.codes.to_numpy().astype(np.intp)


def _code(categories: Sequence[str], value: str) -> int:
    """The code of `value`, or -1 (which no row has) when no row has the value."""
    return categories.index(value) if value in categories else -1


@dataclass
class _TaskFrame:
    """One task's rows restricted to the samples every submission with a score on it has."""

    present: np.ndarray  # (S,) bool: submissions with a score on the task
    samples: int  # common samples
    position: np.ndarray  # sample code -> column of that sample in a (S, samples) matrix
    rows: _Scores  # the task's rows on the common samples
    dropped: int  # samples left out because some submission has no score for them


def _task_frame(rows: _Scores, n_submissions: int) -> _TaskFrame:
    scored = np.zeros((n_submissions, len(rows.sample_ids)), bool)
    scored[rows.submission, rows.sample] = True
    present = scored.any(axis=1)
    everything = scored.any(axis=0)
    common = scored[present].all(axis=0) & everything  # `& everything`: no submission -> no sample
    # Codes follow sorted ids, so the common samples' columns are in id order.
    position = np.cumsum(common) - 1
    dropped = int(everything.sum() - common.sum())
    return _TaskFrame(present, int(common.sum()), position, rows.take(common[rows.sample]), dropped)


def _metric_data(tf: _TaskFrame, metric: str, scorer) -> MetricData:
    """MetricData for all submissions (absent ones marked missing) on the common samples."""
    rows = tf.rows.take(tf.rows.metric == _code(tf.rows.metrics, metric))
    i, j = rows.submission, tf.position[rows.sample]
    shape = (len(tf.present), tf.samples)
    errors = np.zeros(shape, bool)
    errors[i, j] = rows.error
    missing = ~tf.present
    higher = scorer.higher_is_better
    if scorer.reducer is not None and len(rows) and pd.notna(rows.stats).all():
        k = len(rows.stats[0]) // 8
        stats = np.zeros((*shape, k))
        stats[i, j] = np.frombuffer(b"".join(rows.stats.tolist()), dtype=np.float64).reshape(len(rows), k)
        return MetricData(
            metric,
            stats=stats,
            reducer=scorer.reducer,
            errors=errors,
            higher_is_better=higher,
            missing=missing,
        )
    values = np.full(shape, np.nan)
    values[i, j] = rows.value
    values[missing] = 0.0  # never used: a missing submission's score is NaN (incomplete)
    return MetricData(metric, values=values, errors=errors, higher_is_better=higher, missing=missing)


# ---------------------------------------------------------------- building boards


@dataclass(frozen=True)
class BoardOptions:
    tracks: tuple[str, ...] = ()
    task: str | None = None
    metric: str | None = None  # rank by this metric instead of each task's primary
    by: str | None = None  # slice tasks by this sample tag
    workers: int = 0  # processes building tracks; 0: one per CPU (at most one per track)


def _rows(
    ranking: Ranking,
    names: list[str],
    teams: dict[str, str],
    unparsed: np.ndarray,
    cells: dict[str, BootstrapResult],
) -> list[Row]:
    rows = []
    for e in ranking.entries:
        metrics = {
            m: Cell(_to_float(r.point[e.index]), _to_float(r.ci_low[e.index]), _to_float(r.ci_high[e.index]))
            for m, r in cells.items()
        }
        rows.append(
            Row(
                e.position,
                names[e.index],
                teams.get(names[e.index], names[e.index]),
                _to_float(e.score),
                _to_float(e.ci_low),
                _to_float(e.ci_high),
                None if e.incomplete else e.rank_low,
                None if e.incomplete else e.rank_high,
                e.tie_group,
                _to_float(e.error_rate),
                _to_float(unparsed[e.index]),
                e.n,
                e.incomplete,
                metrics,
            )
        )
    return rows


class _TrackBuilder:
    """Builds one track's boards; holds what every board of the track shares."""

    def __init__(
        self,
        store: Store,
        track: Track,
        submissions: list[str],
        teams: dict[str, str],
        first_seen: dict[str, float],
        options: BoardOptions,
    ):
        self.store, self.track, self.names, self.teams = store, track, submissions, teams
        self.options = options
        self.settings = track.spec.leaderboard
        self.submitted_at = np.array([first_seen.get(s, np.inf) for s in submissions])

    def _rank(self, result: BootstrapResult, secondary: np.ndarray | None) -> Ranking:
        tb = self.settings.tie_break
        # a task without the tie-break metric has nothing to break ties with: it says so ("none")
        rule = "none" if tb.rule == "metric" and secondary is None else tb.rule
        return rank(
            result,
            rule,
            submitted_at=self.submitted_at,
            secondary=secondary,
            secondary_name=tb.metric or "secondary metric",
        )

    def _bootstrap(self, data: MetricData, counts: np.ndarray) -> BootstrapResult:
        return bootstrap_metric(data, counts, self.settings.confidence, self.settings.errors)

    def task_board(
        self, index: int, rows: _Scores, slice_name: str | None = None
    ) -> tuple[Board, dict[str, BootstrapResult]]:
        """The board of one task (or one slice of it) from its rows."""
        tf, results = self.measure(index, rows)
        return self.board(index, tf, results, slice_name), results

    def measure(self, index: int, rows: _Scores) -> tuple[_TaskFrame, dict[str, BootstrapResult]]:
        """A task's common samples and the bootstrap of each of its metrics."""
        task = self.track.spec.tasks[index]
        scorers, _ = resolve_scoring(self.track, index)
        tf = _task_frame(rows, len(self.names))
        metric = self.options.metric or task.primary
        known = [m for m, _, _ in scorers]
        if metric not in known:
            raise UserError(
                f"--metric {metric}", f"task '{task.id}' has no such metric", did_you_mean(metric, known)
            )
        counts = resample_counts(tf.samples, self.settings.resamples, task_seed(self.settings.seed, index))
        return tf, {m: self._bootstrap(_metric_data(tf, m, s), counts) for m, s, _ in scorers}

    def board(
        self, index: int, tf: _TaskFrame, results: dict[str, BootstrapResult], slice_name: str | None = None
    ) -> Board:
        """A task's ranked board from its bootstrap results (`measure`)."""
        task = self.track.spec.tasks[index]
        metric = self.options.metric or task.primary
        tb_metric = self.settings.tie_break.metric
        secondary = results[tb_metric].point if tb_metric in results else None
        ranking = self._rank(results[metric], secondary)
        unparsed = self._unparsed_rate(tf, metric)
        board = Board(
            self.track.id,
            task.id,
            task.title,
            metric,
            results[metric].higher_is_better,
            self.settings.confidence,
            self.settings.resamples,
            self.settings.seed,
            ranking.tie_break,
            tf.samples,
            _rows(ranking, self.names, self.teams, unparsed, results),
            slice=slice_name,
            weight=task.weight,
        )
        if tf.dropped:
            board.notes.append(f"{tf.dropped} sample(s) left out: not scored for every submission")
        return board

    def _unparsed_rate(self, tf: _TaskFrame, metric: str) -> np.ndarray:
        """Share of unparsed answers per submission (NaN without rows): exact counts, so the
        same floats as a mean of booleans."""
        rows = tf.rows.take(tf.rows.metric == _code(tf.rows.metrics, metric))
        counts = np.bincount(rows.submission, minlength=len(self.names))
        unparsed = np.bincount(rows.submission, weights=rows.unparsed, minlength=len(self.names))
        with np.errstate(invalid="ignore"):
            return unparsed / counts

    def slices(self, index: int, rows: _Scores, tag: str) -> list[Board]:
        task = self.track.spec.tasks[index]
        data = load_task_data(self.track, task)
        if tag not in task.tags:
            return []
        scored = {rows.sample_ids[c]: c for c in np.unique(rows.sample)}  # id -> code
        groups: dict[str, list[int]] = {}
        for sample in data.split(task.eval_split):
            if sample.id in scored:
                groups.setdefault(str(sample.fields.get(tag)), []).append(scored[sample.id])
        boards = []
        for value, codes in sorted(groups.items()):
            in_slice = np.zeros(len(rows.sample_ids), bool)
            in_slice[codes] = True
            boards.append(self.task_board(index, rows.take(in_slice[rows.sample]), f"{tag}={value}")[0])
        return boards

    def build(self, frame: pd.DataFrame) -> TrackBoard:
        """The track's boards from its score rows (`Store.scores_frame`)."""
        rows = _Scores.from_frame(frame)
        spec = self.track.spec
        indices = [i for i, t in enumerate(spec.tasks) if self.options.task in (None, t.id)]
        if self.options.task and not indices:
            raise UserError(
                f"--task {self.options.task}",
                f"track '{spec.id}' has no such task",
                did_you_mean(self.options.task, [t.id for t in spec.tasks]),
            )
        boards, results, slices, unscored = [], [], [], []
        # Every task's bootstrap before any ranking: OpenBLAS keeps its second thread spinning
        # for about 0.1 s after each matrix product, so products close together waste less CPU.
        measured = {}
        for i in indices:
            task_rows = rows.take(rows.task == _code(rows.tasks, spec.tasks[i].id))
            if not len(task_rows):
                unscored.append(i)  # added after the run, or never scored: nothing to rank yet
                continue
            measured[i] = (task_rows, *self.measure(i, task_rows))
        for i, (task_rows, tf, metric_results) in measured.items():
            boards.append(self.board(i, tf, metric_results))
            results.append(metric_results)
            if self.options.by:
                slices.extend(self.slices(i, task_rows, self.options.by))
        scored = [i for i in indices if i not in unscored]
        if not scored:
            raise UserError(
                f"track {spec.id}", "no scores for the selected tasks yet", "run `horserace run` first"
            )
        aggregate_board = self._aggregate_board(
            scored, [r[b.metric] for r, b in zip(results, boards, strict=True)], self._secondary(results)
        )
        aggregate_board.notes += [
            f"task '{spec.tasks[i].id}' has no scores yet and is left out" for i in unscored
        ]
        return TrackBoard(
            spec.id,
            spec.name,
            spec.domain,
            self.settings.aggregate,
            {spec.tasks[i].id: spec.tasks[i].weight for i in indices},
            self._normalization_text(),
            self.settings.errors,
            aggregate_board,
            boards,
            slices,
        )

    def _normalization_text(self) -> str:
        n = self.settings.normalization
        return "none" if n.method == "none" else f"min_max (0 = {n.low}, 1 = {n.high or 'metric maximum'})"

    def _secondary(self, results: list[dict[str, BootstrapResult]]) -> np.ndarray | None:
        """The tie-break metric for the aggregate: its mean over the tasks that have it."""
        name = self.settings.tie_break.metric
        points = [r[name].point for r in results if name in r]
        return np.nanmean(points, axis=0) if points else None

    def _aggregate_board(
        self, indices: list[int], results: list[BootstrapResult], secondary: np.ndarray | None
    ) -> Board:
        scores = TaskScores.from_results(results)
        norm = self.settings.normalization
        notes = []
        if norm.method == "min_max":
            missing = [b for b in (norm.low, norm.high) if b and b not in self.names]
            if missing:
                notes.append(f"normalisation skipped: baseline submission(s) {missing} have no scores")
            else:
                high = self.names.index(norm.high) if norm.high else None
                scores = normalise_min_max(scores, self.names.index(norm.low), high)
        weights = [self.track.spec.tasks[i].weight for i in indices]
        result = aggregate(scores, self.settings.aggregate, weights, name=self.settings.aggregate)
        ranking = self._rank(result, secondary)
        empty = np.full(len(self.names), np.nan)
        board = Board(
            self.track.id,
            None,
            self.track.spec.name,
            self.settings.aggregate,
            result.higher_is_better,
            self.settings.confidence,
            self.settings.resamples,
            self.settings.seed,
            ranking.tie_break,
            result.n_samples,
            _rows(ranking, self.names, self.teams, empty, {}),
            notes=notes,
        )
        return board


def build_boards(
    store: Store, tracks: Sequence[Track], options: BoardOptions = BoardOptions()
) -> list[TrackBoard]:
    """One TrackBoard per track that has stored scores.

    Tracks are independent, so with several of them they are built in forked worker processes
    (each track costs seconds at competition size; the boards are the same either way).
    """
    subs = store.submission_rows()
    teams = {s["name"]: s["team"] for s in subs}
    first_seen = {s["name"]: s["first_seen"] for s in subs}
    build = functools.partial(_build_track, teams=teams, first_seen=first_seen, options=options)
    built = map_forked(build, store, tracks, options.workers or os.cpu_count() or 1)
    boards = [_unwrap(result) for result in built if result is not None]
    if options.by and not any(b.slices for b in boards):
        known = sorted({tag for t in tracks for task in t.spec.tasks for tag in task.tags})
        raise UserError(f"--by {options.by}", "no task declares this tag", did_you_mean(options.by, known))
    return boards


def _build_track(
    store: Store, track: Track, teams: dict[str, str], first_seen: dict[str, float], options: BoardOptions
) -> TrackBoard | tuple[str, str, str] | None:
    """One track's boards (None when nothing of it is scored), or the parts of the user error it raised.

    A UserError travels back as its parts: the exception itself does not survive unpickling.
    """
    frame = store.scores_frame(track.id)
    names = list(frame["submission"].cat.categories)  # sorted: the submissions with a score on the track
    if not names:
        return None
    try:
        return _TrackBuilder(store, track, names, teams, first_seen, options).build(frame)
    except UserError as exc:
        return exc.where, exc.problem, exc.hint


def _unwrap(result: TrackBoard | tuple[str, str, str]) -> TrackBoard:
    if isinstance(result, tuple):
        raise UserError(*result)
    return result


def overall_table(boards: Sequence[TrackBoard]) -> list[OverallRow]:
    """Every submission across tracks; a track it did not enter is None (shown as absent), never 0."""
    names = sorted({r.submission for b in boards for r in b.aggregate.rows})
    teams = {r.submission: r.team for b in boards for r in b.aggregate.rows}
    out = []
    for name in names:
        cells: dict[str, dict[str, Any] | None] = {}
        for b in boards:
            row = next((r for r in b.aggregate.rows if r.submission == name and not r.incomplete), None)
            cells[b.track] = (
                None
                if row is None
                else {
                    "score": row.score,
                    "rank": row.rank_text,
                    "position": row.position,
                }
            )
        out.append(OverallRow(name, teams[name], cells))
    return out


def boards_json(boards: Sequence[TrackBoard]) -> dict[str, Any]:
    """The stable, documented JSON form (documented in harness/reports/README.md)."""
    return {
        "schema": BOARD_SCHEMA,
        "tracks": [asdict(b) for b in boards],
        "overall": [asdict(r) for r in overall_table(boards)],
    }
