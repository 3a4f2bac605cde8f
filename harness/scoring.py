"""Stored responses + references -> extraction -> scorers -> per-sample scores in the store,
with each sample's document (what the report's explorer and samples.jsonl show).

No solver is called: re-scoring after a scorer or reference fix reads the stored
responses again. Once a submission answered any sample of a task, every sample is
scored: a solver error, or a request never answered (`no_response`), gives status
`error` and a NULL value (the leaderboard's policy decides its worth), an answer
that cannot be extracted gives status `unparsed` and is scored as an empty answer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson

from harness.checks import TaskPlan, plan_task
from harness.loading import Sample, Submission, Track
from harness.prompting import Rendered, reference_of
from harness.store import Store, TaskSamples
from scorers.extract import ExtractContext, Extraction, extract_answer
from scorers.registry import ScoringContext


@dataclass
class TaskScore:
    """One submission's result on one task, for printing."""

    submission: str
    track: str
    task: str
    samples: int
    errors: int
    unparsed: int
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Row:
    """One variant of one sample, as scored."""

    sample: Sample
    rendered: Rendered
    reference: str
    response: dict[str, Any]
    extraction: Extraction


def _extract(plan: TaskPlan, rendered: Rendered, response: dict[str, Any]) -> Extraction:
    letters = plan.data.task.choices.letters if plan.data.task.choices else "ABCDEFGHIJ"
    context = ExtractContext(choices=rendered.choices, letters=letters)
    if response["status"] != "ok":
        return Extraction(answer=None, trace=[], unparsed=False)
    return extract_answer(response["text"], list(plan.steps), context)


def _no_response(key: str) -> dict[str, Any]:
    """A stand-in for a request never answered: an error, so it counts by the error policy."""
    return {"key": key, "status": "error", "text": None, "error_kind": "no_response"}


def _collect_rows(plan: TaskPlan, submission: Submission, store: Store) -> dict[str, list[_Row]]:
    """sample id -> its variant rows; nothing when the submission has no response on the task at all.

    Once a submission answered any sample of a task, every sample of the split is scored: one
    never answered is an error (`no_response`), so a partial run cannot shrink or flatter
    anyone's comparison. A task with no response at all stays absent (shown as incomplete).
    """
    task = plan.data.task
    fingerprint = submission.fingerprint(plan.data.track.id, task.id)
    per_sample: list[tuple[Sample, list[tuple[Rendered, str]]]] = []
    for sample in plan.data.split(task.eval_split):
        variants = plan.renderer.render_sample(sample)
        per_sample.append((sample, [(r, r.key(fingerprint)) for r in variants]))
    found = store.responses_by_key([key for _, pairs in per_sample for _, key in pairs])
    if not found:
        return {}
    out: dict[str, list[_Row]] = {}
    for sample, pairs in per_sample:
        rows = []
        for rendered, key in pairs:
            response = found.get(key) or _no_response(key)
            rows.append(
                _Row(
                    sample,
                    rendered,
                    reference_of(task, sample, rendered.variant),
                    response,
                    _extract(plan, rendered, response),
                )
            )
        out[sample.id] = rows
    return out


def _sample_status(rows: list[_Row]) -> str:
    if any(r.response["status"] != "ok" for r in rows):
        return "error"
    if any(r.extraction.unparsed for r in rows):
        return "unparsed"
    return "ok"


def score_task(store: Store, plan: TaskPlan, submission: Submission) -> TaskScore:
    """Score one submission on one task and replace its stored scores and extraction traces."""
    track, task = plan.data.track, plan.data.task
    by_sample = _collect_rows(plan, submission, store)
    flat = [row for rows in by_sample.values() for row in rows]
    predictions = [r.extraction.answer or "" for r in flat]
    references = [r.reference for r in flat]
    context = ScoringContext(
        labels=task.labels,
        choices=tuple(r.rendered.choices or () for r in flat) if task.choices else None,
        language=track.spec.language,
    )
    now = time.time()
    score_rows: list[dict[str, Any]] = []
    result = TaskScore(submission.name, track.id, task.id, len(by_sample), 0, 0)
    statuses = {sid: _sample_status(rows) for sid, rows in by_sample.items()}
    result.errors = sum(s == "error" for s in statuses.values())
    result.unparsed = sum(s == "unparsed" for s in statuses.values())
    spans = _spans(by_sample)  # each sample's variant rows within `flat`
    for metric, scorer, options in plan.scorers:
        scored = scorer(predictions, references, options, context) if flat else None
        values: list[float] = []
        for sid, span in spans:
            assert scored is not None
            # circular evaluation: a sample counts only as well as its worst rotation
            value = min(scored.values[span])
            stats = scored.stats[span.start] if scored.stats is not None else None
            status = statuses[sid]
            score_rows.append(
                {
                    "submission": submission.name,
                    "track": track.id,
                    "task": task.id,
                    "sample_id": sid,
                    "metric": metric,
                    "status": status,
                    "value": None if status == "error" else float(value),
                    "stats": None if stats is None else np.asarray(stats, dtype=np.float64).tobytes(),
                    "scored_at": now,
                }
            )
            values.append(0.0 if status == "error" else float(value))
        if scored is not None and scored.stats is not None and scorer.reducer is not None:
            first = [scored.stats[span.start] for _, span in spans]
            result.metrics[metric] = float(scorer.reducer(np.sum(first, axis=0)))
        elif values:
            result.metrics[metric] = float(np.mean(values))
    values_of: dict[str, dict[str, float | None]] = {}
    for row in score_rows:
        values_of.setdefault(row["sample_id"], {})[row["metric"]] = row["value"]
    samples = task_documents(
        track.id,
        task.id,
        (
            (
                sid,
                statuses[sid],
                values_of.get(sid, {}),
                [variant_document(r.rendered.variant, r.response, r.extraction) for r in rows],
            )
            for sid, rows in by_sample.items()
        ),
    )
    store.replace_scores(
        submission.name, track.id, task.id, score_rows, _extraction_rows(submission, flat), samples
    )
    return result


