"""`horserace leaderboard` from a real store: formats, rank ranges, slices, absent tracks, determinism."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from click.testing import CliRunner

from harness.cli import main
from tests.competition import routing_rows, write_competition, write_jsonl, write_submission


def _big_competition(root: Path) -> None:
    """tracks/demo with 200 routing test samples, plus a second one-task track `other`."""
    write_competition(root)
    write_jsonl(root / "tracks/demo/data/routing.jsonl", routing_rows(n_dev=6, n_test=200))
    other = root / "tracks" / "other"
    write_competition(root / "tmp_other")
    (other / "data").mkdir(parents=True)
    spec = yaml.safe_load((root / "tmp_other/tracks/demo/track.yaml").read_text("utf-8"))
    spec["id"], spec["tasks"] = "other", spec["tasks"][:1]
    (other / "track.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
    write_jsonl(other / "data/routing.jsonl", routing_rows(n_dev=6, n_test=60))


def _team(
    root: Path, name: str, accuracy: float, tracks: list[str] | None = None, team: str | None = None
) -> None:
    """A predictions submission right on the first `accuracy` share of each task's samples."""
    files = {}
    for track, n_test in (("demo", 200), ("other", 60)):
        rows = [r for r in routing_rows(6, n_test) if r["split"] == "test"]
        cut = int(accuracy * len(rows))
        preds = [
            {"id": r["id"], "prediction": r["department"] if i < cut else "无"} for i, r in enumerate(rows)
        ]
        files[f"predictions/{track}/routing.jsonl"] = "".join(
            json.dumps(p, ensure_ascii=False) + "\n" for p in preds
        )
        quiz = [
            {"id": f"test-q{i}", "variant": f"rot{v}", "prediction": "ABC"[(-v) % 3]}
            for i in range(4)
            for v in range(3)
        ]
        files[f"predictions/{track}/quiz.jsonl"] = "".join(json.dumps(q) + "\n" for q in quiz)
    spec = {"team": team or f"{name}队", "name": name, "kind": "predictions"}
    if tracks:
        spec["tracks"] = tracks
    write_submission(root, name, spec, files)


def _run(root: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--no-report", "--quiet"])
    assert result.exit_code == 0, result.output


def _json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["leaderboard", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _rows(board: dict) -> list[tuple[str, int, int]]:
    return [(r["submission"], r["rank_low"], r["rank_high"]) for r in board["rows"]]


def test_identical_share_a_rank_range_and_a_clear_winner_ranks_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "best", 0.95)
    _team(tmp_path, "twin_a", 0.5)
    _team(tmp_path, "twin_b", 0.5)
    _run(tmp_path)
    data = _json("--track", "demo", "--task", "routing")
    (track,) = data["tracks"]
    (task,) = track["tasks"]
    assert _rows(task)[0] == ("best", 1, 1)
    twins = {name: (low, high) for name, low, high in _rows(task)[1:]}
    assert twins == {"twin_a": (2, 3), "twin_b": (2, 3)}
    assert task["rows"][1]["tie_group"] == task["rows"][2]["tie_group"] != task["rows"][0]["tie_group"]
    assert data["schema"] == 1 and task["metric"] == "exact_match"


def test_json_is_deterministic_and_csv_md_agree(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "best", 0.9)
    _team(tmp_path, "mid", 0.6)
    _run(tmp_path)
    first, second = _json(), _json()
    assert first == second
    result = CliRunner().invoke(main, ["leaderboard", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    aggregate = [r for r in rows if r["track"] == "demo" and r["task"] == ""]
    demo = first["tracks"][0]["aggregate"]
    assert [r["submission"] for r in aggregate] == [r["submission"] for r in demo["rows"]]
    assert abs(float(aggregate[0]["score"]) - demo["rows"][0]["score"]) < 1e-12
    md = CliRunner().invoke(main, ["leaderboard", "--format", "md"]).stdout
    assert "| 1 | 1 | best |" in md and "Tie-break:" in md


def test_absent_track_is_marked_not_zeroed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "everywhere", 0.7)
    _team(tmp_path, "demo_only", 0.7, tracks=["demo"])
    _run(tmp_path)
    overall = {r["submission"]: r["tracks"] for r in _json()["overall"]}
    assert overall["demo_only"]["other"] is None
    assert overall["everywhere"]["other"]["score"] > 0
    md = CliRunner().invoke(main, ["leaderboard", "--format", "md"]).stdout
    assert "absent" in md


def test_slices_by_tag(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "best", 0.9)
    _team(tmp_path, "mid", 0.6)
    _run(tmp_path)
    (track,) = _json("--track", "demo", "--by", "difficulty")["tracks"]
    slices = {b["slice"]: b for b in track["slices"]}
    assert set(slices) == {"difficulty=easy", "difficulty=hard"}
    assert slices["difficulty=easy"]["n_samples"] == 100


def test_error_rate_sits_beside_the_score(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "full", 0.6)
    _team(tmp_path, "gappy", 0.6)
    preds = tmp_path / "submissions/gappy/predictions/demo/routing.jsonl"
    lines = preds.read_text("utf-8").splitlines()
    preds.write_text("\n".join(lines[: int(len(lines) * 0.7)]) + "\n", "utf-8")  # 30% missing: errors
    _run(tmp_path)
    (task,) = _json("--track", "demo", "--task", "routing")["tracks"][0]["tasks"]
    rows = {r["submission"]: r for r in task["rows"]}
    assert rows["gappy"]["error_rate"] == 0.3 and rows["full"]["error_rate"] == 0.0
    assert rows["gappy"]["position"] > rows["full"]["position"]


def test_unknown_metric_is_a_user_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "best", 0.9)
    _run(tmp_path)
    result = CliRunner().invoke(main, ["leaderboard", "--metric", "bleu"])
    assert result.exit_code == 2 and "--metric bleu: task 'routing' has no such metric" in result.stderr


def test_unknown_slice_tag_is_a_user_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "best", 0.9)
    _run(tmp_path)
    result = CliRunner().invoke(main, ["leaderboard", "--by", "dificulty"])
    assert result.exit_code == 2 and "did you mean 'difficulty'" in result.stderr


