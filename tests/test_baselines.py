"""The bundled baseline submissions: valid answers, real spread, determinism, self-contained code.

The solvers are imported straight from their folders and called as a worker would call them
(setup with the public dev examples, then solve per request), on tasks built here or scaffolded.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from harness.cli import main
from harness.loading import Track, load_submissions, load_task_data, load_track, load_tracks
from harness.prompting import TaskRenderer, reference_of
from harness.solvers.base import Request
from harness.solvers.python_worker import PythonSolver
from harness.solvers.sandbox import sandbox_status
from harness.specs import PythonSubmission

REPO = Path(__file__).resolve().parent.parent
SUBMISSIONS = REPO / "submissions"
BASELINES = {
    "tfidf_baseline": "tfidf_solver",
    "majority_baseline": "majority_solver",
    "random_baseline": "random_solver",
    "lead_baseline": "lead_solver",
}
# what a worker can import besides the standard library
ALLOWED_THIRD_PARTY = {"numpy", "sklearn", "scipy", "jieba"}
_counter = iter(range(10**9))


def fresh_solver(name: str) -> ModuleType:
    """A new copy of a baseline's module (a new worker process, as far as its state goes)."""
    path = SUBMISSIONS / name / f"{BASELINES[name]}.py"
    module_name = f"_baseline_{name}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- tasks to run them on

CLASSES = {
    "交通": ["公交车", "地铁", "红绿灯", "停车位", "路面坑洼"],
    "环保": ["噪音扰民", "污水", "废气", "垃圾焚烧", "油烟"],
    "教育": ["学校", "入学", "课外辅导", "学费", "校车"],
}
FILLER = ["市民反映", "最近一段时间", "希望尽快处理", "多次投诉无果", "影响生活", "请相关部门核实"]


def keyword_rows(n_dev: int = 60, n_test: int = 60) -> list[dict[str, Any]]:
    """3 unbalanced classes, each sample carrying one of its class's keywords among filler."""
    rng = random.Random(7)
    rows = []
    for i in range(n_dev + n_test):
        label = rng.choices(list(CLASSES), weights=[0.45, 0.3, 0.25])[0]
        words = [*rng.sample(FILLER, 3), rng.choice(CLASSES[label])]
        rng.shuffle(words)
        rows.append(
            {
                "id": f"k{i:03d}",
                "split": "dev" if i < n_dev else "test",
                "text": "，".join(words) + "。",
                "department": label,
            }
        )
    return rows


def growth_rows(n_dev: int = 40, n_test: int = 40) -> list[dict[str, Any]]:
    """Numeric: last year's revenue from this year's and the growth rate (one division)."""
    rng = random.Random(11)
    rows = []
    for i in range(n_dev + n_test):
        last = rng.randrange(20, 500)
        rate = rng.choice([10, 20, 25, 50])
        this = last * (100 + rate) / 100
        rows.append(
            {
                "id": f"g{i:03d}",
                "split": "dev" if i < n_dev else "test",
                "question": f"某公司今年营收{this:g}亿元，同比增长{rate}%，去年营收是多少亿元？",
                "answer": f"{last}",
            }
        )
    return rows


def news_rows(n_dev: int = 30, n_test: int = 30) -> list[dict[str, Any]]:
    """Generation: the summary is the passage's first sentence."""
    rng = random.Random(13)
    cities = ["杭州", "成都", "西安", "青岛", "长沙", "昆明"]
    events = ["开通了新的地铁线路", "发布了人才引进政策", "举办了国际马拉松", "启用了政务服务新大厅"]
    rows = []
    for i in range(n_dev + n_test):
        city, event = rng.choice(cities), rng.choice(events)
        lead = f"{city}市于{rng.randrange(1, 13)}月{event}。"
        passage = lead + "据介绍，此举将惠及大量市民。相关负责人表示后续还将持续推进。"
        rows.append(
            {
                "id": f"n{i:03d}",
                "split": "dev" if i < n_dev else "test",
                "passage": passage,
                "summary": lead,
            }
        )
    return rows


