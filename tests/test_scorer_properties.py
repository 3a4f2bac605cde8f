"""Property tests: ranges, maxima on identical inputs, agreement with reference
implementations on arbitrary inputs, and extraction that never raises."""

from __future__ import annotations

import math
import re

import numpy as np
import sacrebleu
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer
from sklearn import metrics as skm

from scorers.extract import ExtractContext, extract_answer
from scorers.registry import (
    ScoringContext,
    get_extractor,
    get_scorer,
    known_extractors,
    known_scorers,
    parse_options,
)
from scorers.structured import canonical_json
from scorers.text import nfkc
from scorers.tokenize import char_tokens, squad_tokens

# jieba's first dictionary load takes about a second: no per-example deadline
settings.register_profile(
    "scorers", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile("scorers")

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E60)
FRIENDLY = st.sampled_from(
    [*"abcXYZ 0129，。！？、,.!?%万亿-()（）\n", "答案是", "the ", "<think>", "</think>"]
)
texts = st.lists(st.one_of(CHINESE, FRIENDLY, st.characters()), max_size=40).map("".join)
LABELS = ("交通", "环保", "教育")
CLASSIFICATION = {"accuracy", "macro_f1", "micro_f1", "weighted_f1", "precision", "recall", "cohen_kappa"}
TEXT_SCORERS = sorted(set(known_scorers()) - CLASSIFICATION - {"json_fields"})


def score(name: str, predictions, references, options=None, context=None):
    definition = get_scorer(name)
    return definition(predictions, references, parse_options(definition.options, options, name), context)


def assert_unit_range(values) -> None:
    assert all(isinstance(v, float) and math.isfinite(v) and 0.0 <= v <= 1.0 for v in values)


@settings(PROFILE)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=6))
def test_text_scorers_stay_in_unit_range(pairs):
    predictions, references = map(list, zip(*pairs, strict=True))
    for name in TEXT_SCORERS:
        refs = [re.escape(r) for r in references] if name == "regex_match" else references
        result = score(name, predictions, refs)
        assert_unit_range(result.values)
        if result.corpus_value is not None:
            assert 0.0 <= result.corpus_value <= 1.0


@settings(PROFILE)
@given(
    st.lists(
        st.tuples(st.one_of(texts, st.sampled_from(LABELS)), st.sampled_from(LABELS)), min_size=1, max_size=30
    )
)
def test_classification_scorers_stay_in_range(pairs):
    predictions, references = map(list, zip(*pairs, strict=True))
    for name in sorted(CLASSIFICATION):
        result = score(name, predictions, references, context=ScoringContext(labels=LABELS))
        assert_unit_range(result.values)
        if result.corpus_value is not None:
            low = -1.0 if name == "cohen_kappa" else 0.0
            assert low <= result.corpus_value <= 1.0


def has_tokens(text: str) -> bool:
    return bool(text.strip()) and bool(char_tokens(text)) and bool(squad_tokens(text))


@settings(PROFILE)
@given(texts)
def test_identical_prediction_and_reference_score_the_maximum(text):
    assume(has_tokens(text))
    for name in ["exact_match", "token_f1", "rouge_1", "rouge_l", "bleu", "chrf", "contains"]:
        assert score(name, [text], [text]).values == [1.0], name
    if len(char_tokens(text)) >= 2:
        assert score("rouge_2", [text], [text]).values == [1.0]
    assert score("rouge_l", [text], [text], {"tokenizer": "jieba"}).values == [1.0]
    if re.sub(r"[|、\s]", "", text):
        assert score("keyword_coverage", [text], [text]).values == [1.0]
    assert score("regex_match", [text], [re.escape(text.strip())]).values == [1.0]


@settings(PROFILE)
@given(st.lists(st.sampled_from(LABELS), min_size=1, max_size=20))
def test_identical_labels_score_the_maximum(labels):
    context = ScoringContext(labels=LABELS)
    for name in sorted(CLASSIFICATION):
        assert score(name, labels, labels, context=context).values == [1.0] * len(labels)
    for name in ["micro_f1", "weighted_f1"]:
        assert score(name, labels, labels, context=context).corpus_value == 1.0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3),
    max_leaves=6,
)


@settings(PROFILE)
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=5))
def test_identical_json_objects_score_the_maximum(obj):
    text = canonical_json(obj)
    assert score("json_fields", [text], [text]).values == [1.0]


@settings(PROFILE)
@given(st.integers(-(10**12), 10**12), st.integers(0, 99))
def test_numbers_written_differently_match(n, cents):
    plain = f"{n}.{cents:02d}" if n >= 0 else f"-{-n}.{cents:02d}"
    with_commas = (f"{n:,}" if n >= 0 else f"-{-n:,}") + f".{cents:02d}"
    full_width = plain.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
    assert nfkc(full_width) == plain
    assert score("numeric_match", [with_commas, full_width, f"共{plain}元"], [plain] * 3).values == [1.0] * 3
    assert score("numeric_match", [f"{n}万"], [str(n * 10000)]).values == [1.0]
    assert score("numeric_match", [f"{n}%"], [str(n / 100)], {"rel_tol": 1e-12}).values == [1.0]


