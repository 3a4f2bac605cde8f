"""The store: SQLAlchemy Core tables and the only SQL in the project.

SQLite (WAL) under `<root>/.horserace/horserace.db` by default; any SQLAlchemy URL
with `--store`. The schema carries a version and ordered migrations, so later
features add tables without touching what is stored.
"""

from __future__ import annotations

import functools
import json
import operator
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

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
    # The report reads every sample of every submission (10^6 and more): a few queries per
    # submission x track, never one per sample.

    def sample_rows(self, submission: str, track: str) -> list[sa.Row]:
        """Every scored variant of a submission on a track: its response and what extraction made of it."""
        with self.engine.connect() as conn:
            return conn.execute(_sample_rows_query(), {"submission": submission, "track": track}).fetchall()

    def sample_scores(self, submission: str, track: str) -> list[sa.Row]:
        """(task, sample_id, metric, status, value) of every score of a submission on a track."""
        query = sa.select(
            scores.c.task, scores.c.sample_id, scores.c.metric, scores.c.status, scores.c.value
        ).where(scores.c.submission == submission, scores.c.track == track)
        with self.engine.connect() as conn:
            return conn.execute(query).fetchall()

    def sample_documents(self, submission: str, track: str) -> Sequence[SampleDocument]:
        """Every scored sample of a submission on a track as one JSON document, by task and sample id.

        The document is {"track", "task", "sample_id", "status", "scores": {metric: value},
        "variants": [{"variant", "response_status", "text", "reasoning", "finish_reason",
        "error_kind", "error_message", "answer", "unparsed", "trace", "latency_ms",
        "prompt_tokens", "completion_tokens"}]}; beside it, the sample's response figures.
        SQLite builds it in SQL (several times faster than decoding rows in Python); other
        databases get the same document assembled from `sample_rows` and `sample_scores`.
        """
        if self.engine.dialect.name != "sqlite":
            return self._sample_documents_python(submission, track)
        with self.engine.connect() as conn:
            rows = conn.execute(_sample_documents_query(), {"submission": submission, "track": track})
            return sorted(rows.fetchall())  # Rows carry SampleDocument's fields by name

    def _sample_documents_python(self, submission: str, track: str) -> list[SampleDocument]:
        samples: dict[tuple[str, str], dict[str, Any]] = {}
        for task, sample_id, metric, status, value in self.sample_scores(submission, track):
            doc = samples.setdefault(
                (task, sample_id),
                {"track": track, "task": task, "sample_id": sample_id, "status": status, "scores": {}},
            )
            doc["scores"][metric] = value
        variants: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in self.sample_rows(submission, track):
            variants.setdefault((row.task, row.sample_id), []).append(
                {
                    "variant": row.variant,
                    "response_status": row.status,
                    "text": row.text,
                    "reasoning": row.reasoning,
                    "finish_reason": row.finish_reason,
                    "error_kind": row.error_kind,
                    "error_message": row.error_message,
                    "answer": row.answer,
                    "unparsed": bool(row.unparsed),
                    "trace": json.loads(row.trace),
                    "latency_ms": row.latency_ms,
                    "prompt_tokens": row.prompt_tokens,
                    "completion_tokens": row.completion_tokens,
                }
            )
        out = []
        for key in sorted(samples.keys() & variants.keys()):
            doc = {**samples[key], "variants": variants[key]}
            vs = variants[key]
            kinds = [v["error_kind"] or "error" for v in vs if v["response_status"] != "ok"]
            latencies = [v["latency_ms"] for v in vs if v["latency_ms"] is not None]
            out.append(
                SampleDocument(
                    key[0],
                    key[1],
                    json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
                    len(vs),
                    " ".join(kinds) or None,
                    _sql_sum(v["prompt_tokens"] for v in vs),
                    _sql_sum(v["completion_tokens"] for v in vs),
                    " ".join(str(x) for x in latencies) or None,
                )
            )
        return out

    def worst_samples(
        self, submission: str, track: str, primary: dict[str, tuple[str, bool]], k: int
    ) -> list[tuple[str, str]]:
        """(task, sample_id) of the k worst samples of each task, worst first, by its primary metric.

        `primary` maps task -> (metric, higher is better). Errors come first, then the lowest
        value (the highest for a lower-is-better metric), unparsed before ok, then by id.
        """
        if not primary or k <= 0:
            return []
        s = scores
        value = sa.case(
            *(
                (s.c.task == task, s.c.value if higher else -s.c.value)
                for task, (_, higher) in primary.items()
            )
        )
        order = (
            sa.case((s.c.status == "error", 0), else_=1),
            value,
            sa.case((s.c.status == "unparsed", 0), else_=1),
            s.c.sample_id,
        )
        ranked = (
            sa.select(
                s.c.task,
                s.c.sample_id,
                sa.func.row_number().over(partition_by=s.c.task, order_by=order).label("worst"),
            )
            .where(
                s.c.submission == submission,
                s.c.track == track,
                sa.or_(*(sa.and_(s.c.task == t, s.c.metric == m) for t, (m, _) in primary.items())),
            )
            .subquery()
        )
        query = (
            sa.select(ranked.c.task, ranked.c.sample_id)
            .where(ranked.c.worst <= k)
            .order_by(ranked.c.task, ranked.c.worst)
        )
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query).fetchall()]


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


