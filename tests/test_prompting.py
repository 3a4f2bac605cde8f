"""Prompt rendering: few-shot picks are deterministic and never from the evaluated split; circular variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.checks import plan_task
from harness.loading import load_track
from harness.prompting import TaskRenderer, reference_of


def _renderer(root: Path, index: int) -> TaskRenderer:
    return plan_task(load_track(root / "tracks" / "demo"), index).renderer


def test_few_shot_examples_are_deterministic_and_from_dev(competition: Path) -> None:
    renderer = _renderer(competition, 0)
    test = renderer.data.split("test")
    first = [[e.id for e in renderer.few_shot_examples(s)] for s in test]
    again = [[e.id for e in _renderer(competition, 0).few_shot_examples(s)] for s in test]
    assert first == again
    dev_ids = {s.id for s in renderer.data.split("dev")}
    assert all(set(ids) <= dev_ids and len(ids) == 2 for ids in first)
    assert len({tuple(ids) for ids in first}) > 1  # picks vary by sample, not one fixed set


def test_few_shot_messages_carry_dev_targets_and_no_test_reference(competition: Path) -> None:
    renderer = _renderer(competition, 0)
    sample = renderer.data.split("test")[0]
    rendered = renderer.render(sample)
    roles = [m["role"] for m in rendered.messages]
    assert roles == ["system", "user", "assistant", "user", "assistant", "user"]
    examples = renderer.few_shot_examples(sample)
    assert [m["content"] for m in rendered.messages if m["role"] == "assistant"] == [
        e.fields["department"] for e in examples
    ]
    assert rendered.inputs == {"text": sample.fields["text"]}
    assert "department" not in rendered.request("fp").to_public_dict()["inputs"]


def test_circular_variants_rotate_options_and_references(competition: Path) -> None:
    renderer = _renderer(competition, 1)
    sample = renderer.data.split("test")[0]
    variants = renderer.render_sample(sample)
    assert [v.variant for v in variants] == ["rot0", "rot1", "rot2"]
    options = sample.fields["options"]
    for rotation, variant in enumerate(variants):
        assert list(variant.choices) == options[rotation:] + options[:rotation]
        letter = reference_of(renderer.task, sample, variant.variant)
        # the reference letter still points at the correct option's text (answer A = options[0])
        assert variant.choices["ABC".index(letter)] == options[0]
        assert f"{letter}. {options[0]}" in variant.messages[-1]["content"]


def test_request_keys_depend_on_submission_and_content(competition: Path) -> None:
    renderer = _renderer(competition, 1)
    sample = renderer.data.split("test")[0]
    rot0, rot1 = renderer.render_sample(sample)[:2]
    assert rot0.request("a").key == rot0.request("a").key
    assert rot0.request("a").key != rot0.request("b").key
    assert rot0.request("a").key != rot1.request("a").key


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_ids_stay_strings_in_csv_and_parquet(competition: Path, fmt: str) -> None:
    import pandas as pd

    from harness.loading import load_task_data

    data_dir = competition / "tracks" / "demo" / "data"
    rows = [
        {"id": i, "split": s, "text": "公交晚点", "department": "交通", "difficulty": "easy"}
        for i, s in (("001", "dev"), ("1", "dev"), ("01", "test"), ("10", "test"))
    ]
    frame = pd.DataFrame(rows)
    if fmt == "csv":
        frame.to_csv(data_dir / "routing.csv", index=False)
    else:
        frame.to_parquet(data_dir / "routing.parquet", index=False)
    text = (competition / "tracks/demo/track.yaml").read_text("utf-8")
    (competition / "tracks/demo/track.yaml").write_text(
        text.replace("data/routing.jsonl", f"data/routing.{fmt}").replace("k: 2", "k: 1"), "utf-8"
    )
    track = load_track(competition / "tracks" / "demo")
    data = load_task_data(track, track.spec.tasks[0])
    assert [s.id for s in data.samples] == ["001", "1", "01", "10"]


def test_jsonl_strings_may_hold_unicode_line_separators(competition: Path) -> None:
    from harness.loading import load_task_data
    from tests.competition import routing_rows, write_jsonl

    rows = routing_rows()
    rows[7]["text"] = "第一行\u2028第二行\u0085第三行"
    write_jsonl(competition / "tracks/demo/data/routing.jsonl", rows)
    track = load_track(competition / "tracks" / "demo")
    data = load_task_data(track, track.spec.tasks[0])
    assert data.samples[7].fields["text"] == "第一行\u2028第二行\u0085第三行"
    assert data.samples[8].where.endswith(":9")
