"""`horserace report` on a small real competition: files, self-containment, escaping, hidden references,
team-facing reports, and exports that agree with `horserace leaderboard`."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from harness.cli import main
from tests.competition import (
    LABELS,
    base_track,
    quiz_rows,
    write_competition,
    write_jsonl,
    write_submission,
)

EVIL_TEAM = "<img src=x onerror=alert(1)>"
EVIL_OUTPUT = "</script><script>alert(1)</script>"
ROUTING_TEST = {f"{i:03d}": ["交通", "环保", "教育"][i % 3] for i in range(6, 15)}
QUIZ_TEST = [f"test-q{i}" for i in range(4)]
# the quiz's answer is always option A; rotated by r, it shows as this letter
QUIZ_LETTER = {"rot0": "A", "rot1": "C", "rot2": "B"}
QUIZ_WRONG = {"rot0": "B", "rot1": "A", "rot2": "C"}
# distinctive test references: none of them may leak into a report without --include-references
BRIEFS = {f"b{i}": f"机密参考摘要{i}号SECRET" for i in range(5)}


def brief_task() -> dict:
    return {
        "id": "brief",
        "name": "工单摘要",
        "dataset": {"path": "data/brief.jsonl"},
        "inputs": ["text"],
        "target": "gist",
        "prompt": {"template": "请概括：{{ text }}"},
        "extraction": ["strip_reasoning"],
        "scorers": ["token_f1"],
    }


def build_competition(root: Path) -> None:
    """Track demo (routing, circular quiz, brief) and track extra (quiz only); three submissions.

    strong (强队) answers everything right; weak (the hostile team name) answers wrong and once
    with a script tag; mid enters track demo only, so it is absent from extra.
    """
    demo = base_track()
    demo["tasks"][0]["extraction"] = ["strip_reasoning", {"label": {"labels": LABELS}}]
    demo["tasks"].append(brief_task())
    folder = write_competition(root, demo)
    write_jsonl(
        folder / "data" / "brief.jsonl",
        [{"id": k, "split": "test", "text": f"第{k}号工单内容", "gist": v} for k, v in BRIEFS.items()],
    )
    extra = base_track()
    extra.update(id="extra", name="附加赛道")
    extra["tasks"] = [extra["tasks"][1]]
    extra_folder = root / "tracks" / "extra"
    (extra_folder / "data").mkdir(parents=True)
    (extra_folder / "track.yaml").write_text((folder / "track.yaml").read_text("utf-8"), "utf-8")
    (extra_folder / "track.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), "utf-8")
    for name in ("quiz_dev.jsonl", "quiz_test.jsonl"):
        (extra_folder / "data" / name).write_text((folder / "data" / name).read_text("utf-8"), "utf-8")

    def files(routing: dict[str, str], quiz: dict[str, str], brief: dict[str, str], tracks=("demo", "extra")):
        out = {}
        for track in tracks:
            quiz_rows = [
                {"id": q, "variant": v, "prediction": quiz[v]} for q in QUIZ_TEST for v in QUIZ_LETTER
            ]
            out[f"predictions/{track}/quiz.jsonl"] = "".join(json.dumps(r) + "\n" for r in quiz_rows)
        out["predictions/demo/routing.jsonl"] = "".join(
            json.dumps({"id": k, "prediction": v}, ensure_ascii=False) + "\n" for k, v in routing.items()
        )
        out["predictions/demo/brief.jsonl"] = "".join(
            json.dumps({"id": k, "prediction": v}, ensure_ascii=False) + "\n" for k, v in brief.items()
        )
        return out

    wrong = {"交通": "环保", "环保": "教育", "教育": "交通"}
    write_submission(
        root,
        "strong",
        {"team": "强队", "name": "strong", "kind": "predictions"},
        files(ROUTING_TEST, QUIZ_LETTER, {k: "工单摘要" for k in BRIEFS}),
    )
    weak_routing = {k: wrong[v] for k, v in ROUTING_TEST.items()}
    weak_routing["006"] = EVIL_OUTPUT
    write_submission(
        root,
        "weak",
        {"team": EVIL_TEAM, "name": "weak", "kind": "predictions"},
        files(weak_routing, QUIZ_WRONG, {k: "无关内容" for k in BRIEFS}),
    )
    write_submission(
        root,
        "mid",
        {"team": "中队", "name": "mid", "kind": "predictions", "tracks": ["demo"]},
        files(ROUTING_TEST, dict.fromkeys(QUIZ_LETTER, "A"), {k: "摘要" for k in BRIEFS}, tracks=("demo",)),
    )


def cli(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def competition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run competition (responses and scores stored); tests write reports beside it."""
    root = tmp_path_factory.mktemp("report_competition")
    build_competition(root)
    cli(root, "run", "--no-report", "--quiet")
    return root


