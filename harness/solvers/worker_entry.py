"""Runs team code in a python-solver worker. Standard library only: it is copied into the sandbox.

A worker lives for the whole run and serves every task of its submission: it imports the
entry (and the setup function) once, then is set up again whenever it moves to another task.
Protocol, one JSON object per line. The harness writes to our stdin, we answer on a private
copy of the original stdout:
  harness: {"source", "entry", "setup", "site_dirs"}  ->  us: {"ok": true} or {"ok": false, "error"}
  harness: {"setup": {"track", "task", "dev"}}  ->  us: {"ok": true} or {"ok": false, "error"}
  harness: {"request": {...}}  ->  us: {"ok": true, "text", "reasoning"} or {"ok": false, "kind", "error"}
The first message loads the code; if that fails we answer and exit. A setup message calls the
team's setup with that task's dev examples (only sent when there is a setup function); a
failed setup is that task's problem, so we go on serving. The worker exits when its stdin closes.
"""

from __future__ import annotations

import importlib
import json
import os
import site
import sys
import traceback
from typing import Any, BinaryIO


def main() -> int:
    channel_in, channel_out = _claim_protocol_fds()
    os.environ.pop("PWD", None)  # bwrap --chdir sets it: the environment stays exactly the harness's
    config = _read(channel_in)
    if config is None:
        return 0
    source = config["source"]
    sys.path.insert(0, source)
    for site_dir in config["site_dirs"]:
        site.addsitedir(site_dir)
    solve, setup, problem = _start(config, source)
    _write(channel_out, {"ok": solve is not None, "error": problem})
    if solve is None:
        return 1
    while (message := _read(channel_in)) is not None:
        if "setup" in message:
            answer = _set_up(setup, message["setup"], source)
        else:
            answer = _answer(solve, message["request"], source)
        _write(channel_out, answer)
    return 0


def _claim_protocol_fds() -> tuple[BinaryIO, BinaryIO]:
    """Keep private copies of stdin/stdout for the protocol; give team code /dev/null and stderr.

    Done before team code is imported, so neither print(), input(), a C library writing to
    fd 1 nor a child process inheriting fds 0/1 can touch the protocol (os.dup's copies are
    not inheritable).
    """
    channel_in = os.fdopen(os.dup(0), "rb")
    channel_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdout.reconfigure(line_buffering=True)  # team prints reach the harness's stderr tail promptly
    return channel_in, channel_out


def _start(config: dict[str, Any], source: str) -> tuple[Any, Any, str | None]:
    """Import the entry and the setup function once; return (solve, setup, None) or why not."""
    loaded = {}
    for field in ("entry", "setup"):
        ref = config[field]
        try:
            loaded[field] = _load(ref) if ref else None
        except BaseException as exc:
            return None, None, f"could not load {field} '{ref}': {_describe(exc, source)}"
    return loaded["entry"], loaded["setup"], None


def _set_up(setup: Any, message: dict[str, Any], source: str) -> dict[str, Any]:
    """Call the team's setup with one task's dev examples."""
    if setup is None:
        return {"ok": False, "error": "setup failed: this submission has no setup function"}
    try:
        setup(message["dev"])
    except BaseException as exc:  # a sys.exit() in setup is that task's failure, not the worker's end
        return {"ok": False, "error": f"setup failed: {_describe(exc, source)}"}
    return {"ok": True}


def _load(ref: str) -> Any:
    module_name, _, attribute = ref.partition(":")
    function = getattr(importlib.import_module(module_name), attribute)
    if not callable(function):
        raise TypeError(f"{ref} is {type(function).__name__}, not a function")
    return function


def _answer(solve: Any, request: dict[str, Any], source: str) -> dict[str, Any]:
    # BaseException too: a sys.exit() in team code is that sample's error, not the worker's end
    try:
        result = solve(request)
    except BaseException as exc:
        return {"ok": False, "kind": "worker_error", "error": _describe(exc, source)}
    return _package(result)


def _package(result: Any) -> dict[str, Any]:
    """The answer for a str or a {"text", "reasoning"} dict; anything else is a bad response."""
    if isinstance(result, str):
        text, reasoning = result, None
    elif isinstance(result, dict):
        text, reasoning = result.get("text"), result.get("reasoning")
    else:
        return _bad(f"solve returned {type(result).__name__}; expected str or dict with a str 'text'")
    if not isinstance(text, str):
        return _bad(f"solve returned a dict whose 'text' is {type(text).__name__}; expected str")
    if reasoning is not None and not isinstance(reasoning, str):
        return _bad(f"solve returned a dict whose 'reasoning' is {type(reasoning).__name__}; expected str")
    try:
        (text + (reasoning or "")).encode("utf-8")
    except UnicodeEncodeError:
        return _bad("solve returned text that is not valid Unicode (a lone surrogate)")
    return {"ok": True, "text": str(text), "reasoning": None if reasoning is None else str(reasoning)}


def _bad(problem: str) -> dict[str, Any]:
    return {"ok": False, "kind": "bad_response", "error": problem}


def _describe(exc: BaseException, source: str) -> str:
    """`Type: message (at file.py:12 in func)`, naming the last frame that is not this script."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    if frames:
        last = frames[-1]
        text += f" (at {_short_path(last.filename, source)}:{last.lineno} in {last.name})"
    return text


def _short_path(filename: str, source: str) -> str:
    """Relative inside the submission folder, else the bare file name (no paths of ours)."""
    root = source.rstrip("/") + "/"
    return filename[len(root) :] if filename.startswith(root) else os.path.basename(filename)


def _read(channel: BinaryIO) -> dict[str, Any] | None:
    line = channel.readline()
    return json.loads(line) if line else None


def _write(channel: BinaryIO, message: dict[str, Any]) -> None:
    channel.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    channel.flush()


if __name__ == "__main__":
    sys.exit(main())
