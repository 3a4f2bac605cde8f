"""The `predictions` kind: answers read from a file per task, checked for missing and unknown ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.errors import UserError
from harness.loading import read_rows, shown
from harness.solvers.base import Request, Response


class PredictionsSolver:
    """Looks each request up by (sample id, variant); a missing one is a `missing_prediction` error."""

    def __init__(self, file_for: Callable[[str, str], Path], id_field: str, prediction_field: str):
        self.file_for, self.id_field, self.prediction_field = file_for, id_field, prediction_field
        self._tables: dict[tuple[str, str], dict[tuple[str, str], str]] = {}
        self._asked: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self.notes: list[str] = []

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        for (track, task), table in self._tables.items():
            unknown = set(table) - self._asked.get((track, task), set())
            if unknown:
                example = sorted(unknown)[0][0]
                self.notes.append(
                    f"{shown(self.file_for(track, task))}: {len(unknown)} prediction(s) for ids not asked "
                    f"(e.g. '{example}')"
                )

    def _table(self, track: str, task: str) -> dict[tuple[str, str], str]:
        if (track, task) not in self._tables:
            path = self.file_for(track, task)
            table: dict[tuple[str, str], str] = {}
            if path.is_file():
                for line, row in read_rows(path):
                    where = f"{shown(path)}:{line}"
                    if self.id_field not in row or self.prediction_field not in row:
                        raise UserError(
                            where, f"needs '{self.id_field}' and '{self.prediction_field}' fields"
                        )
                    key = (str(row[self.id_field]), str(row.get("variant") or ""))
                    table[key] = _as_text(row[self.prediction_field])
            else:
                self.notes.append(f"{shown(path)}: file not found; every sample of {track}/{task} is missing")
            self._tables[(track, task)] = table
        return self._tables[(track, task)]

    async def solve(self, request: Request) -> Response:
        table = self._table(request.track, request.task)
        ident = (request.sample_id, request.variant)
        self._asked.setdefault((request.track, request.task), set()).add(ident)
        if ident not in table:
            return Response.failure(
                request.key, "missing_prediction", f"no prediction for id '{request.sample_id}'"
            )
        return Response(request.key, text=table[ident], latency_ms=0.0)


def _as_text(value: Any) -> str:
    """A prediction as the text a model would have written: a number, list or object as its JSON
    (a structured answer stays parseable: str() made "{'a': 1}"), null as no answer."""
    if isinstance(value, str):
        return value
    return "" if value is None else json.dumps(value, ensure_ascii=False)
