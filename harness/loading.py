"""YAML and datasets -> specs and Samples. Every check a user can fail lives here.

Errors name the file (as the user sees it), the field path or line, and the fix.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from harness.errors import UserError, did_you_mean
from harness.specs import (
    EndpointSubmission,
    PredictionsSubmission,
    PythonSubmission,
    SubmissionSpec,
    TaskSpec,
    TrackSpec,
)

TRACK_FILE = "track.yaml"
SUBMISSION_FILE = "submission.yaml"


def shown(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- YAML


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one)."""


# The same on libyaml's parser (when PyYAML has it): the pure-Python parser took ~10 ms per
# track file, a good part of `horserace track list`. Its error messages are terser, so a file
# it rejects is parsed again by the pure-Python loader, whose message names the problem.
_FastUniqueKeyLoader = type("_FastUniqueKeyLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})


def _mapping_without_duplicates(
    loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode
) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # `<<: *base` merges base's keys in, and the keys written here override them
        key = loader.construct_object(key_node)
        try:
            hash(key)
        except TypeError:  # a list or a mapping written as a key (`? [a, b]`)
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be text or a number, not a list or mapping", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


for _loader in (_UniqueKeyLoader, _FastUniqueKeyLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def read_text(path: Path, what: str = "file") -> str:
    """A file's text as UTF-8, or a UserError naming the problem (missing, binary, wrong encoding)."""
    if not path.is_file():
        raise UserError(shown(path), f"{what} not found", "check the path")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise UserError(shown(path), f"{what} is binary, not text", "give a UTF-8 text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(f"{shown(path)}:{line}", "not valid UTF-8", "save the file as UTF-8") from None


# A YAML alias (*name) repeats its anchor's value without copying it: nine aliases of nine
# aliases of ... make a file of a dozen lines that holds billions of values once anything walks
# it (validation, an error message, a spec's hash): a hang, then memory exhausted. A document
# whose aliases expand past this many values is refused; a track file holds a few hundred.
MAX_YAML_VALUES = 100_000


def read_yaml(path: Path) -> dict[str, Any]:
    text = read_text(path, "YAML file")
    try:
        data = _load_yaml(text, _FastUniqueKeyLoader, shown(path))
    except yaml.YAMLError:
        data = _load_yaml_slowly(path, text)
    if not isinstance(data, dict):
        raise UserError(
            shown(path), "expected a mapping of keys at the top level", "see `horserace track new`"
        )
    return data


def _load_yaml(text: str, loader_class: type, where: str) -> Any:
    """yaml.load, but the document's nodes are checked (`_check_aliases`) before they become values."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:  # an empty document
            return None
        _check_aliases(node, where)
        try:
            return loader.construct_document(node)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # PyYAML's constructors raise ValueError, KeyError,
            # AttributeError... on a scalar that does not read as its !!tag says
            raise UserError(
                where,
                f"invalid YAML: a value does not read as its tag says ({type(exc).__name__}: {exc})",
                "fix the value or its !!tag",
            ) from None
    except RecursionError:  # the pure-Python parser recurses per level of [ ] or { }: ~500 here
        raise _too_deep(where) from None
    finally:
        loader.dispose()


def _too_deep(where: str) -> UserError:
    """A file (YAML or JSON) whose parser recursed past Python's limit: one level per [ ] or { }."""
    return UserError(
        where, "a value is nested too deeply to read", "nest [ ] and { } a few hundred levels deep at most"
    )


def _check_aliases(root: yaml.Node, where: str) -> None:
    """Refuse a document whose aliases expand past MAX_YAML_VALUES values, or name a value they
    are inside of. Counts each node once (no recursion, so any depth), with what it expands to."""
    expanded: dict[int, int] = {}  # id(node) -> values it holds, aliases expanded (capped)
    # (node, None) to visit; (node, its children) once they are counted, to add them up
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    open_nodes: set[int] = set()  # counting started, not finished: the current node's ancestors
    while stack:
        node, counted = stack.pop()
        if counted is not None:
            open_nodes.discard(id(node))
            total = 1 + sum(expanded[id(child)] for child in counted)
            expanded[id(node)] = min(total, MAX_YAML_VALUES + 1)
            continue
        if id(node) in expanded:
            continue
        if id(node) in open_nodes:
            raise UserError(
                f"{where}:{node.start_mark.line + 1}",
                "an alias (*name) is used inside the value it names: that value would never end",
                "write the inner value out",
            )
        open_nodes.add(id(node))
        children = _child_nodes(node)
        stack.append((node, children))
        stack.extend((child, None) for child in children if id(child) not in expanded)
    if expanded[id(root)] > MAX_YAML_VALUES:
        raise UserError(
            where,
            f"its aliases (*name) expand to more than {MAX_YAML_VALUES:,} values",
            "write the values out instead of repeating aliases of aliases",
        )


def _child_nodes(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _load_yaml_slowly(path: Path, text: str) -> Any:
    """The pure-Python loader: the reference for what a file means and how its errors read."""
    try:
        return _load_yaml(text, _UniqueKeyLoader, shown(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{shown(path)}:{mark.line + 1}" if mark else shown(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(where, f"invalid YAML: {problem}", "check indentation and quoting") from None


# ---------------------------------------------------------------- pydantic errors -> UserError


def _field_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("endpoint", "python", "predictions") and not out:
            continue  # the discriminated union's tag is not a field the user wrote
        else:
            out += f".{part}" if out else str(part)
    return out


def _known_fields(model: type[BaseModel], loc: list[Any]) -> list[str]:
    """The field names of the model at `loc` (for a 'did you mean' on an unknown key)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part)
        if info is None:
            continue
        current = _model_in(info.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as `tuple[TaskSpec, ...]` or `X | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _model_in(arg)
        if inner is not None:
            return inner
    return None


def validation_error(exc: ValidationError, file: str, model: type[BaseModel]) -> UserError:
    """The first pydantic error as one line: file: field.path: problem (hint)."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    path = _field_path(loc)
    where = f"{file}: {path}" if path else file
    kind = err["type"]
    if kind == "extra_forbidden":
        known = _known_fields(model, [p for p in loc[:-1] if p not in ("endpoint", "python", "predictions")])
        return UserError(where, "unknown key", did_you_mean(str(loc[-1]), known) if known else "")
    if kind == "missing":
        return UserError(where, "required key is missing")
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return UserError(
            f"{file}: kind", "expected 'endpoint', 'python' or 'predictions'", "set kind to one of them"
        )
    message = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message += f", got {value!r}"[:120]
    return UserError(where, message)


# ---------------------------------------------------------------- tracks


class _LoadedFrom:
    """A spec read from a file: relative paths and error messages start from that file."""

    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def shown(self) -> str:
        return shown(self.path)


@dataclass(frozen=True)
class Track(_LoadedFrom):
    spec: TrackSpec
    path: Path  # the track.yaml

    @property
    def id(self) -> str:
        return self.spec.id

    def task_index(self, task_id: str) -> int:
        """Where a task stands in the track file: error messages name it as `tasks[i]`."""
        return next(i for i, t in enumerate(self.spec.tasks) if t.id == task_id)


def load_track(path: Path) -> Track:
    """Parse and validate a track file (shape only; `check_track` checks data and templates)."""
    path = path / TRACK_FILE if path.is_dir() else path
    data = read_yaml(path)
    try:
        spec = TrackSpec.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, shown(path), TrackSpec) from None
    return Track(spec, path.resolve())


def discover_tracks(root: Path) -> list[Path]:
    return sorted((root / "tracks").glob(f"*/{TRACK_FILE}"))


def load_tracks(root: Path, only: Iterable[str] = ()) -> list[Track]:
    """Every track under `<root>/tracks`, or those named; an unknown name is a UserError."""
    tracks = [load_track(p) for p in discover_tracks(root)]
    ids = [t.id for t in tracks]
    for tid in ids:
        if ids.count(tid) > 1:
            raise UserError(f"{shown(root / 'tracks')}", f"two track files declare id '{tid}'")
    wanted = list(only)
    for tid in wanted:
        if tid not in ids:
            raise UserError(
                f"--track {tid}", "no such track", did_you_mean(tid, ids) if ids else "no tracks found"
            )
    return [t for t in tracks if not wanted or t.id in wanted]


# ---------------------------------------------------------------- datasets


@dataclass(frozen=True)
class Sample:
    id: str
    split: str
    fields: dict[str, Any]  # every dataset field, references included: never hand this to a solver
    where: str  # file:line, for error messages


def dataset_files(track: Track, task: TaskSpec) -> dict[str | None, Path]:
    """split -> file (None: one file whose split column says the split). Paths stay in the track folder."""
    ds = task.dataset
    raw = {None: ds.path} if ds.path else dict(ds.splits or {})
    where = f"{track.shown}: tasks[{track.task_index(task.id)}].dataset"
    out: dict[str | None, Path] = {}
    for split, rel in raw.items():
        assert rel is not None
        path = (track.folder / rel).resolve()
        if not path.is_relative_to(track.folder.resolve()):
            raise UserError(
                f"{where}.{'path' if split is None else 'splits.' + split}",
                f"path '{rel}' leaves the track folder",
                "keep datasets inside the track's folder",
            )
        out[split] = path
    return out


def _format_of(path: Path, declared: str | None) -> str:
    if declared:
        return declared
    suffix = path.suffix.lower().lstrip(".")
    return {"jsonl": "jsonl", "json": "jsonl", "csv": "csv", "parquet": "parquet"}.get(suffix, suffix)


# JSON can escape half of a surrogate pair ("\ud800" alone): it parses into a str that is not
# Unicode, which could be neither sent (UTF-8) nor stored. Lines are scanned for the escape first,
# since almost none has one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


# orjson reads a dataset line ~3.5x faster than json (1.4 against 5 us for a 100-byte line),
# but not always to the same value: it refuses NaN, Infinity, out-of-range floats and lone
# surrogate escapes, which json accepts, and it turns an integer beyond 64 bits into a float
# (3.8.3 and 3.13.0 both). A line orjson refuses, or whose row holds a float as large as
# such an integer, is read again by json: every row is exactly what json.loads gives, errors
# included.
_INT64_MIN, _UINT64_END = float(-(2**63)), float(2**64)
_MAY_HOLD_FLOATS = (float, dict, list)


def _json_line(line: str) -> Any:
    try:
        row = orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)
    return json.loads(line) if _has_huge_float(row) else row


def _has_huge_float(value: Any) -> bool:
    """A float outside (-2**63, 2**64) anywhere in `value`: what orjson may make of a huge integer."""
    kind = type(value)
    if kind is float:
        return not _INT64_MIN < value < _UINT64_END
    if kind is dict:
        value = value.values()
    elif kind is not list:
        return False
    # strings and ints, most of a row, are passed over without a call; a loop, not any() over a
    # generator, which made reading a row ~0.6 us slower
    for item in value:  # noqa: SIM110
        if type(item) in _MAY_HOLD_FLOATS and _has_huge_float(item):
            return True
    return False


def _jsonl_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    text = read_text(path, "dataset")
    rows = []
    # split on newlines only: str.splitlines() also breaks on U+2028/U+0085, valid inside JSON strings
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = _json_line(line)
            lone_surrogate = _SURROGATE_ESCAPE.search(line) is not None and _has_lone_surrogate(row)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"{shown(path)}:{number}", f"invalid JSON: {exc.msg}", "one JSON object per line"
            ) from None
        except RecursionError:  # json and the walks above recurse once per level of [ ] or { }
            raise _too_deep(f"{shown(path)}:{number}") from None
        if not isinstance(row, dict):
            raise UserError(f"{shown(path)}:{number}", "expected a JSON object", "one JSON object per line")
        if lone_surrogate:
            raise UserError(
                f"{shown(path)}:{number}",
                "a string holds half of a surrogate pair (a lone \\ud800-\\udfff escape): not valid text",
                "fix or remove that \\u escape",
            )
        rows.append((number, row))
    return rows


def _csv_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    text = read_text(path, "dataset")
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for row in reader:
        number = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise UserError(
                f"{shown(path)}:{number}", "row has a different number of columns than the header"
            )
        rows.append((number, dict(row)))
    return rows


def _parquet_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a broken file
        raise UserError(
            shown(path), f"cannot read Parquet: {exc}", "write the file with pandas or pyarrow"
        ) from None
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    return [(i + 1, row) for i, row in enumerate(records)]


_READERS = {"jsonl": _jsonl_rows, "csv": _csv_rows, "parquet": _parquet_rows}


_ROWS_CACHE: dict[tuple[Path, str, float, int], list[tuple[int, dict[str, Any]]]] = {}


def read_rows(path: Path, fmt: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) pairs from a JSONL, CSV or Parquet file; ids are never converted.

    Parsed once per process and file version: scoring and reports read the same files again.
    """
    kind = _format_of(path, fmt)
    if kind not in _READERS:
        raise UserError(shown(path), f"unknown dataset format '{kind}'", "use .jsonl, .csv or .parquet")
    if not path.is_file():
        raise UserError(shown(path), "dataset not found", "check the dataset path in the track file")
    stat = path.stat()
    key = (path, kind, stat.st_mtime, stat.st_size)
    if key not in _ROWS_CACHE:
        _ROWS_CACHE[key] = _READERS[kind](path)
    return _ROWS_CACHE[key]


def _required_fields(task: TaskSpec) -> list[str]:
    fields = [*task.inputs, *task.tags]
    if task.target.field:
        fields.append(task.target.field)
    if task.choices:
        fields.append(task.choices.field)
    return list(dict.fromkeys(fields))


def _check_row(task: TaskSpec, row: dict[str, Any], where: str) -> None:
    for name in _required_fields(task):
        if name not in row:
            hint = did_you_mean(name, list(row)) if row else ""
            raise UserError(where, f"field '{name}' is missing", hint)
    if task.target.field:
        value = row[task.target.field]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise UserError(
                where, f"field '{task.target.field}' must be text or a number, got {value!r}"[:160]
            )
    if task.choices:
        options = choices_of(row, task, where)
        if len(options) > len(task.choices.letters):
            raise UserError(where, f"{len(options)} options but only letters '{task.choices.letters}'")
    for name in task.inputs:
        if isinstance(row[name], dict):
            raise UserError(where, f"field '{name}' must be text, a number or a list, got an object")


def choices_of(row: dict[str, Any], task: TaskSpec, where: str) -> list[str]:
    """A sample's options: a JSON list (or, in CSV, a JSON array text or `|`-separated text)."""
    assert task.choices
    value = row[task.choices.field]
    if isinstance(value, str):
        text = value.strip()
        try:
            value = json.loads(text) if text.startswith("[") else text.split("|")
        except json.JSONDecodeError:
            value = text.split("|")
    if (
        not isinstance(value, list)
        or len(value) < 2
        or not all(isinstance(v, str | int | float) for v in value)
    ):
        raise UserError(where, f"field '{task.choices.field}' must list at least two options")
    return [str(v) for v in value]


def _rows_by_split(track: Track, task: TaskSpec) -> list[tuple[str, str, dict[str, Any]]]:
    """(split, where, row) for every row of the task's dataset files."""
    out = []
    for split, path in dataset_files(track, task).items():
        rows = read_rows(path, task.dataset.format)
        if not rows:
            raise UserError(shown(path), "dataset is empty", "add samples, one per line")
        file = shown(path)  # once per file: resolving a path per row dominated planning large tasks
        for number, row in rows:
            where = f"{file}:{number}"
            if split is None:
                if task.dataset.split_field not in row:
                    raise UserError(
                        where, f"field '{task.dataset.split_field}' is missing", "or give one file per split"
                    )
                out.append((str(row[task.dataset.split_field]), where, row))
            else:
                out.append((split, where, row))
    return out


@dataclass
class TaskData:
    """All samples of one task, checked: ids unique across splits, fields present."""

    track: Track
    task: TaskSpec
    samples: list[Sample] = field(default_factory=list)

    def split(self, name: str) -> list[Sample]:
        return [s for s in self.samples if s.split == name]

    @cached_property
    def digest(self) -> str:
        h = hashlib.sha256()
        for path in sorted(p for p in dataset_files(self.track, self.task).values()):
            h.update(path.read_bytes())
        return h.hexdigest()[:16]


def load_task_data(track: Track, task: TaskSpec) -> TaskData:
    """Read and check a task's dataset(s) against the task's current spec."""
    return _read_task_data(track, task)


def _read_task_data(track: Track, task: TaskSpec) -> TaskData:
    data = TaskData(track, task)
    first_seen: dict[str, str] = {}
    id_field = task.dataset.id_field
    for split, where, row in _rows_by_split(track, task):
        if id_field not in row:
            raise UserError(
                where, f"field '{id_field}' (the sample id) is missing", "every sample needs an id"
            )
        sid = row[id_field]
        if not isinstance(sid, str) or not sid.strip():
            raise UserError(
                where, f"sample id must be a non-empty string, got {sid!r}", f'write it quoted, e.g. "{sid}"'
            )
        if sid in first_seen:
            raise UserError(where, f"duplicate sample id '{sid}'", f"first seen at {first_seen[sid]}")
        first_seen[sid] = where
        _check_row(task, row, where)
        data.samples.append(Sample(sid, split, row, where))
    return data


# ---------------------------------------------------------------- submissions


@dataclass(frozen=True)
class Submission(_LoadedFrom):
    spec: EndpointSubmission | PythonSubmission | PredictionsSubmission
    path: Path  # the submission.yaml

    @property
    def name(self) -> str:
        return self.spec.name

    def source_dir(self) -> Path:
        assert isinstance(self.spec, PythonSubmission)
        return (self.folder / self.spec.source).resolve()

    def predictions_file(self, track: str, task: str) -> Path:
        assert isinstance(self.spec, PredictionsSubmission)
        path = (self.folder / self.spec.pattern.format(track=track, task=task)).resolve()
        if not path.is_relative_to(self.folder.resolve()):  # e.g. a track id used as a path trick
            raise UserError(f"{self.shown}: pattern", "leaves the submission's folder")
        return path

    def fingerprint(self, track: str, task: str) -> str:
        """What identifies this submission's answers: its spec, plus its code or predictions file.

        A team that edits its solver or its predictions gets fresh calls, not stale stored answers.
        """
        h = hashlib.sha256(self.spec.spec_hash().encode())
        if isinstance(self.spec, PythonSubmission):
            h.update(_folder_digest(self.source_dir()).encode())
        elif isinstance(self.spec, PredictionsSubmission):
            path = self.predictions_file(track, task)
            h.update(path.read_bytes() if path.is_file() else b"<missing>")
        return h.hexdigest()[:16]


_FOLDER_DIGESTS: dict[Path, str] = {}


def _folder_digest(folder: Path) -> str:
    if folder not in _FOLDER_DIGESTS:
        h = hashlib.sha256()
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.stat().st_size < 50_000_000:
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
        _FOLDER_DIGESTS[folder] = h.hexdigest()
    return _FOLDER_DIGESTS[folder]


_SUBMISSION_ADAPTER: TypeAdapter[Any] = TypeAdapter(SubmissionSpec)


def load_submission(path: Path) -> Submission:
    path = path / SUBMISSION_FILE if path.is_dir() else path
    data = read_yaml(path)
    if "kind" not in data:
        raise UserError(f"{shown(path)}: kind", "required key is missing", "endpoint, python or predictions")
    try:
        spec = _SUBMISSION_ADAPTER.validate_python(data)
    except ValidationError as exc:
        kind = data.get("kind")
        models = {"endpoint": EndpointSubmission, "python": PythonSubmission}
        model = models.get(kind, PredictionsSubmission) if isinstance(kind, str) else PredictionsSubmission
        raise validation_error(exc, shown(path), model) from None
    submission = Submission(spec, path.resolve())
    _check_inside(submission)
    if isinstance(spec, PythonSubmission) and not submission.source_dir().is_dir():
        raise UserError(f"{shown(path)}: source", f"folder '{spec.source}' not found", "relative to the file")
    return submission


def _check_inside(submission: Submission) -> None:
    """Team code and predictions stay in the submission's folder: `../..` would reach the test data."""
    spec, folder = submission.spec, submission.folder.resolve()
    if isinstance(spec, PythonSubmission):
        field, target = "source", submission.source_dir()
    elif isinstance(spec, PredictionsSubmission):
        try:
            field, target = "pattern", submission.predictions_file("track", "task")
        except (KeyError, IndexError, ValueError):
            raise UserError(f"{submission.shown}: pattern", "only {track} and {task} may be used") from None
    else:
        return
    if not target.is_relative_to(folder):
        raise UserError(
            f"{submission.shown}: {field}",
            "leaves the submission's folder",
            "keep code and predictions inside the folder of submission.yaml",
        )


def discover_submissions(root: Path) -> list[Path]:
    """Submissions in `<root>/submissions/*/` (examples live deeper and run only when named)."""
    return sorted((root / "submissions").glob(f"*/{SUBMISSION_FILE}"))


def load_submissions(root: Path, only: Iterable[str] = ()) -> list[Submission]:
    """Every submission in `submissions/`, or those named (by name or path, examples included)."""
    wanted = list(only)
    named_paths = [Path(w) for w in wanted if Path(w).exists()]
    by_name = {}
    candidates = discover_submissions(root) + sorted(
        (root / "submissions" / "examples").glob(f"*/{SUBMISSION_FILE}")
    )
    pool = [load_submission(p) for p in (candidates if wanted else discover_submissions(root))]
    for sub in pool:
        by_name.setdefault(sub.name, sub)
    if not wanted:
        _check_unique(pool)
        return pool
    picked = [load_submission(p) for p in named_paths]
    for w in wanted:
        if Path(w).exists():
            continue
        if w not in by_name:
            raise UserError(
                f"--submission {w}", "no such submission", did_you_mean(w, list(by_name)) if by_name else ""
            )
        picked.append(by_name[w])
    _check_unique(picked)
    return picked


def _check_unique(subs: list[Submission]) -> None:
    seen: dict[str, Submission] = {}
    for sub in subs:
        if sub.name in seen:
            raise UserError(f"{sub.shown}: name", f"'{sub.name}' is also the name of {seen[sub.name].shown}")
        seen[sub.name] = sub
