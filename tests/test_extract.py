"""Answer extraction: free text -> extracted answer, unparsed when nothing can be extracted."""

from __future__ import annotations

import json

import pytest

from harness.errors import UserError
from scorers.extract import ExtractContext, Extraction, extract_answer
from scorers.registry import get_extractor, known_extractors, parse_options

MEDICAL = ExtractContext(choices=("外科", "儿科", "内科", "眼科"), letters="ABCD")
ABCD = ExtractContext(letters="ABCD")
ANY = ExtractContext()


def steps(*config):
    """Steps as a track's YAML gives them: a name, or a one-key mapping name -> options."""
    out = []
    for i, entry in enumerate(config):
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        definition = get_extractor(name, f"extraction[{i}]")
        out.append((definition, parse_options(definition.options, options, f"extraction[{i}]")))
    return out


CHOICE = steps("strip_reasoning", "choice_letter")

# (raw response, context, expected letter or None = unparsed)
CHOICE_CASES = [
    ("答案是C", ABCD, "C"),
    ("答案：C", ABCD, "C"),
    ("答案为 (B)。", ABCD, "B"),
    ("选 C", ABCD, "C"),
    ("选择C项", ABCD, "C"),
    ("我认为应该选D，因为A和B都不对", ABCD, "D"),
    ("(C)", ABCD, "C"),
    ("（C）", ABCD, "C"),
    ("Ｃ", ABCD, "C"),
    ("The answer is C.", ABCD, "C"),
    ("Answer: (b)", ABCD, "B"),
    ("the answer is d", ABCD, "D"),
    ("C. 内科", MEDICAL, "C"),
    ("C", ABCD, "C"),
    ("c)", ABCD, "C"),
    ("b.", ABCD, "B"),
    ("内科", MEDICAL, "C"),
    ("应该去内科就诊。", MEDICAL, "C"),
    ("I think the answer is B, not A.", ABCD, "B"),
    ("A is tempting, but the correct option is D", ABCD, "D"),
    ("Option B is correct.", ABCD, "B"),
    ("C is the correct answer", ABCD, "C"),
    ("综上所述，正确答案为 B。", ABCD, "B"),
    ("选项A错误，选项B错误，故选C", ABCD, "C"),
    ("我先选A，再想想，答案是D", ABCD, "D"),
    ("**答案：D**", ABCD, "D"),
    ("$\\boxed{A}$", ABCD, "A"),
    ("C项正确", ABCD, "C"),
    ("<think>A or B? maybe D</think>答案是B", ABCD, "B"),
    ("分析过程……</think>\n\nA", ABCD, "A"),
    ("根据题意，B", ABCD, "B"),
    ("维生素C", ExtractContext(choices=("维生素A", "维生素B", "维生素C", "维生素D"), letters="ABCD"), "C"),
    (
        "血栓栓塞",
        ExtractContext(choices=("血栓栓塞（如脑卒中）", "感染性心内膜炎", "严重低血糖"), letters="ABC"),
        "A",
    ),
    # must be unparsed
    ("A和C都对", ABCD, None),
    ("A、B、C", ABCD, None),
    ("I don't know", ANY, None),
    ("A good question; I would say it depends", ABCD, None),
    ("the answer is a bit unclear", ABCD, None),
    ("答案是E", ABCD, None),
    ("<think>still thinking about A", ABCD, None),
    ("我不确定", MEDICAL, None),
    ("外科或者内科", MEDICAL, None),
    ("科", MEDICAL, None),
    ("", ABCD, None),
    (None, ABCD, None),
    ("   \n ", ABCD, None),
]


@pytest.mark.parametrize("raw,context,expected", CHOICE_CASES)
def test_choice_letter(raw, context, expected):
    result = extract_answer(raw, CHOICE, context)
    assert result.answer == expected
    assert result.unparsed == (expected is None)


def test_choice_letter_option_letters_override_the_context():
    only_ab = steps({"choice_letter": {"letters": "ab"}})
    assert extract_answer("答案是C", only_ab, ANY).answer is None
    assert extract_answer("答案是b", only_ab, ANY).answer == "B"
    no_text = steps({"choice_letter": {"match_option_text": False}})
    assert extract_answer("内科", no_text, MEDICAL).unparsed


