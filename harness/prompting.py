"""Samples -> rendered chat messages (Jinja2), few-shot picks, circular variants and request keys.

A template sees only the task's public input fields (plus choices and few-shot
examples), so a prompt cannot leak a hidden reference: naming one is an
undefined-variable error at `track validate`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from harness.errors import UserError
from harness.loading import Sample, TaskData, choices_of
from harness.solvers.base import Generation, Request
from harness.specs import TaskSpec

# The text a request key hashes: exactly json.dumps(body, ensure_ascii=False, sort_keys=True,
# default=str) (stored keys depend on it), with the encoder built once instead of per call.
_DIGEST_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
_ENV = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)


@dataclass(frozen=True)
class Rendered:
    """One request's content, the same for every submission; `key_for` makes it one submission's."""

    track: str
    task: str
    sample_id: str
    variant: str
    messages: tuple[dict[str, str], ...]
    inputs: dict[str, Any]
    choices: tuple[str, ...] | None
    generation: Generation

    @property
    def digest(self) -> str:
        """The content's hash, computed once: every submission's key of this request reuses it.

        Cached by hand, not by functools.cached_property, which on Python 3.11 takes a lock at
        each first access: ~2.5 us of a ~10 us digest, once per request of a run.
        """
        cached = self.__dict__.get("_digest")
        if cached is None:
            cached = self.__dict__["_digest"] = self._compute_digest()
        return cached

    def _compute_digest(self) -> str:
        body = {
            "messages": self.messages,
            "inputs": self.inputs,
            "choices": self.choices,
            "variant": self.variant,
            "generation": [
                self.generation.max_tokens,
                self.generation.temperature,
                self.generation.top_p,
                list(self.generation.stop),
            ],
        }
        return hashlib.sha256(_DIGEST_JSON.encode(body).encode()).hexdigest()

    def key(self, fingerprint: str) -> str:
        """One submission's key of this content: submission fingerprint, task and content.

        Identical requests within a task are answered once; the same text in two tasks is two
        requests, so every stored response belongs to exactly one track and task.
        """
        return hashlib.sha256(f"{fingerprint}:{self.track}/{self.task}:{self.digest}".encode()).hexdigest()[
            :32
        ]

    def request(self, fingerprint: str) -> Request:
        """This content as one submission's Request."""
        return Request(
            self.key(fingerprint),
            self.track,
            self.task,
            self.sample_id,
            self.variant,
            self.messages,
            self.inputs,
            self.choices,
            self.generation,
        )


def generation_of(task: TaskSpec) -> Generation:
    g = task.generation
    return Generation(g.max_tokens, g.temperature, g.top_p, tuple(g.stop))


def rotations(task: TaskSpec, n_options: int) -> list[int]:
    """The circular-evaluation rotations of a sample's options ([0] when circular is off)."""
    if not task.circular.enabled:
        return [0]
    return list(range(min(task.circular.rotations or n_options, n_options)))


def variant_name(task: TaskSpec, rotation: int) -> str:
    return f"rot{rotation}" if task.circular.enabled else ""


def rotation_of(variant: str) -> int:
    return int(variant[3:]) if variant.startswith("rot") else 0


def reference_of(task: TaskSpec, sample: Sample, variant: str = "") -> str:
    """The scoring reference: the target text, or for multiple choice the letter as shown in `variant`."""
    if task.target.field:
        value = sample.fields[task.target.field]
        target = value if isinstance(value, str) else json.dumps(value)
    else:
        target = _render(
            _compile(task.target.template or "", "target.template"), sample.fields, sample, "target"
        )
    if task.choices is None:
        return target
    letters = task.choices.letters
    index = letters.find(target.strip().upper()) if len(target.strip()) == 1 else -1
    options = choices_of(sample.fields, task, sample.where)
    if index < 0 and target in options:
        index = options.index(target)
    if index < 0 or index >= len(options):
        raise UserError(sample.where, f"target '{target}' is neither an option letter nor an option's text")
    return letters[(index - rotation_of(variant)) % len(options)]


@functools.lru_cache(maxsize=256)
def _compile(source: str, where: str) -> jinja2.Template:
    """A compiled template, once per source (`reference_of` asks again for every sample)."""
    try:
        template = _ENV.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(where, f"template syntax error on line {exc.lineno}: {exc.message}") from None
    # Every render copies the template's globals into its context; as a ChainMap over the
    # environment's globals that copy was most of the cost of a one-line prompt. The globals
    # never change after start-up, so flatten them once.
    template.globals = dict(template.globals)
    return template


def _render(template: jinja2.Template, context: dict[str, Any], sample: Sample, where: str) -> str:
    try:
        return template.render(context).strip()
    except jinja2.UndefinedError as exc:
        raise UserError(
            where,
            f"sample '{sample.id}': {exc.message}",
            "a template sees only the task's 'inputs', choices and examples",
        ) from None
    except jinja2.TemplateError as exc:
        raise UserError(where, f"sample '{sample.id}': {exc}") from None


