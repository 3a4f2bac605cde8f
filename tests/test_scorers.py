"""Built-in scorers against reference implementations (scikit-learn, sacrebleu, rouge-score,
SQuAD v1.1), on Chinese and English fixtures, plus their edge cases."""

from __future__ import annotations

import math
import re
import string
from collections import Counter

import numpy as np
import pytest
import sacrebleu
from rouge_score import rouge_scorer
from sklearn import metrics as skm

from harness.errors import UserError
from scorers.registry import ScoringContext, get_scorer, known_scorers, parse_options
from scorers.tokenize import jieba_tokens


def run(
    name: str, predictions, references, options: dict | None = None, context: ScoringContext | None = None
):
    definition = get_scorer(name)
    opts = parse_options(definition.options, options, f"test.{name}")
    return definition(predictions, references, opts, context)


def bootstrap_rows(n: int, seed: int, resamples: int = 5) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, n, size=n) for _ in range(resamples)] + [
        rng.choice(n, size=n // 3, replace=False)
    ]


# --- classification: scikit-learn ---------------------------------------------------------------

ZH_LABELS = ("交通", "环保", "教育", "医疗")
EN_LABELS = ("positive", "negative", "neutral")
OTHER = "__other__"


def classification_fixture(labels: tuple[str, ...], seed: int, n: int = 240) -> tuple[list[str], list[str]]:
    """References from the labels; predictions mostly right, some wrong, some outside the set."""
    rng = np.random.default_rng(seed)
    refs = [labels[i] for i in rng.integers(0, len(labels), n)]
    preds = []
    for ref in refs:
        roll = rng.random()
        if roll < 0.55:
            preds.append(ref)
        elif roll < 0.9:
            preds.append(labels[rng.integers(0, len(labels))])
        else:
            preds.append(["不知道", "", "maybe"][rng.integers(0, 3)])
    return preds, refs


def mapped(preds: list[str], labels: tuple[str, ...]) -> list[str]:
    return [p if p in labels else OTHER for p in preds]


SKLEARN_F1_FAMILY = {
    "macro_f1": lambda t, p, labels: skm.f1_score(t, p, labels=labels, average="macro", zero_division=0),
    "micro_f1": lambda t, p, labels: skm.f1_score(t, p, labels=labels, average="micro", zero_division=0),
    "weighted_f1": lambda t, p, labels: skm.f1_score(
        t, p, labels=labels, average="weighted", zero_division=0
    ),
    "precision": lambda t, p, labels: skm.precision_score(
        t, p, labels=labels, average="macro", zero_division=0
    ),
    "recall": lambda t, p, labels: skm.recall_score(t, p, labels=labels, average="macro", zero_division=0),
    "cohen_kappa": lambda t, p, labels: skm.cohen_kappa_score(
        t, p, labels=[*labels, OTHER], replace_undefined_by=0.0
    ),
}


@pytest.mark.parametrize("labels,seed", [(ZH_LABELS, 1), (EN_LABELS, 2)])
@pytest.mark.parametrize("name", sorted(SKLEARN_F1_FAMILY))
def test_classification_corpus_value_and_resamples_equal_sklearn(name, labels, seed):
    preds, refs = classification_fixture(labels, seed)
    context = ScoringContext(labels=labels)
    result = run(name, preds, refs, context=context)
    reference = SKLEARN_F1_FAMILY[name]
    y_pred = mapped(preds, labels)
    assert result.corpus_value == reference(refs, y_pred, list(labels))
    assert result.values == [float(p == r) for p, r in zip(preds, refs, strict=True)]
    reducer = get_scorer(name).reducer
    rows = bootstrap_rows(len(refs), seed)
    stacked = np.stack([result.stats[idx].sum(axis=0) for idx in rows])
    batch = reducer(stacked)  # vectorised over resamples
    assert batch.shape == (len(rows),)
    for idx, value in zip(rows, batch, strict=True):
        expected = reference([refs[i] for i in idx], [y_pred[i] for i in idx], list(labels))
        assert float(reducer(result.stats[idx].sum(axis=0))) == expected  # bit-exact
        assert value == expected


def test_classification_reducer_takes_any_leading_shape():
    preds, refs = classification_fixture(EN_LABELS, 3, n=60)
    result = run("macro_f1", preds, refs, context=ScoringContext(labels=EN_LABELS))
    sums = np.stack([result.stats[i::4].sum(axis=0) for i in range(4)]).reshape(2, 2, -1)
    out = get_scorer("macro_f1").reducer(sums)
    assert out.shape == (2, 2)
    assert out[1, 0] == pytest.approx(get_scorer("macro_f1").reducer(result.stats[2::4].sum(axis=0)))


def test_classification_stats_layouts():
    labels = ("a", "b", "c")
    result = run("macro_f1", ["a", "b", "zzz"], ["a", "c", "b"], context=ScoringContext(labels=labels))
    # [tp a b c | pred a b c | true a b c]
    assert result.stats.tolist() == [
        [1, 0, 0, 1, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 1, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0, 1, 0],
    ]
    kappa = run("cohen_kappa", ["a", "zzz"], ["a", "b"], context=ScoringContext(labels=labels))
    assert kappa.stats.shape == (2, 16)
    assert kappa.stats[0].tolist().index(1) == 0 * 4 + 0
    assert kappa.stats[1].tolist().index(1) == 1 * 4 + 3  # true b, predicted "other"


def test_accuracy_equals_sklearn_and_normalises_labels():
    preds, refs = classification_fixture(ZH_LABELS, 4)
    values = run("accuracy", preds, refs, context=ScoringContext(labels=ZH_LABELS)).values
    assert np.mean(values) == pytest.approx(skm.accuracy_score(refs, mapped(preds, ZH_LABELS)))
    folded = run(
        "accuracy",
        ["ＰＯＳＩＴＩＶＥ ", "Negative"],
        ["positive", "negative"],
        context=ScoringContext(EN_LABELS),
    )
    assert folded.values == [1.0, 1.0]
    strict = run(
        "accuracy", ["Negative"], ["negative"], {"normalize": False}, context=ScoringContext(EN_LABELS)
    )
    assert strict.values == [0.0]


def test_kappa_undefined_is_zero_not_nan():
    result = run("cohen_kappa", ["a", "a"], ["a", "a"], context=ScoringContext(labels=("a", "b")))
    assert result.corpus_value == 0.0
    empty = get_scorer("cohen_kappa").reducer(np.zeros(9))
    assert float(empty) == 0.0


def test_classification_reference_outside_labels_is_a_user_error():
    with pytest.raises(UserError, match=r"'d' .*not among the task's labels"):
        run("macro_f1", ["a"], ["d"], context=ScoringContext(labels=("a", "b")))


def test_classification_without_labels_uses_sorted_references():
    result = run("macro_f1", ["x", "y", "y"], ["x", "y", "x"])
    assert result.corpus_value == pytest.approx(
        skm.f1_score(["x", "y", "x"], ["x", "y", "y"], average="macro")
    )


# --- BLEU and chrF: sacrebleu -------------------------------------------------------------------

ZH_HYPS = [
    "今天天气很好，我们去公园散步。",
    "政府发布了新的住房补贴政策。",
    "这家医院的内科门诊每天上午开放。",
    "他昨天买了三本书。",
    "",
    "人工智能正在改变金融行业的风险管理方式。",
    "请携带身份证原件办理。",
    "旅游旺季景区实行预约制度，游客需提前三天预约。",
]
ZH_REFS = [
    "今天天气不错，我们去公园散步吧。",
    "政府出台了新的住房补贴政策。",
    "该医院内科门诊每天上午开诊。",
    "他昨天买了两本书。",
    "这是一个参考译文。",
    "人工智能正在改变金融业风险管理的方式。",
    "办理时请携带身份证原件。",
    "旺季期间景区实行预约制，游客须提前三天预约。",
]
EN_HYPS = [
    "The cat sat on the mat.",
    "There is a cat on the mat.",
    "The government announced a new housing subsidy policy yesterday.",
    "He bought three books.",
    "Please bring your original ID card.",
    "a",
    "Artificial intelligence is changing how banks manage risk!",
    "",
]
EN_REFS = [
    "The cat is on the mat.",
    "The cat is on the mat.",
    "Yesterday the government released a new housing subsidy policy.",
    "He bought two books.",
    "Please bring the original of your ID card.",
    "a b c d e",
    "AI is changing the way banks manage risk.",
    "Nothing here.",
]
MT_FIXTURES = [(ZH_HYPS, ZH_REFS, "zh"), (EN_HYPS, EN_REFS, "13a")]


@pytest.mark.parametrize("hyps,refs,tokenize", MT_FIXTURES)
def test_bleu_equals_sacrebleu_corpus_sentence_and_resamples(hyps, refs, tokenize):
    result = run("bleu", hyps, refs, {"tokenize": tokenize})
    corpus = sacrebleu.metrics.BLEU(tokenize=tokenize)
    assert result.corpus_value == corpus.corpus_score(hyps, [refs]).score / 100
    sentence = sacrebleu.metrics.BLEU(tokenize=tokenize, effective_order=True)
    for value, hyp, ref in zip(result.values, hyps, refs, strict=True):
        assert value == sentence.sentence_score(hyp, [ref]).score / 100
    reducer = get_scorer("bleu").reducer
    for idx in bootstrap_rows(len(hyps), 5, resamples=10):
        expected = corpus.corpus_score([hyps[i] for i in idx], [[refs[i] for i in idx]]).score / 100
        assert float(reducer(result.stats[idx].sum(axis=0))) == expected  # bit-exact


@pytest.mark.parametrize("hyps,refs,tokenize", MT_FIXTURES)
def test_chrf_equals_sacrebleu_corpus_sentence_and_resamples(hyps, refs, tokenize):
    result = run("chrf", hyps, refs)
    metric = sacrebleu.metrics.CHRF()
    assert result.corpus_value == metric.corpus_score(hyps, [refs]).score / 100
    for value, hyp, ref in zip(result.values, hyps, refs, strict=True):
        assert value == metric.sentence_score(hyp, [ref]).score / 100
    reducer = get_scorer("chrf").reducer
    for idx in bootstrap_rows(len(hyps), 6, resamples=10):
        expected = metric.corpus_score([hyps[i] for i in idx], [[refs[i] for i in idx]]).score / 100
        assert float(reducer(result.stats[idx].sum(axis=0))) == expected  # bit-exact


def test_chrf_plus_plus_and_lowercase_options_follow_sacrebleu():
    result = run("chrf", EN_HYPS, EN_REFS, {"word_order": 2, "lowercase": True})
    metric = sacrebleu.metrics.CHRF(word_order=2, lowercase=True)
    assert result.stats.shape == (len(EN_HYPS), 3 * 8)
    assert result.corpus_value == pytest.approx(
        metric.corpus_score(EN_HYPS, [EN_REFS]).score / 100, abs=1e-12
    )


def test_bleu_stats_layout_and_chinese_tokenisation():
    result = run("bleu", ["他买了书"], ["他买了两本书"])
    # zh tokenizer: every CJK character is a token -> 4 hypothesis tokens, 6 reference tokens
    assert result.stats.tolist() == [[4, 6, 4, 2, 1, 0, 4, 3, 2, 1]]
    english_as_zh = run("bleu", EN_HYPS, EN_REFS)  # zh tokenizer handles Latin text like 13a
    assert english_as_zh.corpus_value == pytest.approx(
        sacrebleu.corpus_bleu(EN_HYPS, [EN_REFS], tokenize="zh").score / 100, abs=1e-12
    )


def test_mt_reducers_vectorise_over_resamples():
    result = run("bleu", ZH_HYPS, ZH_REFS)
    rows = bootstrap_rows(len(ZH_HYPS), 7, resamples=6)
    sums = np.stack([result.stats[idx].sum(axis=0) for idx in rows])
    batch = get_scorer("bleu").reducer(sums)
    assert batch.tolist() == [float(get_scorer("bleu").reducer(s)) for s in sums]
    chrf = run("chrf", ZH_HYPS, ZH_REFS)
    sums = np.stack([chrf.stats[idx].sum(axis=0) for idx in rows]).reshape(2, 3, -1)
    assert get_scorer("chrf").reducer(sums).shape == (2, 3)


# --- ROUGE: rouge-score -------------------------------------------------------------------------


class CharTokenizer:
    """A reference character tokenizer for rouge-score: one token per letter or ideograph."""

    def tokenize(self, text: str) -> list[str]:
        return [c for c in text.lower() if c.isalnum()]


class JiebaTokenizer:
    def tokenize(self, text: str) -> list[str]:
        return list(jieba_tokens(text))


ZH_SUMMARIES = [
    (
        "市政府今天发布了关于老旧小区改造的通知，要求年底前完成。",
        "市政府发布老旧小区改造通知，年底前完成改造。",
    ),
    ("患者应当在饭后服用该药物，每日三次。", "该药物每日三次，饭后服用。"),
    ("银行上调了存款利率。", "存款利率被银行下调。"),
    ("景区门票半价优惠活动持续到十月底。", "十月底前景区门票半价。"),
    ("", "参考摘要。"),
    ("完全无关的句子", "今天下雨了"),
]
EN_SUMMARIES = [
    ("The city council approved the new budget on Monday.", "On Monday the council approved a new budget."),
    (
        "Take the medicine after meals, three times a day.",
        "Three times a day after meals, take the medicine.",
    ),
    ("Rates went up.", "The bank cut its deposit rates."),
    ("the the the", "the cat"),
    ("", "Nothing."),
]


@pytest.mark.parametrize(
    "name,rouge_type", [("rouge_1", "rouge1"), ("rouge_2", "rouge2"), ("rouge_l", "rougeL")]
)
def test_rouge_chinese_equals_rouge_score_with_char_tokenizer(name, rouge_type):
    reference = rouge_scorer.RougeScorer([rouge_type], tokenizer=CharTokenizer())
    preds, refs = zip(*ZH_SUMMARIES, strict=True)
    values = run(name, list(preds), list(refs)).values
    expected = [reference.score(r, p)[rouge_type].fmeasure for p, r in ZH_SUMMARIES]
    assert values == expected
    assert values[0] > 0.5 and values[-1] == 0.0


@pytest.mark.parametrize(
    "name,rouge_type", [("rouge_1", "rouge1"), ("rouge_2", "rouge2"), ("rouge_l", "rougeL")]
)
def test_rouge_english_equals_rouge_score_default_tokenizer(name, rouge_type):
    reference = rouge_scorer.RougeScorer([rouge_type])
    preds, refs = zip(*EN_SUMMARIES, strict=True)
    values = run(name, list(preds), list(refs)).values
    assert values == [reference.score(r, p)[rouge_type].fmeasure for p, r in EN_SUMMARIES]


@pytest.mark.parametrize("name,rouge_type", [("rouge_1", "rouge1"), ("rouge_l", "rougeL")])
def test_rouge_jieba_tokenizer_equals_rouge_score_with_same_tokenizer(name, rouge_type):
    reference = rouge_scorer.RougeScorer([rouge_type], tokenizer=JiebaTokenizer())
    pairs = ZH_SUMMARIES + EN_SUMMARIES
    preds, refs = zip(*pairs, strict=True)
    values = run(name, list(preds), list(refs), {"tokenizer": "jieba"}).values
    assert values == [reference.score(r, p)[rouge_type].fmeasure for p, r in pairs]


def test_rouge_precision_and_recall_measures():
    reference = rouge_scorer.RougeScorer(["rougeL"], tokenizer=CharTokenizer())
    pred, ref = ZH_SUMMARIES[0]
    score = reference.score(ref, pred)["rougeL"]
    assert run("rouge_l", [pred], [ref], {"measure": "precision"}).values == [pytest.approx(score.precision)]
    assert run("rouge_l", [pred], [ref], {"measure": "recall"}).values == [pytest.approx(score.recall)]


def test_rouge_mixed_script_counts_cjk_characters_and_latin_words():
    # tokens: [使, 用, python, 处, 理, 数, 据] vs [用, python, 分, 析, 数, 据]
    value = run("rouge_1", ["使用Python处理数据"], ["用 python 分析数据"]).values[0]
    precision, recall = 4 / 7, 4 / 6
    assert value == pytest.approx(2 * precision * recall / (precision + recall))


# --- token F1: SQuAD v1.1 -----------------------------------------------------------------------


def squad_normalize_answer(s: str) -> str:
    """The SQuAD v1.1 evaluation script's normalize_answer, verbatim in behaviour."""

    def remove_articles(text):
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def squad_f1(prediction: str, ground_truth: str) -> float:
    prediction_tokens = squad_normalize_answer(prediction).split()
    ground_truth_tokens = squad_normalize_answer(ground_truth).split()
    common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    return (2 * precision * recall) / (precision + recall)


def squad_em(prediction: str, ground_truth: str) -> float:
    return float(squad_normalize_answer(prediction) == squad_normalize_answer(ground_truth))


SQUAD_PAIRS = [
    ("Denver Broncos", "Denver Broncos"),
    ("the Denver Broncos", "Denver Broncos"),
    ("Broncos won", "Denver Broncos"),
    ("Saint Bernadette Soubirous", "Saint Bernadette Soubirous in 1858"),
    ("U.S.A.", "USA"),
    ("an apple, a pear", "Apple and pear"),
    ("It's $5,000!", "its 5000"),
    ("", "something"),
    ("the", "a"),
    ("New York City", "new york"),
    ("1858", "in 1858 and 1859 and 1858"),
]


def test_token_f1_equals_squad_v11_on_english():
    preds, refs = zip(*SQUAD_PAIRS, strict=True)
    values = run("token_f1", list(preds), list(refs)).values
    assert values == [squad_f1(p, r) for p, r in SQUAD_PAIRS]
    assert values[0] == 1.0 and values[7] == 0.0


def test_exact_match_squad_option_equals_squad_em():
    preds, refs = zip(*SQUAD_PAIRS, strict=True)
    values = run("exact_match", list(preds), list(refs), {"squad": True}).values
    assert values == [squad_em(p, r) for p, r in SQUAD_PAIRS]
    assert sum(values) == 5  # incl. "the" vs "a": both normalise to ""


def test_token_f1_chinese_characters_are_tokens():
    values = run(
        "token_f1", ["北京市", "北京", "，。", "上海 Tower"], ["北京", "北京", "北京", "上海tower"]
    ).values
    assert values[0] == pytest.approx(2 * (2 / 3) * 1.0 / (2 / 3 + 1.0))
    assert values[1] == 1.0
    assert values[2] == 0.0  # punctuation only: an empty prediction scores 0, not NaN
    assert values[3] == 1.0  # CJK split from Latin, case and spacing ignored


# --- exact, numeric, containment, structured ---------------------------------------------------


def test_exact_match_normalisation_options():
    preds = ["ＡＢＣ", "abc ", "a,b", "Yes"]
    refs = ["abc", "ABC", "ab", "yes"]
    assert run("exact_match", preds, refs).values == [1.0, 1.0, 0.0, 1.0]
    assert run("exact_match", preds, refs, {"strip_punctuation": True}).values == [1.0, 1.0, 1.0, 1.0]
    assert run("exact_match", preds, refs, {"ignore_case": False}).values == [0.0, 0.0, 0.0, 0.0]
    assert run("exact_match", ["北京。"], ["北京"], {"strip_punctuation": True}).values == [1.0]


NUMERIC_CASES = [
    ("1,234.5", "1234.5", {}, 1.0),
    ("15%", "0.15", {}, 1.0),
    ("15%", "15", {}, 0.0),
    ("15%", "15", {"percent": "number"}, 1.0),
    ("15%", "0.15", {"percent": "either"}, 1.0),
    ("15%", "15", {"percent": "either"}, 1.0),
    ("1.2万", "12000", {}, 1.0),
    ("3亿元", "300000000", {}, 1.0),
    ("-0.5", "-0.50", {}, 1.0),
    ("１２３", "123", {}, 1.0),
    ("三百二十", "320", {}, 1.0),
    ("一千零五", "1005", {}, 1.0),
    ("两万", "20000", {}, 1.0),
    ("百分之十五", "15%", {}, 1.0),
    ("约3.5万人", "35000", {}, 1.0),
    ("答案是 42。", "42", {}, 1.0),
    ("3.14159", "3.14", {"abs_tol": 0.01}, 1.0),
    ("3.14159", "3.14", {}, 0.0),
    ("105", "100", {"rel_tol": 0.05}, 1.0),
    ("106", "100", {"rel_tol": 0.05}, 0.0),
    ("不知道", "7", {}, 0.0),
    ("", "7", {}, 0.0),
    ("nan", "7", {}, 0.0),
    ("七", "七", {}, 1.0),
    ("甲", "甲", {}, 1.0),  # a non-numeric reference falls back to comparing the texts
]


@pytest.mark.parametrize("prediction,reference,options,expected", NUMERIC_CASES)
def test_numeric_match(prediction, reference, options, expected):
    assert run("numeric_match", [prediction], [reference], options).values == [expected]


def test_contains_and_keyword_coverage():
    assert run("contains", ["答案是北京市。", "Paris, France", "x"], ["北京", "paris", ""]).values == [
        1.0,
        1.0,
        0.0,
    ]
    assert run("contains", ["ＡＩ"], ["ai"]).values == [1.0]
    preds = ["应携带身份证和户口本", "Bring passport and VISA", "无"]
    refs = ["身份证|户口本|照片", "passport、visa", "a|b"]
    assert run("keyword_coverage", preds, refs).values == pytest.approx([2 / 3, 1.0, 0.0])
    assert run("keyword_coverage", ["x"], ["|、|"]).values == [0.0]  # no keywords: nothing to cover


def test_regex_match_reference_or_option_pattern():
    assert run("regex_match", ["编号 A-123", "B-12"], [r"[A-Z]-\d{3}", r"[A-Z]-\d{3}"]).values == [1.0, 0.0]
    assert run("regex_match", ["yes"], ["x"], {"pattern": "^(yes|是)$"}).values == [1.0]
    assert run(
        "regex_match", ["YES"], [""], {"pattern": "yes", "flags": "i", "mode": "fullmatch"}
    ).values == [1.0]
    assert run("regex_match", ["abc"], [""]).values == [0.0]
    with pytest.raises(UserError, match=r"references\[0\]: invalid regular expression"):
        run("regex_match", ["abc"], ["("])
    with pytest.raises(UserError, match="invalid regular expression"):
        parse_options(get_scorer("regex_match").options, {"pattern": "("}, "t")


def test_json_fields_per_field_match_and_list_set_f1():
    ref = '{"name": "张三", "age": 30, "tags": ["a", "b", "c"], "city": "北京"}'
    pred = '```json\n{"name": "张三", "age": "30", "tags": ["b", "c", "d"], "city": "上海"}\n```'
    tags_f1 = 2 * (2 / 3) * (2 / 3) / (4 / 3)
    assert run("json_fields", [pred], [ref]).values == [pytest.approx((1 + 1 + tags_f1 + 0) / 4)]
    assert run("json_fields", [pred], [ref], {"fields": ["name", "age"]}).values == [1.0]
    assert run("json_fields", ['{"name": "ZHANG"}'], ['{"name": "zhang", "x": 1}']).values == [0.5]
    assert run("json_fields", ["not json"], [ref]).values == [0.0]
    assert run("json_fields", ["{}"], ['{"tags": []}']).values == [0.0]
    assert run("json_fields", ['{"tags": []}'], ['{"tags": []}']).values == [1.0]
    with pytest.raises(UserError, match="not a JSON object"):
        run("json_fields", ["{}"], ["[1, 2]"])


# --- edge cases: every scorer, hostile inputs --------------------------------------------------

HOSTILE = [
    None,
    float("nan"),
    "",
    "   ",
    "😀🎉👍",
    "中文English混合 text 123 ＡＢＣ",
    "长" * 20000,
    "word " * 5000,
    "\x00\u200b\ufeff",
    "{" * 3000,
]
LABELS = ("交通", "环保")


def scorer_args(name: str, n: int) -> tuple[list, ScoringContext]:
    if name in {"accuracy", "macro_f1", "micro_f1", "weighted_f1", "precision", "recall", "cohen_kappa"}:
        return [LABELS[i % 2] for i in range(n)], ScoringContext(labels=LABELS)
    if name == "json_fields":
        return ['{"a": 1}'] * n, ScoringContext()
    return [(HOSTILE * 2)[i + 3] for i in range(n)], ScoringContext()


@pytest.mark.parametrize("name", known_scorers())
def test_every_scorer_survives_hostile_inputs_without_nan(name):
    references, context = scorer_args(name, len(HOSTILE))
    result = get_scorer(name)(HOSTILE, references, None, context)
    assert len(result.values) == len(HOSTILE)
    assert all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in result.values)
    if result.stats is not None:
        assert result.stats.shape[0] == len(HOSTILE)
        assert math.isfinite(result.corpus_value)


@pytest.mark.parametrize("name", known_scorers())
def test_every_scorer_handles_an_empty_task(name):
    result = get_scorer(name)([], [], None, ScoringContext(labels=LABELS))
    assert result.values == []


def test_corpus_scorers_declare_reducers():
    corpus = {n for n in known_scorers() if get_scorer(n).is_corpus}
    assert corpus == {
        "bleu",
        "chrf",
        "macro_f1",
        "micro_f1",
        "weighted_f1",
        "precision",
        "recall",
        "cohen_kappa",
    }
