"""Answer extraction: registered steps applied in order to a raw response before scoring.

A task lists its steps in YAML, e.g.
`[strip_reasoning, normalize, {choice_letter: {letters: ABCD}}]`. Each step maps text
to text, or to None when it finds nothing; None (or empty text) stops the pipeline
and marks the sample *unparsed*, which is neither a wrong answer nor a solver error.
Every step's output is kept in the trace so a judge can see raw -> extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from scorers.numeric import find_numbers
from scorers.registry import ExtractorDef, NoOptions, extractor
from scorers.structured import canonical_json, find_json_object
from scorers.text import as_text, collapse_spaces, fold, nfkc
from scorers.text import strip_punctuation as remove_punctuation


@dataclass(frozen=True)
class ExtractContext:
    """Per-sample facts a step may use: the options' texts and the letters they are shown with."""

    choices: tuple[str, ...] | None = None
    letters: str = "ABCDEFGHIJ"


@dataclass
class Extraction:
    answer: str | None
    trace: list[tuple[str, str | None]] = field(default_factory=list)  # (step name, its output)
    unparsed: bool = False


def extract_answer(
    raw: str | None,
    steps: list[tuple[ExtractorDef, BaseModel]] | tuple[tuple[ExtractorDef, BaseModel], ...],
    context: ExtractContext | None = None,
) -> Extraction:
    """Run the steps over a raw response. No steps: the raw text stripped."""
    context = context or ExtractContext()
    current = as_text(raw)
    trace: list[tuple[str, str | None]] = []
    if not current.strip():
        return Extraction(None, trace, unparsed=True)
    for definition, opts in steps:
        args = (current, opts, context) if definition.takes_context else (current, opts)
        out = definition.fn(*args)
        trace.append((definition.name, out))
        if out is None or not out.strip():
            return Extraction(None, trace, unparsed=True)
        current = out
    return Extraction(current.strip(), trace, unparsed=False)


# --- strip_reasoning --------------------------------------------------------------------------


class StripReasoningOptions(BaseModel, extra="forbid"):
    tags: list[str] = Field(default=["think"], min_length=1)

    @field_validator("tags")
    @classmethod
    def _plain_names(cls, tags: list[str]) -> list[str]:
        for tag in tags:
            if not re.fullmatch(r"[A-Za-z][\w-]*", tag):
                raise ValueError(f"tag {tag!r} is not a plain tag name like 'think'")
        return tags


@lru_cache(maxsize=32)
def _tag_pattern(tag: str) -> re.Pattern:
    return re.compile(rf"<(?P<close>/?){tag}\s*>", re.I)


def _strip_tag(text: str, tag: str) -> str:
    """One left-to-right pass (linear time, whatever the tags' number or nesting)."""
    kept: list[str] = []
    depth, position = 0, 0
    for match in _tag_pattern(tag).finditer(text):
        if not match["close"]:
            if depth == 0:
                kept.append(text[position : match.start()])
            depth += 1
        elif depth > 0:
            depth -= 1
            position = match.end()
        else:  # a closing tag with no opening one: the opening was in the prompt
            kept, position = [], match.end()
    if depth == 0:  # else an unclosed block runs to the end: reasoning cut off by max_tokens
        kept.append(text[position:])
    return "".join(kept)


@extractor("strip_reasoning", options=StripReasoningOptions)
def strip_reasoning(text: str, opts: StripReasoningOptions) -> str | None:
    """Remove <think>...</think> blocks; an unclosed <think> runs to the end (cut-off reasoning);
    a lone </think> (its opening tag was in the prompt) ends the reasoning before it."""
    for tag in opts.tags:
        text = _strip_tag(text, tag)
    return text.strip()


# --- normalize --------------------------------------------------------------------------------


class NormalizeOptions(BaseModel, extra="forbid"):
    nfkc: bool = True  # full-width -> half-width ('ＡＢ１２（）' -> 'AB12()')
    lowercase: bool = False
    strip_punctuation: bool = False  # Chinese and English punctuation
    collapse_whitespace: bool = True