@pytest.fixture(scope="module")
def judges(competition: Path) -> Path:
    """The default (Chinese, references hidden) judges' report."""
    out = competition / "reports" / "judges"
    assert "index.html" in cli(competition, "report", "--out", str(out))
    return out


def texts(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text("utf-8") for p in sorted(folder.rglob("*")) if p.is_file()
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "srcset", "data", "poster") and value is not None:
                self.refs.append((tag, name, value))


def test_report_writes_pages_samples_and_exports(judges: Path) -> None:
    names = sorted(texts(judges))
    assert names == [
        ".horserace-report",
        "index.html",
        "leaderboard.csv",
        "leaderboard.md",
        "results.json",
        "submissions/mid/index.html",
        "submissions/mid/samples.jsonl",
        "submissions/strong/index.html",
        "submissions/strong/samples.jsonl",
        "submissions/weak/index.html",
        "submissions/weak/samples.jsonl",
        "tracks/demo.html",
        "tracks/extra.html",
    ]
    lines = (judges / "submissions" / "weak" / "samples.jsonl").read_text("utf-8").splitlines()
    samples = [json.loads(line) for line in lines]
    # every scored sample: 9 routing + 4 quiz + 5 brief on demo, 4 quiz on extra
    keys = [(s["track"], s["task"]) for s in samples]
    assert {k: keys.count(k) for k in set(keys)} == {
        ("demo", "routing"): 9,
        ("demo", "quiz"): 4,
        ("demo", "brief"): 5,
        ("extra", "quiz"): 4,
    }
    quiz = next(s for s in samples if s["task"] == "quiz")
    assert [v["variant"] for v in quiz["variants"]] == ["rot0", "rot1", "rot2"]
    assert quiz["scores"] == {"choice_accuracy": 0.0}
    evil = next(s for s in samples if s["sample_id"] == "006")
    assert evil["status"] == "unparsed" and evil["variants"][0]["text"] == EVIL_OUTPUT
    mid = (judges / "submissions" / "mid" / "samples.jsonl").read_text("utf-8").splitlines()
    assert len(mid) == 18  # mid entered demo only


def explorer_data(page: str) -> dict:
    """The JSON block a submission page's script renders the sample explorer from."""
    found = re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>', page, re.S)
    assert found, "no explorer data"
    return json.loads(found.group(1))


def test_pages_request_nothing_and_links_resolve(judges: Path) -> None:
    for name, text in texts(judges).items():
        if not name.endswith(".html"):
            continue
        assert "http://" not in text and "https://" not in text, name
        assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*//""", text, re.I), name
        parser = _Links()
        parser.feed(text)
        for tag in ("link", "img", "iframe", "object", "embed", "base"):
            assert tag not in parser.tags, (name, tag)
        scripts = re.findall(r"<script([^>]*)>", text)
        expected = (
            ["", ' type="application/json" id="explorer-data"'] if name.startswith("submissions/") else []
        )
        assert sorted(scripts) == sorted(expected), name
        assert "@import" not in text and "url(" not in text, name
        for tag, attr, value in parser.refs:
            assert tag == "a" and attr == "href", (name, tag, attr, value)
            if value.startswith("#"):
                continue
            target = (judges / name).parent / value.split("#")[0]
            assert target.resolve().is_file(), (name, value)
        assert "default-src 'none'" in text, name  # the CSP: nothing may be fetched


def test_team_controlled_strings_show_only_escaped(judges: Path) -> None:
    pages = {n: t for n, t in texts(judges).items() if n.endswith(".html")}
    for name, text in pages.items():
        assert EVIL_TEAM not in text and EVIL_OUTPUT not in text, name
        assert "onerror=alert" not in text.replace("&lt;img src=x onerror=alert", ""), name
    escaped_team = "&lt;img src=x onerror=alert(1)&gt;"
    assert escaped_team in pages["index.html"]
    assert escaped_team in pages["tracks/demo.html"]
    assert escaped_team in pages["submissions/weak/index.html"]
    # the explorer's data: JSON whose <, > and & are \u escapes, so it cannot end its element
    weak = pages["submissions/weak/index.html"]
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in weak
    texts_shown = [v["text"] for d in explorer_data(weak)["samples"] for v in d["variants"]]
    assert EVIL_OUTPUT in texts_shown
    # JSON files keep the exact text, with <, > and & written as \u escapes too
    for name in ("results.json", "submissions/weak/samples.jsonl"):
        raw = (judges / name).read_text("utf-8")
        assert "<" not in raw and ">" not in raw, name
    results = json.loads((judges / "results.json").read_text("utf-8"))
    assert EVIL_TEAM in {r["team"] for r in results["overall"]}


