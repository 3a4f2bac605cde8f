"""Typed, immutable specs for tracks and submissions (pydantic v2).

The whole schema lives here, including settings that later stages implement, so
no later feature has to loosen it. Checks that need files (datasets, templates,
scorer names) live in `loading.py`; checks here are about shape and cross-field sense.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]{0,63}$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN)]
EntryPoint = Annotated[str, Field(pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")]


def _usable_path(value: str) -> str:
    """The path as written, if the OS can look it up: a NUL or a name over 255 bytes made the
    lookups raise ValueError or OSError, a traceback instead of an error naming the field."""
    if "\x00" in value:
        raise ValueError("a path cannot hold a NUL character (\\0)")
    if any(len(part.encode("utf-8", "surrogatepass")) > 255 for part in re.split(r"[/\\]", value)):
        raise ValueError("a file or folder name is longer than 255 bytes, more than file systems allow")
    return value


FilePath = Annotated[str, AfterValidator(_usable_path)]  # relative to the YAML file that names it


class Spec(BaseModel):
    """Base for every spec: unknown keys are errors, and a loaded spec never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _named_entry(value: Any, key: str) -> Any:
    """YAML shorthand: `name` or `{name: {options}}` becomes `{key: name, options: {...}}`."""
    if isinstance(value, str):
        return {key: value}
    if isinstance(value, dict) and len(value) == 1 and key not in value:
        ((name, options),) = value.items()
        if options is None or isinstance(options, dict):
            return {key: name, "options": options or {}}
    return value


# ---------------------------------------------------------------- tracks


class DatasetSpec(Spec):
    """Where a task's samples live: one file with a split column, or one file per split."""

    path: FilePath | None = None
    splits: dict[str, FilePath] | None = None
    format: Literal["jsonl", "csv", "parquet"] | None = None  # default: from the file ending
    id_field: str = "id"
    split_field: str = "split"

    @model_validator(mode="after")
    def _one_source(self) -> DatasetSpec:
        if (self.path is None) == (self.splits is None):
            raise ValueError(
                "give either 'path' (one file with a split column) or 'splits' (a file per split)"
            )
        return self


class FewShotSpec(Spec):
    k: int = Field(ge=1, le=32)
    split: str = "dev"
    seed: int = 0
    mode: Literal["messages", "inline"] = "messages"
    # how one example reads in `inline` mode; it sees the example's fields and `target`
    example_template: str | None = None

    @model_validator(mode="after")
    def _inline_needs_template(self) -> FewShotSpec:
        if self.mode == "inline" and not self.example_template:
            raise ValueError("few_shot.mode 'inline' needs an 'example_template'")
        return self


class PromptSpec(Spec):
    system: str | None = None
    template: str
    few_shot: FewShotSpec | None = None


class ChoicesSpec(Spec):
    """Multiple choice: the dataset field holding each sample's options, shown with letters."""

    field: str
    letters: str = "ABCDEFGHIJ"


class TargetSpec(Spec):
    field: str | None = None
    template: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"field": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_of(self) -> TargetSpec:
        if (self.field is None) == (self.template is None):
            raise ValueError("give either 'field' or 'template'")
        return self


class GenerationSpec(Spec):
    max_tokens: int = Field(default=512, ge=1, le=131072)
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    top_p: float | None = Field(default=None, gt=0.0, le=1.0)
    stop: tuple[str, ...] = ()


class StepSpec(Spec):
    """One answer-extraction step: `name` or `{name: {options}}` in YAML."""

    name: str
    options: dict[str, Any] = {}

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _named_entry(value, "name")


class ScorerSpec(Spec):
    """A scorer by registered name or `file.py:function` in the track folder."""

    name: FilePath
    options: dict[str, Any] = {}
    metric: str | None = None  # the metric's name when one scorer is used twice

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _named_entry(value, "name")

    @property
    def metric_name(self) -> str:
        return self.metric or self.name


class CircularSpec(Spec):
    """Circular evaluation: options rotated; correct only if every rotation is."""

    enabled: bool = False
    rotations: int | None = Field(default=None, ge=2, le=10)  # default: one per option


class TaskSpec(Spec):
    id: Identifier
    name: str | None = None
    description: str = ""
    dataset: DatasetSpec
    inputs: tuple[str, ...] = Field(min_length=1)
    prompt: PromptSpec
    target: TargetSpec
    choices: ChoicesSpec | None = None
    labels: tuple[str, ...] | None = None  # a classification task's label set
    generation: GenerationSpec = GenerationSpec()
    extraction: tuple[StepSpec, ...] = ()
    scorers: tuple[ScorerSpec, ...] = Field(min_length=1)
    primary_metric: str | None = None  # default: the first scorer's metric
    weight: float = Field(default=1.0, ge=0.0)
    circular: CircularSpec = CircularSpec()
    tags: tuple[str, ...] = ()
    eval_split: str = "test"

    @model_validator(mode="after")
    def _cross_checks(self) -> TaskSpec:
        metrics = [s.metric_name for s in self.scorers]
        if len(set(metrics)) != len(metrics):
            raise ValueError("two scorers share a metric name: give one a distinct 'metric'")
        if self.primary_metric is not None and self.primary_metric not in metrics:
            raise ValueError(
                f"primary_metric '{self.primary_metric}' is not among the scorers' metrics {metrics}"
            )
        if self.circular.enabled and self.choices is None:
            raise ValueError("circular evaluation needs 'choices'")
        if self.target.field and self.target.field in self.inputs:
            raise ValueError(
                f"the target field '{self.target.field}' is among the inputs: solvers would see it"
            )
        if self.prompt.few_shot and self.prompt.few_shot.split == self.eval_split:
            raise ValueError(f"few-shot examples must not come from the evaluated split '{self.eval_split}'")
        return self

    @property
    def primary(self) -> str:
        return self.primary_metric or self.scorers[0].metric_name

    @property
    def title(self) -> str:
        return self.name or self.id


