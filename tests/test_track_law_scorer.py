"""The law track's custom scorer `scorers.py:article_match`, loaded the way a run loads it."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from scorers.registry import resolve_scorer

LAW = Path(__file__).resolve().parents[1] / "tracks" / "law"
REF = "《中华人民共和国民法典》第一千零七十九条：因感情不和分居满二年，调解无效的，应当准予离婚。"


@pytest.fixture(scope="module")
def article_match():
    return resolve_scorer("scorers.py:article_match", LAW, "test")


@pytest.fixture(scope="module")
def law_scorers():
    spec = importlib.util.spec_from_file_location("law_scorers_under_test", LAW / "scorers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十七", 17),
        ("二十", 20),
        ("一百", 100),
        ("一百零五", 105),
        ("二百六十三", 263),
        ("一千零七十九", 1079),
        ("一千二百五十四", 1254),
        ("两百", 200),
        ("一零七九", 1079),
    ],
)
def test_chinese_numerals(law_scorers, text, value):
    assert law_scorers.chinese_number(text) == value


@pytest.mark.parametrize(
    ("prediction", "score"),
    [
        ("依据《民法典》第一千零七十九条，分居满二年应准予离婚。", 1.0),
        ("《中华人民共和国民法典》第1079条：应当准予离婚。", 1.0),
        ("民法典第 1079 条规定……", 1.0),
        ("民法典１０７９条", 1.0),  # full-width digits, no 第 right after the law's name
        ("Civil Code, Article 1079: divorce shall be granted.", 1.0),
        ("<answer>依据第一千零七十九条第二款第（四）项</answer>", 1.0),
        ("《民法典》第一千零七十八条", 0.0),  # a neighbouring article
        ("《民法典》第1097条", 0.0),  # digits transposed
        ("法律有一条规定：感情破裂应准予离婚。", 0.0),  # '一条' is not an article
        ("", 0.0),
        ("《民法典》第一千零七十七条和第一千零七十九条", 0.0),  # the first cited article counts
    ],
)
def test_article_match_chinese_and_arabic(article_match, prediction, score):
    assert article_match([prediction], [REF]).values == [score]


def test_inserted_articles_are_told_apart(article_match):
    ref = "《中华人民共和国刑法》第一百三十三条之一：醉酒驾驶机动车的，构成危险驾驶罪。"
    predictions = [
        "《刑法》第133条之一",
        "刑法第一百三十三条之一规定的危险驾驶罪",
        "《刑法》第一百三十三条",  # 交通肇事罪, not the inserted article
        "《刑法》第一百三十三条之二",
        "《刑法》第一百三十三条之规定",  # '之规定' is no suffix: plain article 133
    ]
    assert article_match(predictions, [ref] * len(predictions)).values == [1.0, 1.0, 0.0, 0.0, 0.0]


def test_scores_are_aligned_per_sample(article_match):
    refs = [REF, "《中华人民共和国刑法》第十七条：……", "《中华人民共和国劳动合同法》第八十二条：……"]
    preds = ["第1079条", "《刑法》第一十七条", "劳动合同法第82条"]
    assert article_match(preds, refs).values == [1.0, 1.0, 1.0]
    assert article_match(preds[1:] + preds[:1], refs).values == [0.0, 0.0, 0.0]


def _arabic(reference: str, law_scorers) -> str:
    """The reference with its cited article in Arabic numerals (第一千零七十九条 -> 第1079条)."""
    return re.sub(
        r"第([零〇一二两三四五六七八九十百千]+)条",
        lambda m: f"第{law_scorers.chinese_number(m.group(1))}条",
        reference,
        count=1,
    )


def test_every_statute_reference_cites_its_article(article_match, law_scorers):
    rows = [
        json.loads(line)
        for name in ("statute_qa_dev.jsonl", "statute_qa_test.jsonl")
        for line in (LAW / "data" / name).read_text(encoding="utf-8").splitlines()
    ]
    assert len(rows) >= 75
    for row in rows:
        assert row["answer"].startswith(f"《中华人民共和国{row['law']}》{row['article']}："), row["id"]
        assert law_scorers.first_article(row["answer"]) == law_scorers.first_article(row["article"])
    refs = [row["answer"] for row in rows]
    assert article_match(refs, refs).values == [1.0] * len(rows)
    assert article_match([_arabic(r, law_scorers) for r in refs], refs).values == [1.0] * len(rows)
    shifted = refs[1:] + refs[:1]  # each question answered with the next question's article
    same = [
        law_scorers.first_article(a) == law_scorers.first_article(b)
        for a, b in zip(shifted, refs, strict=True)
    ]
    assert article_match(shifted, refs).values == [1.0 if s else 0.0 for s in same]
    assert sum(same) < len(rows) // 10