def synthetic_track() -> dict[str, Any]:
    def task(task_id: str, inputs: list[str], target: str, template: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": task_id,
            "dataset": {"path": f"data/{task_id}.jsonl"},
            "inputs": inputs,
            "target": target,
            "prompt": {"template": template},
            "scorers": ["exact_match"],
            **extra,
        }

    return {
        "id": "synth",
        "name": "合成赛道",
        "domain": "government",
        "tasks": [
            task(
                "keywords",
                ["text"],
                "department",
                "诉求：{{ text }}\n请回答交通、环保或教育。",
                labels=list(CLASSES),
            ),
            task("growth", ["question"], "answer", "{{ question }}\n最后一行写“答案：数字”。"),
            task("news", ["passage"], "summary", "请用一句话概括：\n{{ passage }}"),
        ],
    }


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A competition with the scaffolded example track and the synthetic track above."""
    root = tmp_path_factory.mktemp("competition")
    result = CliRunner().invoke(main, ["--root", str(root), "track", "new", "示例赛道", "--id", "demo"])
    assert result.exit_code == 0, result.output
    folder = root / "tracks" / "synth"
    folder.mkdir(parents=True)
    (folder / "track.yaml").write_text(yaml.safe_dump(synthetic_track(), allow_unicode=True), "utf-8")
    write_jsonl(folder / "data" / "keywords.jsonl", keyword_rows())
    write_jsonl(folder / "data" / "growth.jsonl", growth_rows())
    write_jsonl(folder / "data" / "news.jsonl", news_rows())
    return root


class TaskRun:
    """One task as a worker sees it: dev examples for setup, test requests, and their references."""

    def __init__(self, track: Track, task_id: str):
        self.task = track.spec.task(task_id)
        data = load_task_data(track, self.task)
        renderer = TaskRenderer(data)
        self.dev = [renderer.example_for_setup(s) for s in data.split("dev")]
        self.rendered: list[Request] = []
        self.requests: list[dict[str, Any]] = []
        self.references: list[str] = []
        self.sample_of: list[str] = []
        for sample in data.split(self.task.eval_split):
            for rendered in renderer.render_sample(sample):
                self.rendered.append(rendered.request("test"))
                self.requests.append(self.rendered[-1].to_public_dict())
                self.references.append(reference_of(self.task, sample, rendered.variant))
                self.sample_of.append(sample.id)

    def answers(self, solver: ModuleType) -> list[str]:
        solver.setup(self.dev)
        return [solver.solve(r) for r in self.requests]

    def accuracy(self, answers: list[str]) -> float:
        """Per sample: right only if every variant is (circular evaluation)."""
        right: dict[str, bool] = {}
        for sample, answer, reference in zip(self.sample_of, answers, self.references, strict=True):
            right[sample] = right.get(sample, True) and _normal(answer) == _normal(reference)
        return sum(right.values()) / len(right)


def _normal(answer: str) -> str:
    return re.sub(r"^答案[:：]\s*", "", answer.strip())


def task_run(root: Path, track_id: str, task_id: str) -> TaskRun:
    (track,) = load_tracks(root, [track_id])
    return TaskRun(track, task_id)


# ---------------------------------------------------------------- the spread


def test_tfidf_beats_majority_on_keyword_classification(root: Path) -> None:
    run = task_run(root, "synth", "keywords")
    assert len(run.dev) == 60 and len(run.requests) == 60
    scores = {name: run.accuracy(run.answers(fresh_solver(name))) for name in BASELINES}
    assert scores["tfidf_baseline"] >= 0.9
    # the majority class is about 45% of the samples: the floor the others are read against
    assert 0.3 <= scores["majority_baseline"] <= 0.6
    assert scores["tfidf_baseline"] > scores["majority_baseline"] + 0.3
    assert scores["tfidf_baseline"] > scores["random_baseline"]


def test_tfidf_learns_which_arithmetic_a_numeric_question_needs(root: Path) -> None:
    run = task_run(root, "synth", "growth")
    tfidf, majority, rules = (
        run.answers(fresh_solver(n)) for n in ("tfidf_baseline", "majority_baseline", "lead_baseline")
    )
    assert all(re.fullmatch(r"答案：-?\d+(\.\d+)?", a) for a in tfidf + majority + rules)
    assert run.accuracy(tfidf) >= 0.8  # this year / (1 + rate), learned from dev
    assert run.accuracy(majority) <= 0.1
    assert run.accuracy(rules) == 0.0  # the first number is this year's revenue


def test_tfidf_answers_a_lead_summary_task_with_the_lead_sentence(root: Path) -> None:
    run = task_run(root, "synth", "news")
    answers = run.answers(fresh_solver("tfidf_baseline"))
    assert run.accuracy(answers) == 1.0
    majority = run.answers(fresh_solver("majority_baseline"))
    assert len(set(majority)) == 1 and run.accuracy(majority) < 0.2


# ---------------------------------------------------------------- valid answers


@pytest.mark.parametrize("name", BASELINES)
def test_answers_are_labels_and_letters_on_the_scaffold(root: Path, name: str) -> None:
    routing, quiz = task_run(root, "demo", "routing"), task_run(root, "demo", "quiz")
    solver = fresh_solver(name)
    labels = set(routing.task.labels or ())
    assert labels == {"交通", "环保", "教育"}
    assert set(routing.answers(solver)) <= labels
    for request, answer in zip(quiz.requests, quiz.answers(solver), strict=True):
        assert answer in "ABCD"[: len(request["choices"])], answer


@pytest.mark.parametrize("name", BASELINES)
def test_one_worker_serves_two_tasks_after_both_setups(root: Path, name: str) -> None:
    """Setups for two tasks first, then interleaved requests: each gets its own task's answer."""
    routing, quiz = task_run(root, "synth", "keywords"), task_run(root, "demo", "quiz")
    solver = fresh_solver(name)
    solver.setup(routing.dev)
    solver.setup(quiz.dev)
    for a, b in zip(routing.requests, quiz.requests, strict=False):
        assert solver.solve(a) in CLASSES
        assert solver.solve(b) in "ABCD"