# --- agreement with reference implementations on arbitrary inputs ------------------------------

ascii_texts = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)


def squad_reference_f1(prediction: str, truth: str) -> float:
    import string
    from collections import Counter

    def norm(s: str) -> list[str]:
        s = "".join(ch for ch in s.lower() if ch not in set(string.punctuation))
        return " ".join(re.sub(r"\b(a|an|the)\b", " ", s).split()).split()

    common = Counter(norm(prediction)) & Counter(norm(truth))
    same = sum(common.values())
    if same == 0:
        return 0
    p, r = same / len(norm(prediction)), same / len(norm(truth))
    return 2 * p * r / (p + r)


@settings(PROFILE)
@given(ascii_texts, ascii_texts)
def test_token_f1_equals_squad_on_any_ascii(prediction, reference):
    assert score("token_f1", [prediction], [reference]).values == [squad_reference_f1(prediction, reference)]


ROUGE_DEFAULT = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])


@settings(PROFILE)
@given(ascii_texts, ascii_texts)
def test_rouge_equals_rouge_score_on_any_ascii(prediction, reference):
    expected = ROUGE_DEFAULT.score(reference, prediction)
    for name, key in [("rouge_1", "rouge1"), ("rouge_2", "rouge2"), ("rouge_l", "rougeL")]:
        assert score(name, [prediction], [reference]).values == [expected[key].fmeasure]


@settings(PROFILE, max_examples=40)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=5), st.sampled_from(["zh", "13a"]))
def test_bleu_and_chrf_equal_sacrebleu_on_arbitrary_text(pairs, tokenize):
    hyps, refs = map(list, zip(*pairs, strict=True))
    bleu = score("bleu", hyps, refs, {"tokenize": tokenize})
    expected = sacrebleu.metrics.BLEU(tokenize=tokenize).corpus_score(hyps, [refs]).score / 100
    assert bleu.corpus_value == min(expected, 1.0)  # sacrebleu's exp(log(100)) overshoots by 4e-16
    chrf = score("chrf", hyps, refs)
    assert chrf.corpus_value == sacrebleu.metrics.CHRF().corpus_score(hyps, [refs]).score / 100


@settings(PROFILE)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=40),
    st.lists(st.integers(0, 39), min_size=1, max_size=40),
)
def test_classification_reducers_equal_sklearn_on_any_resample(pairs, picks):
    labels = ("a", "b", "c", "d")
    refs = [labels[t] for t, _ in pairs]
    preds = [labels[p] if p < 4 else "other" for _, p in pairs]
    idx = np.array([i % len(pairs) for i in picks])
    y_true, y_pred = [refs[i] for i in idx], [preds[i] for i in idx]
    context = ScoringContext(labels=labels)
    expected = {
        "macro_f1": skm.f1_score(y_true, y_pred, labels=list(labels), average="macro", zero_division=0),
        "weighted_f1": skm.f1_score(y_true, y_pred, labels=list(labels), average="weighted", zero_division=0),
        "micro_f1": skm.f1_score(y_true, y_pred, labels=list(labels), average="micro", zero_division=0),
        "cohen_kappa": skm.cohen_kappa_score(
            y_true, y_pred, labels=[*labels, "other"], replace_undefined_by=0.0
        ),
    }
    for name, value in expected.items():
        result = score(name, preds, refs, context=context)
        assert float(get_scorer(name).reducer(result.stats[idx].sum(axis=0))) == value, name


# --- extraction never raises -------------------------------------------------------------------

STEP_OPTIONS = {"regex": {"pattern": r"(\d+)"}, "label": {"labels": ["正面", "负面", "a"]}}
ALL_STEPS = [
    (get_extractor(n), parse_options(get_extractor(n).options, STEP_OPTIONS.get(n), n))
    for n in known_extractors()
]
contexts = st.builds(
    ExtractContext,
    choices=st.none() | st.lists(texts, min_size=1, max_size=6).map(tuple),
    letters=st.sampled_from(["ABCDEFGHIJ", "ABCD", "AB"]),
)


@settings(PROFILE)
@given(st.one_of(st.none(), texts, st.text()), contexts)
def test_extraction_never_raises(raw, context):
    for step in ALL_STEPS:
        result = extract_answer(raw, [step], context)
        assert result.unparsed == (result.answer is None)
        assert result.answer is None or result.answer == result.answer.strip() != ""
    pipeline = [s for s in ALL_STEPS if s[0].name in ("strip_reasoning", "normalize", "choice_letter")]
    result = extract_answer(raw, pipeline, context)
    assert result.answer is None or result.answer in context.letters
