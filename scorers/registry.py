"""Registries for scorers and answer extractors, with typed options validated at track load.

A scorer maps aligned predictions and references to one value per sample. A corpus
metric (macro-F1, BLEU, chrF) also returns per-sample sufficient statistics and
declares a vectorised `reducer` so the leaderboard can recompute it exactly on
every bootstrap resample: `reducer(stats.sum(axis=-2))` is the corpus value.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from harness.errors import UserError, did_you_mean

if TYPE_CHECKING:
    import numpy as np

# Modules whose import registers the built-in scorers and extractors.
BUILTIN_MODULES = (
    "scorers.exact",
    "scorers.extract",
    "scorers.classification",
    "scorers.overlap",
    "scorers.mt",
    "scorers.numeric",
    "scorers.matching",
    "scorers.structured",
)


class NoOptions(BaseModel, extra="forbid"):
    """For scorers and extractors that take no options."""


@dataclass(frozen=True)
class ScoringContext:
    """Task facts a scorer may need besides predictions and references."""

    labels: tuple[str, ...] | None = None  # the task's label set (classification), fixed per task
    choices: tuple[tuple[str, ...], ...] | None = None  # per-sample options (multiple choice)
    language: str = "zh"


@dataclass
class ScoreResult:
    """One value per sample; for corpus metrics also (n, k) stats and the corpus value."""

    values: list[float]
    stats: np.ndarray | None = None
    corpus_value: float | None = None


ScorerFn = Callable[..., ScoreResult | list[float]]
Reducer = Callable[["np.ndarray"], "np.ndarray"]


@dataclass(frozen=True)
class ScorerDef:
    name: str
    fn: ScorerFn
    options: type[BaseModel]
    reducer: Reducer | None = None  # set for corpus metrics
    higher_is_better: bool = True
    takes_context: bool = False
    where: str = ""  # a track's own scorer: where the track names it (its faults are the track's)

    @property
    def is_corpus(self) -> bool:
        return self.reducer is not None

    def __call__(
        self,
        predictions: Sequence[str],
        references: Sequence[str],
        opts: BaseModel | None = None,
        context: ScoringContext | None = None,
    ) -> ScoreResult:
        opts = opts if opts is not None else self.options()
        args: list[Any] = [list(predictions), list(references), opts]
        if self.takes_context:
            args.append(context or ScoringContext())
        result = self._checked(self._call(args), len(predictions))
        if self.reducer is not None and result.stats is not None and result.corpus_value is None:
            result.corpus_value = float(self.reducer(result.stats.sum(axis=0)))
        return result

    def _call(self, args: list[Any]) -> ScoreResult | Sequence[float]:
        if not self.where:
            return self.fn(*args)
        try:
            return self.fn(*args)
        except Exception as exc:  # a track's own scorer failing is the track's mistake, not ours
            raise self._fault(f"raised {type(exc).__name__}: {exc}", "fix it in the track folder") from None

    def _checked(self, out: ScoreResult | Sequence[float], n: int) -> ScoreResult:
        """One finite number per sample, or a fault: NaN and infinity would corrupt every mean."""
        if isinstance(out, ScoreResult):
            result = out
        else:
            try:
                result = ScoreResult(values=[float(v) for v in out])
            except (TypeError, ValueError) as exc:
                raise self._fault(f"returned a value that is not a number ({exc})") from None
        if len(result.values) != n:
            raise self._fault(f"returned {len(result.values)} values for {n} samples")
        bad = next((i for i, v in enumerate(result.values) if not math.isfinite(v)), None)
        if bad is not None:
            raise self._fault(f"returned {result.values[bad]} for sample #{bad + 1}")
        return result

    def _fault(
        self, problem: str, hint: str = "it must return one finite number per prediction"
    ) -> Exception:
        """A track's scorer gets a one-line user error; a built-in one is our bug (a traceback)."""
        if self.where:
            return UserError(self.where, f"custom scorer '{self.name}' {problem}", hint)
        return RuntimeError(f"scorer {self.name} {problem}")


@dataclass(frozen=True)
class ExtractorDef:
    """An answer-extraction step: text in, text out, or None when nothing can be extracted."""

    name: str
    fn: Callable[..., str | None]
    options: type[BaseModel]
    takes_context: bool = False