class NormalizationSpec(Spec):
    method: Literal["none", "min_max"] = "none"
    low: str | None = None  # baseline submission scored 0
    high: str | None = None  # baseline submission scored 1 (default: the metric's maximum)

    @model_validator(mode="after")
    def _min_max_needs_low(self) -> NormalizationSpec:
        if self.method == "min_max" and not self.low:
            raise ValueError("min_max normalisation needs a 'low' baseline submission")
        return self


class TieBreakSpec(Spec):
    rule: Literal["none", "earlier_submission", "metric"] = "none"
    metric: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"rule": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _metric_rule_needs_metric(self) -> TieBreakSpec:
        if self.rule == "metric" and not self.metric:
            raise ValueError("tie_break rule 'metric' needs 'metric'")
        return self


class LeaderboardSpec(Spec):
    aggregate: Literal["weighted_mean", "mean_rank", "mean_win_rate"] = "weighted_mean"
    normalization: NormalizationSpec = NormalizationSpec()
    confidence: float = Field(default=0.95, gt=0.5, lt=1.0)
    resamples: int = Field(default=1000, ge=100, le=100_000)
    seed: int = 0
    errors: Literal["zero", "exclude"] = "zero"
    tie_break: TieBreakSpec = TieBreakSpec()


class TrackSpec(Spec):
    id: Identifier
    name: str
    domain: str
    description: str = ""
    version: str = "1"
    language: Literal["zh", "en", "mixed"] = "zh"
    tasks: tuple[TaskSpec, ...] = Field(min_length=1)
    leaderboard: LeaderboardSpec = LeaderboardSpec()

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _unique_task_ids(self) -> TrackSpec:
        ids = [t.id for t in self.tasks]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate task id {dupes[0]!r}")
        if sum(t.weight for t in self.tasks) <= 0:
            raise ValueError("task weights add up to 0: give at least one task a positive weight")
        tie_metric = self.leaderboard.tie_break.metric
        metrics = sorted({s.metric_name for t in self.tasks for s in t.scorers})
        if self.leaderboard.tie_break.rule == "metric" and tie_metric not in metrics:
            raise ValueError(
                f"tie_break metric '{tie_metric}' is not a metric of any task (metrics: {metrics})"
            )
        return self

    def task(self, task_id: str) -> TaskSpec:
        return next(t for t in self.tasks if t.id == task_id)


# ---------------------------------------------------------------- submissions

_SECRET_HEADER = re.compile(r"^(authorization|x-api-key|api-key)$", re.I)


class SubmissionBase(Spec):
    team: str = Field(min_length=1)
    name: Identifier
    description: str = ""
    tracks: tuple[str, ...] | None = None  # default: every track

    @model_validator(mode="before")
    @classmethod
    def _no_literal_key(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key in ("api_key", "apikey", "key", "token", "secret"):
                if key in value:
                    raise ValueError(
                        f"literal '{key}' is not allowed: secrets must not be written in files; "
                        "put the key in an environment variable and name it in 'api_key_env'"
                    )
        return value

    def runs_track(self, track_id: str) -> bool:
        return self.tracks is None or track_id in self.tracks

    def spec_hash(self) -> str:
        """A stable hash of the spec (it holds no secret: keys live in the environment)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class EndpointSubmission(SubmissionBase):
    kind: Literal["endpoint"]
    url: Annotated[str, Field(pattern=r"^https?://")]
    api: Literal["chat", "completions"] = "chat"
    model: str
    api_key_env: str | None = None
    headers: dict[str, str] = {}
    max_concurrency: int = Field(default=8, ge=1, le=1024)
    requests_per_second: float | None = Field(default=None, gt=0)
    tokens_per_minute: int | None = Field(default=None, gt=0)
    timeout_s: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=4, ge=0, le=20)

    @field_validator("headers")
    @classmethod
    def _no_secret_header(cls, headers: dict[str, str]) -> dict[str, str]:
        for name in headers:
            if _SECRET_HEADER.match(name):
                raise ValueError(
                    f"header '{name}' would put a secret in the file; name the environment variable "
                    "holding the key in 'api_key_env' instead"
                )
        return headers


class PythonSubmission(SubmissionBase):
    kind: Literal["python"]
    entry: EntryPoint
    setup: EntryPoint | None = None
    source: FilePath = "."
    workers: int = Field(default=2, ge=1, le=64)
    timeout_s: float = Field(default=30.0, gt=0)
    max_concurrency: int = Field(default=0, ge=0)  # 0: one call per worker at a time


class PredictionsSubmission(SubmissionBase):
    kind: Literal["predictions"]
    # a path relative to the submission file, with {track} and {task} placeholders
    pattern: FilePath = "predictions/{track}/{task}.jsonl"
    id_field: str = "id"
    prediction_field: str = "prediction"
    max_concurrency: int = 1024


SubmissionSpec = Annotated[
    EndpointSubmission | PythonSubmission | PredictionsSubmission, Field(discriminator="kind")
]