def test_references_appear_only_when_included(competition: Path, judges: Path) -> None:
    for name, text in texts(judges).items():
        for secret in BRIEFS.values():
            assert secret not in text, (name, secret)
    out = competition / "reports" / "with_refs"
    cli(competition, "report", "--out", str(out), "--include-references", "--lang", "en")
    found = {name for name, text in texts(out).items() if any(s in text for s in BRIEFS.values())}
    assert found == {
        f"submissions/{n}/{f}" for n in ("mid", "strong", "weak") for f in ("index.html", "samples.jsonl")
    }
    weak = [
        json.loads(line) for line in (out / "submissions" / "weak" / "samples.jsonl").open(encoding="utf-8")
    ]
    refs = {s["sample_id"]: s["references"] for s in weak if s["task"] == "brief"}
    assert refs == {k: {"": v} for k, v in BRIEFS.items()}
    quiz = next(s for s in weak if s["task"] == "quiz")
    assert quiz["references"] == QUIZ_LETTER  # one per rotation, as each variant showed it


def test_team_report_holds_only_that_teams_pages(competition: Path) -> None:
    out = competition / "reports" / "for_strong"
    cli(competition, "report", "--out", str(out), "--team", "强队")
    files = texts(out)
    assert sorted(n for n in files if n.startswith("submissions/")) == [
        "submissions/strong/index.html",
        "submissions/strong/samples.jsonl",
    ]
    joined = "\n".join(files.values())
    assert "submissions/weak" not in joined and "submissions/mid" not in joined
    assert "&lt;/script&gt;" not in joined and "无关内容" not in joined  # nothing of weak's answers
    # the leaderboards still rank everyone
    assert 'data-submission="weak"' in files["index.html"] and 'data-submission="mid"' in files["index.html"]


def test_unknown_team_and_foreign_out_folder_are_one_line_errors(competition: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(competition), "report", "--team", "强 队", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2 and "no ranked submission of this team" in result.output
    assert "强队" in result.output  # did you mean
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["--root", str(competition), "report", "--out", str(foreign)])
    assert result.exit_code == 2 and "not a horserace report" in result.output
    assert (foreign / "mine.txt").read_text() == "keep me"


def test_exports_agree_with_leaderboard_command(competition: Path, judges: Path) -> None:
    board = json.loads(cli(competition, "leaderboard", "--format", "json"))
    results = json.loads((judges / "results.json").read_text("utf-8"))
    assert results["schema"] == board["schema"]
    assert results["tracks"] == board["tracks"]
    assert results["overall"] == board["overall"]
    demo = next(t for t in board["tracks"] if t["track"] == "demo")
    order = [r["submission"] for r in demo["aggregate"]["rows"]]
    assert order == ["strong", "mid", "weak"]
    rows = list(csv.DictReader(io.StringIO((judges / "leaderboard.csv").read_text("utf-8"))))
    aggregate = [r for r in rows if r["track"] == "demo" and r["task"] == ""]
    assert [r["submission"] for r in aggregate] == order
    assert [float(r["score"]) for r in aggregate] == [r["score"] for r in demo["aggregate"]["rows"]]
    md = (judges / "leaderboard.md").read_text("utf-8")
    section = md.split("— aggregate")[1].split("###")[0]
    assert [section.index(f"| {n} |") for n in order] == sorted(section.index(f"| {n} |") for n in order)
    # the index lists the same order and marks mid absent from extra
    index = (judges / "index.html").read_text("utf-8")
    demo_html = index.split('id="track-demo"')[1].split("</section>")[0]
    assert re.findall(r'<tr class="row[^"]*" data-submission="([^"]+)"', demo_html) == order
    mid_row = index.split('<tr data-submission="mid"')[1].split("</tr>")[0]
    assert 'class="absent">未参赛<' in mid_row


