"""The store: SQLAlchemy Core tables and the only SQL in the project.

SQLite (WAL) under `<root>/.horserace/horserace.db` by default; any SQLAlchemy URL
with `--store`. The schema carries a version and ordered migrations, so later
features add tables without touching what is stored.
"""

from __future__ import annotations

import json
import operator
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from harness.errors import UserError
from harness.solvers.base import Response

SCHEMA_VERSION = 1
DEFAULT_STORE = ".horserace/horserace.db"

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("team", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("spec_hash", sa.String(32), nullable=False),
    sa.Column("spec_json", sa.Text, nullable=False),  # the spec holds no secret: keys live in env vars
    sa.Column("first_seen", sa.Float, nullable=False),  # for the 'earlier submission' tie-break
    sa.Column("last_seen", sa.Float, nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("finished_at", sa.Float),
    sa.Column("status", sa.String(16), nullable=False),  # running | finished | interrupted | failed
    sa.Column("harness_version", sa.String(32), nullable=False),
    sa.Column(
        "manifest", sa.Text, nullable=False
    ),  # JSON: hashes of tracks, data, submissions; seed; sandbox
    sa.Column("summary", sa.Text),  # JSON: per submission x task counts, errors by kind, latency, tokens
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("submission", sa.String(64), nullable=False),
    sa.Column("track", sa.String(64), nullable=False),
    sa.Column("task", sa.String(64), nullable=False),
    sa.Column("sample_id", sa.Text, nullable=False),
    sa.Column("variant", sa.String(16), nullable=False),
    sa.Column("status", sa.String(8), nullable=False),  # ok | error
    sa.Column("text", sa.Text),
    sa.Column("reasoning", sa.Text),
    sa.Column("finish_reason", sa.String(32)),
    sa.Column("prompt_tokens", sa.Integer),
    sa.Column("completion_tokens", sa.Integer),
    sa.Column("latency_ms", sa.Float),
    sa.Column("error_kind", sa.String(32)),
    sa.Column("error_message", sa.Text),
    sa.Column("run_id", sa.Integer),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Index("ix_responses_sub_task", "submission", "track", "task"),
)

# One row per submission x sample x metric: the unit of truth for leaderboards.
scores = sa.Table(
    "scores",
    metadata,
    sa.Column("submission", sa.String(64), primary_key=True),
    sa.Column("track", sa.String(64), primary_key=True),
    sa.Column("task", sa.String(64), primary_key=True),
    sa.Column("sample_id", sa.Text, primary_key=True),
    sa.Column("metric", sa.String(128), primary_key=True),
    sa.Column("status", sa.String(8), nullable=False),  # ok | unparsed | error
    sa.Column("value", sa.Float),  # NULL for a solver error: the leaderboard's policy decides
    sa.Column("stats", sa.LargeBinary),  # float64 sufficient statistics of corpus metrics
    sa.Column("scored_at", sa.Float, nullable=False),
    sa.Index("ix_scores_track_task", "track", "task", "metric"),
)

# What extraction did to each response, so a judge can see raw -> extracted.
extractions = sa.Table(
    "extractions",
    metadata,
    sa.Column("submission", sa.String(64), primary_key=True),
    sa.Column("track", sa.String(64), primary_key=True),
    sa.Column("task", sa.String(64), primary_key=True),
    sa.Column("sample_id", sa.Text, primary_key=True),
    sa.Column("variant", sa.String(16), primary_key=True),
    sa.Column("response_key", sa.String(32), nullable=False),
    sa.Column("answer", sa.Text),
    sa.Column("unparsed", sa.Boolean, nullable=False),
    sa.Column("trace", sa.Text, nullable=False),  # JSON list of [step, output]
)


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[submissions, runs, responses, scores, extractions])


