"""The malformed-input corpus: every user mistake gives one line `file: field: problem (hint)` and exit 2.

Each case starts from a valid competition, breaks one thing, runs the real CLI and
checks the message names the file, the field or line, and the problem.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from harness.cli import main
from tests.competition import base_track, write_competition, write_jsonl, write_submission

TRACK = "tracks/demo/track.yaml"
ROUTING = "tracks/demo/data/routing.jsonl"


def _edit_track(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        spec = base_track()
        change(spec)
        write_competition(root, spec)

    return apply


def _write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        write_competition(root)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")

    return apply


def _routing_rows(change: Callable[[list[dict]], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        from tests.competition import routing_rows

        write_competition(root)
        rows = routing_rows()
        change(rows)
        write_jsonl(root / ROUTING, rows)

    return apply


def _faulty_scorer(body: str) -> Callable[[Path], None]:
    """Task 0 scored by a track's own `my_scorers.py:score` with this body; an offline team answers it."""

    def apply(root: Path) -> None:
        spec = base_track()
        spec["tasks"][0]["scorers"] = ["my_scorers.py:score"]
        folder = write_competition(root, spec)
        (folder / "my_scorers.py").write_text(f"def score(predictions, references, opts):\n    {body}\n")
        rows = "".join(f'{{"id": "{i:03d}", "prediction": "交通"}}\n' for i in range(1, 40))
        write_submission(
            root, "team1", {"team": "T", "name": "team1", "kind": "predictions"},
            {"predictions/demo/routing.jsonl": rows},
        )  # fmt: skip

    return apply


SCORED = ("run", "--no-report", "--quiet")
CUSTOM_AT = "tasks[0].scorers[0].name: custom scorer 'my_scorers.py:score'"


def _lone_surrogate_in_routing(root: Path) -> None:
    """The first routing row's text starts with an escaped high surrogate whose pair is missing."""
    from tests.competition import routing_rows

    write_competition(root)
    lines = [json.dumps(row, ensure_ascii=False) for row in routing_rows()]
    lines[0] = lines[0].replace('"text": "', '"text": "\\ud800', 1)
    (root / ROUTING).write_text("\n".join(lines) + "\n", "utf-8")


def _deep_value_in_routing(root: Path) -> None:
    """The first routing row carries a list nested 5000 levels deep (json's parser overflows)."""
    from tests.competition import routing_rows

    write_competition(root)
    lines = [json.dumps(row, ensure_ascii=False) for row in routing_rows()]
    lines[0] = lines[0][:-1] + ', "deep": ' + "[" * 5000 + "]" * 5000 + "}"
    (root / ROUTING).write_text("\n".join(lines) + "\n", "utf-8")


def _task(i: int, **fields) -> Callable[[dict], None]:
    def change(spec: dict) -> None:
        spec["tasks"][i].update(fields)

    return change


def _submission(spec: dict, files: dict[str, str] | None = None) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        write_competition(root)
        write_submission(root, "team1", spec, files)

    return apply


PY_OK = {"team": "T", "name": "team1", "kind": "python", "entry": "solver:solve"}
EP_OK = {
    "team": "T",
    "name": "team1",
    "kind": "endpoint",
    "url": "http://127.0.0.1:9/v1",
    "model": "m",
    "api_key_env": "TEAM1_KEY",
}


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], None]
    args: tuple[str, ...]
    expected: tuple[str, ...]  # every piece must appear in the one-line message


# 9 aliases of 9 aliases ... 9 levels deep: 9**9 values once expanded
ALIAS_BOMB = "id: demo\nx0: &a0 [a, b, c, d, e, f, g, h, i]\n" + "".join(
    f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)


def _validate_track() -> tuple[str, ...]:
    return ("track", "validate")