def test_labels_follow_lang_and_chinese_names_render(competition: Path, judges: Path) -> None:
    zh = (judges / "index.html").read_text("utf-8")
    assert '<html lang="zh-CN">' in zh and "排行榜" in zh and "演示赛道" in zh and "强队" in zh
    out = competition / "reports" / "english"
    cli(competition, "report", "--out", str(out), "--lang", "en", "--track", "demo", "--worst", "2")
    en = (out / "index.html").read_text("utf-8")
    assert '<html lang="en">' in en and "Leaderboards" in en and "排行榜" not in en and "演示赛道" in en
    assert not (out / "tracks" / "extra.html").exists()
    page = (out / "submissions" / "weak" / "index.html").read_text("utf-8")
    data = explorer_data(page)
    shown = [(d["task"], d["sample_id"]) for d in data["samples"]]
    assert len(shown) == 2 * 3  # the worst 2 of each of demo's 3 tasks
    # weak is wrong everywhere: the unparsed script answer (006) first, then by sample id
    assert shown[:2] == [("routing", "006"), ("routing", "007")]
    assert [t["key"] for t in data["tasks"]] == ["demo/routing", "demo/quiz", "demo/brief"]
    assert [(t["shown"], t["total"]) for t in data["tasks"]] == [(2, 9), (2, 4), (2, 5)]
    assert "工单摘要" in page and "Sample explorer" in page


def test_run_writes_the_latest_report(competition: Path) -> None:
    output = cli(competition, "run", "--quiet", "--submission", "strong")
    latest = competition / "reports" / "latest"
    assert f"report: {latest / 'index.html'}" in output
    assert sorted(p.name for p in (latest / "submissions").iterdir()) == ["strong"]
    assert 'data-submission="weak"' in (latest / "index.html").read_text("utf-8")


def test_sample_documents_are_what_scoring_read(competition: Path) -> None:
    """Scoring stores each task's documents: they agree with the stored responses, extractions and scores."""
    from harness.store import Store

    store = Store.open(None, competition)
    for sub, track in (("weak", "demo"), ("strong", "extra"), ("mid", "demo")):
        scores = {
            (r["task"], r["sample_id"], r["metric"]): r
            for r in store.score_rows(track)
            if r["submission"] == sub
        }
        extractions = {
            (r["task"], r["sample_id"], r["variant"]): r for r in store.extraction_rows(sub, track)
        }
        responses = store.responses_by_key([r["response_key"] for r in extractions.values()])
        groups = store.task_samples(sub, track)
        assert [g.task for g in groups] == sorted({t for t, _, _ in extractions})
        for group in groups:
            assert group.sample_ids == sorted({s for t, s, _ in extractions if t == group.task})
            assert all("\n" not in d for d in group.documents)
            answered, tokens = 0, 0
            for sid, doc in zip(group.sample_ids, map(json.loads, group.documents), strict=True):
                mine = {m: r for (t, s, m), r in scores.items() if (t, s) == (group.task, sid)}
                assert doc["scores"] == {m: r["value"] for m, r in mine.items()}
                assert {doc["status"]} == {r["status"] for r in mine.values()}
                for variant in doc["variants"]:
                    e = extractions[(group.task, sid, variant["variant"])]
                    r = responses[e["response_key"]]
                    assert variant["trace"] == json.loads(e["trace"])
                    assert (variant["answer"], variant["unparsed"]) == (e["answer"], e["unparsed"])
                    assert (variant["text"], variant["response_status"]) == (r["text"], r["status"])
                    answered += 1
                    tokens += r["prompt_tokens"] or 0
            assert (group.responses, group.prompt_tokens or 0) == (answered, tokens)
    assert sum(len(g.documents) for g in store.task_samples("weak", "demo")) == 18
    assert store.task_samples("mid", "extra") == []


def test_documents_show_shared_and_never_answered_requests(tmp_path: Path) -> None:
    """Two samples with one identical request share its answer; a sample never requested (a run cut
    short by --limit) is scored as an error and its document says `no_response`."""
    from harness.store import Store

    track = base_track()
    track["tasks"] = [track["tasks"][1]]  # the circular quiz
    folder = write_competition(tmp_path, track)
    quiz = [{**row, "id": f"test-q{i}"} for i, row in enumerate(quiz_rows(4))]
    quiz[1] = {**quiz[0], "id": "test-q1"}  # the same question as q0: one request per rotation
    write_jsonl(folder / "data" / "quiz_test.jsonl", quiz)
    rows = [{"id": q["id"], "variant": v, "prediction": "A"} for q in quiz for v in QUIZ_LETTER]
    write_submission(
        tmp_path,
        "sub",
        {"team": "队", "name": "sub", "kind": "predictions"},
        {"predictions/demo/quiz.jsonl": "".join(json.dumps(r) + "\n" for r in rows)},
    )
    cli(tmp_path, "run", "--no-report", "--quiet", "--limit", "3")
    [group] = Store.open(None, tmp_path).task_samples("sub", "demo")
    docs = dict(zip(group.sample_ids, map(json.loads, group.documents), strict=True))
    assert list(docs) == ["test-q0", "test-q1", "test-q2", "test-q3"]
    assert docs["test-q0"]["variants"] == docs["test-q1"]["variants"]
    assert docs["test-q0"]["status"] == "ok"
    never = docs["test-q3"]
    assert never["status"] == "error" and never["scores"] == {"choice_accuracy": None}
    assert {(v["response_status"], v["error_kind"]) for v in never["variants"]} == {("error", "no_response")}
    assert (group.responses, group.error_kinds) == (9, "no_response no_response no_response")


