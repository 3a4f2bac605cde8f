"""The console script pauses garbage collection while a command starts, and the command resumes it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.competition import write_submission

# Runs the console script's `entry` with `collector` instrumented: how many collections had
# happened when it paused and when it resumed, who resumed it, and the collector's state at exit.
PROBE = """
import atexit, gc, json, sys, traceback
from harness import collector
seen = {}
pause, resume = collector.pause, collector.resume
def probe_pause():
    pause()
    seen["paused_at"] = sum(s["collections"] for s in gc.get_stats())
def probe_resume():
    if collector._state["paused"]:
        seen["resumed_at"] = sum(s["collections"] for s in gc.get_stats())
        seen["resumed_by"] = traceback.extract_stack()[-2].filename.replace("\\\\", "/")
    resume()
collector.pause, collector.resume = probe_pause, probe_resume
atexit.register(lambda: print("PROBE " + json.dumps({**seen, "enabled": gc.isenabled()}), file=sys.stderr))
from harness.cli import entry
entry()
"""


def _probe(root: Path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stderr.splitlines() if x.startswith("PROBE "))
    return json.loads(line.removeprefix("PROBE "))


def test_a_command_starts_without_collecting_and_collects_once_its_module_is_imported(
    competition: Path,
) -> None:
    seen = _probe(competition, "track", "list")
    assert seen["resumed_at"] == seen["paused_at"]  # not one collection while starting
    assert seen["resumed_by"].endswith("harness/cli/__init__.py")
    assert seen["enabled"]


def test_a_run_collects_again_from_the_moment_its_requests_are_planned(competition: Path) -> None:
    rows = [{"id": f"{i:03d}", "prediction": "交通"} for i in range(6, 15)]
    files = {"predictions/demo/routing.jsonl": "".join(json.dumps(r) + "\n" for r in rows)}
    write_submission(competition, "offline", {"team": "T", "name": "offline", "kind": "predictions"}, files)
    seen = _probe(competition, "run", "--no-report", "--quiet")
    assert seen["resumed_at"] == seen["paused_at"]  # imports, loading and planning: none
    assert seen["resumed_by"].endswith("harness/runner.py")
    assert seen["enabled"]


def test_paused_blocks_collection_inside_and_leaves_the_collector_as_it_found_it() -> None:
    import gc

    from harness import collector

    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # a program that turned collection off keeps it off
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
