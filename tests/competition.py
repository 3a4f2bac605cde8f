"""Builds small, valid competitions in a temp folder for tests; each test mutates what it checks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

LABELS = ["交通", "环保", "教育"]
KEYWORDS = {"交通": "公交车晚点", "环保": "工厂排放废气", "教育": "学校收费"}


def routing_rows(n_dev: int = 6, n_test: int = 9) -> list[dict[str, Any]]:
    rows = []
    for i in range(n_dev + n_test):
        label = LABELS[i % 3]
        rows.append(
            {
                "id": f"{i:03d}",
                "split": "dev" if i < n_dev else "test",
                "text": f"第{i}号诉求：{KEYWORDS[label]}，请处理。",
                "department": label,
                "difficulty": ["easy", "hard"][i % 2],
            }
        )
    return rows


def quiz_rows(n: int = 4, split: str = "test") -> list[dict[str, Any]]:
    return [
        {
            "id": f"{split}-q{i}",
            "question": f"第{i}题：1+{i}等于几？",
            "options": [str(1 + i), str(2 + i), str(3 + i)],
            "answer": "A",
        }
        for i in range(n)
    ]


def base_track() -> dict[str, Any]:
    return {
        "id": "demo",
        "name": "演示赛道",
        "domain": "government",
        "tasks": [
            {
                "id": "routing",
                "dataset": {"path": "data/routing.jsonl"},
                "inputs": ["text"],
                "labels": LABELS,
                "target": "department",
                "prompt": {
                    "system": "你是分派助手。",
                    "template": "诉求：{{ text }}\n部门：",
                    "few_shot": {"k": 2},
                },
                "generation": {"max_tokens": 16},
                "extraction": ["strip_reasoning"],
                "scorers": ["exact_match"],
                "tags": ["difficulty"],
            },
            {
                "id": "quiz",
                "dataset": {"splits": {"dev": "data/quiz_dev.jsonl", "test": "data/quiz_test.jsonl"}},
                "inputs": ["question"],
                "choices": {"field": "options"},
                "target": "answer",
                "prompt": {"template": "{{ question }}\n{{ options }}\n答案："},
                "extraction": ["strip_reasoning"],
                "scorers": ["choice_accuracy"],
                "circular": {"enabled": True},
            },
        ],
    }


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def write_competition(root: Path, track: dict[str, Any] | None = None) -> Path:
    """A valid competition: tracks/demo (routing + circular quiz). Returns the track folder."""
    folder = root / "tracks" / "demo"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    spec = copy.deepcopy(track if track is not None else base_track())
    (folder / "track.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    write_jsonl(folder / "data" / "routing.jsonl", routing_rows())
    write_jsonl(folder / "data" / "quiz_dev.jsonl", quiz_rows(3, "dev"))
    write_jsonl(folder / "data" / "quiz_test.jsonl", quiz_rows(4, "test"))
    return folder


def write_submission(
    root: Path, name: str, spec: dict[str, Any], files: dict[str, str] | None = None
) -> Path:
    folder = root / "submissions" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "submission.yaml").write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8"
    )
    for rel, text in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, "utf-8")
    return folder