NUMBER_CASES = [
    ("first_number", "约1.2万元，同比增长15%", "1.2万元"),
    ("last_number", "约1.2万元，同比增长15%", "15%"),
    ("last_number", "计算：3+4=7，所以答案是 7。", "7"),
    ("first_number", "收入 1,234.5 元", "1,234.5"),
    ("first_number", "收入1,234.5元", "1,234.5元"),
    ("first_number", "温度为 -0.5 度", "-0.5"),
    ("first_number", "共计１２３人", "123"),
    ("first_number", "总投资3亿元", "3亿元"),
    ("last_number", "一共有三百二十人", "三百二十"),
    ("last_number", "一起算一算：答案是一千零五", "一千零五"),
    ("first_number", "大约两万人参加", "两万"),
    ("first_number", "增长了百分之十五", "百分之十五"),
    ("first_number", "5千克", "5"),
    ("first_number", "没有数字", None),
    ("last_number", "千万不要忘记", None),
    ("first_number", "", None),
]


@pytest.mark.parametrize("step,raw,expected", NUMBER_CASES)
def test_number_extraction(step, raw, expected):
    result = extract_answer(raw, steps(step), ANY)
    assert result.answer == expected
    assert result.unparsed == (expected is None)


JSON_CASES = [
    ('{"b": 2, "a": "北京"}', None, '{"a":"北京","b":2}'),
    ('结果如下：\n```json\n{"city": "上海", "n": [1, 2]}\n```\n以上。', None, '{"city":"上海","n":[1,2]}'),
    ('Here you go: {"answer": "B", "why": "..."} hope it helps', "answer", "B"),
    ('{"answer": 42}', "answer", "42"),
    ('{"answer": [1, "二"]}', "answer", '[1,"二"]'),
    ('{"other": 1}', "answer", None),
    ("[1, 2, 3]", None, None),
    ("no json at all {not: json}", None, None),
    ("{" * 5000, None, None),
]


@pytest.mark.parametrize("raw,field,expected", JSON_CASES)
def test_json_extraction(raw, field, expected):
    options = {"field": field} if field else {}
    result = extract_answer(raw, steps({"json": options}), ANY)
    assert result.answer == expected
    if expected is not None and field is None:
        assert json.loads(result.answer) == json.loads(raw[raw.index("{") : raw.rindex("}") + 1])


REASONING_CASES = [
    ("<think>推理过程</think>最终答案：42", "最终答案:42"),
    ("<THINK>x</THINK> yes <think>y</think> and no", "yes and no"),
    ("<think>\n多行\n推理\n</think>\n\n结论", "结论"),
    ("前面的思考</think>答案", "答案"),
    ("<think>没有结束的思考", None),
    ("没有思考标签", "没有思考标签"),
]


@pytest.mark.parametrize("raw,expected", REASONING_CASES)
def test_strip_reasoning(raw, expected):
    result = extract_answer(raw, steps("strip_reasoning", "normalize"), ANY)
    assert result.answer == expected
    assert result.unparsed == (expected is None)


def test_strip_reasoning_other_tags():
    custom = steps({"strip_reasoning": {"tags": ["reasoning", "think"]}})
    assert extract_answer("<reasoning>r</reasoning><think>t</think>B", custom, ANY).answer == "B"
    with pytest.raises(UserError, match="plain tag name"):
        steps({"strip_reasoning": {"tags": ["a>b"]}})


def test_normalize_options():
    raw = "  ＡＢＣ，Hello！  世界。 "
    assert extract_answer(raw, steps("normalize"), ANY).answer == "ABC,Hello! 世界。"
    full = steps({"normalize": {"lowercase": True, "strip_punctuation": True}})
    assert extract_answer(raw, full, ANY).answer == "abchello 世界"
    assert extract_answer("！？。", full, ANY).unparsed  # nothing left