class TaskRenderer:
    """Renders every sample of one task; templates are compiled once."""

    def __init__(self, data: TaskData):
        self.data, self.track, self.task = data, data.track, data.task
        index = self.track.task_index(self.task.id)
        self.where = f"{self.track.shown}: tasks[{index}].prompt"
        prompt = self.task.prompt
        self.template = _compile(prompt.template, f"{self.where}.template")
        self.system = _compile(prompt.system, f"{self.where}.system") if prompt.system else None
        shot = prompt.few_shot
        self.example_template = (
            _compile(shot.example_template, f"{self.where}.few_shot.example_template")
            if shot and shot.example_template
            else None
        )
        self.pool = sorted(data.split(shot.split), key=lambda s: s.id) if shot else []
        # an example is never its own example, and the few-shot split's samples are rendered too
        # (for `track validate` and for python solvers' setup): they need k others
        if shot and len(self.pool) < shot.k + 1:
            raise UserError(
                f"{self.where}.few_shot.k",
                f"needs {shot.k} examples besides the sample itself but split '{shot.split}' has {len(self.pool)}",
                "lower k or add examples",
            )
        self.generation = generation_of(self.task)

    def public_inputs(self, sample: Sample) -> dict[str, Any]:
        return {name: sample.fields[name] for name in self.task.inputs}

    def _options(self, sample: Sample, rotation: int) -> list[str] | None:
        if self.task.choices is None:
            return None
        options = choices_of(sample.fields, self.task, sample.where)
        return options[rotation:] + options[:rotation]

    def _context(self, sample: Sample, rotation: int) -> dict[str, Any]:
        return self._context_of(self.public_inputs(sample), self._options(sample, rotation))

    def _context_of(self, inputs: dict[str, Any], options: list[str] | None) -> dict[str, Any]:
        context = dict(inputs)
        if options is not None and self.task.choices:
            letters = self.task.choices.letters
            context["choices"] = options
            context["letters"] = letters[: len(options)]
            context["options"] = "\n".join(f"{letters[i]}. {o}" for i, o in enumerate(options))
        return context

    def few_shot_examples(self, sample: Sample) -> list[Sample]:
        """k examples from the few-shot split: fixed for (seed, task, sample), whatever else runs."""
        shot = self.task.prompt.few_shot
        if not shot:
            return []
        rng = random.Random(f"{shot.seed}:{self.track.id}:{self.task.id}:{sample.id}")
        candidates = [s for s in self.pool if s.id != sample.id]
        return rng.sample(candidates, shot.k)

    def render(self, sample: Sample, rotation: int = 0) -> Rendered:
        inputs, options = self.public_inputs(sample), self._options(sample, rotation)
        context = self._context_of(inputs, options)
        messages: list[dict[str, str]] = []
        if self.system:
            messages.append(
                {"role": "system", "content": _render(self.system, context, sample, f"{self.where}.system")}
            )
        examples = self.few_shot_examples(sample)
        shot = self.task.prompt.few_shot
        if examples and shot and shot.mode == "messages":
            for ex in examples:
                ex_context = self._context(ex, 0)
                messages.append(
                    {
                        "role": "user",
                        "content": _render(self.template, ex_context, ex, f"{self.where}.template"),
                    }
                )
                messages.append({"role": "assistant", "content": reference_of(self.task, ex)})
        elif examples and self.example_template:
            shown_examples = [
                {**self._context(ex, 0), "target": reference_of(self.task, ex)} for ex in examples
            ]
            context["examples"] = shown_examples
            context["few_shot"] = "\n\n".join(
                _render(self.example_template, e, sample, f"{self.where}.few_shot.example_template")
                for e in shown_examples
            )
        messages.append(
            {"role": "user", "content": _render(self.template, context, sample, f"{self.where}.template")}
        )
        return Rendered(
            self.track.id,
            self.task.id,
            sample.id,
            variant_name(self.task, rotation),
            tuple(messages),
            inputs,
            tuple(options) if options is not None else None,
            self.generation,
        )

    def render_sample(self, sample: Sample) -> list[Rendered]:
        """Every variant of a sample (one, or one per rotation under circular evaluation)."""
        if not self.task.circular.enabled:
            return [self.render(sample)]
        n_options = len(self._options(sample, 0) or [])
        return [self.render(sample, r) for r in rotations(self.task, n_options)]

    def render_split(self, split: str, limit: int | None = None) -> list[Rendered]:
        samples = self.data.split(split)
        if limit is not None:
            samples = samples[:limit]
        return [r for s in samples for r in self.render_sample(s)]

    def example_for_setup(self, sample: Sample) -> dict[str, Any]:
        """A public dev example as handed to a python solver's `setup` (its target is public)."""
        rendered = self.render(sample)
        return {
            "sample_id": sample.id,
            "messages": [dict(m) for m in rendered.messages],
            "inputs": rendered.inputs,
            "choices": list(rendered.choices) if rendered.choices is not None else None,
            "target": reference_of(self.task, sample),
        }
