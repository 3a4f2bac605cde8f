"""The bubblewrap sandbox of python-solver workers: what it shows team code, and whether it works here.

Inside, team code sees the system's programs and libraries, the Python installation it runs
on, its own submission folder read-only at /submission, and a private tmpfs at /tmp. Nothing
else: no network (a fresh network namespace), no competition root, no store, no track files.
"""

from __future__ import annotations

import functools
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SUBMISSION_DIR = "/submission"
PRIVATE_DIR = "/tmp"  # a tmpfs: HOME, the copied entry script and the working dir live here
ENTRY_PATH = "/tmp/worker_entry.py"
WORK_DIR = "/tmp/work"

# Merged-/usr systems have these as symlinks into /usr; older ones as real dirs.
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# The dynamic loader's cache and config (numpy/scipy/scikit-learn load shared libraries),
# and the local time zone. Nothing else of /etc: no passwd, hosts, resolv.conf or ssl.
_ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime")
# Tried first; dropped when this bwrap is too old (< 0.8) to know them.
_HARDENING = ("--unshare-user", "--disable-userns")
_PROBE_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class SandboxStatus:
    """Whether workers can run under bwrap here; `reason` says why not."""

    usable: bool
    reason: str = ""
    bwrap: str | None = None
    hardening: tuple[str, ...] = ()


@functools.cache
def sandbox_status() -> SandboxStatus:
    """Probe bwrap once per process by running a trivial Python inside the real sandbox layout."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return SandboxStatus(False, "bwrap (Debian package bubblewrap) is not installed")
    problem = ""
    for hardening in (_HARDENING, ()):
        problem = _probe(bwrap, hardening)
        if not problem:
            return SandboxStatus(True, "", bwrap, hardening)
    return SandboxStatus(False, f"bwrap cannot start a sandbox here: {problem}", bwrap)


def bwrap_command(status: SandboxStatus, source: Path, entry_fd: int, argv: Sequence[str]) -> list[str]:
    """The bwrap command running `argv` in the sandbox; `entry_fd` is copied to ENTRY_PATH.

    The caller must pass `entry_fd` to the child (pass_fds) and close it after the spawn.
    """
    assert status.bwrap is not None, "bwrap_command needs a usable SandboxStatus"
    return [
        status.bwrap,
        *("--unshare-all", *status.hardening, "--die-with-parent", "--new-session", "--cap-drop", "ALL"),
        # the tmpfs first, so a Python installed under /tmp is bound on top of it, not hidden
        *("--tmpfs", PRIVATE_DIR),
        *_system_args(),
        *_python_args(),
        *("--proc", "/proc", "--dev", "/dev"),
        *("--ro-bind", str(source), SUBMISSION_DIR),
        *("--ro-bind-data", str(entry_fd), ENTRY_PATH),
        *("--dir", WORK_DIR, "--chdir", WORK_DIR),
        "--",
        *argv,
    ]


def interpreter_argv(entry_path: str) -> list[str]:
    """How a worker starts Python: isolated like `-I`, except that PYTHON* variables still count.

    -s drops the user site, -P keeps the script's folder off sys.path; the environment is
    built from scratch by the solver, so honouring it (PYTHONHASHSEED=0) is safe.
    """
    return [sys.executable, "-s", "-P", entry_path]


def extra_site_dirs() -> list[str]:
    """Site dirs the harness uses but `python -s` would skip (the user site): the worker adds them."""
    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user_site and user_site in sys.path and os.path.isdir(user_site):
        return [user_site]
    return []


@functools.cache
def python_dirs() -> tuple[str, ...]:
    """The Python installation's dirs to bind read-only: prefixes and every site dir in use.

    Never sys.path as a whole: an editable install of the harness puts the repository on it
    (through a .pth file or a finder), and the repository may hold hidden references.
    """
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.update(sysconfig.get_path(name) for name in ("stdlib", "platstdlib", "purelib", "platlib"))
    paths.update(site.getsitepackages())
    paths.update(extra_site_dirs())
    paths.add(os.path.dirname(os.path.realpath(sys.executable)))  # a venv's python links out of it
    libdir = sysconfig.get_config_var("LIBDIR")  # libpython, for shared builds
    if libdir:
        paths.add(libdir)
    paths.update([os.path.realpath(p) for p in paths])
    return _outermost(sorted(p for p in paths if p and os.path.isdir(p)))


def _outermost(paths: list[str]) -> tuple[str, ...]:
    """Drop dirs inside another kept dir or inside /usr (already bound), keeping the order."""
    kept: list[str] = []
    for path in paths:
        covered = [*kept, "/usr"]
        if not any(path == top or path.startswith(top.rstrip("/") + "/") for top in covered):
            kept.append(path)
    return tuple(kept)


def _system_args() -> list[str]:
    args: list[str] = []
    for path in _SYSTEM_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in _ETC_FILES:
        args += ["--ro-bind-try", path, path]
    return args


def _python_args() -> list[str]:
    args: list[str] = []
    for path in python_dirs():
        args += ["--ro-bind", path, path]
    return args


def _probe(bwrap: str, hardening: tuple[str, ...]) -> str:
    """Run `python -c pass` in the sandbox; return "" on success, else bwrap's complaint."""
    status = SandboxStatus(True, "", bwrap, hardening)
    with tempfile.TemporaryDirectory(prefix="horserace-probe-") as source:
        entry_fd = os.open(os.devnull, os.O_RDONLY)
        try:
            command = bwrap_command(
                status, Path(source), entry_fd, [sys.executable, "-s", "-P", "-c", "pass"]
            )
            done = subprocess.run(
                command,
                pass_fds=(entry_fd,),
                capture_output=True,
                timeout=_PROBE_TIMEOUT_S,
                env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return f"{type(exc).__name__}: {exc}"
        finally:
            os.close(entry_fd)
    if done.returncode == 0:
        return ""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {done.returncode}"
