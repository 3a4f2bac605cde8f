"""The judges' report at competition size: 100 submissions x 10 tracks x 5 tasks x 500 samples.

Synthesises a competition root (real track specs and datasets) and a SQLite store written
straight through Store methods (submissions, a run with its manifest and summary,
responses, extraction traces, per-sample scores from the real scorers, so corpus metrics
carry their statistics), then times `write_report`, the function behind `horserace
report`, phase by phase. Prints seconds to write, the size of index.html and of the whole
folder. Targets: < 20 s, index.html < 5 MB.

    python benchmarks/report.py [--submissions 100 --tracks 10 --samples 500 --worst 50]
                                [--keep DIR]   # reuse (or create) the synthetic root in DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.cli import quiet_idle_blas

quiet_idle_blas()  # as the `horserace` console script does, before numpy loads

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from harness import __version__  # noqa: E402
from harness.checks import resolve_scoring  # noqa: E402
from harness.leaderboard.build import BoardOptions, build_boards  # noqa: E402
from harness.loading import load_tracks  # noqa: E402
from harness.reports.html import ReportOptions, write_report  # noqa: E402
from harness.scoring import task_documents, variant_document  # noqa: E402
from harness.store import Store  # noqa: E402
from scorers.extract import Extraction  # noqa: E402
from scorers.registry import ScoreResult, ScoringContext  # noqa: E402

LABELS = ["交通", "环保", "教育", "医疗", "税务"]
TOPICS = {
    "交通": "公交线路调整后末班车提前，夜班工人回家困难",
    "环保": "河道上游工厂夜间偷排污水，气味刺鼻",
    "教育": "学校课后服务收费标准不透明，家长有疑问",
    "医疗": "社区医院挂号系统经常故障，老人无法预约",
    "税务": "个体户发票开具流程复杂，希望简化",
}
FILLER = "市民反映情况属实，已多次拨打热线，希望相关部门尽快核实并给出答复。"
ERROR_KINDS = ["timeout", "http_5xx", "rate_limited", "connection"]


def track_spec(index: int) -> dict[str, Any]:
    return {
        "id": f"bench_{index:02d}",
        "name": f"基准赛道 {index:02d}",
        "domain": "government",
        "description": "合成的基准赛道：分类、选择题、问答、抽取和摘要。",
        "tasks": [
            {
                "id": "routing",
                "name": "诉求分派",
                "dataset": {"path": "data/routing.jsonl"},
                "inputs": ["text"],
                "labels": LABELS,
                "target": "department",
                "prompt": {
                    "system": "你是政务服务热线的工单分派助手。",
                    "template": "请判断下面的市民诉求应由哪个部门处理，只回答部门名称。\n诉求：{{ text }}",
                    "few_shot": {"k": 2},
                },
                "extraction": ["strip_reasoning", {"label": {"labels": LABELS}}],
                "scorers": ["accuracy", "macro_f1"],
                "primary_metric": "macro_f1",
            },
            {
                "id": "quiz",
                "name": "政策常识选择题",
                "dataset": {"path": "data/quiz.jsonl"},
                "inputs": ["question"],
                "choices": {"field": "options"},
                "target": "answer",
                "prompt": {"template": "{{ question }}\n{{ options }}\n请只回答选项字母。"},
                "extraction": ["strip_reasoning", "choice_letter"],
                "scorers": ["choice_accuracy"],
            },
            {
                "id": "policy_qa",
                "name": "政策问答",
                "dataset": {"path": "data/qa.jsonl"},
                "inputs": ["passage", "question"],
                "target": "answer",
                "prompt": {"template": "阅读材料：{{ passage }}\n问题：{{ question }}\n请简要回答。"},
                "extraction": ["strip_reasoning"],
                "scorers": ["token_f1", "rouge_l"],
                "weight": 2.0,
            },
            {
                "id": "entity",
                "name": "机构名称抽取",
                "dataset": {"path": "data/entity.jsonl"},
                "inputs": ["text"],
                "target": "entity",
                "prompt": {"template": "从下文中找出负责的机构名称，只回答名称。\n{{ text }}"},
                "extraction": ["strip_reasoning", "first_line"],
                "scorers": ["exact_match"],
            },
            {
                "id": "summary",
                "name": "工单摘要",
                "dataset": {"path": "data/summary.jsonl"},
                "inputs": ["text"],
                "target": "summary",
                "prompt": {"template": "请用一句话概括下面的工单。\n{{ text }}"},
                "extraction": ["strip_reasoning"],
                "scorers": ["chrf"],
            },
        ],
    }


def datasets(samples: int, rng: np.random.Generator) -> dict[str, list[dict[str, Any]]]:
    """Test rows (plus a small dev split for few-shot) of the five tasks, as the track files hold them."""
    n_dev = 20
    routing, quiz, qa, entity, summary = [], [], [], [], []
    for i in range(samples + n_dev):
        label = LABELS[int(rng.integers(len(LABELS)))]
        split = "dev" if i < n_dev else "test"
        routing.append(
            {
                "id": f"r{i:05d}",
                "split": split,
                "text": f"第{i}号：{TOPICS[label]}。{FILLER}",
                "department": label,
            }
        )
    for i in range(samples):
        a = int(rng.integers(1, 99))
        quiz.append(
            {
                "id": f"q{i:05d}",
                "split": "test",
                "question": f"第{i}题：某市今年新增公交线路{a}条，比去年多{a % 7}条，去年新增多少条？",
                "options": [str(a - a % 7), str(a), str(a + 3), str(a - 1)],
                "answer": "A",
            }
        )
        qa.append(
            {
                "id": f"p{i:05d}",
                "split": "test",
                "passage": f"根据第{i}号通知，{FILLER}申请人应在{a}个工作日内提交材料，逾期不予受理。" * 2,
                "question": "申请人应在多少个工作日内提交材料？",
                "answer": f"申请人应在{a}个工作日内提交材料",
            }
        )
        entity.append(
            {
                "id": f"e{i:05d}",
                "split": "test",
                "text": f"关于第{i}号事项，由{a}号街道办事处负责办理。",
                "entity": f"{a}号街道办事处",
            }
        )
        summary.append(
            {
                "id": f"s{i:05d}",
                "split": "test",
                "text": f"第{i}号工单：{TOPICS[LABELS[i % 5]]}。{FILLER}",
                "summary": f"市民反映{TOPICS[LABELS[i % 5]][:12]}",
            }
        )
    return {"routing": routing, "quiz": quiz, "qa": qa, "entity": entity, "summary": summary}


def write_root(root: Path, tracks: int, samples: int) -> None:
    data = datasets(samples, np.random.default_rng(0))
    for t in range(tracks):
        folder = root / "tracks" / f"bench_{t:02d}"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "track.yaml").write_text(yaml.safe_dump(track_spec(t), allow_unicode=True), "utf-8")
        for name, rows in data.items():
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            (folder / "data" / f"{name}.jsonl").write_text(text, "utf-8")


def _answers(task: str, refs: list[str], correct: np.ndarray, rng: np.random.Generator) -> list[str]:
    """What a submission answers: the reference when correct, a plausible wrong answer otherwise."""
    out = []
    for ref, ok in zip(refs, correct, strict=True):
        if ok:
            out.append(ref)
        elif task == "routing":
            out.append(LABELS[(LABELS.index(ref) + 1 + int(rng.integers(4))) % 5])
        elif task == "quiz":
            out.append("BCD"[int(rng.integers(3))])
        elif task == "entity":
            out.append(ref.replace("街道", "社区"))
        else:
            out.append(ref[: len(ref) // 2] + "，具体以通知为准")
    return out


def _response_text(task: str, answer: str, i: int) -> tuple[str, str | None]:
    if task == "quiz":
        return f"答案是{answer}", None
    if task == "policy_qa" and i % 3 == 0:
        return f"<think>先找材料中的期限。</think>{answer}。", "先找材料中的期限。"
    return answer, None


def synthesise_store(root: Path, submissions: int, samples: int) -> None:
    """Responses, extractions and scores of every submission on every task, written through the Store."""
    store = Store.open(None, root)
    tracks = load_tracks(root)
    skill = np.linspace(0.35, 0.9, submissions)
    names = [f"team{s:03d}_model" for s in range(submissions)]
    for s, name in enumerate(names):
        spec = {"team": f"队伍{s:03d}", "name": name, "kind": "predictions"}
        digest = hashlib.sha256(json.dumps(spec, ensure_ascii=False).encode()).hexdigest()[:16]
        store.record_submission(
            name, spec["team"], "predictions", digest, json.dumps(spec, ensure_ascii=False)
        )
    manifest = {
        "harness_version": __version__,
        "python": platform.python_version(),
        "split": "test",
        "limit": None,
        "tracks": {
            t.id: {
                "version": "1",
                "spec_sha256": hashlib.sha256(t.path.read_bytes()).hexdigest()[:16],
                "seed": 0,
            }
            for t in tracks
        },
        "submissions": {n: {"kind": "predictions", "spec_hash": "synthetic"} for n in names},
    }
    run_id = store.start_run(__version__, manifest)
    # Every track holds the same data, so one scoring per (submission, task) serves all tracks.
    first = tracks[0]
    from harness.loading import load_task_data
    from harness.prompting import reference_of

    per_task = []
    for index, task in enumerate(first.spec.tasks):
        data = load_task_data(first, task)
        test = data.split("test")
        refs = [reference_of(task, smp) for smp in test]
        scorers, _ = resolve_scoring(first, index)
        context = ScoringContext(
            labels=task.labels,
            choices=tuple(tuple(smp.fields["options"]) for smp in test) if task.choices else None,
        )
        per_task.append((task, test, refs, scorers, context))
    now = time.time()
    for s, name in enumerate(names):
        sub_rng = np.random.default_rng(100 + s)
        computed = []
        for task, test, refs, scorers, context in per_task:
            n = len(test)
            difficulty = np.linspace(-0.15, 0.15, n)
            correct = sub_rng.random(n) < np.clip(skill[s] - difficulty, 0.02, 0.98)
            answers = _answers(task.id, refs, correct, sub_rng)
            errors = sub_rng.random(n) < 0.01
            unparsed = (sub_rng.random(n) < 0.02) & ~errors
            predictions = ["" if (e or u) else a for a, e, u in zip(answers, errors, unparsed, strict=True)]
            metric_results = {}
            for metric, scorer, options in scorers:
                result = scorer(predictions, refs, options, context)
                if not isinstance(result, ScoreResult):
                    result = ScoreResult(list(result))
                metric_results[metric] = result
            computed.append((task, test, answers, errors, unparsed, metric_results))
        for track in tracks:
            response_rows, score_rows_by_task, extraction_rows_by_task = [], {}, {}
            documents_by_task = {}
            for task, test, answers, errors, unparsed, metric_results in computed:
                scores, traces, samples = [], [], []
                for i, smp in enumerate(test):
                    key = hashlib.md5(f"{name}:{track.id}:{task.id}:{smp.id}".encode()).hexdigest()
                    text, reasoning = _response_text(task.id, answers[i], i)
                    if unparsed[i]:
                        text, reasoning = "抱歉，我无法回答这个问题。", None
                    status = "error" if errors[i] else "ok"
                    response = {
                        "key": key,
                        "submission": name,
                        "track": track.id,
                        "task": task.id,
                        "sample_id": smp.id,
                        "variant": "",
                        "status": status,
                        "text": None if errors[i] else text,
                        "reasoning": reasoning,
                        "finish_reason": None if errors[i] else "stop",
                        "prompt_tokens": None if errors[i] else 120 + i % 50,
                        "completion_tokens": None if errors[i] else 8 + len(text),
                        "latency_ms": float(200 + (i * 37 + s * 11) % 900),
                        "error_kind": ERROR_KINDS[i % 4] if errors[i] else None,
                        "error_message": "synthetic failure" if errors[i] else None,
                        "run_id": run_id,
                        "created_at": now,
                    }
                    response_rows.append(response)
                    sample_status = "error" if errors[i] else "unparsed" if unparsed[i] else "ok"
                    answer = None if (errors[i] or unparsed[i]) else answers[i]
                    trace = [] if errors[i] else [["strip_reasoning", answers[i] if answer else text]]
                    traces.append(
                        {
                            "submission": name,
                            "track": track.id,
                            "task": task.id,
                            "sample_id": smp.id,
                            "variant": "",
                            "response_key": key,
                            "answer": answer,
                            "unparsed": bool(unparsed[i]),
                            "trace": json.dumps(trace, ensure_ascii=False),
                        }
                    )
                    values = {m: None if errors[i] else float(r.values[i]) for m, r in metric_results.items()}
                    extraction = Extraction(answer, [tuple(step) for step in trace], bool(unparsed[i]))
                    samples.append(
                        (smp.id, sample_status, values, [variant_document("", response, extraction)])
                    )
                    for metric, result in metric_results.items():
                        stats = result.stats[i] if result.stats is not None else None
                        scores.append(
                            {
                                "submission": name,
                                "track": track.id,
                                "task": task.id,
                                "sample_id": smp.id,
                                "metric": metric,
                                "status": sample_status,
                                "value": None if errors[i] else float(result.values[i]),
                                "stats": None if stats is None else np.asarray(stats, np.float64).tobytes(),
                                "scored_at": now,
                            }
                        )
                score_rows_by_task[task.id] = scores
                extraction_rows_by_task[task.id] = traces
                documents_by_task[task.id] = task_documents(track.id, task.id, samples)
            store.write_responses(response_rows)
            for task_id, rows in score_rows_by_task.items():
                store.replace_scores(
                    name,
                    track.id,
                    task_id,
                    rows,
                    extraction_rows_by_task[task_id],
                    documents_by_task[task_id],
                )
        if (s + 1) % 10 == 0:
            print(f"  synthesised {s + 1}/{submissions} submissions", flush=True)
    store.finish_run(run_id, "finished", {"jobs": [], "sandboxed": {}, "notes": []})


def cpu_seconds() -> float:
    """CPU seconds of this process plus its finished children (the forked workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--tracks", type=int, default=10)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--worst", type=int, default=50)
    parser.add_argument("--keep", type=Path, default=None, help="reuse (or create) the synthetic root here")
    parser.add_argument(
        "--reuse-boards", action="store_true", help="with --keep: reuse the boards built by an earlier run"
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}")
    print(
        f"S={args.submissions} submissions x {args.tracks} tracks x 5 tasks x {args.samples} samples, "
        f"worst K={args.worst}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = (args.keep or Path(tmp)).resolve()
        done = root / ".horserace" / "synthesised"
        if not done.exists():
            start = time.perf_counter()
            write_root(root, args.tracks, args.samples)
            synthesise_store(root, args.submissions, args.samples)
            done.write_text("complete\n")
            print(f"synthesise (not counted): {time.perf_counter() - start:.1f} s")
        store = Store.open(None, root)
        tracks = load_tracks(root)
        cache = root / ".horserace" / "boards.pickle"
        if args.keep and args.reuse_boards and cache.exists():
            boards, build_s = pickle.loads(cache.read_bytes())
            print(f"build_boards: reused from {cache} (it took {build_s:.1f} s)")
        else:
            start, cpu = time.perf_counter(), cpu_seconds()
            boards = build_boards(store, tracks, BoardOptions(tuple(t.id for t in tracks)))
            build_s, build_cpu = time.perf_counter() - start, cpu_seconds() - cpu
            print(f"build_boards: {build_s:.2f} s wall, {build_cpu:.2f} CPU s", flush=True)
            if args.keep:
                cache.write_bytes(pickle.dumps((boards, build_s)))
        out = root / "reports" / "bench"
        start, cpu = time.perf_counter(), cpu_seconds()
        result = write_report(store, tracks, ReportOptions(out=out, worst=args.worst), boards=boards)
        report_s, report_cpu = time.perf_counter() - start, cpu_seconds() - cpu
        print(f"{'phase':<36} {'wall_s':>7}")
        print(f"{'leaderboards (build_boards)':<36} {build_s:>7.2f}   (harness/leaderboard/build.py)")
        for phase, seconds in result.timings.items():
            print(f"{phase:<36} {seconds:>7.2f}")
        print(f"{'report without build_boards':<36} {report_s:>7.2f}   ({report_cpu:.1f} CPU s)")
        print(f"{'total (horserace report)':<36} {build_s + report_s:>7.2f}   (target < 20 s)")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        index_mb = result.index.stat().st_size / 1e6
        print(f"index.html {index_mb:.2f} MB (target < 5 MB); folder {folder_size(out) / 1e6:.0f} MB")
        print(f"pages: {result.pages}, samples written: {result.samples}")


if __name__ == "__main__":
    main()