def test_tfidf_picks_the_same_option_whatever_the_rotation(root: Path) -> None:
    quiz = task_run(root, "demo", "quiz")
    answers = quiz.answers(fresh_solver("tfidf_baseline"))
    picked: dict[str, set[str]] = {}
    for request, answer in zip(quiz.requests, answers, strict=True):
        picked.setdefault(request["sample_id"], set()).add(request["choices"]["ABCD".index(answer)])
    assert len(picked) == 3 and all(len(options) == 1 for options in picked.values())


def test_without_setup_the_solvers_still_answer(root: Path) -> None:
    quiz = task_run(root, "demo", "quiz")
    news = task_run(root, "synth", "news")
    for name in BASELINES:
        solver = fresh_solver(name)
        assert solver.solve(quiz.requests[0]) in "ABCD"
        assert isinstance(solver.solve(news.requests[0]), str)


# ---------------------------------------------------------------- determinism


@pytest.mark.parametrize("name", BASELINES)
def test_same_inputs_same_answers_in_a_new_process(root: Path, name: str) -> None:
    for track_id, task_id in [
        ("synth", "keywords"),
        ("synth", "growth"),
        ("synth", "news"),
        ("demo", "quiz"),
    ]:
        run = task_run(root, track_id, task_id)
        assert run.answers(fresh_solver(name)) == run.answers(fresh_solver(name)), (task_id, name)


def test_random_baseline_is_seeded_by_the_sample_not_by_call_order(root: Path) -> None:
    run = task_run(root, "synth", "keywords")
    forward = run.answers(fresh_solver("random_baseline"))
    solver = fresh_solver("random_baseline")
    solver.setup(run.dev)
    backward = [solver.solve(r) for r in reversed(run.requests)][::-1]
    assert forward == backward
    counts = {label: forward.count(label) for label in CLASSES}
    assert all(10 <= c <= 30 for c in counts.values()), counts  # uniform over 3 labels, 60 draws
    assert 0.15 <= run.accuracy(forward) <= 0.55