def test_a_store_scored_before_schema_v2_migrates_and_asks_for_a_rescore(tmp_path: Path) -> None:
    """A v1 store (no packed scores, no sample documents) migrates: the leaderboard is the same from
    its score rows; the report is refused in one line until `horserace score` makes the documents."""
    import sqlite3

    build_competition(tmp_path)
    cli(tmp_path, "run", "--no-report", "--quiet")
    board = cli(tmp_path, "leaderboard", "--format", "json")
    db = tmp_path / ".horserace" / "horserace.db"
    with sqlite3.connect(db) as conn:  # what horserace wrote before schema v2
        conn.execute("drop table sample_documents")
        conn.execute("drop table score_arrays")
        conn.execute("update meta set value = '1' where key = 'schema_version'")
    assert cli(tmp_path, "leaderboard", "--format", "json") == board
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "report"])
    assert result.exit_code == 2
    assert "no sample documents" in result.output and "horserace score" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select value from meta where key = 'schema_version'").fetchone() == ("2",)
        assert conn.execute("select count(*) from scores").fetchone()[0] > 0  # nothing was lost
    cli(tmp_path, "score")
    assert "index.html" in cli(tmp_path, "report", "--out", str(tmp_path / "r"))


def test_worst_samples_put_errors_then_the_lowest_first(competition: Path) -> None:
    from harness.store import Store

    store = Store.open(None, competition)
    worst = store.worst_samples("demo", {"brief": ("token_f1", True), "routing": ("exact_match", True)}, 3)[
        "mid"
    ]
    assert [t for t, _ in worst] == ["brief"] * 3 + ["routing"] * 3
    values = {
        (r["task"], r["sample_id"]): r["value"]
        for r in store.score_rows("demo")
        if r["submission"] == "mid" and r["metric"] in ("token_f1", "exact_match")
    }
    brief = sorted(v for (t, _), v in values.items() if t == "brief")
    assert [values[k] for k in worst[:3]] == brief[:3]
    best = store.worst_samples("demo", {"brief": ("token_f1", False)}, 2)["mid"]  # lower is better
    assert [values[k] for k in best] == sorted(brief, reverse=True)[:2]


def test_forked_workers_write_the_same_pages(competition: Path, tmp_path: Path) -> None:
    from harness.loading import load_tracks
    from harness.reports.html import ReportOptions, write_report
    from harness.store import Store

    store = Store.open(None, competition)
    tracks = load_tracks(competition)
    serial = write_report(store, tracks, ReportOptions(out=tmp_path / "serial", workers=1))
    forked = write_report(store, tracks, ReportOptions(out=tmp_path / "forked", workers=2))
    assert serial.samples == forked.samples == 18 + 22 + 22  # mid, strong, weak
    for path in sorted((tmp_path / "serial" / "submissions").rglob("*.*")):
        twin = tmp_path / "forked" / path.relative_to(tmp_path / "serial")
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_provenance_flags_track_data_changed_since_the_run(tmp_path: Path) -> None:
    build_competition(tmp_path)
    cli(tmp_path, "run", "--no-report", "--quiet")
    brief = tmp_path / "tracks" / "demo" / "data" / "brief.jsonl"
    brief.write_text(brief.read_text("utf-8").replace("工单内容", "工单内容（修订）"), "utf-8")
    cli(tmp_path, "report", "--out", "reports/after_edit")
    out = tmp_path / "reports" / "after_edit"
    tracks = {
        t["track"]: t for t in json.loads((out / "results.json").read_text("utf-8"))["provenance"]["tracks"]
    }
    assert (tracks["demo"]["matches"], tracks["extra"]["matches"]) == (False, True)
    assert tracks["demo"]["run"] == 1 and set(tracks["demo"]["data"]) == {"routing", "quiz", "brief"}
    assert "运行后已改动" in (out / "index.html").read_text("utf-8")