CASES = [
    # ------------------------------------------------------------ track files
    Case(
        "bad yaml syntax",
        _write(TRACK, "id: demo\nname: [unclosed\n  tasks: 3\n"),
        _validate_track(),
        (f"{TRACK}:", "invalid YAML"),
    ),
    Case("yaml is a list", _write(TRACK, "- id: demo\n"), _validate_track(), (TRACK, "expected a mapping")),
    Case(
        "yaml aliases of aliases (a billion values in a dozen lines)",
        _write(TRACK, ALIAS_BOMB),
        _validate_track(),
        (TRACK, "aliases (*name) expand to more than 100,000 values"),
    ),
    Case(
        "yaml value that does not read as its tag says",
        _write(TRACK, "id: demo\nname: !!bool maybe\n"),
        _validate_track(),
        (TRACK, "invalid YAML: a value does not read as its tag says", "!!tag"),
    ),
    Case(
        "dataset path longer than the system allows (an OSError no check foresaw: the CLI's net)",
        _edit_track(lambda spec: spec["tasks"][0]["dataset"].update(path="d/" * 2100 + "x.jsonl")),
        _validate_track(),
        ("tracks/demo/d/d/", ".../d/d/", "d/d/x.jsonl: File name too long"),
    ),
    Case(
        "yaml key that is a list",
        _write(TRACK, "id: demo\n? [a, b]\n: 1\n"),
        _validate_track(),
        (f"{TRACK}:2", "a key must be text or a number"),
    ),
    Case(
        "yaml alias inside the value it names",
        _write(TRACK, "id: demo\nname: &n [1, *n]\n"),
        _validate_track(),
        (f"{TRACK}:2", "used inside the value it names"),
    ),
    Case(
        "duplicate yaml key",
        _write(TRACK, "id: demo\nid: other\nname: x\n"),
        _validate_track(),
        (f"{TRACK}:2", "duplicate key 'id'"),
    ),
    Case(
        "unknown top-level key",
        _edit_track(lambda s: s.update(nmae="x")),
        _validate_track(),
        (TRACK, "nmae: unknown key", "did you mean 'name'?"),
    ),
    Case(
        "unknown task key",
        _edit_track(lambda s: s["tasks"][0].update(promt={})),
        _validate_track(),
        (TRACK, "tasks[0].promt: unknown key", "did you mean 'prompt'?"),
    ),
    Case(
        "unknown nested key",
        _edit_track(lambda s: s["tasks"][0]["generation"].update(max_token=5)),
        _validate_track(),
        ("tasks[0].generation.max_token: unknown key", "did you mean 'max_tokens'?"),
    ),
    Case(
        "wrong type",
        _edit_track(_task(0, weight="heavy")),
        _validate_track(),
        ("tasks[0].weight", "valid number", "'heavy'"),
    ),
    Case(
        "missing required key",
        _edit_track(lambda s: s["tasks"][1].pop("prompt")),
        _validate_track(),
        ("tasks[1].prompt: required key is missing",),
    ),
    Case(
        "bad track id",
        _edit_track(lambda s: s.update(id="My Track")),
        _validate_track(),
        ("id: String should match pattern",),
    ),
    Case(
        "duplicate task ids",
        _edit_track(lambda s: s["tasks"][1].update(id="routing")),
        _validate_track(),
        ("duplicate task id 'routing'",),
    ),
    Case(
        "unknown scorer",
        _edit_track(_task(0, scorers=["rougeL"])),
        _validate_track(),
        (f"{TRACK}: tasks[0].scorers[0].name: unknown scorer 'rougeL'", "did you mean 'rouge_l'?"),
    ),
    Case(
        "unknown scorer option",
        _edit_track(_task(0, scorers=[{"exact_match": {"ignore_cas": True}}])),
        _validate_track(),
        ("tasks[0].scorers[0].options.ignore_cas: unknown option", "did you mean 'ignore_case'"),
    ),
    Case(
        "unknown extraction step",
        _edit_track(_task(0, extraction=["strip_reasonin"])),
        _validate_track(),
        (
            "tasks[0].extraction[0]: unknown extraction step 'strip_reasonin'",
            "did you mean 'strip_reasoning'",
        ),
    ),
    Case(
        "primary metric not scored",
        _edit_track(_task(0, primary_metric="bleu")),
        _validate_track(),
        ("tasks[0]", "primary_metric 'bleu' is not among"),
    ),
    Case(
        "circular without choices",
        _edit_track(_task(0, circular={"enabled": True})),
        _validate_track(),
        ("tasks[0]", "circular evaluation needs 'choices'"),
    ),
    Case(
        "few-shot from evaluated split",
        _edit_track(lambda s: s["tasks"][0]["prompt"]["few_shot"].update(split="test")),
        _validate_track(),
        ("tasks[0]", "must not come from the evaluated split"),
    ),
    Case(
        "few-shot k too large",
        _edit_track(lambda s: s["tasks"][0]["prompt"]["few_shot"].update(k=20)),
        _validate_track(),
        ("tasks[0].prompt.few_shot.k", "needs 20 examples"),
    ),
    Case(
        "template undefined variable",
        _edit_track(lambda s: s["tasks"][0]["prompt"].update(template="{{ text }} {{ department }}")),
        _validate_track(),
        ("tasks[0].prompt.template", "'department' is undefined", "inputs"),
    ),
    Case(
        "template syntax error",
        _edit_track(lambda s: s["tasks"][0]["prompt"].update(template="{{ text ")),
        _validate_track(),
        ("tasks[0].prompt.template", "template syntax error"),
    ),
    Case(
        "custom scorer file missing",
        _edit_track(_task(0, scorers=["my_scorers.py:score"])),
        _validate_track(),
        ("tasks[0].scorers[0].name", "custom scorer file 'my_scorers.py' not found"),
    ),
    Case(
        "custom scorer raises",
        _faulty_scorer("raise KeyError('department')"),
        SCORED,
        (CUSTOM_AT, "raised KeyError: 'department'", "fix it in the track folder"),
    ),
    Case(
        "custom scorer returns too few values",
        _faulty_scorer("return [1.0]"),
        SCORED,
        (CUSTOM_AT, "returned 1 values for 9 samples"),
    ),
    Case(
        "custom scorer returns text",
        _faulty_scorer("return ['yes' for _ in predictions]"),
        SCORED,
        (CUSTOM_AT, "returned a value that is not a number"),
    ),
    Case(
        "custom scorer returns infinity",
        _faulty_scorer("return [float('inf')] + [1.0] * (len(predictions) - 1)"),
        SCORED,
        (CUSTOM_AT, "returned inf for sample #1", "one finite number per prediction"),
    ),
    Case(
        "dataset string with a lone surrogate escape",
        _lone_surrogate_in_routing,
        _validate_track(),
        (f"{ROUTING}:1", "half of a surrogate pair", "fix or remove that \\u escape"),
    ),
    Case(
        "dataset value nested too deeply to parse",
        _deep_value_in_routing,
        _validate_track(),
        (f"{ROUTING}:1", "nested too deeply", "a few hundred levels deep at most"),
    ),
    Case(
        "prediction with a lone surrogate escape",
        _submission(
            {"team": "T", "name": "team1", "kind": "predictions"},
            {"predictions/demo/routing.jsonl": '{"id": "006", "prediction": "\\udc00"}\n'},
        ),
        ("run", "--no-report", "--quiet"),
        ("predictions/demo/routing.jsonl:1", "half of a surrogate pair"),
    ),
    Case(
        "label not in label set",
        _edit_track(_task(0, labels=["交通", "环保"])),
        _validate_track(),
        (f"{ROUTING}:", "reference '教育' is not among the task's labels"),
    ),
    Case(
        "mc target not an option",
        _write(
            "tracks/demo/data/quiz_test.jsonl", '{"id":"q","question":"?","options":["a","b"],"answer":"Z"}\n'
        ),
        _validate_track(),
        ("quiz_test.jsonl:1", "target 'Z' is neither an option letter"),
    ),
    Case(
        "target among the inputs",
        _edit_track(_task(0, inputs=["text", "department"])),
        _validate_track(),
        ("tasks[0]", "target field 'department' is among the inputs"),
    ),
    Case(
        "weights add up to zero",
        _edit_track(lambda s: [t.update(weight=0) for t in s["tasks"]]),
        _validate_track(),
        (TRACK, "task weights add up to 0"),
    ),
    Case(
        "tie-break metric unknown",
        _edit_track(lambda s: s.update(leaderboard={"tie_break": {"rule": "metric", "metric": "acuracy"}})),
        _validate_track(),
        (TRACK, "tie_break metric 'acuracy' is not a metric of any task"),
    ),
    # ------------------------------------------------------------ datasets
    Case(
        "dataset missing",
        _edit_track(lambda s: s["tasks"][0]["dataset"].update(path="data/nope.jsonl")),
        _validate_track(),
        ("tracks/demo/data/nope.jsonl", "dataset not found"),
    ),
    Case(
        "dataset path escapes",
        _edit_track(lambda s: s["tasks"][0]["dataset"].update(path="../../secret.jsonl")),
        _validate_track(),
        ("tasks[0].dataset.path", "leaves the track folder"),
    ),
    Case("dataset empty", _write(ROUTING, ""), _validate_track(), (ROUTING, "dataset is empty")),
    Case(
        "dataset binary",
        _write(ROUTING, b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
        _validate_track(),
        (ROUTING, "binary"),
    ),
    Case(
        "dataset not utf-8",
        _write(ROUTING, "诉求".encode("gbk") + b"\n"),
        _validate_track(),
        (f"{ROUTING}:1", "not valid UTF-8"),
    ),
    Case(
        "dataset bad json line",
        _write(ROUTING, '{"id": "1", "split": "dev"}\n{"id": "2",\n'),
        _validate_track(),
        (f"{ROUTING}:2", "invalid JSON"),
    ),
    Case(
        "dataset duplicate id",
        _routing_rows(lambda rows: rows[5].update(id=rows[2]["id"])),
        _validate_track(),
        (f"{ROUTING}:6", "duplicate sample id '002'", f"first seen at {ROUTING}:3"),
    ),
    Case(
        "dataset numeric id",
        _routing_rows(lambda rows: rows[0].update(id=1)),
        _validate_track(),
        (f"{ROUTING}:1", "sample id must be a non-empty string", "write it quoted"),
    ),
    Case(
        "dataset missing input field",
        _routing_rows(lambda rows: rows[3].pop("text")),
        _validate_track(),
        (f"{ROUTING}:4", "field 'text' is missing"),
    ),
    Case(
        "dataset wrong target type",
        _routing_rows(lambda rows: rows[1].update(department=["交通"])),
        _validate_track(),
        (f"{ROUTING}:2", "must be text or a number"),
    ),
    Case(
        "csv wrong columns",
        lambda root: (
            _edit_track(lambda s: s["tasks"][0]["dataset"].update(path="data/routing.csv"))(root),
            (root / "tracks/demo/data/routing.csv").write_text(
                "id,split,text,department,difficulty\n1,dev,x\n", "utf-8"
            ),
        ),
        _validate_track(),
        ("routing.csv:2", "different number of columns"),
    ),
    Case(
        "no test samples",
        _routing_rows(lambda rows: [r.update(split="dev") for r in rows]),
        _validate_track(),
        ("tasks[0].dataset", "no samples in split 'test'"),
    ),
    Case(
        "run for a split that no task has (a typo)",
        _submission({"team": "T", "name": "team1", "kind": "predictions"}),
        ("run", "--split", "tset", "--quiet", "--no-report"),
        ("--split tset", "no task has samples in this split", "did you mean 'test'?"),
    ),
    Case(
        "prompts exported for a split that no task has",
        write_competition,
        ("prompts", "export", "--track", "demo", "--split", "valid", "--out", "out"),
        ("--split valid", "no task has samples in this split", "known: dev, test"),
    ),
    # ------------------------------------------------------------ submissions
    Case(
        "literal api key",
        _submission({**EP_OK, "api_key": "sk-live-123"}),
        ("submission", "validate"),
        ("submissions/team1/submission.yaml", "literal 'api_key' is not allowed", "api_key_env"),
    ),
    Case(
        "yaml aliases of aliases in a team's submission",
        _write("submissions/team1/submission.yaml", ALIAS_BOMB.replace("id: demo", "kind: endpoint")),
        ("submission", "validate"),
        ("submissions/team1/submission.yaml", "expand to more than 100,000 values"),
    ),
    Case(
        "secret header",
        _submission({**EP_OK, "headers": {"Authorization": "Bearer sk-1"}}),
        ("submission", "validate"),
        ("headers", "api_key_env"),
    ),
    Case(
        "source folder name longer than file systems allow",
        _submission({**PY_OK, "source": "s" * 256}),
        ("submission", "validate"),
        ("submission.yaml: source", "longer than 255 bytes"),
    ),
    Case(
        "kind is a mapping",
        _submission({"team": "T", "name": "team1", "kind": {}}),
        ("submission", "validate"),
        ("submission.yaml: kind", "expected 'endpoint', 'python' or 'predictions'"),
    ),
    Case(
        "source path with a NUL character",
        _submission({**PY_OK, "source": "src\x00"}),
        ("submission", "validate"),
        ("submission.yaml: source", "a path cannot hold a NUL character"),
    ),
    Case(
        "missing kind",
        _submission({"team": "T", "name": "team1"}),
        ("submission", "validate"),
        ("submission.yaml: kind: required key is missing",),
    ),
    Case(
        "unknown kind",
        _submission({**PY_OK, "kind": "docker"}),
        ("submission", "validate"),
        ("submission.yaml: kind", "expected 'endpoint', 'python' or 'predictions'"),
    ),
    Case(
        "bad entry point",
        _submission({**PY_OK, "entry": "solver.solve"}, {"solver.py": ""}),
        ("submission", "validate"),
        ("submission.yaml: entry", "should match pattern"),
    ),
    Case(
        "python source missing",
        _submission({**PY_OK, "source": "src"}),
        ("submission", "validate"),
        ("submission.yaml: source", "folder 'src' not found"),
    ),
    Case(
        "endpoint bad url",
        _submission({**EP_OK, "url": "localhost:8000"}),
        ("submission", "validate"),
        ("submission.yaml: url", "should match pattern"),
    ),
    Case(
        "submission unknown key",
        _submission({**EP_OK, "max_concurency": 4}),
        ("submission", "validate"),
        ("max_concurency: unknown key", "did you mean 'max_concurrency'"),
    ),
    # ------------------------------------------------------------ command line
    Case(
        "unknown track on the command line",
        lambda root: write_competition(root),
        ("track", "show", "demoo"),
        ("--track demoo: no such track", "did you mean 'demo'"),
    ),
    Case(
        "unknown submission on the command line",
        _submission({**PY_OK}, {"solver.py": ""}),
        ("run", "--submission", "team2"),
        ("--submission team2: no such submission",),
    ),
    Case(
        "bad store url",
        _submission({**PY_OK}, {"solver.py": ""}),
        ("--store", "nosuchdb://x", "run"),
        ("--store nosuchdb://x", "not a usable database URL"),
    ),
    Case(
        "in-memory store",
        _submission({**PY_OK}, {"solver.py": ""}),
        ("--store", "sqlite://", "run"),
        ("--store sqlite://: an in-memory database keeps nothing", "sqlite:///path/to.db"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_input_gives_one_line_error_and_exit_2(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case.setup(tmp_path)
    result = CliRunner().invoke(main, list(case.args))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for piece in case.expected:
        assert piece in lines[0], f"{piece!r} not in {lines[0]!r}"
    assert "Traceback" not in result.output


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


def test_real_process_prints_no_traceback_and_debug_shows_one(tmp_path: Path) -> None:
    spec = base_track()
    spec["tasks"][0]["scorers"] = ["rougeL"]
    write_competition(tmp_path, spec)
    cmd = [sys.executable, "-m", "harness.cli", "--root", str(tmp_path), "track", "validate"]
    plain = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert plain.returncode == 2
    assert plain.stderr.count("\n") == 1 and "unknown scorer 'rougeL'" in plain.stderr
    assert "Traceback" not in plain.stderr
    debug = subprocess.run([*cmd[:3], "--debug", *cmd[3:]], capture_output=True, text=True, cwd=tmp_path)
    assert "Traceback" in debug.stderr


def test_valid_competition_validates(competition: Path) -> None:
    result = CliRunner().invoke(main, ["track", "validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.stdout)
    assert {(r["task"], r["requests"]) for r in rows} == {("routing", 9), ("quiz", 12)}


def test_track_file_parses_as_written(competition: Path) -> None:
    spec = yaml.safe_load((competition / TRACK).read_text("utf-8"))
    assert spec["tasks"][1]["circular"] == {"enabled": True}


def test_an_escaped_surrogate_pair_is_text_and_loads(competition: Path) -> None:
    """Only a lone half is refused: an emoji written as its escaped pair is ordinary text."""
    from tests.competition import routing_rows

    lines = [json.dumps(row, ensure_ascii=False) for row in routing_rows()]
    lines[0] = lines[0].replace('"text": "', '"text": "\\ud83d\\ude00', 1)
    (competition / ROUTING).write_text("\n".join(lines) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["track", "validate"])
    assert result.exit_code == 0, result.output