@extractor("normalize", options=NormalizeOptions)
def normalize(text: str, opts: NormalizeOptions) -> str | None:
    if opts.nfkc:
        text = nfkc(text)
    if opts.lowercase:
        text = text.lower()
    if opts.strip_punctuation:
        text = remove_punctuation(text)
    return collapse_spaces(text) if opts.collapse_whitespace else text.strip()


# --- regex ------------------------------------------------------------------------------------

_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}


class RegexOptions(BaseModel, extra="forbid"):
    pattern: str
    group: int | str | None = None  # default: 1 if the pattern has a group, else the whole match
    flags: str = ""  # any of i, m, s
    which: Literal["first", "last"] = "first"

    @model_validator(mode="after")
    def _valid(self) -> RegexOptions:
        unknown = sorted(set(self.flags) - set(_REGEX_FLAGS))
        if unknown:
            raise ValueError(f"unknown regex flags {''.join(unknown)!r}: use i, m, s")
        try:
            compiled = self.compiled()
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        group = self.group
        if isinstance(group, int) and group > compiled.groups:
            raise ValueError(f"group {group} but the pattern has {compiled.groups} group(s)")
        if isinstance(group, str) and group not in compiled.groupindex:
            raise ValueError(f"no group named {group!r} in the pattern")
        return self

    def compiled(self) -> re.Pattern:
        bits = 0
        for flag in self.flags:
            bits |= _REGEX_FLAGS[flag]
        return re.compile(self.pattern, bits)


@extractor("regex", options=RegexOptions)
def regex(text: str, opts: RegexOptions) -> str | None:
    """The first (or last) match of the pattern: its group 1 if it has one, or the named group."""
    compiled = opts.compiled()  # re caches compiled patterns
    if opts.which == "first":
        match = compiled.search(text)
    else:
        match = None
        for match in compiled.finditer(text):  # noqa: B007 - we want the last one
            pass
    if match is None:
        return None
    group = opts.group if opts.group is not None else (1 if compiled.groups else 0)
    return match.group(group)


# --- choice_letter ----------------------------------------------------------------------------


class ChoiceLetterOptions(BaseModel, extra="forbid"):
    letters: str | None = None  # default: the task's letters (ABCDEFGHIJ), cut to the options shown
    match_option_text: bool = True  # '内科' -> the letter of the option whose text it is

    @field_validator("letters")
    @classmethod
    def _letters(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z]+", value):
            raise ValueError("letters must be Latin letters, e.g. ABCD")
        return value.upper() if value else value


@dataclass(frozen=True)
class _ChoicePatterns:
    cues: tuple[re.Pattern, ...]  # explicit answer statements, each with group 'u' or 'lo'
    whole: re.Pattern  # the whole response is a letter: 'C', '(C)', 'c)', 'C.'
    leading: re.Pattern  # a letter then option text: 'C. 内科', '(c) foo'
    stray: re.Pattern  # a standalone capital letter


_OPEN = r"[(\[【{<]?\s*"