def test_metric_tie_break_orders_tied_submissions(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    path = tmp_path / "tracks/demo/track.yaml"
    spec = yaml.safe_load(path.read_text("utf-8"))
    spec["tasks"][0]["scorers"] = ["exact_match", {"name": "contains", "metric": "contains"}]
    spec["leaderboard"] = {"tie_break": {"rule": "metric", "metric": "contains"}}
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
    _team(tmp_path, "a", 0.5)
    _team(tmp_path, "b", 0.5)
    _run(tmp_path)
    (track,) = _json("--track", "demo")["tracks"]
    assert "higher contains first" in track["aggregate"]["tie_break"]
    assert [r["rank_low"] for r in track["aggregate"]["rows"]] == [1, 1]


def test_a_partial_run_of_one_team_does_not_shrink_the_others(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    _team(tmp_path, "full", 0.6)
    _run(tmp_path)
    before = _json("--track", "demo", "--task", "routing")["tracks"][0]["tasks"][0]
    _team(tmp_path, "smoke", 0.6)
    result = CliRunner().invoke(
        main, ["run", "--no-report", "--quiet", "--submission", "smoke", "--limit", "5"]
    )
    assert result.exit_code == 0
    after = _json("--track", "demo", "--task", "routing")["tracks"][0]["tasks"][0]
    rows = {r["submission"]: r for r in after["rows"]}
    assert after["n_samples"] == before["n_samples"] == 200
    assert rows["full"]["score"] == before["rows"][0]["score"]
    assert rows["smoke"]["error_rate"] == 1 - 5 / 200  # never answered: counted, not dropped


def test_tracks_built_in_forked_workers_equal_the_serial_boards(tmp_path: Path, monkeypatch) -> None:
    from harness.errors import UserError
    from harness.leaderboard.build import BoardOptions, boards_json, build_boards
    from harness.loading import load_tracks
    from harness.store import Store

    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    for name, accuracy in (("best", 0.9), ("mid", 0.7), ("low", 0.5)):
        _team(tmp_path, name, accuracy)
    _run(tmp_path)
    store, tracks = Store.open(None, tmp_path), load_tracks(tmp_path)
    serial = build_boards(store, tracks, BoardOptions(workers=1))
    forked = build_boards(store, tracks, BoardOptions(workers=2))
    assert [b.track for b in forked] == ["demo", "other"]
    assert json.dumps(boards_json(forked)) == json.dumps(boards_json(serial))
    with pytest.raises(UserError, match="has no such metric"):  # a worker's user error reaches the caller
        build_boards(store, tracks, BoardOptions(metric="bleu", workers=2))


def test_an_in_memory_store_is_never_reopened_by_forked_workers(tmp_path: Path, monkeypatch) -> None:
    """A worker opening `sqlite://` anew would see an empty database and drop every track."""
    from harness.leaderboard.build import BoardOptions, boards_json, build_boards
    from harness.loading import load_tracks
    from harness.store import Store

    monkeypatch.chdir(tmp_path)
    _big_competition(tmp_path)
    for name, accuracy in (("best", 0.9), ("low", 0.5)):
        _team(tmp_path, name, accuracy)
    _run(tmp_path)
    on_disk = Store.open(None, tmp_path)
    memory = Store(sa.create_engine("sqlite://"))  # a library user's; `--store sqlite://` is refused
    assert on_disk.reopenable and not memory.reopenable
    with on_disk.engine.connect() as source, memory.engine.begin() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)
    boards = build_boards(memory, load_tracks(tmp_path), BoardOptions(workers=2))
    assert [b.track for b in boards] == ["demo", "other"]
    serial = build_boards(on_disk, load_tracks(tmp_path), BoardOptions(workers=1))
    assert json.dumps(boards_json(boards)) == json.dumps(boards_json(serial))