class SampleDocument(NamedTuple):
    """One scored sample as `Store.sample_documents` returns it (SQLite rows have the same fields)."""

    task: str
    sample_id: str
    document: str  # JSON text
    responses: int  # variants answered
    error_kinds: str | None  # space-separated kind of each failed variant
    prompt_tokens: int | None
    completion_tokens: int | None
    latencies: str | None  # space-separated latency_ms of the variants that have one


def _sql_sum(values: Iterable[int | None]) -> int | None:
    """SUM as SQL has it: NULLs skipped, NULL when nothing is left."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _scored_responses() -> tuple[Any, tuple[Any, ...]]:
    """Each extraction joined to the response it was made from, by key only: identical requests
    share one stored response, which may sit under another track of the same submission."""
    e, r = extractions, responses
    return e.join(r, r.c.key == e.c.response_key), (
        e.c.submission == sa.bindparam("submission"),
        e.c.track == sa.bindparam("track"),
    )


@functools.cache
def _sample_rows_query() -> sa.Select:
    e, r = extractions, responses
    joined, where = _scored_responses()
    return (
        sa.select(
            e.c.task,
            e.c.sample_id,
            e.c.variant,
            r.c.status,
            r.c.text,
            r.c.reasoning,
            r.c.finish_reason,
            r.c.error_kind,
            r.c.error_message,
            e.c.answer,
            e.c.unparsed,
            e.c.trace,
            r.c.latency_ms,
            r.c.prompt_tokens,
            r.c.completion_tokens,
        )
        .select_from(joined)
        .where(*where)
        .order_by(e.c.task, e.c.sample_id, e.c.variant)
    )


@functools.cache
def _sample_documents_query() -> sa.Select:
    """`Store.sample_documents` in SQLite's JSON functions; built once, run with bound parameters."""
    e, r, s = extractions, responses, scores
    f = sa.func
    joined, where = _scored_responses()
    variant = f.json_object(
        "variant", e.c.variant,
        "response_status", r.c.status,
        "text", r.c.text,
        "reasoning", r.c.reasoning,
        "finish_reason", r.c.finish_reason,
        "error_kind", r.c.error_kind,
        "error_message", r.c.error_message,
        "answer", e.c.answer,
        "unparsed", sa.case((e.c.unparsed, f.json("true")), else_=f.json("false")),
        "trace", f.json(e.c.trace),
        "latency_ms", r.c.latency_ms,
        "prompt_tokens", r.c.prompt_tokens,
        "completion_tokens", r.c.completion_tokens,
    )  # fmt: skip
    failed = sa.case((r.c.status != "ok", f.coalesce(r.c.error_kind, "error")))
    grouped = (
        sa.select(
            e.c.task,
            e.c.sample_id,
            f.json_group_array(variant).label("variants"),
            f.count().label("responses"),
            f.group_concat(failed, " ").label("error_kinds"),
            f.sum(r.c.prompt_tokens).label("prompt_tokens"),
            f.sum(r.c.completion_tokens).label("completion_tokens"),
            f.group_concat(r.c.latency_ms, " ").label("latencies"),
        )
        .select_from(joined)
        .where(*where)
        .group_by(e.c.task, e.c.sample_id)
        .subquery()
    )
    metric_values = (
        sa.select(
            s.c.task,
            s.c.sample_id,
            f.min(s.c.status).label("status"),  # every metric row of a sample has its status
            # 17 significant digits: the JSON numbers read back as exactly the stored doubles
            f.json_group_object(
                s.c.metric, sa.case((s.c.value.is_not(None), f.json(f.printf("%!.17g", s.c.value))))
            ).label("scores"),
        )
        .where(s.c.submission == sa.bindparam("submission"), s.c.track == sa.bindparam("track"))
        .group_by(s.c.task, s.c.sample_id)
        .subquery()
    )
    document = f.json_object(
        "track", sa.bindparam("track"),
        "task", grouped.c.task,
        "sample_id", grouped.c.sample_id,
        "status", metric_values.c.status,
        "scores", f.json(metric_values.c.scores),
        "variants", f.json(grouped.c.variants),
    )  # fmt: skip
    return sa.select(
        grouped.c.task,
        grouped.c.sample_id,
        document.label("document"),
        grouped.c.responses,
        grouped.c.error_kinds,
        grouped.c.prompt_tokens,
        grouped.c.completion_tokens,
        grouped.c.latencies,
    ).select_from(
        grouped.join(
            metric_values,
            sa.and_(metric_values.c.task == grouped.c.task, metric_values.c.sample_id == grouped.c.sample_id),
        )
    )  # no ORDER BY: sorting the wide rows costs SQLite more than sorting the output costs Python