@lru_cache(maxsize=64)
def _choice_patterns(letters: str) -> _ChoicePatterns:
    upper, lower = re.escape(letters), re.escape(letters.lower())
    # after a cue a capital letter must not start a word ('答案是Cell' is no answer);
    # a lower-case one must end the text or be followed by punctuation ('the answer is a bit...')
    letter = rf"(?:(?P<u>[{upper}])(?![A-Za-z])|(?P<lo>[{lower}])(?=\s*$|[)\]】}}>.。,，;；、!！:]))"
    cue_sources = (
        rf"(?:正确答案|最终答案|参考答案|答案|答)\s*(?:应该是|应该选|应当是|应选|应为|是|为|选)?\s*:?\s*(?:选项|选)?\s*:?\s*{_OPEN}{letter}",
        rf"(?<!不)(?:选择|选)\s*:?\s*{_OPEN}{letter}",
        rf"正确(?:的)?(?:答案|选项|选择|的是)?\s*(?:是|为|:)\s*{_OPEN}{letter}",
        rf"{_OPEN}{letter}[)\]】}}>]?\s*(?:选项|项)?\s*(?:是|为)?(?:正确|对的)",
        rf"(?i:answer)\s*(?i:is|would\s+be|should\s+be|=)?\s*:?\s*(?i:option|choice)?\s*:?\s*{_OPEN}{letter}",
        rf"(?i:correct|right|best)\s+(?i:option|choice)\s*(?i:is|:)\s*{_OPEN}{letter}",
        rf"(?i:option|choice)?\s*{_OPEN}{letter}[)\]]?\s+(?i:is\s+(?:the\s+)?(?:correct|right|best|answer))",
        rf"\\boxed\{{\s*(?:\\text\{{)?\s*{letter}",
    )
    return _ChoicePatterns(
        cues=tuple(re.compile(source) for source in cue_sources),
        whole=re.compile(rf"{_OPEN}(?P<x>[{upper}{lower}])\s*[)\]】}}>]?\s*[.。:、]?", re.S),
        leading=re.compile(rf"{_OPEN}(?P<x>[{upper}{lower}])\s*[).。:、\]】]\s*\S"),
        stray=re.compile(rf"(?<![A-Za-z])(?P<x>[{upper}])(?![A-Za-z])(?!\s+[a-z])"),
    )


def _letters_for(opts: ChoiceLetterOptions, context: ExtractContext) -> str:
    letters = (opts.letters or context.letters).upper()
    if context.choices:
        letters = letters[: len(context.choices)]
    return letters


def _last_cue(text: str, patterns: _ChoicePatterns) -> str | None:
    best, best_at = None, -1
    for pattern in patterns.cues:
        for match in pattern.finditer(text):
            if match.start() > best_at:
                best, best_at = (match["u"] or match["lo"]), match.start()
    return best.upper() if best else None


def unique_contained(text: str, candidates: list[str], max_hits: int = 200) -> int | None:
    """Index of the one candidate occurring in the text, ignoring occurrences inside an
    occurrence of a longer candidate ('不相关' does not also count as '相关'); None unless
    exactly one candidate is found."""
    spans = {}
    for i, candidate in enumerate(candidates):
        if candidate:
            found = [(m.start(), m.end()) for m in islice(re.finditer(re.escape(candidate), text), max_hits)]
            if found:
                spans[i] = found
    hits = set()
    for i, occurrences in spans.items():
        longer = [
            span for j, others in spans.items() if len(candidates[j]) > len(candidates[i]) for span in others
        ]
        if any(not any(s <= start and end <= e for s, e in longer) for start, end in occurrences):
            hits.add(i)
    return hits.pop() if len(hits) == 1 else None


def _by_option_text(text: str, choices: tuple[str, ...], letters: str, contained: bool) -> str | None:
    folded = fold(text, punctuation=True)
    options = [fold(c, punctuation=True) for c in choices[: len(letters)]]
    if not folded:
        return None
    equal = [i for i, option in enumerate(options) if option == folded]
    if len(equal) == 1:
        return letters[equal[0]]
    if contained and not equal:
        index = unique_contained(folded, options)
        if index is None and len(folded) >= 2:  # a shortened option: '血栓栓塞' for '血栓栓塞(如脑卒中)'
            within = [i for i, option in enumerate(options) if folded in option]
            index = within[0] if len(within) == 1 else None
        return letters[index] if index is not None else None
    return None


