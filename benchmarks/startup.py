"""Start-up time of the `horserace` command: `--help` and `track list`, in a folder with the bundled tracks.

    python benchmarks/startup.py [--repeat 5] [--root PATH] [--baseline OLD_CHECKOUT]

Each command runs as a fresh process: the console script installed next to this Python, and also
the `horserace` that PATH finds when that is another file (e.g. a pyenv shim, whose own start-up
is then part of what a user waits for). The median wall time of `--repeat` runs is shown, with a
bare `python -c pass` for the interpreter's own floor. Use `python -X importtime -m harness.cli --help`
to see where the time goes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "horserace --help": ["--help"],
    "horserace track list": ["track", "list"],
}


def horserace_command() -> list[str]:
    """The installed console script of this interpreter (else `python -m harness.cli`)."""
    script = Path(sys.executable).with_name("horserace")
    return [str(script)] if script.exists() else [sys.executable, "-m", "harness.cli"]


def child_env(source: Path | None = None) -> dict[str, str]:
    """The environment of a measured command: ours, as an ordinary Python install has it.

    Python caches the bytecode of what it imports after the first start (`__pycache__`);
    PYTHONDONTWRITEBYTECODE turns that off and makes every start compile the harness from
    source again (60-90 ms here). This project's machines set it, users' machines do not, so
    the measured children run without it (see `compile_sources` for the first start).
    `source`: import the harness from that source tree instead of the installed one.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    return env


def compile_sources(*trees: Path | None) -> None:
    """Write the bytecode caches of harness/ and scorers/ that a first, untimed start would write."""
    for tree in filter(None, trees):
        folders = [str(tree / name) for name in ("harness", "scorers")]
        subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True, env=child_env())


def time_command(argv: list[str], cwd: Path, source: Path | None = None) -> float:
    """Wall seconds of one run; `source`: import the harness from that source tree instead."""
    env = child_env(source)
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def launchers() -> dict[str, list[str]]:
    """The console script itself and, when PATH finds another `horserace` (a pyenv shim), that one."""
    out = {"": horserace_command()}
    on_path = shutil.which("horserace")
    if on_path and Path(on_path).resolve() != Path(out[""][0]).resolve():
        out[f" (via {on_path})"] = [on_path]
    return out


def measure(root: Path, repeat: int, baseline: Path | None = None) -> list[tuple[str, float, float, float]]:
    """(command, median s, min s, max s) per command (and per source tree, interleaved).

    One untimed round first warms the page cache.
    """
    runs: dict[str, tuple[list[str], Path | None]] = {"python -c pass": (COMMANDS["python -c pass"], None)}
    for suffix, launcher in launchers().items():
        for label, args in COMMANDS.items():
            if label.startswith("horserace"):
                runs[label + suffix] = (launcher + args, None)
                if baseline is not None and not suffix:  # as a module: its script entry may differ
                    module = [sys.executable, "-m", "harness.cli"]
                    runs[f"{label} ({baseline.name}, python -m)"] = (module + args, baseline)
    times: dict[str, list[float]] = {label: [] for label in runs}
    for round_ in range(repeat + 1):
        for label, (argv, source) in runs.items():
            elapsed = time_command(argv, root, source)
            if round_:
                times[label].append(elapsed)
    out = []
    for label, values in times.items():
        values.sort()
        out.append((label, statistics.median(values), values[0], values[-1]))
    return out


def table(rows: list[tuple[str, float, float, float]]) -> str:
    lines = ["| command | median s | min–max s |", "|---|---:|---:|"]
    lines += [f"| `{label}` | {med:.3f} | {lo:.3f}–{hi:.3f} |" for label, med, lo, hi in rows]
    return "\n".join(lines)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Start-up time of the horserace command.")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command; the median is shown")
    parser.add_argument("--root", type=Path, default=REPO, help="a folder with tracks/ (default: the repo)")
    parser.add_argument("--baseline", type=Path, help="also time the harness from this source tree")
    return parser.parse_args()


if __name__ == "__main__":
    args = _parse_args()
    print(table(measure(args.root, args.repeat, args.baseline.resolve() if args.baseline else None)))
