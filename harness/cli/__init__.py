"""The `horserace` command: thin click commands that parse options, call one stage, and print.

Subcommands are imported lazily so that `horserace --help` starts fast.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from harness import DEFAULT_STORE, __version__, collector
from harness.errors import UserError

if TYPE_CHECKING:
    from harness.store import Store

# Commands that resume the garbage collector themselves, once their long-lived objects exist
# (`run`: after planning); every other command resumes it as soon as its module is imported.
_RESUME_COLLECTOR_LATER = {"run"}

# command name -> "module:attribute" under harness.cli
_COMMANDS = {
    "track": "tracks:track",
    "submission": "submissions:submission",
    "prompts": "prompts:prompts",
    "run": "run:run",
    "score": "score:score",
    "leaderboard": "leaderboard:leaderboard",
    "report": "report:report",
}

# What `horserace --help` lists for each command: its docstring's first paragraph. Kept here so
# that listing the commands imports none of them (most pull in pydantic and the specs: `--help`
# took 0.35-0.5 s, now 0.1 s). Keep in step with the commands' docstrings.
_SUMMARIES = {
    "track": "List, show, validate and scaffold tracks.",
    "submission": "List and validate submissions.",
    "prompts": "Export rendered prompts.",
    "run": "Run every submission on every task; responses are stored as they arrive and resumed by default.",
    "score": "Extract answers and score stored responses; re-scoring never re-calls a solver.",
    "leaderboard": "Rank submissions per track, with confidence intervals and rank ranges.",
    "report": "Write the judges' report: leaderboards, track and submission pages, samples, md/csv/json.",
}


@dataclass
class Context:
    root: Path
    store_url: str | None
    debug: bool
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        """The store, opened on first use (SQLite under the root unless --store says otherwise)."""
        if self._store is None:
            import sqlalchemy.exc

            from harness.loading import shown
            from harness.store import Store

            try:
                self._store = Store.open(self.store_url, self.root)
            except (OSError, sqlalchemy.exc.DBAPIError) as exc:  # e.g. a read-only folder, not a database
                where = f"--store {self.store_url}" if self.store_url else shown(self.root / DEFAULT_STORE)
                raise UserError(where, f"cannot open the store: {_reason(exc)}") from None
        return self._store

    def new_store_file(self) -> bool:
        """Whether the store is a SQLite file that does not exist yet and can be created.

        Then nothing stored can be looked up, and `horserace run` opens it while its first
        requests are in flight; so its folder is made and checked writable now, before any
        request. An existing store (it may refuse to open: newer schema, not a database) and any
        other URL are opened before anything is sent.
        """
        from harness.loading import shown  # imported by `run` already

        path = self._sqlite_file()
        if path is None or os.path.lexists(path):
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=path.parent):  # creating files there is what SQLite will do
                pass
        except OSError as exc:
            where = f"--store {self.store_url}" if self.store_url else shown(path)
            raise UserError(where, f"cannot create the store: {_reason(exc)}") from None
        return True

    def _sqlite_file(self) -> Path | None:
        """The file of the default store or of a plain `sqlite:///path` URL; None for any other URL
        (another database, or one whose options or escapes only SQLAlchemy should interpret)."""
        if self.store_url is None:
            return self.root / DEFAULT_STORE
        prefix = "sqlite:///"
        path = self.store_url.removeprefix(prefix)
        if not self.store_url.startswith(prefix) or path in ("", ":memory:") or any(c in path for c in "?%"):
            return None
        return Path(path)


def _reason(exc: BaseException) -> str:
    """What went wrong, without the SQL and background link that SQLAlchemy adds to a driver's error."""
    original = getattr(exc, "orig", None)
    if isinstance(original, BaseException):
        exc = original
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return str(exc)


def _os_error_line(exc: OSError) -> str:
    """An OSError that no check turned into a UserError (a file the system refuses to read or
    write: permissions, a full disk, a path too long): still one line, naming the file."""
    name = str(exc.filename or "")
    with contextlib.suppress(ValueError):  # as the user would write it, when in the working directory
        name = str(Path(name).relative_to(Path.cwd()))
    if len(name) > 160:
        name = f"{name[:70]}...{name[-70:]}"
    return f"{name}: {exc.strerror}" if name and exc.strerror else str(exc)


pass_context = click.make_pass_decorator(Context)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, as click would print it, from `_SUMMARIES` instead of imports."""
        limit = formatter.width - 6 - max(len(name) for name in _COMMANDS)
        rows = [
            (name, click.utils.make_default_short_help(_SUMMARIES[name], limit))
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _COMMANDS:
            return None
        module, attr = _COMMANDS[name].split(":")
        command = getattr(importlib.import_module(f"harness.cli.{module}"), attr)
        if name not in _RESUME_COLLECTOR_LATER:
            collector.resume()
        return command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (UserError, OSError) as exc:
            if ctx.find_object(Context) and ctx.find_object(Context).debug:
                raise
            line = exc.line() if isinstance(exc, UserError) else _os_error_line(exc)
            click.echo(f"error: {line}", err=True)
            ctx.exit(2)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="horserace")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Competition root (default: the working directory).",
)
@click.option(
    "--store", "store_url", default=None, help="Store URL (default: sqlite under <root>/.horserace)."
)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, root: Path | None, store_url: str | None, debug: bool) -> None:
    """horserace: run, score and rank large-model competitions."""
    root = (root or Path.cwd()).resolve()
    if not root.is_dir():
        raise UserError(f"--root {root}", "no such folder")
    ctx.obj = Context(root, store_url or os.environ.get("HORSERACE_STORE"), debug)


def format_option(choices: tuple[str, ...] = ("table", "json")):
    """The one output switch across the CLI."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def entry() -> None:
    """The `horserace` console script: `main`, with garbage collection paused while it starts."""
    collector.pause()
    quiet_idle_blas()
    main(prog_name="horserace")


def quiet_idle_blas() -> None:
    """Let OpenBLAS's idle threads sleep after ~2^4 cycles instead of spinning for ~2^28.

    The leaderboard's forked workers each multiply a few small matrices per task; in between,
    every worker's BLAS threads spun on the 2 cores the workers needed: build_boards on the
    report benchmark took 8.4-10.3 CPU s with spinning, 6.2-8.4 without (same boards, byte for
    byte: the threads compute the same way, they only wait differently). Read when numpy loads,
    so it is set before anything imports it; a value the user set is kept.
    """
    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