@extractor("choice_letter", options=ChoiceLetterOptions)
def choice_letter(text: str, opts: ChoiceLetterOptions, context: ExtractContext) -> str | None:
    """The chosen option's letter: an explicit answer statement (the last one) wins; then a
    response that is just a letter ('C', '(C)', 'c)', 'C. 内科'); then the option's text; then a
    single standalone capital letter. Several different letters and no cue: None."""
    letters = _letters_for(opts, context)
    if not letters:
        return None
    patterns = _choice_patterns(letters)
    # markdown bold ('**答案：C**') goes; single spaces keep the patterns' \s* from backtracking
    text = collapse_spaces(nfkc(text).replace("*", ""))
    found = _last_cue(text, patterns)
    if found:
        return found
    whole = patterns.whole.fullmatch(text)
    if whole:
        return whole["x"].upper()
    stray = {m["x"] for m in patterns.stray.finditer(text)}
    leading = patterns.leading.match(text)
    if leading and stray <= {leading["x"].upper()}:  # 'A、B、C' names several letters
        return leading["x"].upper()
    use_text = opts.match_option_text and bool(context.choices)
    if use_text and (by_text := _by_option_text(text, context.choices or (), letters, contained=False)):
        return by_text
    if len(stray) == 1:
        return stray.pop()
    if stray:
        return None  # several different letters and no cue: ambiguous
    if use_text:
        return _by_option_text(text, context.choices or (), letters, contained=True)
    return None


# --- numbers, JSON, lines, labels ---------------------------------------------------------------


@extractor("first_number")
def first_number(text: str, opts: NoOptions) -> str | None:
    """The first number with its unit ('约1.2万元' -> '1.2万元'), for numeric_match to parse."""
    numbers = find_numbers(text)
    return numbers[0].text if numbers else None


@extractor("last_number")
def last_number(text: str, opts: NoOptions) -> str | None:
    """The last number with its unit ('…所以答案是15%' -> '15%')."""
    numbers = find_numbers(text)
    return numbers[-1].text if numbers else None


class JsonOptions(BaseModel, extra="forbid"):
    field: str | None = None  # return this field's value instead of the whole object


@extractor("json", options=JsonOptions)
def json_object(text: str, opts: JsonOptions) -> str | None:
    """A JSON object (whole text, ``` fence, or the first in the text) as canonical JSON text;
    or one field of it (strings as they are, other values as JSON)."""
    found = find_json_object(text)
    if found is None:
        return None
    if opts.field is None:
        return canonical_json(found)
    if opts.field not in found:
        return None
    value = found[opts.field]
    return value if isinstance(value, str) else canonical_json(value)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@extractor("first_line")
def first_line(text: str, opts: NoOptions) -> str | None:
    lines = _lines(text)
    return lines[0] if lines else None


@extractor("last_line")
def last_line(text: str, opts: NoOptions) -> str | None:
    lines = _lines(text)
    return lines[-1] if lines else None


class LabelOptions(BaseModel, extra="forbid"):
    labels: list[str] = Field(min_length=1)

    @field_validator("labels")
    @classmethod
    def _distinct(cls, labels: list[str]) -> list[str]:
        if len(set(labels)) != len(labels):
            raise ValueError("labels must be distinct")
        if any(not label.strip() for label in labels):
            raise ValueError("labels must not be empty")
        return labels


@extractor("label", options=LabelOptions)
def label(text: str, opts: LabelOptions) -> str | None:
    """The task label the text names: verbatim, then after normalising (case, width,
    punctuation), then the one label contained in it; None if none or several are."""
    stripped = text.strip()
    if stripped in opts.labels:
        return stripped
    folded = fold(text, punctuation=True)
    folded_labels = [fold(lab, punctuation=True) for lab in opts.labels]
    if folded in folded_labels and folded_labels.count(folded) == 1:
        return opts.labels[folded_labels.index(folded)]
    index = unique_contained(_without_negated(folded, folded_labels), folded_labels)
    return opts.labels[index] if index is not None else None


_NEGATION = r"(?:不是|并非|不属于|不|非|未|没有|没|无|not\s+)"


def _without_negated(text: str, labels: list[str]) -> str:
    """Blank out labels named only to be denied: '不正确' does not name '正确'; '不是环保而是交通' names 交通."""
    for lab in sorted((lab for lab in labels if lab), key=len, reverse=True):
        text = re.sub(_NEGATION + re.escape(lab), lambda m: _blank_unless_label(m.group(0), labels), text)
    return text


def _blank_unless_label(phrase: str, labels: list[str]) -> str:
    # '不相关' is itself a label when the labels are 相关/不相关: keep it
    return phrase if any(phrase in lab for lab in labels) else "\u2205" * len(phrase)