def variant_document(variant: str, response: dict[str, Any], extraction: Extraction) -> dict[str, Any]:
    """One variant as a sample document shows it: the raw response and what extraction made of it."""
    return {
        "variant": variant,
        "response_status": response["status"],
        "text": response.get("text"),
        "reasoning": response.get("reasoning"),
        "finish_reason": response.get("finish_reason"),
        "error_kind": response.get("error_kind"),
        "error_message": response.get("error_message"),
        "answer": extraction.answer,
        "unparsed": extraction.unparsed,
        "trace": extraction.trace,
        "latency_ms": response.get("latency_ms"),
        "prompt_tokens": response.get("prompt_tokens"),
        "completion_tokens": response.get("completion_tokens"),
    }


def task_documents(
    track: str,
    task: str,
    samples: Iterable[tuple[str, str, dict[str, float | None], list[dict[str, Any]]]],
) -> TaskSamples:
    """A task's sample documents (what samples.jsonl and the explorer show) and response figures.

    `samples`: (sample id, status, {metric: value}, variants as `variant_document` makes them). Made at
    scoring time, when all of it is in memory, and stored with the scores (see `Store.task_samples`
    for the document's fields). Documents are in sample id order.
    """
    ids, documents, kinds, latencies = [], [], [], []
    answered, prompt, completion = 0, [], []
    for sid, status, values, variants in sorted(samples, key=lambda s: s[0]):
        document = {"track": track, "task": task, "sample_id": sid, "status": status}
        document.update(scores=values, variants=variants)
        ids.append(sid)
        documents.append(orjson.dumps(document))  # one line: JSON escapes newlines in strings
        for v in variants:
            answered += v["error_kind"] != "no_response"
            if v["response_status"] != "ok":
                kinds.append(v["error_kind"] or "error")
            if v["latency_ms"] is not None:
                latencies.append(repr(float(v["latency_ms"])))
            prompt.append(v["prompt_tokens"])
            completion.append(v["completion_tokens"])
    # <, > and & only occur inside strings: as \u escapes the text is the same JSON, and inert
    # where the report embeds it in a page (as its json_for_html does with whatever else it embeds)
    jsonl = b"\n".join(documents)
    for char, escape in ((b"&", b"\\u0026"), (b"<", b"\\u003c"), (b">", b"\\u003e")):
        jsonl = jsonl.replace(char, escape)
    return TaskSamples(
        task,
        ids,
        jsonl,
        answered,
        " ".join(kinds) or None,
        _sql_sum(prompt),
        _sql_sum(completion),
        " ".join(latencies) or None,
    )


def _sql_sum(values: Iterable[int | None]) -> int | None:
    """SUM as SQL has it: None skipped, None when nothing is left."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _spans(by_sample: dict[str, list[_Row]]) -> list[tuple[str, slice]]:
    spans, position = [], 0
    for sid, rows in by_sample.items():
        spans.append((sid, slice(position, position + len(rows))))
        position += len(rows)
    return spans


def _extraction_rows(submission: Submission, flat: list[_Row]) -> list[dict[str, Any]]:
    return [
        {
            "submission": submission.name,
            "track": r.rendered.track,
            "task": r.rendered.task,
            "sample_id": r.sample.id,
            "variant": r.rendered.variant,
            "response_key": r.response["key"],
            "answer": r.extraction.answer,
            "unparsed": r.extraction.unparsed,
            "trace": json.dumps(r.extraction.trace, ensure_ascii=False),
        }
        for r in flat
    ]


def score_all(store: Store, tracks: Sequence[Track], submissions: Sequence[Submission]) -> list[TaskScore]:
    """(Re)score every submission on every task it runs, from the stored responses."""
    results = []
    for track in tracks:
        for index in range(len(track.spec.tasks)):
            plan = plan_task(track, index, render_all=False)
            for submission in submissions:
                if submission.spec.runs_track(track.id):
                    results.append(score_task(store, plan, submission))
    return results
