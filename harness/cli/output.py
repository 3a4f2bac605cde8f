"""Printing helpers shared by commands: rich tables on a terminal, JSON for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    # a pipe or CI log has no width: do not squeeze columns into 80 characters
    width = None if sys.stdout.isatty() else 200
    Console(file=sys.stdout, width=width).print(table)


def emit(fmt: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """One printer for both formats: a table, or a JSON list of objects keyed by column."""
    if fmt == "json":
        emit_json([dict(zip(columns, row, strict=True)) for row in rows])
    else:
        emit_table(title, columns, rows)