@dataclass
class _Registry:
    scorers: dict[str, ScorerDef] = field(default_factory=dict)
    extractors: dict[str, ExtractorDef] = field(default_factory=dict)
    loaded: bool = False


_REGISTRY = _Registry()


def _takes_context(fn: Callable[..., Any], positional_before: int) -> bool:
    return len(inspect.signature(fn).parameters) > positional_before


def scorer(
    name: str,
    options: type[BaseModel] = NoOptions,
    reducer: Reducer | None = None,
    higher_is_better: bool = True,
) -> Callable[[ScorerFn], ScorerFn]:
    """Register `fn(predictions, references, opts[, context])` under `name`."""

    def register(fn: ScorerFn) -> ScorerFn:
        if name in _REGISTRY.scorers:
            raise RuntimeError(f"scorer {name!r} registered twice")
        _REGISTRY.scorers[name] = ScorerDef(
            name, fn, options, reducer, higher_is_better, _takes_context(fn, 3)
        )
        return fn

    return register


def extractor(name: str, options: type[BaseModel] = NoOptions) -> Callable:
    """Register an extraction step `fn(text, opts[, context]) -> str | None` under `name`."""

    def register(fn: Callable[..., str | None]) -> Callable[..., str | None]:
        if name in _REGISTRY.extractors:
            raise RuntimeError(f"extractor {name!r} registered twice")
        _REGISTRY.extractors[name] = ExtractorDef(name, fn, options, _takes_context(fn, 2))
        return fn

    return register


def _ensure_builtins() -> None:
    if not _REGISTRY.loaded:
        _REGISTRY.loaded = True
        for module in BUILTIN_MODULES:
            importlib.import_module(module)


def known_scorers() -> list[str]:
    _ensure_builtins()
    return sorted(_REGISTRY.scorers)


def known_extractors() -> list[str]:
    _ensure_builtins()
    return sorted(_REGISTRY.extractors)


def get_scorer(name: str, where: str = "") -> ScorerDef:
    _ensure_builtins()
    if name not in _REGISTRY.scorers:
        raise UserError(where, f"unknown scorer '{name}'", did_you_mean(name, known_scorers()))
    return _REGISTRY.scorers[name]


def get_extractor(name: str, where: str = "") -> ExtractorDef:
    _ensure_builtins()
    if name not in _REGISTRY.extractors:
        raise UserError(where, f"unknown extraction step '{name}'", did_you_mean(name, known_extractors()))
    return _REGISTRY.extractors[name]


def parse_options(model: type[BaseModel], options: dict[str, Any] | None, where: str) -> BaseModel:
    """Validate YAML options against a scorer's or extractor's options model, as a UserError."""
    try:
        return model.model_validate(options or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        field_where = f"{where}.{loc}" if loc else where
        if err["type"] == "extra_forbidden":
            known = list(model.model_fields)
            raise UserError(field_where, "unknown option", did_you_mean(str(err["loc"][-1]), known)) from None
        raise UserError(field_where, err["msg"]) from None


def load_custom_scorer(ref: str, track_dir: Path, where: str) -> ScorerDef:
    """Load `path/to/file.py:function` from inside the track folder as a mean scorer."""
    file_part, _, func_name = ref.partition(":")
    path = (track_dir / file_part).resolve()
    if not path.is_relative_to(track_dir.resolve()):
        raise UserError(where, f"custom scorer '{ref}' lies outside the track folder", "keep it in the track")
    if not path.is_file():
        raise UserError(where, f"custom scorer file '{file_part}' not found", f"looked in {track_dir}")
    module_name = f"horserace_custom_{abs(hash(str(path)))}"
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # a broken organizer file is a user mistake, not our bug
            raise UserError(where, f"custom scorer '{ref}' failed to import: {exc!r}") from None
        sys.modules[module_name] = module
    fn = getattr(module, func_name, None)
    if not callable(fn):
        raise UserError(where, f"'{file_part}' has no function '{func_name}'")
    return ScorerDef(ref, fn, NoOptions, takes_context=_takes_context(fn, 3), where=where)


def resolve_scorer(name: str, track_dir: Path, where: str) -> ScorerDef:
    """A registered scorer by name, or a custom one given as `file.py:function`."""
    if ":" in name and name.split(":", 1)[0].endswith(".py"):
        return load_custom_scorer(name, track_dir, where)
    return get_scorer(name, where)