# Ordered migrations: (version reached, function). Append; never edit a released one.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [(1, _create_v1)]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoint, fast commits
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._response_upsert: tuple[str, Callable[[dict], tuple]] | None = None
        self._migrate()

    @classmethod
    def open(cls, url: str | None, root: Path) -> Store:
        if url is None:
            path = root / DEFAULT_STORE
            path.parent.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{path}"
        try:
            engine = sa.create_engine(url)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
            raise UserError(
                f"--store {url}", f"not a usable database URL: {exc}", "e.g. sqlite:///path/to.db"
            ) from None
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    # ------------------------------------------------------------ schema

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("meta"):
                return 0
            value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            return int(value or 0)

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise UserError(
                str(self.engine.url),
                f"store schema v{current} is newer than this horserace (v{SCHEMA_VERSION})",
                "upgrade horserace",
            )
        if current == SCHEMA_VERSION:
            return
        with self.engine.begin() as conn:
            metadata.create_all(conn, tables=[meta])
            for version, migrate in MIGRATIONS:
                if version > current:
                    migrate(conn)
                    self._upsert(conn, meta, [{"key": "schema_version", "value": str(version)}], ["key"])

    def _upsert(self, conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]) -> None:
        """Insert or replace rows by primary key (SQLite and PostgreSQL dialects)."""
        if not rows:
            return
        dialect = conn.dialect.name
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:  # pragma: no cover - other databases: delete then insert
            for row in rows:
                conn.execute(table.delete().where(sa.and_(*(table.c[k] == row[k] for k in keys))))
            conn.execute(table.insert(), rows)
            return
        statement = insert(table)
        updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
        conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates), rows)

    # ------------------------------------------------------------ submissions and runs

    def record_submission(self, name: str, team: str, kind: str, spec_hash: str, spec_json: str) -> None:
        now = time.time()
        with self.engine.begin() as conn:
            first = conn.execute(
                sa.select(submissions.c.first_seen).where(submissions.c.name == name)
            ).scalar()
            row = dict(
                name=name,
                team=team,
                kind=kind,
                spec_hash=spec_hash,
                spec_json=spec_json,
                first_seen=first or now,
                last_seen=now,
            )
            self._upsert(conn, submissions, [row], ["name"])

    def submission_rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [
                dict(r._mapping) for r in conn.execute(sa.select(submissions).order_by(submissions.c.name))
            ]

    def start_run(self, harness_version: str, manifest: dict[str, Any]) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                runs.insert().values(
                    started_at=time.time(),
                    status="running",
                    harness_version=harness_version,
                    manifest=json.dumps(manifest, ensure_ascii=False, sort_keys=True),
                )
            )
            return int(result.inserted_primary_key[0])

    def finish_run(
        self, run_id: int, status: str, summary: dict[str, Any], manifest_update: dict[str, Any] | None = None
    ) -> None:
        """Close a run; `manifest_update` adds what is known only at the end (e.g. sandboxing)."""
        values: dict[str, Any] = {
            "finished_at": time.time(),
            "status": status,
            "summary": json.dumps(summary, ensure_ascii=False),
        }
        with self.engine.begin() as conn:
            if manifest_update:
                current = json.loads(
                    conn.execute(sa.select(runs.c.manifest).where(runs.c.id == run_id)).scalar()
                )
                values["manifest"] = json.dumps(
                    {**current, **manifest_update}, ensure_ascii=False, sort_keys=True
                )
            conn.execute(runs.update().where(runs.c.id == run_id).values(**values))

    def run_rows(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(runs).order_by(runs.c.id.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]

    # ------------------------------------------------------------ responses

    def ok_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of these request keys already have a committed successful response."""
        found: set[str] = set()
        with self.engine.connect() as conn:
            any_ok = sa.select(responses.c.key).where(responses.c.status == "ok").limit(1)
            if conn.execute(any_ok).first() is None:
                return found  # e.g. a new store: nothing to look up key by key (~5 us a key)
            for chunk in _chunks(list(keys)):
                query = sa.select(responses.c.key).where(
                    responses.c.key.in_(chunk), responses.c.status == "ok"
                )
                found.update(conn.execute(query).scalars())
        return found

    def write_responses(self, rows: list[dict[str, Any]]) -> None:
        """Commit a batch of responses in one transaction (a later answer to the same key replaces it)."""
        if not rows:
            return
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                sql, values = self._sqlite_response_upsert(conn)
                try:
                    params = [values(row) for row in rows]
                except KeyError:  # a row without some column: the general path fills in NULLs
                    self._upsert(conn, responses, rows, ["key"])
                    return
                conn.exec_driver_sql(sql, params)
            else:
                self._upsert(conn, responses, rows, ["key"])

    def _sqlite_response_upsert(self, conn: Connection) -> tuple[str, Callable[[dict], tuple]]:
        """The responses upsert as SQLite SQL with positional parameters, compiled once per store.

        The runner writes every response through here: SQLAlchemy's per-row parameter handling
        of an executemany cost about as much as SQLite itself, and these columns need none, so
        rows go to the driver as plain tuples. (Float's bind processor only makes numbers floats;
        SQLite's REAL column affinity stores an int as a float all the same.)
        """
        if self._response_upsert is None:
            from sqlalchemy.dialects.sqlite import insert

            statement = insert(responses)
            updates = {c.name: statement.excluded[c.name] for c in responses.columns if c.name != "key"}
            compiled = statement.on_conflict_do_update(index_elements=["key"], set_=updates).compile(
                dialect=conn.dialect
            )
            assert compiled.positiontup is not None
            assert all(
                isinstance(c.type, sa.Float) or c.type.bind_processor(conn.dialect) is None
                for c in responses.columns
            )
            self._response_upsert = (str(compiled), operator.itemgetter(*compiled.positiontup))
        return self._response_upsert

    def responses_by_key(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(keys)):
                for row in conn.execute(sa.select(responses).where(responses.c.key.in_(chunk))):
                    out[row.key] = dict(row._mapping)
        return out

    def delete_responses(self, submission: str, track: str | None = None) -> int:
        """For `--fresh`: forget a submission's stored answers (scores go too: they derive from them)."""
        with self.engine.begin() as conn:
            conds = [responses.c.submission == submission]
            score_conds = [scores.c.submission == submission]
            if track:
                conds.append(responses.c.track == track)
                score_conds.append(scores.c.track == track)
            conn.execute(scores.delete().where(*score_conds))
            return conn.execute(responses.delete().where(*conds)).rowcount

    # ------------------------------------------------------------ scores and extractions

    def replace_scores(
        self,
        submission: str,
        track: str,
        task: str,
        score_rows: list[dict[str, Any]],
        extraction_rows: list[dict[str, Any]],
    ) -> None:
        """Replace one submission's scores and extraction traces on one task, atomically."""
        with self.engine.begin() as conn:
            for table in (scores, extractions):
                conn.execute(
                    table.delete().where(
                        table.c.submission == submission, table.c.track == track, table.c.task == task
                    )
                )
            if score_rows:
                conn.execute(scores.insert(), score_rows)
            if extraction_rows:
                conn.execute(extractions.insert(), extraction_rows)

    def score_rows(
        self, track: str, task: str | None = None, metric: str | None = None
    ) -> list[dict[str, Any]]:
        query = sa.select(scores).where(scores.c.track == track)
        if task:
            query = query.where(scores.c.task == task)
        if metric:
            query = query.where(scores.c.metric == metric)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def scores_frame(self, track: str) -> Any:
        """A track's score rows as a pandas DataFrame (fast for millions of rows)."""
        import pandas as pd

        query = sa.select(
            scores.c.submission,
            scores.c.task,
            scores.c.sample_id,
            scores.c.metric,
            scores.c.status,
            scores.c.value,
            scores.c.stats,
        ).where(scores.c.track == track)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def scored_submissions(self, track: str) -> list[str]:
        query = sa.select(scores.c.submission).where(scores.c.track == track).distinct()
        with self.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def extraction_rows(self, submission: str, track: str, task: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(extractions).where(
            extractions.c.submission == submission, extractions.c.track == track
        )
        if task:
            query = query.where(extractions.c.task == task)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def response_rows(self, submission: str, track: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(responses).where(responses.c.submission == submission)
        if track:
            query = query.where(responses.c.track == track)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    # ------------------------------------------------------------ report queries (read-only)

    def sample_rows(self, submission: str, track: str) -> list[sa.Row]:
        """Every scored variant of a submission on a track: its response joined to its extraction.

        One query (the report reads 10^6 rows: one per sample, never one query per sample);
        rows are named tuples ordered by task, sample id and variant.
        """
        e, r = extractions, responses
        query = (
            sa.select(
                e.c.task,
                e.c.sample_id,
                e.c.variant,
                e.c.answer,
                e.c.unparsed,
                e.c.trace,
                r.c.status,
                r.c.text,
                r.c.reasoning,
                r.c.finish_reason,
                r.c.error_kind,
                r.c.error_message,
                r.c.latency_ms,
                r.c.prompt_tokens,
                r.c.completion_tokens,
            )
            .select_from(e.join(r, r.c.key == e.c.response_key))
            .where(e.c.submission == submission, e.c.track == track)
            .order_by(e.c.task, e.c.sample_id, e.c.variant)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query))

    def sample_scores(self, submission: str, track: str) -> list[sa.Row]:
        """(task, sample_id, metric, status, value) of every score of a submission on a track, in one query."""
        query = sa.select(
            scores.c.task, scores.c.sample_id, scores.c.metric, scores.c.status, scores.c.value
        ).where(scores.c.submission == submission, scores.c.track == track)
        with self.engine.connect() as conn:
            return list(conn.execute(query))


def response_row(
    response: Response,
    submission: str,
    track: str,
    task: str,
    sample_id: str,
    variant: str,
    run_id: int | None,
) -> dict[str, Any]:
    """A Response as a `responses` row."""
    row = dict(vars(response))  # its fields, all plain values: asdict's deep copy is 10x slower
    row.update(
        submission=submission,
        track=track,
        task=task,
        sample_id=sample_id,
        variant=variant,
        run_id=run_id,
        created_at=time.time(),
    )
    return row
