"""The store: SQLAlchemy Core tables and the only SQL in the project.

SQLite (WAL) under `<root>/.horserace/horserace.db` by default; any SQLAlchemy URL
with `--store`. The schema carries a version and ordered migrations, so later
features add tables without touching what is stored.
"""

from __future__ import annotations

import itertools
import json
import operator
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from harness import DEFAULT_STORE
from harness.errors import UserError
from harness.solvers.base import Response

SCHEMA_VERSION = 2

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


# Each scored task's sample documents, as the report writes them to samples.jsonl, made by scoring
# from what it holds in memory and replaced with the task's scores in one transaction. Building
# them from the three tables above at report time cost 10-15 us of SQLite per sample (2.5 M
# samples: 25-37 CPU s); reading them back costs a decompression. The second copy of each
# response text (zlib-compressed) is the price.
sample_documents = sa.Table(
    "sample_documents",
    metadata,
    sa.Column("submission", sa.String(64), primary_key=True),
    sa.Column("track", sa.String(64), primary_key=True),
    sa.Column("task", sa.String(64), primary_key=True),
    sa.Column("sample_ids", sa.Text, nullable=False),  # JSON array, sorted
    sa.Column("documents", sa.LargeBinary, nullable=False),  # zlib: one JSON document a line, aligned
    sa.Column("responses", sa.Integer, nullable=False),
    sa.Column("error_kinds", sa.Text),
    sa.Column("prompt_tokens", sa.Integer),
    sa.Column("completion_tokens", sa.Integer),
    sa.Column("latencies", sa.Text),
)


# The same score rows packed per submission x task x metric, written with them: what the leaderboard
# reads. Fetching a track's 350,000 rows one Python tuple at a time cost about a second of its
# two; a few hundred packed rows cost milliseconds. The rows stay the truth for every other query.
score_arrays = sa.Table(
    "score_arrays",
    metadata,
    sa.Column("submission", sa.String(64), primary_key=True),
    sa.Column("track", sa.String(64), primary_key=True),
    sa.Column("task", sa.String(64), primary_key=True),
    sa.Column("metric", sa.String(128), primary_key=True),
    sa.Column("sample_ids", sa.Text, nullable=False),  # JSON array, sorted
    sa.Column("statuses", sa.Text, nullable=False),  # a letter per sample: _STATUS_LETTERS
    sa.Column("value_bytes", sa.LargeBinary, nullable=False),  # float64 per sample, NaN for NULL
    sa.Column("stats_bytes", sa.LargeBinary),  # float64 stats of every sample, NULL unless all have them
    sa.Index("ix_score_arrays_track", "track"),
)
_STATUS_LETTERS = {"ok": "o", "unparsed": "u", "error": "e"}
_LETTER_STATUS = {letter: status for status, letter in _STATUS_LETTERS.items()}


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[submissions, runs, responses, scores, extractions])


def _create_v2(conn: Connection) -> None:
    """Sample documents and packed scores. The packed scores are made from the stored rows; a store
    scored before has no documents: `horserace score` makes them (the report says so), since they
    derive from responses, references and scorers, not from SQL."""
    metadata.create_all(conn, tables=[sample_documents, score_arrays])
    names = ("submission", "track", "task", "metric", "sample_id", "status", "value", "stats")
    order = [scores.c[name] for name in names[:4]]
    # streamed group by group: a large store holds millions of rows (3.5 M: 22 s and 55 MB, once)
    rows = conn.execute(sa.select(*(scores.c[name] for name in names)).order_by(*order))
    for _key, group in itertools.groupby(rows, key=operator.itemgetter(0, 1, 2, 3)):
        conn.execute(
            score_arrays.insert(), _score_arrays_rows([dict(zip(names, r, strict=True)) for r in group])
        )


# Ordered migrations: (version reached, function). Append; never edit a released one.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [(1, _create_v1), (2, _create_v2)]


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