def test_regex_step_groups_and_which():
    assert extract_answer("id=12, id=34", steps({"regex": {"pattern": r"id=(\d+)"}}), ANY).answer == "12"
    last = steps({"regex": {"pattern": r"id=(?P<n>\d+)", "group": "n", "which": "last"}})
    assert extract_answer("id=12, id=34", last, ANY).answer == "34"
    whole = steps({"regex": {"pattern": r"ANSWER:\s*\w+", "flags": "i"}})
    assert extract_answer("so answer: yes", whole, ANY).answer == "answer: yes"
    assert extract_answer("nothing", whole, ANY).unparsed
    with pytest.raises(UserError, match="group 2"):
        steps({"regex": {"pattern": r"(a)", "group": 2}})
    with pytest.raises(UserError, match="invalid regular expression"):
        steps({"regex": {"pattern": r"(a"}})
    with pytest.raises(UserError, match="unknown option"):
        steps({"regex": {"pattern": "a", "grop": 1}})


def test_first_and_last_line():
    text = "\n\n第一行\n中间\n  最后一行  \n\n"
    assert extract_answer(text, steps("first_line"), ANY).answer == "第一行"
    assert extract_answer(text, steps("last_line"), ANY).answer == "最后一行"


LABELS = {"labels": ["正面", "负面", "中性"]}
LABEL_CASES = [
    ("负面", "负面"),
    (" 中性。", "中性"),
    ("这条评论的情感是负面的", "负面"),
    ("既有正面也有负面", None),
    ("不知道", None),
]


@pytest.mark.parametrize("raw,expected", LABEL_CASES)
def test_label(raw, expected):
    assert extract_answer(raw, steps({"label": LABELS}), ANY).answer == expected


def test_label_prefers_the_longer_label_it_is_part_of():
    related = steps({"label": {"labels": ["相关", "不相关"]}})
    assert extract_answer("该文档与问题不相关", related, ANY).answer == "不相关"
    assert extract_answer("相关", related, ANY).answer == "相关"
    english = steps({"label": {"labels": ["Positive", "Negative"]}})
    assert extract_answer("ＮＥＧＡＴＩＶＥ!", english, ANY).answer == "Negative"


def test_trace_records_every_step_and_stops_at_the_first_failure():
    pipeline = steps("strip_reasoning", {"normalize": {"lowercase": True}}, "choice_letter")
    ok = extract_answer("<think>嗯</think>  答案：Ｂ ", pipeline, ABCD)
    assert ok == Extraction(
        "B", [("strip_reasoning", "答案：Ｂ"), ("normalize", "答案:b"), ("choice_letter", "B")], False
    )
    failed = extract_answer("<think>嗯", pipeline, ABCD)
    assert failed.unparsed and failed.answer is None
    assert failed.trace == [("strip_reasoning", "")]


def test_no_steps_is_the_raw_text_stripped():
    assert extract_answer("  答案  ", [], ANY) == Extraction("答案", [], False)
    assert extract_answer(None, [], ANY).unparsed
    assert extract_answer("", []).unparsed


def test_every_extractor_survives_hostile_text():
    hostile = [
        "😀" * 1000,
        "\x00",
        "{" * 20000,
        "<think>" * 1000,
        "答案是" * 5000,
        "9" * 5000 + "万亿",
        "零" * 10000,
    ]
    for name in known_extractors():
        definition = get_extractor(name)
        options = {"pattern": "a"} if name == "regex" else {"labels": ["x"]} if name == "label" else {}
        pipeline = [(definition, parse_options(definition.options, options, name))]
        for text in hostile:
            result = extract_answer(text, pipeline, MEDICAL)
            assert result.unparsed == (result.answer is None)


def test_a_denied_label_is_not_the_answer() -> None:
    from scorers.extract import ExtractContext, extract_answer
    from scorers.registry import get_extractor, parse_options

    step = get_extractor("label")
    options = parse_options(step.options, {"labels": ["正确", "部分正确", "错误"]}, "test")
    cases = {
        "不正确": None,
        "这个回答不是正确的，而是错误的": "错误",
        "部分正确": "部分正确",
        "并非错误，是正确的": "正确",
    }
    for text, expected in cases.items():
        assert extract_answer(text, [(step, options)], ExtractContext()).answer == expected, text
    departments = parse_options(step.options, {"labels": ["环保", "交通"]}, "test")
    assert extract_answer("不是环保而是交通", [(step, departments)], ExtractContext()).answer == "交通"