@pytest.mark.parametrize("name", ["tfidf_baseline", "random_baseline"])
async def test_a_real_worker_gives_the_same_answers_as_a_direct_call(root: Path, name: str) -> None:
    """In the worker (sandboxed where bwrap works) the solver imports and answers as in-process."""
    run = task_run(root, "synth", "keywords")
    key = (run.rendered[0].track, run.rendered[0].task)
    solver = PythonSolver(
        f"{BASELINES[name]}:solve",
        f"{BASELINES[name]}:setup",
        SUBMISSIONS / name,
        workers=1,
        dev_examples={key: run.dev},
        _disable_sandbox=not sandbox_status().usable,
    )
    await solver.start()
    try:
        responses = [await solver.solve(r) for r in run.rendered[:20]]
    finally:
        await solver.close()
    assert [r.error_message for r in responses if r.status != "ok"] == []
    assert [r.text for r in responses] == run.answers(fresh_solver(name))[:20]


# ---------------------------------------------------------------- the submission files


def test_submission_files_load_and_point_at_their_solvers() -> None:
    subs = {s.name: s for s in load_submissions(REPO)}
    assert set(BASELINES) <= set(subs)
    for name, module in BASELINES.items():
        spec = subs[name].spec
        assert isinstance(spec, PythonSubmission)
        assert spec.entry == f"{module}:solve" and spec.setup == f"{module}:setup"
    assert subs["lead_baseline"].spec.tracks is not None  # shows the restriction feature
    examples = {s.name: s for s in load_submissions(REPO, ["echo_endpoint", "offline_predictions"])}
    assert examples["echo_endpoint"].spec.kind == "endpoint"
    assert examples["offline_predictions"].spec.kind == "predictions"
    assert not {"echo_endpoint", "offline_predictions"} & {s.name for s in load_submissions(REPO)}


def test_bundled_offline_predictions_answer_every_test_request_once() -> None:
    """The example's files cover its track's test split exactly: no missing and no unknown ids."""
    (sub,) = load_submissions(REPO, ["offline_predictions"])
    assert sub.spec.tracks == ("gov_services",)
    if not (REPO / "tracks" / "gov_services").is_dir():
        pytest.skip("the gov_services track is not bundled")
    (track,) = load_tracks(REPO, ["gov_services"])
    for task in track.spec.tasks:
        run = TaskRun(track, task.id)
        path = sub.predictions_file(track.id, task.id)
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        asked = sorted((r["sample_id"], r["variant"]) for r in run.requests)
        assert sorted((row["id"], row.get("variant", "")) for row in rows) == asked, (
            f"{path.name} is stale: regenerate it from `horserace prompts export` (see its README)"
        )
        assert all(isinstance(row["prediction"], str) and row["prediction"] for row in rows)


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("name", BASELINES)
def test_solver_imports_only_what_a_worker_has(name: str) -> None:
    """A worker sees its own folder, the standard library and numpy/scikit-learn/jieba: no harness."""
    for path in (SUBMISSIONS / name).glob("*.py"):
        for module in _imports(path):
            assert module in sys.stdlib_module_names or module in ALLOWED_THIRD_PARTY, (path.name, module)


# ---------------------------------------------------------------- the bundled tracks


def _bundled_tracks() -> list[str]:
    """Track folders, listed without parsing (a broken track fails its own test, not collection)."""
    return sorted(p.parent.name for p in (REPO / "tracks").glob("*/track.yaml"))


@pytest.mark.parametrize("folder", _bundled_tracks())
def test_every_baseline_answers_every_bundled_task_in_its_form(folder: str) -> None:
    track = load_track(REPO / "tracks" / folder)
    for task in track.spec.tasks:
        run = TaskRun(track, task.id)
        del run.requests[40:]  # the form is the point here, not the score: keep the suite quick
        for name in BASELINES:
            answers = run.answers(fresh_solver(name))
            assert len(answers) == len(run.requests) and all(isinstance(a, str) for a in answers)
            if run.task.choices:
                assert all(len(a) == 1 and a in run.task.choices.letters for a in answers), (task.id, name)
            elif run.task.labels:
                assert set(answers) <= set(run.task.labels), (task.id, name)