@dataclass(frozen=True)
class _ManyRowUpsert:
    """One upsert statement inserting many rows (`VALUES (..), (..), ..`), not one statement per row.

    The runner commits in a thread while its event loop keeps the GIL busy. sqlite3 releases the
    GIL around every statement step; an executemany steps once per row, and each time the
    thread waited up to the switch interval (5 ms) to get the GIL back: at zero latency a
    1,220-row batch took 1.6 s to commit, and 1,000 rows beside a busy thread 7.8-10.8 s instead
    of 14 ms (benchmarks/store_writes.py). One statement per 1,000 rows (fewer if SQLite allows
    fewer variables) steps once, with the GIL released for the whole insert: 25-27 ms.
    """

    head: str  # INSERT INTO responses (..) VALUES
    row: str  # (?, ?, ..)
    tail: str  # ON CONFLICT (key) DO UPDATE SET ..
    values: Callable[[dict], tuple]  # a row's values in placeholder order
    rows_per_statement: int

    @classmethod
    def of(
        cls, sql: str, values: Callable[[dict], tuple], columns: int, variable_limit: int
    ) -> _ManyRowUpsert:
        row = "(" + ", ".join(["?"] * columns) + ")"
        head, tail = sql.split(f" VALUES {row}")  # one row's statement, as SQLAlchemy compiled it
        return cls(f"{head} VALUES ", row, tail, values, max(1, min(1000, variable_limit // columns)))

    def statements(self, rows: list[tuple]) -> Iterator[tuple[str, tuple]]:
        """(SQL, flat parameters) for each chunk of rows; rows keep their order (a later twin wins)."""
        for part in _chunks(rows, self.rows_per_statement):
            yield f"{self.head}{', '.join([self.row] * len(part))}{self.tail}", tuple(itertools.chain(*part))


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._response_upsert: _ManyRowUpsert | None = None
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
        except ImportError as exc:  # e.g. postgresql:// without its driver installed
            raise UserError(
                f"--store {url}",
                f"the database driver is not installed ({exc.name or exc})",
                "install the driver for this URL, or give a sqlite:/// store",
            ) from None
        if _in_memory(engine.url):
            raise UserError(
                f"--store {url}",
                "an in-memory database keeps nothing once the command ends, and the run's writer "
                "thread would not even see its tables",
                "give a file, e.g. sqlite:///path/to.db",
            )
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    @property
    def reopenable(self) -> bool:
        """Whether another process opening this store's URL sees the same data: every database
        but an in-memory SQLite one, which forked report workers must not open anew."""
        return not _in_memory(self.engine.url)

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
                upsert = self._sqlite_response_upsert(conn)
                try:
                    params = [upsert.values(row) for row in rows]
                except KeyError:  # a row without some column: the general path fills in NULLs
                    self._upsert(conn, responses, rows, ["key"])
                    return
                for sql, values in upsert.statements(params):
                    conn.exec_driver_sql(sql, values)
            else:
                self._upsert(conn, responses, rows, ["key"])

    def _sqlite_response_upsert(self, conn: Connection) -> _ManyRowUpsert:
        """The responses upsert as SQLite SQL with positional parameters, compiled once per store.

        The runner writes every response through here: SQLAlchemy's per-row parameter handling
        of an executemany cost about as much as SQLite itself, and these columns need none, so
        rows go to the driver as plain values. (Float's bind processor only makes numbers floats;
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
            getlimit = getattr(conn.connection.driver_connection, "getlimit", None)  # not every driver
            limit = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit else 999  # SQLite's least
            self._response_upsert = _ManyRowUpsert.of(
                str(compiled), operator.itemgetter(*compiled.positiontup), len(compiled.positiontup), limit
            )
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
            for derived in (score_arrays, sample_documents):
                where = [derived.c.submission == submission]
                if track:
                    where.append(derived.c.track == track)
                conn.execute(derived.delete().where(*where))
            return conn.execute(responses.delete().where(*conds)).rowcount

    # ------------------------------------------------------------ scores and extractions

    def replace_scores(
        self,
        submission: str,
        track: str,
        task: str,
        score_rows: list[dict[str, Any]],
        extraction_rows: list[dict[str, Any]],
        samples: TaskSamples | None = None,
    ) -> None:
        """Replace one submission's scores, extraction traces and sample documents on one task, atomically."""
        with self.engine.begin() as conn:
            for table in (scores, score_arrays, extractions, sample_documents):
                conn.execute(
                    table.delete().where(
                        table.c.submission == submission, table.c.track == track, table.c.task == task
                    )
                )
            if score_rows:
                conn.execute(scores.insert(), score_rows)
                conn.execute(score_arrays.insert(), _score_arrays_rows(score_rows))
            if extraction_rows:
                conn.execute(extractions.insert(), extraction_rows)
            if samples is not None and samples.sample_ids:
                conn.execute(
                    sample_documents.insert(),
                    _documents_row(submission, track, samples),
                )

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
        """A track's score rows as a pandas DataFrame, strings as categoricals (fast for millions of rows).

        The leaderboard selects rows by task, metric and submission and lines samples up: on
        integer codes that is indexing, on strings a Python comparison per row. So submission,
        task, sample_id, metric and status are categoricals with sorted categories (codes order
        like the strings). Read from `score_arrays`: one packed row per submission x task x
        metric, unpacked with numpy; only corpus metrics' stats become one bytes object per row.
        """
        import numpy as np
        import pandas as pd

        t = score_arrays
        query = sa.select(
            t.c.submission,
            t.c.task,
            t.c.metric,
            t.c.sample_ids,
            t.c.statuses,
            t.c.value_bytes,
            t.c.stats_bytes,
        ).where(t.c.track == track)
        with self.engine.connect() as conn:
            packed = sorted(conn.execute(query).fetchall(), key=lambda r: (r.task, r.metric, r.submission))
        sizes = np.array([len(r.statuses) for r in packed], dtype=np.intp)
        ids_of = {text: json.loads(text) for text in {r.sample_ids for r in packed}}  # one per task, mostly
        sample_ids = sorted(set(itertools.chain.from_iterable(ids_of.values())))
        index = {sid: i for i, sid in enumerate(sample_ids)}
        codes_of = {
            text: np.array([index[sid] for sid in ids], dtype=np.intp) for text, ids in ids_of.items()
        }

        def repeated(values: list[str]) -> pd.Categorical:
            categories = sorted(set(values))
            codes = np.searchsorted(np.array(categories, dtype=object), np.array(values, dtype=object))
            return pd.Categorical.from_codes(np.repeat(codes, sizes), pd.Index(categories, dtype=object))

        letters = np.frombuffer("".join(r.statuses for r in packed).encode("ascii"), dtype=np.uint8)
        statuses = sorted(_LETTER_STATUS[chr(c)] for c in np.unique(letters))
        lookup = np.zeros(256, dtype=np.intp)
        for code, status in enumerate(statuses):
            lookup[ord(_STATUS_LETTERS[status])] = code
        stats = np.empty(int(sizes.sum()), dtype=object)  # None where a row has no stats
        start = 0
        for row, size in zip(packed, sizes, strict=True):
            if row.stats_bytes is not None:
                blob, width = row.stats_bytes, len(row.stats_bytes) // size
                stats[start : start + size] = [blob[i * width : (i + 1) * width] for i in range(size)]
            start += size
        return pd.DataFrame(
            {
                "submission": repeated([r.submission for r in packed]),
                "task": repeated([r.task for r in packed]),
                "sample_id": pd.Categorical.from_codes(
                    np.concatenate([codes_of[r.sample_ids] for r in packed] or [np.zeros(0, np.intp)]),
                    pd.Index(sample_ids, dtype=object),
                ),
                "metric": repeated([r.metric for r in packed]),
                "status": pd.Categorical.from_codes(lookup[letters], pd.Index(statuses, dtype=object)),
                "value": np.frombuffer(b"".join(r.value_bytes for r in packed), dtype=np.float64).copy(),
                "stats": pd.Series(stats, dtype=object),
            }
        )

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

    def task_samples(self, submission: str, track: str) -> list[TaskSamples]:
        """Every scored sample of a submission on a track as one JSON document each, grouped by task.

        A document is {"track", "task", "sample_id", "status", "scores": {metric: value},
        "variants": [{"variant", "response_status", "text", "reasoning", "finish_reason",
        "error_kind", "error_message", "answer", "unparsed", "trace", "latency_ms",
        "prompt_tokens", "completion_tokens"}]}; beside each task's documents, its response
        figures. Scoring made them (`harness.scoring.task_documents`); this reads them back.
        """
        query = (
            sa.select(sample_documents)
            .where(sample_documents.c.submission == submission, sample_documents.c.track == track)
            .order_by(sample_documents.c.task)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).fetchall()
        return [
            TaskSamples(
                row.task,
                json.loads(row.sample_ids),
                zlib.decompress(row.documents),
                row.responses,
                row.error_kinds,
                row.prompt_tokens,
                row.completion_tokens,
                row.latencies,
            )
            for row in rows
        ]

    def documented_tasks(self) -> set[tuple[str, str, str]]:
        """(submission, track, task) of every task that has sample documents."""
        t = sample_documents
        with self.engine.connect() as conn:
            return {tuple(row) for row in conn.execute(sa.select(t.c.submission, t.c.track, t.c.task))}

    def worst_samples(
        self, track: str, primary: dict[str, tuple[str, bool]], k: int
    ) -> dict[str, list[tuple[str, str]]]:
        """submission -> (task, sample_id) of its k worst samples of each task, worst first, by the
        task's primary metric.

        `primary` maps task -> (metric, higher is better). Errors come first, then the lowest
        value (the highest for a lower-is-better metric), unparsed before ok, then by id. Sorted
        with numpy from the packed scores of the whole track, read in one query.
        """
        import numpy as np

        if not primary or k <= 0:
            return {}
        t = score_arrays
        query = sa.select(
            t.c.submission, t.c.task, t.c.metric, t.c.sample_ids, t.c.statuses, t.c.value_bytes
        ).where(t.c.track == track)
        with self.engine.connect() as conn:
            rows = [r for r in conn.execute(query) if primary.get(r.task, (None,))[0] == r.metric]
        ids_of = {text: json.loads(text) for text in {r.sample_ids for r in rows}}  # one per task, mostly
        out: dict[str, list[tuple[str, str]]] = {}
        for row in sorted(rows, key=lambda r: (r.submission, r.task)):
            ids = ids_of[row.sample_ids]  # sorted: position is id order
            letters = np.frombuffer(row.statuses.encode("ascii"), dtype=np.uint8)
            error = letters == ord(_STATUS_LETTERS["error"])
            value = np.frombuffer(row.value_bytes, dtype=np.float64) * (1.0 if primary[row.task][1] else -1.0)
            unparsed = letters == ord(_STATUS_LETTERS["unparsed"])
            # lexsort's last key sorts first; an error's NULL value never decides (errors tie on it)
            order = np.lexsort((np.arange(len(ids)), ~unparsed, np.where(error, 0.0, value), ~error))
            out.setdefault(row.submission, []).extend((row.task, ids[i]) for i in order[:k])
        return out


def _in_memory(url: sa.URL) -> bool:
    """`sqlite://` or `sqlite:///:memory:`: a database private to one connection."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def response_row(
    response: Response,
    submission: str,
    track: str,
    task: str,
    sample_id: str,
    variant: str,
    run_id: int | None,
    created_at: float | None = None,
) -> dict[str, Any]:
    """A Response as a `responses` row; `created_at`: when it arrived (default: now)."""
    row = dict(vars(response))  # its fields, all plain values: asdict's deep copy is 10x slower
    row.update(
        submission=submission,
        track=track,
        task=task,
        sample_id=sample_id,
        variant=variant,
        run_id=run_id,
        created_at=time.time() if created_at is None else created_at,
    )
    return row


class TaskSamples(NamedTuple):
    """One task's scored samples as `Store.task_samples` returns them: documents in sample id order."""

    task: str
    sample_ids: list[str]
    jsonl: bytes  # UTF-8 JSON document of each sample, one a line, aligned with sample_ids
    responses: int  # variants with a stored response
    error_kinds: str | None  # space-separated kind of each failed variant (no_response: never answered)
    prompt_tokens: int | None  # summed as SQL sums: None when no variant has a count
    completion_tokens: int | None
    latencies: str | None  # space-separated latency_ms of the variants that have one

    @property
    def documents(self) -> list[str]:
        return self.jsonl.decode("utf-8").split("\n")


def _score_arrays_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`scores` rows (of one submission, track and task) packed into one `score_arrays` row per metric."""
    import numpy as np

    key = operator.itemgetter("submission", "track", "task", "metric")
    out = []
    for (submission, track, task, metric), group in itertools.groupby(sorted(rows, key=key), key=key):
        ordered = sorted(group, key=operator.itemgetter("sample_id"))
        stats = [r["stats"] for r in ordered]
        # the leaderboard uses stats only when every row of a (task, metric) has them, all alike
        uniform = all(b is not None for b in stats) and len({len(b) for b in stats}) == 1
        values = [np.nan if r["value"] is None else r["value"] for r in ordered]
        out.append(
            {
                "submission": submission,
                "track": track,
                "task": task,
                "metric": metric,
                "sample_ids": json.dumps([r["sample_id"] for r in ordered], ensure_ascii=False),
                "statuses": "".join(_STATUS_LETTERS[r["status"]] for r in ordered),
                "value_bytes": np.asarray(values, dtype=np.float64).tobytes(),
                "stats_bytes": b"".join(stats) if uniform else None,
            }
        )
    return out


def _documents_row(submission: str, track: str, samples: TaskSamples) -> dict[str, Any]:
    # level 1: scoring pays it per task. On the report benchmark's documents it took 0.7 ms per
    # 500 samples against level 6's 2.0 ms, for a 20x instead of 31x smaller blob.
    blob = zlib.compress(samples.jsonl, 1)
    return {
        "submission": submission,
        "track": track,
        "task": samples.task,
        "sample_ids": json.dumps(samples.sample_ids, ensure_ascii=False),
        "documents": blob,
        "responses": samples.responses,
        "error_kinds": samples.error_kinds,
        "prompt_tokens": samples.prompt_tokens,
        "completion_tokens": samples.completion_tokens,
        "latencies": samples.latencies,
    }
