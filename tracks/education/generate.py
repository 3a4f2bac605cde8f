"""Generate the education track's datasets: deterministic (seeded), standard library only.

    python tracks/education/generate.py

writes `data/math_word_problems.jsonl` (应用题 with exact numeric answers) and
`data/answer_grading.jsonl` (short student answers graded 正确/部分正确/错误).
Every math answer is computed with `fractions.Fraction`; `verify_math.py` recomputes
each one independently from the stored parameters and checks that the question
text states exactly those numbers.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction as F
from pathlib import Path

from grading_bank import BANK

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEED = 20240601

MATH_DEV, MATH_TEST, MATH_EN = 40, 160, 30
PI = F("3.14")


# ---------------------------------------------------------------- numbers


def is_clean(x: F, places: int = 2) -> bool:
    """True when x is exact with at most `places` decimals."""
    return (x * 10**places).denominator == 1


def num(x: F | int | str, places: int = 3) -> str:
    """The shortest exact decimal for x (raises if it needs more than `places` decimals)."""
    x = F(x)
    if not is_clean(x, places):
        raise ValueError(f"{x} is not a terminating decimal with <= {places} places")
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    x = abs(x)
    whole, rest = divmod(x.numerator, x.denominator)
    digits = ""
    while rest:
        rest *= 10
        d, rest = divmod(rest, x.denominator)
        digits += str(d)
    return f"{sign}{whole}.{digits}"


def value(x: F | int) -> int | float:
    """A parameter as JSON: an int when whole, else a float whose repr is the exact decimal."""
    x = F(x)
    return x.numerator if x.denominator == 1 else float(num(x, 6))


ZH_DIGITS = "零一二三四五六七八九十"


def zh_int(n: int) -> str:
    """Chinese numerals for 1..99 (enough for fractions and grades)."""
    if n <= 10:
        return ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else ZH_DIGITS[tens] + "十") + (ZH_DIGITS[ones] if ones else "")


def zh_frac(x: F) -> str:
    return f"{zh_int(x.denominator)}分之{zh_int(x.numerator)}"


EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


# ---------------------------------------------------------------- problems


@dataclass
class Problem:
    kind: str
    problem_type: str
    grade: str
    difficulty: str
    question: str
    answer: F
    percent: bool = False
    params: dict = field(default_factory=dict)

    @property
    def target(self) -> str:
        return num(self.answer * 100) + "%" if self.percent else num(self.answer)


class Retry(Exception):
    """The drawn numbers do not give a clean problem: draw again."""


def need(condition: bool) -> None:
    if not condition:
        raise Retry


ZH_KIDS = ["小明", "小红", "小刚", "小丽", "小华", "小军", "小芳", "小东", "乐乐", "天天", "欢欢", "亮亮"]
ZH_ADULTS = ["王叔叔", "李阿姨", "张老师", "刘爷爷", "陈师傅", "赵阿姨", "妈妈", "爸爸"]
EN_KIDS = ["Tom", "Lily", "Sam", "Mia", "Ben", "Emma", "Jack", "Lucy", "Leo", "Amy"]
ZH_SCHOOLS = ["育才小学", "实验小学", "光明小学", "红星小学", "新华小学", "向阳小学"]

Maker = Callable[[random.Random, str], Problem]
MAKERS: dict[str, tuple[Maker, bool]] = {}  # kind -> (maker, has an English version)


def maker(kind: str, english: bool = False):
    def register(fn: Maker) -> Maker:
        MAKERS[kind] = (fn, english)
        return fn

    return register


# ---- 行程


@maker("meet_time", english=True)
def meet_time(rng: random.Random, lang: str) -> Problem:
    if lang == "zh" and rng.random() < 0.4:
        v1, v2 = rng.randrange(50, 85, 5), rng.randrange(50, 85, 5)
        t = rng.choice([6, 8, 9, 10, 12, 15])
        d = (v1 + v2) * t
        a, b = rng.sample(ZH_KIDS, 2)
        q = rng.choice(
            [
                f"{a}家和{b}家相距{d}米。两人同时从家出发相向而行，{a}每分钟走{v1}米，{b}每分钟走{v2}米，经过多少分钟两人相遇？",
                f"{a}和{b}分别从相距{d}米的两地同时出发，相对而行。{a}每分钟走{v1}米，{b}每分钟走{v2}米，两人几分钟后相遇？",
            ]
        )
        return Problem("meet_time", "行程", "四年级", "easy", q, F(t), params={"d": d, "v1": v1, "v2": v2})
    v1, v2 = rng.randrange(40, 95, 5), rng.randrange(40, 95, 5)
    t = F(rng.choice([3, 4, 5, 6, 7, 8, 10, 12, 14]), 2)
    d = (v1 + v2) * t
    need(d.denominator == 1)
    if lang == "en":
        q = rng.choice(
            [
                f"Two towns are {d} km apart. A bus and a truck leave the two towns at the same time and drive toward each other. "
                f"The bus travels at {v1} km/h and the truck at {v2} km/h. After how many hours will they meet?",
                f"A car leaves City A for City B at {v1} km/h. At the same moment a van leaves City B for City A at {v2} km/h. "
                f"The two cities are {d} km apart. How many hours later do the car and the van meet?",
            ]
        )
    else:
        x, y = rng.choice([("一辆货车", "一辆客车"), ("一辆轿车", "一辆卡车"), ("甲车", "乙车")])
        q = rng.choice(
            [
                f"甲、乙两地相距{d}千米。{x}和{y}同时从两地出发，相向而行，{x}每小时行{v1}千米，{y}每小时行{v2}千米。经过多少小时两车相遇？",
                f"{x}每小时行{v1}千米，{y}每小时行{v2}千米，两车分别从相距{d}千米的两地同时出发，相对开出。几小时后两车相遇？",
            ]
        )
    return Problem("meet_time", "行程", "五年级", "medium", q, t, params={"d": value(d), "v1": v1, "v2": v2})


@maker("meet_distance")
def meet_distance(rng: random.Random, lang: str) -> Problem:
    v1, v2 = rng.sample(range(60, 125, 5), 2)
    t = F(rng.choice([4, 5, 6, 7, 8, 9]), 2)
    if rng.random() < 0.5:
        ans = (v1 + v2) * t
        q = rng.choice(
            [
                f"甲、乙两列火车同时从两地相对开出，甲车每小时行{v1}千米，乙车每小时行{v2}千米，经过{num(t)}小时相遇。两地之间的铁路长多少千米？",
                f"两辆汽车从相距若干千米的两个城市同时相向开出，一辆每小时行{v1}千米，另一辆每小时行{v2}千米，{num(t)}小时后两车相遇。两城相距多少千米？",
            ]
        )
        diff = "easy"
    else:
        v1, v2 = max(v1, v2), min(v1, v2)
        ans = (v1 - v2) * t
        q = f"甲、乙两车同时从A、B两地相对开出，甲车每小时行{v1}千米，乙车每小时行{v2}千米，经过{num(t)}小时两车相遇。相遇时甲车比乙车多行了多少千米？"
        diff = "medium"
    need(ans.denominator == 1)
    return Problem(
        "meet_distance", "行程", "四年级", diff, q, ans, params={"v1": v1, "v2": v2, "t": value(t)}
    )


@maker("chase", english=True)
def chase(rng: random.Random, lang: str) -> Problem:
    if rng.random() < 0.6 or lang == "en":
        v1 = rng.choice([50, 60, 65, 70, 75, 80])
        v2 = rng.choice([150, 180, 200, 210, 240, 250])
        m = rng.randrange(4, 16)
        t = F(v1 * m, v2 - v1)
        need(is_clean(t, 1))
        if lang == "en":
            a = rng.choice(["Lily", "Mia", "Emma", "Lucy", "Amy"])
            q = (
                f"{a} walks from home to school at {v1} metres per minute. {m} minutes after she leaves, her brother sets off "
                f"from home on a bike along the same road at {v2} metres per minute. How many minutes after setting off does he catch up with her?"
            )
        else:
            q = rng.choice(
                [
                    f"弟弟从家出发步行去学校，每分钟走{v1}米。{m}分钟后，哥哥骑自行车从家出发沿同一条路去追，每分钟骑{v2}米。哥哥出发后几分钟能追上弟弟？",
                    f"妹妹每分钟走{v1}米，她先出发{m}分钟后，姐姐骑车从同一地点出发沿同一路线追赶，每分钟骑{v2}米。姐姐骑车多少分钟可以追上妹妹？",
                ]
            )
        return Problem("chase", "行程", "五年级", "medium", q, t, params={"v1": v1, "v2": v2, "m": m})
    v1 = rng.randrange(40, 70, 5)
    v2 = rng.randrange(v1 + 10, 100, 5)
    h = F(rng.choice([2, 3, 4, 5]), 2)
    t = v1 * h / (v2 - v1)
    need(is_clean(t, 2))
    q = f"一辆货车以每小时{v1}千米的速度从仓库出发，{num(h)}小时后，一辆轿车从仓库出发沿同一路线追赶，速度为每小时{v2}千米。轿车出发后几小时能追上货车？"
    return Problem("chase", "行程", "七年级", "medium", q, t, params={"v1": v1, "v2": v2, "h": value(h)})


ROUND_TRIP_SPEEDS = [
    (60, 40),
    (30, 20),
    (6, 4),
    (12, 8),
    (45, 30),
    (60, 90),
    (10, 15),
    (3, 6),
    (40, 60),
    (15, 10),
    (20, 30),
    (4, 6),
]


@maker("round_trip_avg", english=True)
def round_trip_avg(rng: random.Random, lang: str) -> Problem:
    v1, v2 = rng.choice(ROUND_TRIP_SPEEDS)
    ans = F(2 * v1 * v2, v1 + v2)
    need(is_clean(ans, 2))
    if lang == "en":
        if v1 <= 6:
            q = f"A hiker walks up a mountain trail at {v1} km/h and comes back down the same trail at {v2} km/h. What is the average speed for the whole round trip, in km/h?"
        else:
            q = f"A cyclist rides from home to the lake at {v1} km/h and rides back along the same road at {v2} km/h. What is the average speed for the whole round trip, in km/h?"
    elif v1 <= 6:
        q = f"{rng.choice(ZH_ADULTS)}沿同一条山路上山、下山，上山时每小时走{v1}千米，下山时每小时走{v2}千米。求上、下山的平均速度是每小时多少千米？"
    else:
        q = rng.choice(
            [
                f"一辆汽车从A城开往B城，去时每小时行{v1}千米，返回时沿原路每小时行{v2}千米。这辆汽车往返的平均速度是每小时多少千米？",
                f"{rng.choice(ZH_ADULTS)}骑车从家到公园，去时每小时骑{v1}千米，回来时沿原路每小时骑{v2}千米。往返全程的平均速度是每小时多少千米？",
            ]
        )
    return Problem("round_trip_avg", "行程", "六年级", "hard", q, ans, params={"v1": v1, "v2": v2})


@maker("boat")
def boat(rng: random.Random, lang: str) -> Problem:
    vb, vc, t = rng.randrange(15, 31), rng.randrange(2, 6), rng.randrange(2, 7)
    ans = F((vb + vc) * t, vb - vc)
    need(is_clean(ans, 1))
    q = f"一艘轮船在静水中每小时行{vb}千米，水流速度是每小时{vc}千米。这艘船从甲港顺流行驶到乙港用了{t}小时，它从乙港沿原航线返回甲港需要多少小时？"
    return Problem("boat", "行程", "六年级", "hard", q, ans, params={"vb": vb, "vc": vc, "t": t})


# ---- 工程


@maker("work_together", english=True)
def work_together(rng: random.Random, lang: str) -> Problem:
    context = rng.randrange(3)
    a, b = rng.sample(range(3, 41) if context == 0 else range(2, 16), 2)
    ans = F(a * b, a + b)
    need(is_clean(ans, 2))
    if lang == "en":
        q = [
            f"A road crew can resurface a street by itself in {a} days, and a second crew can do it in {b} days. How many days will it take the two crews working together?",
            f"Pipe A alone can fill a tank in {a} hours and pipe B alone can fill it in {b} hours. If both pipes are opened together, how many hours will it take to fill the tank?",
            f"Anna can paint a fence by herself in {a} hours. Her brother can paint the same fence by himself in {b} hours. How many hours will it take them working together?",
        ][context]
    else:
        q = [
            f"一项工程，甲队单独做{a}天可以完成，乙队单独做{b}天可以完成。两队合作，多少天可以完成？",
            f"一个水池，单开甲水管{a}小时可以注满，单开乙水管{b}小时可以注满。两管同时打开，几小时可以注满水池？",
            f"打印一份文稿，小王单独打需要{a}小时，小李单独打需要{b}小时。两人合打，需要多少小时完成？",
        ][context]
    return Problem("work_together", "工程", "六年级", "medium", q, ans, params={"a": a, "b": b})


@maker("work_then")
def work_then(rng: random.Random, lang: str) -> Problem:
    a, b = rng.sample(range(6, 31), 2)
    t = rng.randrange(1, 6)
    left = 1 - t * (F(1, a) + F(1, b))
    need(left > 0)
    ans = left * b
    need(is_clean(ans, 1))
    q = rng.choice(
        [
            f"一项工程，甲队单独做需要{a}天完成，乙队单独做需要{b}天完成。两队合作{t}天后，剩下的由乙队单独完成，乙队还需要做多少天？",
            f"修一条水渠，甲工程队单独修{a}天修完，乙工程队单独修{b}天修完。现在两队合修{t}天，余下的由乙队单独修，还要几天修完？",
        ]
    )
    return Problem("work_then", "工程", "六年级", "hard", q, ans, params={"a": a, "b": b, "t": t})


@maker("pipes")
def pipes(rng: random.Random, lang: str) -> Problem:
    a = rng.randrange(2, 13)
    b = rng.randrange(a + 1, 25)
    ans = F(a * b, b - a)
    need(is_clean(ans, 1))
    q = f"一个蓄水池装有一根进水管和一根出水管。单开进水管{a}小时可以把空池注满，单开出水管{b}小时可以把满池水放完。如果两管同时打开，多少小时能把空池注满？"
    return Problem("pipes", "工程", "六年级", "hard", q, ans, params={"a": a, "b": b})


# ---- 利润折扣


ZHE = [F(9), F("8.5"), F(8), F("7.5"), F(7), F(6), F(5)]


@maker("discount_price", english=True)
def discount_price(rng: random.Random, lang: str) -> Problem:
    p = rng.randrange(60, 610, 10)
    zhe = rng.choice(ZHE)
    now = p * zhe / 10
    save = rng.random() < 0.4
    ans = p - now if save else now
    need(is_clean(ans, 2))
    if lang == "en":
        item = rng.choice(["jacket", "pair of running shoes", "backpack", "desk lamp", "rice cooker"])
        off = num(100 - zhe * 10)
        ask = "How many yuan does a customer save?" if save else "What is the sale price in yuan?"
        q = f"A {item} is priced at {p} yuan. During a sale the shop takes {off}% off the price. {ask}"
    else:
        item = rng.choice(["一件外套", "一双运动鞋", "一个书包", "一台电风扇", "一套茶具", "一辆儿童自行车"])
        ask = "比原价便宜了多少元？" if save else "现价是多少元？"
        q = rng.choice(
            [
                f"{item}原价{p}元，商场打{num(zhe)}折出售，{ask}",
                f"商场促销，{item}按原价的{num(zhe)}折出售。它的原价是{p}元，{ask}",
            ]
        )
    stated = {"off": value(100 - zhe * 10)} if lang == "en" else {"zhe": value(zhe)}
    return Problem(
        "discount_price", "利润折扣", "六年级", "easy", q, ans, params={"p": p, **stated, "save": save}
    )


@maker("cost_markup")
def cost_markup(rng: random.Random, lang: str) -> Problem:
    c = rng.randrange(40, 520, 20)
    m = rng.choice([20, 25, 30, 40, 50, 60])
    zhe = rng.choice([F(9), F("8.5"), F(8), F("7.5")])
    profit = c * (1 + F(m, 100)) * zhe / 10 - c
    need(profit > 0 and is_clean(profit, 2))
    q = rng.choice(
        [
            f"某商品的进价是{c}元，商店按进价提高{m}%标价，后来又打{num(zhe)}折出售。每件商品赚了多少元？",
            f"一种玩具每个成本{c}元，商店先按成本加价{m}%定价，节日期间再按定价的{num(zhe)}折出售。卖出一个玩具可获利多少元？",
        ]
    )
    return Problem(
        "cost_markup", "利润折扣", "七年级", "hard", q, profit, params={"c": c, "m": m, "zhe": value(zhe)}
    )


@maker("profit_rate", english=True)
def profit_rate(rng: random.Random, lang: str) -> Problem:
    c = rng.randrange(20, 420, 10)
    s = c + rng.randrange(2, c * 3 // 5, 2)
    rate = F(s - c, c)
    need(is_clean(rate * 100, 1))
    if lang == "en":
        q = f"A shop buys a kettle for {c} yuan and sells it for {s} yuan. What is the profit as a percentage of the cost price?"
    else:
        item = rng.choice(["一台电风扇", "一件衬衫", "一盏台灯", "一个电饭锅", "一双皮鞋"])
        q = rng.choice(
            [
                f"商店购进{item}，进价{c}元，售价{s}元。卖出这件商品的利润率是百分之几？",
                f"{item}的成本是{c}元，卖出价是{s}元，利润占成本的百分之几？",
            ]
        )
    return Problem(
        "profit_rate", "利润折扣", "六年级", "medium", q, rate, percent=True, params={"c": c, "s": s}
    )


@maker("original_price")
def original_price(rng: random.Random, lang: str) -> Problem:
    zhe = rng.choice(ZHE)
    orig = rng.randrange(50, 1010, 10)
    s = orig * zhe / 10
    need(s.denominator == 1)
    ask_saving = rng.random() < 0.5
    ans = orig - s if ask_saving else F(orig)
    item = rng.choice(["一台电饭锅", "一件羽绒服", "一部学习机", "一把吉他", "一个行李箱"])
    ask = "比原价便宜了多少元？" if ask_saving else "原价是多少元？"
    q = rng.choice(
        [
            f"{item}打{num(zhe)}折后售价{s}元，{ask}",
            f"{rng.choice(ZH_ADULTS)}买{item}，按{num(zhe)}折付款，实付{s}元。{ask}",
        ]
    )
    return Problem(
        "original_price",
        "利润折扣",
        "六年级",
        "medium",
        q,
        ans,
        params={"zhe": value(zhe), "s": value(s), "saving": ask_saving},
    )


@maker("full_reduction")
def full_reduction(rng: random.Random, lang: str) -> Problem:
    t = rng.choice([100, 200, 300])
    r = rng.choice([10, 15, 20, 25]) * t // 100
    p1, p2 = rng.randrange(58, 360), rng.randrange(38, 260)
    total = p1 + p2
    need(total >= t)
    ans = F(total - r * (total // t))
    x, y = rng.choice(
        [
            ("一件上衣", "一条裤子"),
            ("一双运动鞋", "一个书包"),
            ("一套床单", "一个枕头"),
            ("一个电水壶", "一口炒锅"),
        ]
    )
    q = f"商场开展“每满{t}元减{r}元”的促销活动。{rng.choice(ZH_ADULTS)}买了{x}（{p1}元）和{y}（{p2}元），一起结账，实际要付多少元？"
    return Problem(
        "full_reduction", "利润折扣", "五年级", "medium", q, ans, params={"t": t, "r": r, "p1": p1, "p2": p2}
    )


# ---- 鸡兔同笼


@maker("chicken_rabbit", english=True)
def chicken_rabbit(rng: random.Random, lang: str) -> Problem:
    chickens, rabbits = rng.randrange(3, 40), rng.randrange(3, 30)
    heads, legs = chickens + rabbits, 2 * chickens + 4 * rabbits
    ask_rabbits = rng.random() < 0.6
    ans = F(rabbits if ask_rabbits else chickens)
    if lang == "en":
        ask = "rabbits" if ask_rabbits else "chickens"
        q = f"A farmer keeps chickens and rabbits in one yard. Altogether the animals have {heads} heads and {legs} legs. How many {ask} are there?"
    else:
        ask = "兔" if ask_rabbits else "鸡"
        q = rng.choice(
            [
                f"笼子里有若干只鸡和兔，从上面数有{heads}个头，从下面数有{legs}只脚。{ask}有多少只？",
                f"鸡和兔共{heads}只，一共有{legs}条腿，{ask}有几只？",
            ]
        )
    return Problem(
        "chicken_rabbit",
        "鸡兔同笼",
        "四年级",
        "medium",
        q,
        ans,
        params={"heads": heads, "legs": legs, "ask": "rabbits" if ask_rabbits else "chickens"},
    )


@maker("bike_trike")
def bike_trike(rng: random.Random, lang: str) -> Problem:
    bikes, trikes = rng.randrange(5, 40), rng.randrange(3, 25)
    n, wheels = bikes + trikes, 2 * bikes + 3 * trikes
    q = f"车棚里停着自行车和三轮车共{n}辆，数一数一共有{wheels}个轮子。三轮车有多少辆？"
    return Problem(
        "bike_trike", "鸡兔同笼", "四年级", "medium", q, F(trikes), params={"n": n, "wheels": wheels}
    )


@maker("boats")
def boats(rng: random.Random, lang: str) -> Problem:
    big_cap, small_cap = rng.choice([(6, 4), (5, 3), (8, 5), (6, 3)])
    big, small = rng.randrange(2, 10), rng.randrange(2, 10)
    k, people = big + small, big * big_cap + small * small_cap
    q = f"{people}名同学去公园划船，一共租了{k}条船，每条大船坐{big_cap}人，每条小船坐{small_cap}人，所有船正好坐满。租了几条大船？"
    return Problem(
        "boats",
        "鸡兔同笼",
        "四年级",
        "medium",
        q,
        F(big),
        params={"people": people, "k": k, "big_cap": big_cap, "small_cap": small_cap},
    )


@maker("quiz_score", english=True)
def quiz_score(rng: random.Random, lang: str) -> Problem:
    n = rng.choice([10, 15, 20, 25, 30])
    a, b = rng.choice([(5, 2), (4, 1), (10, 5), (6, 2), (5, 3), (8, 4)])
    right = rng.randrange(n // 2, n)
    score = a * right - b * (n - right)
    need(score > 0)
    if lang == "en":
        name = rng.choice(["Mia", "Emma", "Lucy", "Amy"])
        q = (
            f"A quiz has {n} questions. Each correct answer earns {a} points, and each wrong or unanswered question loses {b} points. "
            f"{name} answered every question and scored {score} points. How many questions did she get right?"
        )
    else:
        q = f"一次知识竞赛共有{n}道题，答对一题得{a}分，答错或不答一题扣{b}分。{rng.choice(ZH_KIDS)}每道题都作了答，最后得分{score}分，答对了几道题？"
    return Problem(
        "quiz_score",
        "鸡兔同笼",
        "五年级",
        "hard",
        q,
        F(right),
        params={"n": n, "a": a, "b": b, "score": score},
    )


# ---- 百分数


@maker("percent_part", english=True)
def percent_part(rng: random.Random, lang: str) -> Problem:
    n = rng.choice([40, 48, 50, 80, 120, 125, 160, 200, 240, 250, 320, 400])
    m = rng.randrange(n // 5, n * 4 // 5)
    ans = F(m, n)
    need(is_clean(ans * 100, 1))
    if lang == "en":
        q = f"A school club has {n} members, and {m} of them can play a musical instrument. What percentage of the members can play an instrument?"
    else:
        q = rng.choice(
            [
                f"{rng.choice(ZH_SCHOOLS)}六年级有学生{n}人，其中男生{m}人。男生人数占全年级人数的百分之几？",
                f"果园里共有果树{n}棵，其中桃树{m}棵。桃树的棵数占果树总数的百分之几？",
                f"图书角共有图书{n}本，其中科普书{m}本。科普书占图书总数的百分之几？",
            ]
        )
    return Problem("percent_part", "百分数", "六年级", "easy", q, ans, percent=True, params={"n": n, "m": m})


@maker("percent_change")
def percent_change(rng: random.Random, lang: str) -> Problem:
    a = rng.choice([40, 50, 80, 120, 150, 200, 240, 250, 320, 400, 500, 800])
    delta = rng.randrange(1, a // 2)
    up = rng.random() < 0.6
    b = a + delta if up else a - delta
    ans = F(delta, a)
    need(is_clean(ans * 100, 1))
    if up:
        q = rng.choice(
            [
                f"某村去年粮食产量是{a}吨，今年是{b}吨。今年比去年增产了百分之几？",
                f"一家书店上月卖出图书{a}本，本月卖出{b}本。本月的销量比上月增长了百分之几？",
            ]
        )
    elif rng.random() < 0.5:
        q = f"{rng.choice(ZH_KIDS)}家上个月用电{a}千瓦时，这个月用电{b}千瓦时。这个月比上个月节约了百分之几？"
    else:
        a, b = a * 10, b * 10
        q = f"一种电脑原价{a}元，现在降价到{b}元。现价比原价降低了百分之几？"
    return Problem(
        "percent_change", "百分数", "六年级", "medium", q, ans, percent=True, params={"a": a, "b": b}
    )


@maker("rate_pass")
def rate_pass(rng: random.Random, lang: str) -> Problem:
    n = rng.choice([40, 50, 80, 200, 250, 400, 500, 800, 1000])
    bad = rng.randrange(1, n // 8)
    ans = F(n - bad, n)
    need(is_clean(ans * 100, 1))
    style = rng.randrange(3)
    if style == 0:
        q = f"农科站做发芽试验，共播下{n}粒种子，结果有{bad}粒没有发芽。这批种子的发芽率是多少？"
        params = {"n": n, "bad": bad}
    elif style == 1:
        good = n - bad
        q = f"某车间生产一批零件，经检验合格的有{good}个，不合格的有{bad}个。这批零件的合格率是多少？"
        params = {"good": good, "bad": bad}
    else:
        need(n <= 50)
        q = f"六（2）班有学生{n}人，今天有{bad}人请病假。今天这个班的出勤率是多少？"
        params = {"n": n, "bad": bad}
    params["style"] = style
    return Problem("rate_pass", "百分数", "六年级", "medium", q, ans, percent=True, params=params)


@maker("whole_from_percent", english=True)
def whole_from_percent(rng: random.Random, lang: str) -> Problem:
    p = rng.choice([5, 12, 15, 20, 25, 30, 35, 40, 45, 60, 75, 80])
    context = "book" if lang == "en" else rng.choice(["road", "book", "choir"])
    low, high = {"road": (20, 900), "book": (80, 480), "choir": (30, 90)}[context]
    whole = rng.randrange(low, high)
    x = F(whole * p, 100)
    need(x.denominator == 1 and (context != "choir" or 30 <= p <= 75))
    if lang == "en":
        q = f"Leo has read {x} pages of a novel, which is {p}% of the whole book. How many pages does the book have?"
    else:
        q = {
            "road": f"一条公路已经修了全长的{p}%，正好是{x}千米。这条公路全长多少千米？",
            "book": f"{rng.choice(ZH_KIDS)}看一本书，已经看了{x}页，正好占全书的{p}%。这本书一共有多少页？",
            "choir": f"学校合唱团有女生{x}人，占合唱团总人数的{p}%。合唱团一共有多少人？",
        }[context]
    return Problem(
        "whole_from_percent", "百分数", "六年级", "medium", q, F(whole), params={"p": p, "x": value(x)}
    )


@maker("salt")
def salt(rng: random.Random, lang: str) -> Problem:
    if rng.random() < 0.5:
        a = rng.randrange(5, 60, 5)
        b = rng.randrange(50, 500, 10)
        ans = F(a, a + b)
        need(is_clean(ans * 100, 1))
        q = f"把{a}克盐完全溶解在{b}克水中，这种盐水的含盐率是多少？"
        return Problem(
            "salt", "百分数", "六年级", "medium", q, ans, percent=True, params={"salt": a, "water": b}
        )
    p = rng.choice([10, 15, 20, 25, 30])
    a = rng.randrange(100, 600, 50)
    w = rng.randrange(50, 500, 50)
    ans = F(a * p, 100 * (a + w))
    need(is_clean(ans * 100, 1))
    q = f"有含盐{p}%的盐水{a}克，往里面加入{w}克水后，盐水的含盐率是多少？"
    return Problem("salt", "百分数", "六年级", "hard", q, ans, percent=True, params={"p": p, "a": a, "w": w})


@maker("interest")
def interest(rng: random.Random, lang: str) -> Problem:
    p = rng.randrange(1000, 50001, 1000)
    r = rng.choice([F("1.5"), F("1.75"), F("2.25"), F("2.6"), F("2.75"), F(3)])
    n = rng.choice([1, 2, 3, 5])
    total = rng.random() < 0.4
    i = p * r / 100 * n
    ans = p + i if total else i
    need(is_clean(ans, 2))
    ask = "到期时一共可以取回本金和利息多少元？" if total else "到期时可以得到利息多少元？"
    q = f"{rng.choice(ZH_ADULTS)}把{p}元存入银行，定期{n}年，年利率是{num(r)}%。{ask}"
    return Problem(
        "interest",
        "百分数",
        "六年级",
        "medium",
        q,
        ans,
        params={"p": p, "r": value(r), "n": n, "total": total},
    )


# ---- 面积周长


@maker("rect", english=True)
def rect(rng: random.Random, lang: str) -> Problem:
    a = rng.randrange(6, 40)
    b = rng.randrange(3, a)
    area = rng.random() < 0.5
    ans = F(a * b if area else 2 * (a + b))
    if lang == "en":
        ask = (
            "What is its area in square metres?"
            if area
            else "How many metres of fence are needed to go all the way around it?"
        )
        q = f"A rectangular garden is {a} m long and {b} m wide. {ask}"
    else:
        ask = "这块菜地的面积是多少平方米？" if area else "沿着菜地四周围一圈篱笆，篱笆长多少米？"
        q = rng.choice(
            [f"一块长方形菜地，长{a}米，宽{b}米。{ask}", f"学校有一块长{a}米、宽{b}米的长方形菜地。{ask}"]
        )
    return Problem("rect", "面积周长", "三年级", "easy", q, ans, params={"a": a, "b": b, "area": area})


@maker("rect_from_perimeter")
def rect_from_perimeter(rng: random.Random, lang: str) -> Problem:
    a = rng.randrange(8, 40)
    b = rng.randrange(3, a)
    per = 2 * (a + b)
    q = rng.choice(
        [
            f"一个长方形的周长是{per}厘米，长是{a}厘米。这个长方形的面积是多少平方厘米？",
            f"用一根长{per}厘米的铁丝正好围成一个长方形，长方形的长是{a}厘米。它的面积是多少平方厘米？",
        ]
    )
    return Problem(
        "rect_from_perimeter", "面积周长", "四年级", "medium", q, F(a * b), params={"per": per, "a": a}
    )


@maker("polygon_area")
def polygon_area(rng: random.Random, lang: str) -> Problem:
    if rng.random() < 0.4:
        base, h = rng.randrange(4, 30), rng.randrange(3, 20)
        ans = F(base * h, 2)
        q = rng.choice(
            [
                f"一块三角形的广告牌，底是{base}米，高是{h}米。它的面积是多少平方米？",
                f"一个三角形的底是{base}厘米，高是{h}厘米，它的面积是多少平方厘米？",
            ]
        )
        return Problem(
            "polygon_area",
            "面积周长",
            "五年级",
            "easy",
            q,
            ans,
            params={"shape": "triangle", "base": base, "h": h},
        )
    a = rng.randrange(10, 60)
    b = rng.randrange(a + 5, 100)
    h = rng.randrange(10, 50)
    area = F((a + b) * h, 2)
    if rng.random() < 0.5:
        q = f"一块梯形稻田，上底{a}米，下底{b}米，高{h}米。这块稻田的面积是多少平方米？"
        return Problem(
            "polygon_area",
            "面积周长",
            "五年级",
            "easy",
            q,
            area,
            params={"shape": "trapezoid", "a": a, "b": b, "h": h},
        )
    y = rng.choice([F("0.5"), F("0.6"), F("0.8"), F("1.2"), F("1.5")])
    ans = area * y
    need(is_clean(ans, 2))
    q = f"一块梯形稻田，上底{a}米，下底{b}米，高{h}米。平均每平方米收稻谷{num(y)}千克，这块田一共收稻谷多少千克？"
    return Problem(
        "polygon_area",
        "面积周长",
        "五年级",
        "medium",
        q,
        ans,
        params={"shape": "trapezoid_yield", "a": a, "b": b, "h": h, "y": value(y)},
    )


@maker("circle", english=True)
def circle(rng: random.Random, lang: str) -> Problem:
    style = rng.choice(["circumference", "area", "semicircle"] if lang == "zh" else ["circumference", "area"])
    r = F(rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25]), rng.choice([1, 1, 2]))
    if style == "circumference":
        ans = 2 * PI * r
        if lang == "en":
            q = f"A round table has a diameter of {num(2 * r)} m. What is its circumference in metres? (Use π = 3.14.)"
        else:
            q = rng.choice(
                [
                    f"一个圆形花坛的直径是{num(2 * r)}米，这个花坛的周长是多少米？（π取3.14）",
                    f"钟面上分针长{num(r)}厘米，分针的尖端走一圈经过的路程是多少厘米？（π取3.14）",
                ]
            )
        diff = "easy"
    elif style == "area":
        ans = PI * r * r
        if lang == "en":
            q = f"A goat is tied to a post with a rope {num(r)} m long. What is the largest area of grass, in square metres, that the goat can reach? (Use π = 3.14.)"
        else:
            q = rng.choice(
                [
                    f"草地上用一根长{num(r)}米的绳子把一只羊拴在木桩上，这只羊最多能吃到多少平方米的草？（π取3.14）",
                    f"一个圆形鱼池的半径是{num(r)}米，这个鱼池的占地面积是多少平方米？（π取3.14）",
                ]
            )
        diff = "medium"
    else:
        ans = PI * r + 2 * r
        q = f"一个半圆形的直径是{num(2 * r)}厘米，这个半圆形的周长是多少厘米？（π取3.14）"
        diff = "hard"
    stated = {"d": value(2 * r)} if "直径" in q or "diameter" in q else {"r": value(r)}
    return Problem("circle", "面积周长", "六年级", diff, q, ans, params={"style": style, **stated})


@maker("wall_fence")
def wall_fence(rng: random.Random, lang: str) -> Problem:
    a = rng.randrange(6, 30)
    side = F(rng.randrange(4, 30), 2)
    length = a + 2 * side
    need(length.denominator == 1)
    ans = a * side
    q = f"用{length}米长的篱笆靠墙围一个长方形养鸡场（靠墙的一边不用篱笆），与墙平行的一边长{a}米。这个养鸡场的面积是多少平方米？"
    return Problem(
        "wall_fence", "面积周长", "五年级", "hard", q, ans, params={"length": value(length), "a": a}
    )


@maker("path_around")
def path_around(rng: random.Random, lang: str) -> Problem:
    a, b = rng.randrange(10, 40), rng.randrange(5, 20)
    need(a >= b + 3)
    w = rng.choice([F(1), F("1.5"), F(2), F("0.5")])
    ans = (a + 2 * w) * (b + 2 * w) - a * b
    q = f"一个长方形水池长{a}米，宽{b}米，在水池的四周铺一条宽{num(w)}米的小路。这条小路的面积是多少平方米？"
    return Problem(
        "path_around", "面积周长", "六年级", "hard", q, ans, params={"a": a, "b": b, "w": value(w)}
    )


@maker("tiles")
def tiles(rng: random.Random, lang: str) -> Problem:
    s = rng.choice([4, 5, 6, 8])
    a, b = rng.randrange(6, 13), rng.randrange(4, 9)
    need(a * 10 % s == 0 and b * 10 % s == 0 and a > b)
    ans = F(a * 10 // s * (b * 10 // s))
    q = f"一间教室的地面长{a}米，宽{b}米。用边长{s}分米的正方形地砖铺地，一共需要多少块地砖？"
    return Problem("tiles", "面积周长", "四年级", "medium", q, ans, params={"a": a, "b": b, "s": s})


# ---- 体积


@maker("cuboid_tank")
def cuboid_tank(rng: random.Random, lang: str) -> Problem:
    a, b, c = rng.randrange(5, 13), rng.randrange(3, 8), rng.randrange(4, 10)
    d = rng.randrange(2, c)
    q = f"一个长方体玻璃鱼缸，长{a}分米，宽{b}分米，高{c}分米，里面的水深{d}分米。鱼缸里有水多少升？"
    return Problem(
        "cuboid_tank", "体积", "五年级", "medium", q, F(a * b * d), params={"a": a, "b": b, "c": c, "d": d}
    )


@maker("water_rise")
def water_rise(rng: random.Random, lang: str) -> Problem:
    a, b = rng.randrange(20, 61, 5), rng.randrange(10, 41, 5)
    h = F(rng.randrange(1, 9), rng.choice([1, 2]))
    ans = a * b * h
    q = f"一个长方体水槽，从里面量长{a}厘米，宽{b}厘米。放入一块石头后（石头完全浸没在水中，水没有溢出），水面上升了{num(h)}厘米。这块石头的体积是多少立方厘米？"
    return Problem("water_rise", "体积", "五年级", "hard", q, ans, params={"a": a, "b": b, "h": value(h)})


@maker("cone_cylinder")
def cone_cylinder(rng: random.Random, lang: str) -> Problem:
    if rng.random() < 0.5:
        d, h = rng.choice([2, 4, 6, 8]), rng.randrange(3, 10)
        ans = PI * F(d, 2) ** 2 * h
        q = f"一个圆柱形水桶，从里面量底面直径是{d}分米，高是{h}分米。这个水桶最多能装水多少升？（π取3.14）"
        return Problem(
            "cone_cylinder", "体积", "六年级", "medium", q, ans, params={"shape": "cylinder", "d": d, "h": h}
        )
    r, h = rng.randrange(2, 6), rng.choice([F(3), F("1.5"), F("1.2"), F("2.4")])
    w = rng.choice([F("1.5"), F(2), F("1.6")])
    ans = PI * r * r * h / 3 * w
    need(is_clean(ans, 3))
    q = f"一个圆锥形沙堆，底面半径是{r}米，高是{num(h)}米。每立方米沙重{num(w)}吨，这堆沙重多少吨？（π取3.14）"
    return Problem(
        "cone_cylinder",
        "体积",
        "六年级",
        "hard",
        q,
        ans,
        params={"shape": "cone", "r": r, "h": value(h), "w": value(w)},
    )


# ---- 平均数


@maker("average_simple", english=True)
def average_simple(rng: random.Random, lang: str) -> Problem:
    k = rng.choice([4, 5])
    scores = [rng.randrange(72, 100) for _ in range(k)]
    ans = F(sum(scores), k)
    need(is_clean(ans, 1))
    listed = "、".join(map(str, scores))
    if lang == "en":
        q = f"{rng.choice(EN_KIDS)}'s scores on {EN_WORDS[k]} maths tests were {', '.join(map(str, scores))}. What was the average score?"
    else:
        q = rng.choice(
            [
                f"{rng.choice(ZH_KIDS)}前{zh_int(k)}次数学测验的成绩分别是{listed}分，这{zh_int(k)}次测验的平均成绩是多少分？",
                f"某小组{zh_int(k)}名同学的跳绳成绩（每分钟个数）分别是{listed}，他们平均每分钟跳多少个？",
            ]
        )
    return Problem("average_simple", "平均数", "四年级", "easy", q, ans, params={"scores": scores})


@maker("average_missing", english=True)
def average_missing(rng: random.Random, lang: str) -> Problem:
    k = rng.choice([2, 3, 4, 5])
    a = rng.randrange(80, 94)
    b = rng.randrange(a + 1, a + 4)
    ans = F(b * (k + 1) - a * k)
    need(ans <= 100)
    if lang == "en":
        q = (
            f"{rng.choice(EN_KIDS)}'s average score on the first {EN_WORDS[k]} tests is {a}. "
            f"What score is needed on the next test to raise the average of all {EN_WORDS[k + 1]} tests to {b}?"
        )
    else:
        q = f"{rng.choice(ZH_KIDS)}前{zh_int(k)}次测验的平均分是{a}分，要想使{zh_int(k + 1)}次测验的平均分达到{b}分，第{zh_int(k + 1)}次测验要考多少分？"
    return Problem("average_missing", "平均数", "五年级", "medium", q, ans, params={"k": k, "a": a, "b": b})


@maker("average_groups")
def average_groups(rng: random.Random, lang: str) -> Problem:
    m, f = rng.randrange(15, 26), rng.randrange(15, 26)
    x, y = rng.randrange(140, 156), rng.randrange(138, 154)
    ans = F(m * x + f * y, m + f)
    need(is_clean(ans, 2))
    q = f"某班有男生{m}人，平均身高{x}厘米；女生{f}人，平均身高{y}厘米。全班同学的平均身高是多少厘米？"
    return Problem(
        "average_groups", "平均数", "五年级", "medium", q, ans, params={"m": m, "f": f, "x": x, "y": y}
    )


@maker("judges")
def judges(rng: random.Random, lang: str) -> Problem:
    n = rng.choice([6, 7])
    scores = [F(rng.randrange(80, 100), 10) for _ in range(n)]
    need(len(set(scores)) == n)
    kept = sorted(scores)[1:-1]
    ans = sum(kept) / len(kept)
    need(is_clean(ans, 2))
    listed = "、".join(f"{float(s):.1f}" for s in scores)
    q = f"在一次歌唱比赛中，{zh_int(n)}位评委给一位选手打分如下：{listed}。去掉一个最高分和一个最低分后，这位选手的平均得分是多少分？"
    return Problem(
        "judges", "平均数", "五年级", "medium", q, ans, params={"scores": [value(s) for s in scores]}
    )


# ---- 比例


@maker("ratio_split", english=True)
def ratio_split(rng: random.Random, lang: str) -> Problem:
    a, b = rng.sample(range(1, 10), 2)
    unit = rng.randrange(5, 40)
    total = (a + b) * unit
    if lang == "en":
        q = f"Tom and Jerry share {total} stickers in the ratio {a}:{b}. How many stickers does Jerry get?"
    else:
        q = rng.choice(
            [
                f"学校把{total}本图书按{a}:{b}分给四年级和五年级，五年级分得多少本？",
                f"一种混凝土由水泥和沙子按{a}:{b}的质量比混合而成，要配制{total}千克这种混凝土，需要沙子多少千克？",
            ]
        )
    return Problem(
        "ratio_split", "比例", "六年级", "easy", q, F(b * unit), params={"whole": total, "a": a, "b": b}
    )


@maker("map_scale", english=True)
def map_scale(rng: random.Random, lang: str) -> Problem:
    n = rng.choice([100000, 200000, 500000, 1000000, 2000000, 4000000, 5000000])
    d = F(rng.randrange(3, 25), 2)
    km = d * n / 100000
    need(is_clean(km, 1))
    to_map = rng.random() < 0.3 and lang == "zh"
    if to_map:
        q = f"在比例尺是1:{n}的地图上，实际距离{num(km)}千米的两地之间的图上距离是多少厘米？"
        ans = d
    elif lang == "en":
        q = f"On a map with a scale of 1:{n}, the distance between two towns measures {num(d)} cm. What is the actual distance in kilometres?"
        ans = km
    else:
        q = f"在一幅比例尺是1:{n}的地图上，量得甲、乙两地的距离是{num(d)}厘米。甲、乙两地的实际距离是多少千米？"
        ans = km
    return Problem(
        "map_scale",
        "比例",
        "六年级",
        "medium",
        q,
        ans,
        params={"n": n, "d": value(d), "km": value(km), "to_map": to_map},
    )


@maker("direct_prop", english=True)
def direct_prop(rng: random.Random, lang: str) -> Problem:
    a = rng.randrange(2, 7)
    price = F(rng.randrange(30, 150, 5), 10)
    b = rng.randrange(a + 1, 13)
    total_a = price * a
    need(is_clean(total_a, 1))
    ans = price * b
    if lang == "en":
        q = f"{a} kg of apples cost {num(total_a)} yuan. At the same price, how much do {b} kg of apples cost in yuan?"
    else:
        item = rng.choice(["苹果", "香蕉", "橘子", "大米", "葡萄"])
        q = f"超市里{a}千克{item}卖{num(total_a)}元。照这样的价格，买{b}千克{item}需要多少元？"
    return Problem(
        "direct_prop", "比例", "六年级", "easy", q, ans, params={"a": a, "total_a": value(total_a), "b": b}
    )


@maker("inverse_prop")
def inverse_prop(rng: random.Random, lang: str) -> Problem:
    p, n = rng.randrange(40, 200, 10), rng.randrange(6, 25)
    q_rate = rng.randrange(p + 10, p * 2, 10)
    ans = F(p * n, q_rate)
    need(ans.denominator == 1)
    q = rng.choice(
        [
            f"修一条路，原计划每天修{p}米，{n}天修完。实际每天修{q_rate}米，实际多少天修完？",
            f"印刷厂装订一批练习本，原计划每小时装订{p}本，{n}小时完成。后来改进了工作方法，每小时装订{q_rate}本，实际多少小时完成？",
        ]
    )
    return Problem("inverse_prop", "比例", "六年级", "medium", q, ans, params={"p": p, "n": n, "q": q_rate})


@maker("ratio_three")
def ratio_three(rng: random.Random, lang: str) -> Problem:
    a, b, c = rng.sample(range(2, 10), 3)
    need(c > a)
    unit = rng.randrange(2, 12)
    d = (c - a) * unit
    ans = F((a + b + c) * unit)
    q = f"某校书法、绘画、合唱三个兴趣小组的人数比是{a}:{b}:{c}，合唱组比书法组多{d}人。三个兴趣小组一共有多少人？"
    return Problem("ratio_three", "比例", "六年级", "hard", q, ans, params={"a": a, "b": b, "c": c, "d": d})


# ---- 和差倍、年龄


@maker("sum_diff")
def sum_diff(rng: random.Random, lang: str) -> Problem:
    small = rng.randrange(20, 200)
    diff = rng.randrange(4, 80, 2)
    s = 2 * small + diff
    q = rng.choice(
        [
            f"两个书架一共有{s}本书，第一个书架比第二个书架多{diff}本。第一个书架有多少本书？",
            f"甲、乙两个仓库共存粮{s}吨，甲仓库比乙仓库多存{diff}吨。甲仓库存粮多少吨？",
        ]
    )
    return Problem("sum_diff", "和差倍", "四年级", "easy", q, F(small + diff), params={"s": s, "diff": diff})


@maker("sum_multiple", english=True)
def sum_multiple(rng: random.Random, lang: str) -> Problem:
    k = rng.randrange(2, 6)
    small = rng.randrange(10, 90)
    s = small * (k + 1)
    if lang == "en":
        q = f"An orchard has {s} apple and pear trees in total. There are {EN_WORDS[k]} times as many apple trees as pear trees. How many pear trees are there?"
    else:
        q = f"果园里有苹果树和梨树共{s}棵，苹果树的棵数是梨树的{k}倍。梨树有多少棵？"
    return Problem("sum_multiple", "和差倍", "四年级", "medium", q, F(small), params={"s": s, "k": k})


@maker("age", english=True)
def age(rng: random.Random, lang: str) -> Problem:
    k = rng.choice([2, 3, 4])
    years = rng.randrange(1, 15)
    child_then = rng.randrange(8, 20)
    child, parent = child_then - years, k * child_then - years
    need(child >= 3 and 24 <= parent - child <= 40)
    if lang == "en":
        q = f"Mr. Li is {parent} years old and his daughter is {child}. In how many years will Mr. Li be {EN_WORDS[k]} times as old as his daughter?"
    else:
        q = rng.choice(
            [
                f"今年父亲{parent}岁，儿子{child}岁。几年后父亲的年龄是儿子的{k}倍？",
                f"妈妈今年{parent}岁，女儿今年{child}岁。再过多少年，妈妈的年龄正好是女儿的{k}倍？",
            ]
        )
    return Problem(
        "age", "和差倍", "五年级", "medium", q, F(years), params={"parent": parent, "child": child, "k": k}
    )


# ---- 植树问题


@maker("trees_line", english=True)
def trees_line(rng: random.Random, lang: str) -> Problem:
    d = rng.choice([3, 4, 5, 6, 8, 10, 12, 15])
    length = d * rng.randrange(8, 60)
    style = rng.choice(["both_ends", "both_sides", "no_ends"])
    if style == "both_ends":
        ans = length // d + 1
    elif style == "both_sides":
        ans = 2 * (length // d + 1)
    else:
        ans = length // d - 1
    if lang == "en":
        where = {
            "both_ends": "along one side of the path, with a tree at each end",
            "both_sides": "along both sides of the path, with a tree at each end of each side",
            "no_ends": "between the two buildings at the ends of the path, not next to the buildings themselves",
        }[style]
        q = f"A path is {length} m long. Trees are planted every {d} m {where}. How many trees are planted?"
    elif style == "both_ends":
        q = f"在一条长{length}米的小路一旁植树，每隔{d}米种一棵（两端都种）。一共需要多少棵树苗？"
    elif style == "both_sides":
        q = f"在一条长{length}米的公路两旁种树，每隔{d}米种一棵，两端都要种。一共要种多少棵树？"
    else:
        q = f"两幢楼相距{length}米，在它们之间每隔{d}米栽一棵树（两端靠楼处不栽）。一共要栽多少棵树？"
    return Problem(
        "trees_line", "植树", "五年级", "medium", q, F(ans), params={"length": length, "d": d, "style": style}
    )


@maker("trees_circle")
def trees_circle(rng: random.Random, lang: str) -> Problem:
    d = rng.choice([2, 3, 4, 5, 6])
    length = d * rng.randrange(15, 80)
    q = rng.choice(
        [
            f"一个圆形池塘的周长是{length}米，沿着池塘边每隔{d}米摆一盆花。一共要摆多少盆花？",
            f"学校环形跑道一圈长{length}米，沿跑道内侧每隔{d}米插一面彩旗。一共需要多少面彩旗？",
        ]
    )
    return Problem(
        "trees_circle", "植树", "五年级", "easy", q, F(length // d), params={"length": length, "d": d}
    )


@maker("saw_stairs")
def saw_stairs(rng: random.Random, lang: str) -> Problem:
    if rng.random() < 0.5:
        n, t = rng.randrange(3, 12), rng.randrange(2, 9)
        q = f"把一根木头锯成{n}段，每锯一次需要{t}分钟。锯完这根木头一共需要多少分钟？"
        return Problem(
            "saw_stairs",
            "植树",
            "四年级",
            "medium",
            q,
            F((n - 1) * t),
            params={"style": "saw", "n": n, "t": t},
        )
    a = rng.randrange(3, 6)
    b = rng.randrange(a + 2, 13)
    t = rng.randrange(8, 30) * (a - 1)
    ans = F(t, a - 1) * (b - 1)
    q = f"{rng.choice(ZH_KIDS)}从1楼走到{a}楼用了{t}秒。照这样的速度，从1楼走到{b}楼需要多少秒？"
    return Problem(
        "saw_stairs", "植树", "四年级", "hard", q, ans, params={"style": "stairs", "a": a, "b": b, "t": t}
    )


# ---- 分数应用


@maker("book_pages")
def book_pages(rng: random.Random, lang: str) -> Problem:
    f1 = F(1, rng.choice([3, 4, 5, 6]))
    f2 = F(rng.choice([1, 2, 3]), rng.choice([3, 4, 5]))
    need(f2 < 1)
    n = rng.randrange(60, 400)
    first = n * f1
    need(first.denominator == 1)
    second = (n - first) * f2
    need(second.denominator == 1)
    ans = n - first - second
    q = f"一本故事书共{n}页，{rng.choice(ZH_KIDS)}第一天看了全书的{zh_frac(f1)}，第二天看了余下的{zh_frac(f2)}。还剩多少页没有看？"
    return Problem(
        "book_pages", "分数", "六年级", "hard", q, ans, params={"n": n, "f1": str(f1), "f2": str(f2)}
    )


@maker("fraction_whole")
def fraction_whole(rng: random.Random, lang: str) -> Problem:
    used = F(rng.randrange(1, 5), rng.choice([3, 4, 5, 8]))
    need(used < 1)
    whole = rng.randrange(10, 200) * used.denominator
    left = whole * (1 - used)
    q = rng.choice(
        [
            f"一桶油，用去了{zh_frac(used)}后，还剩{left}千克。这桶油原来有多少千克？",
            f"一批水泥，运走了{zh_frac(used)}后，还剩下{left}吨。这批水泥原来有多少吨？",
        ]
    )
    return Problem(
        "fraction_whole",
        "分数",
        "六年级",
        "medium",
        q,
        F(whole),
        params={"used": str(used), "left": value(left)},
    )


@maker("fraction_more")
def fraction_more(rng: random.Random, lang: str) -> Problem:
    f = F(1, rng.choice([2, 3, 4, 5, 6, 8]))
    base = rng.randrange(10, 100) * f.denominator
    more = rng.random() < 0.5
    ans = base * (1 + f) if more else base * (1 - f)
    word = "多" if more else "少"
    q = rng.choice(
        [
            f"学校图书馆有故事书{base}本，科技书比故事书{word}{zh_frac(f)}。科技书有多少本？",
            f"一块玉米地今年收玉米{base}千克，明年预计比今年{word}收{zh_frac(f)}。明年预计收玉米多少千克？",
        ]
    )
    return Problem(
        "fraction_more", "分数", "六年级", "medium", q, ans, params={"base": base, "f": str(f), "more": more}
    )


# ---- 盈亏问题


@maker("surplus_deficit", english=True)
def surplus_deficit(rng: random.Random, lang: str) -> Problem:
    kids = rng.randrange(5, 30)
    a = rng.randrange(2, 7)
    b = a + rng.randrange(1, 3)
    r1 = rng.randrange(1, kids)
    r2 = (b - a) * kids - r1
    need(r2 > 0)
    apples = a * kids + r1
    ask_apples = rng.random() < 0.5
    ans = F(apples if ask_apples else kids)
    if lang == "en":
        ask = "How many apples are there?" if ask_apples else "How many children are there?"
        q = (
            f"A teacher is sharing apples among some children. If each child gets {a}, there are {r1} apples left over. "
            f"If each child gets {b}, the teacher is {r2} apples short. {ask}"
        )
    else:
        ask = "一共有多少个苹果？" if ask_apples else "一共有多少个小朋友？"
        q = f"老师给小朋友分苹果，如果每人分{a}个，就多出{r1}个；如果每人分{b}个，就少{r2}个。{ask}"
    return Problem(
        "surplus_deficit",
        "盈亏",
        "五年级",
        "hard",
        q,
        ans,
        params={"a": a, "b": b, "r1": r1, "r2": r2, "ask": "apples" if ask_apples else "kids"},
    )


# ---- 购物与计费


@maker("shopping_change", english=True)
def shopping_change(rng: random.Random, lang: str) -> Problem:
    n, m = rng.randrange(2, 7), rng.randrange(2, 6)
    p = F(rng.randrange(5, 40, 5), 10)
    c = F(rng.randrange(15, 90, 5), 10)
    cost = n * p + m * c
    pay = next(x for x in (20, 50, 100) if x > cost)
    ans = pay - cost
    if lang == "en":
        name = rng.choice(["Sam", "Ben", "Jack", "Leo"])
        q = f"{name} buys {n} pencils at {num(p)} yuan each and {m} notebooks at {num(c)} yuan each. He pays with a {pay}-yuan note. How much change should he get, in yuan?"
    else:
        q = f"{rng.choice(ZH_KIDS)}买了{n}支铅笔，每支{num(p)}元，又买了{m}本练习本，每本{num(c)}元。付给售货员{pay}元，应找回多少元？"
    return Problem(
        "shopping_change",
        "购物计费",
        "三年级",
        "easy",
        q,
        ans,
        params={"n": n, "p": value(p), "m": m, "c": value(c), "pay": pay},
    )


@maker("water_bill")
def water_bill(rng: random.Random, lang: str) -> Problem:
    a = rng.choice([10, 12, 15, 20])
    p = rng.choice([F("2.5"), F("3.2"), F("3.5"), F("2.8"), F(3)])
    q_price = p + rng.choice([F("1.5"), F(2), F("2.4"), F(1)])
    w = rng.randrange(a + 1, a + 14)
    bill = a * p + (w - a) * q_price
    if rng.random() < 0.6:
        q = (
            f"某市居民用水实行阶梯水价：每户每月用水不超过{a}吨的部分，每吨{num(p)}元；超过{a}吨的部分，每吨{num(q_price)}元。"
            f"{rng.choice(ZH_KIDS)}家上月用水{w}吨，应缴水费多少元？"
        )
        return Problem(
            "water_bill",
            "购物计费",
            "七年级",
            "medium",
            q,
            bill,
            params={"a": a, "p": value(p), "q": value(q_price), "w": w, "ask": "bill"},
        )
    q = (
        f"某市居民用水实行阶梯水价：每户每月用水不超过{a}吨的部分，每吨{num(p)}元；超过{a}吨的部分，每吨{num(q_price)}元。"
        f"{rng.choice(ZH_KIDS)}家上月缴水费{num(bill)}元，他家上月用水多少吨？"
    )
    return Problem(
        "water_bill",
        "购物计费",
        "七年级",
        "hard",
        q,
        F(w),
        params={"a": a, "p": value(p), "q": value(q_price), "bill": value(bill), "ask": "usage"},
    )


@maker("taxi", english=True)
def taxi(rng: random.Random, lang: str) -> Problem:
    s = rng.choice([2, 3])
    c = rng.choice([8, 10, 11, 13])
    price = rng.choice([F("1.6"), F(2), F("2.3"), F("2.5"), F("1.8")])
    d = rng.randrange(s + 2, 21)
    ans = c + (d - s) * price
    if lang == "en":
        q = (
            f"A taxi charges {c} yuan for the first {s} km (inclusive) and {num(price)} yuan for each additional km. "
            f"How much does a {d} km ride cost, in yuan?"
        )
    else:
        q = (
            f"某市出租车收费标准：{s}千米以内（含{s}千米）收费{c}元，超过{s}千米的部分每千米收费{num(price)}元。"
            f"{rng.choice(ZH_ADULTS)}乘出租车行驶了{d}千米，应付车费多少元？"
        )
    return Problem(
        "taxi", "购物计费", "七年级", "medium", q, ans, params={"s": s, "c": c, "price": value(price), "d": d}
    )


# ---- 方程、函数、几何、概率（初中）


@maker("tickets", english=True)
def tickets(rng: random.Random, lang: str) -> Problem:
    a = rng.randrange(40, 121, 10)
    b = a // 2
    adults, kids = rng.randrange(5, 30), rng.randrange(3, 25)
    n, money = adults + kids, a * adults + b * kids
    if lang == "en":
        q = f"Adult tickets to a park cost {a} yuan and child tickets cost {b} yuan. A tour group of {n} people paid {money} yuan for tickets. How many adults are in the group?"
    else:
        q = f"某公园门票成人每张{a}元，儿童每张{b}元。一个旅游团共{n}人，买门票一共花了{money}元。这个旅游团中有成人多少人？"
    return Problem(
        "tickets", "方程", "七年级", "medium", q, F(adults), params={"a": a, "b": b, "n": n, "money": money}
    )


GROWTH = [
    (100, 121),
    (400, 484),
    (500, 720),
    (1000, 1210),
    (2500, 3600),
    (200, 288),
    (100, 144),
    (800, 1152),
    (1000, 1690),
    (625, 900),
    (2000, 2420),
    (300, 363),
]


@maker("growth_rate")
def growth_rate(rng: random.Random, lang: str) -> Problem:
    a, b = rng.choice(GROWTH)
    ans = {121: F(1, 10), 144: F(2, 10), 169: F(3, 10)}[b * 100 // a]
    q = rng.choice(
        [
            f"某工厂前年的产值是{a}万元，经过两年连续增长，今年的产值达到{b}万元。如果每年的增长率相同，这个增长率是多少？",
            f"某景区前年接待游客{a}万人次，今年接待游客{b}万人次。若这两年游客人次的年平均增长率相同，求这个增长率。",
        ]
    )
    return Problem("growth_rate", "方程", "九年级", "hard", q, ans, percent=True, params={"a": a, "b": b})


@maker("phone_plans")
def phone_plans(rng: random.Random, lang: str) -> Problem:
    a = rng.randrange(10, 60, 2)
    p = F(rng.randrange(5, 20), 100)
    q_price = p + F(rng.randrange(5, 20), 100)
    ans = a / (q_price - p)
    need(ans.denominator == 1)
    q = (
        f"某通信公司有两种通话套餐：A套餐每月收月租{a}元，通话费每分钟{num(p)}元；B套餐不收月租，通话费每分钟{num(q_price)}元。"
        "每月通话时间为多少分钟时，两种套餐的费用相同？"
    )
    return Problem(
        "phone_plans", "函数", "八年级", "medium", q, ans, params={"a": a, "p": value(p), "q": value(q_price)}
    )


TRIPLES = [(3, 4, 5), (5, 12, 13), (6, 8, 10), (8, 15, 17), (7, 24, 25), (9, 12, 15)]
# (ladder, top before, slide, foot before, foot after): both positions are right triangles
SLIDES = [
    (F("2.5"), F("2.4"), F("0.4"), F("0.7"), F("1.5")),
    (F(25), F(24), F(4), F(7), F(15)),
    (F(10), F(8), F(2), F(6), F(8)),
    (F(13), F(12), F(7), F(5), F(12)),
    (F(17), F(15), F(7), F(8), F(15)),
]


@maker("ladder", english=True)
def ladder(rng: random.Random, lang: str) -> Problem:
    if lang == "zh" and rng.random() < 0.35:
        c, top, slide, before, after = rng.choice(SLIDES)
        assert before**2 + top**2 == c**2 and after**2 + (top - slide) ** 2 == c**2
        q = f"一架长{num(c)}米的梯子斜靠在竖直的墙上，梯子顶端离地面{num(top)}米。如果梯子的顶端沿墙下滑{num(slide)}米，那么梯子的底端将向外滑动多少米？"
        return Problem(
            "ladder",
            "几何",
            "八年级",
            "hard",
            q,
            after - before,
            params={"c": value(c), "top": value(top), "slide": value(slide)},
        )
    legs = rng.choice(TRIPLES)
    scale = rng.choice([F(1), F(1, 2), F(1, 5)])
    a, h, c = (x * scale for x in legs)
    need(2 <= c <= 13)
    if rng.random() < 0.5:
        a, h = h, a
    need(h > a)
    if lang == "en":
        q = f"A {num(c)} m ladder leans against a vertical wall. Its foot is {num(a)} m from the wall. How high up the wall does the top of the ladder reach, in metres?"
    else:
        q = f"一架长{num(c)}米的梯子斜靠在竖直的墙上，梯子底端离墙{num(a)}米。梯子顶端离地面多少米？"
    return Problem("ladder", "几何", "八年级", "medium", q, h, params={"c": value(c), "a": value(a)})


@maker("probability")
def probability(rng: random.Random, lang: str) -> Problem:
    total = rng.choice([4, 5, 8, 10, 16, 20, 25])
    r = rng.randrange(1, total - 1)
    w = rng.randrange(1, total - r)
    y = total - r - w
    ans = F(r, total)
    colors = f"{r}个红球、{w}个白球" + (f"和{y}个黄球" if y else "")
    q = f"一个不透明的袋子里装有{colors}，这些球除颜色外都相同。从中任意摸出一个球，摸到红球的概率是多少？（用小数表示）"
    return Problem("probability", "概率", "九年级", "easy", q, ans, params={"r": r, "w": w, "y": y})


# ---------------------------------------------------------------- math dataset


def make_problem(rng: random.Random, kind: str, lang: str) -> Problem:
    fn, _ = MAKERS[kind]
    for _ in range(2000):
        try:
            return fn(rng, lang)
        except Retry:
            continue
    raise RuntimeError(f"no clean problem for {kind}")


def math_rows(rng: random.Random) -> list[dict]:
    total = MATH_DEV + MATH_TEST
    kinds = list(MAKERS)
    slots: list[str] = []
    while len(slots) < total:
        rng.shuffle(kinds)
        slots.extend(kinds)
    slots = slots[:total]
    english_capable = [i for i, k in enumerate(slots) if MAKERS[k][1]]
    english = set(rng.sample(english_capable, MATH_EN))
    problems: list[tuple[Problem, str]] = []
    seen: set[str] = set()
    for i, kind in enumerate(slots):
        lang = "en" if i in english else "zh"
        while True:
            p = make_problem(rng, kind, lang)
            if p.question not in seen:
                break
        seen.add(p.question)
        problems.append((p, lang))
    order = list(range(total))
    rng.shuffle(order)
    rows = []
    for rank, i in enumerate(order):
        p, lang = problems[i]
        rows.append(
            {
                "id": f"mwp-{rank + 1:04d}",
                "split": "dev" if rank < MATH_DEV else "test",
                "question": p.question,
                "answer": p.target,
                "grade": p.grade,
                "problem_type": p.problem_type,
                "difficulty": p.difficulty,
                "language": lang,
                "kind": p.kind,
                "params": p.params,
            }
        )
    return rows


# ---------------------------------------------------------------- answer grading


GRADING_DEV_QUESTIONS = 16
GRADING_PER_QUESTION = 4
LABELS = ("正确", "部分正确", "错误")


def char_overlap(answer: str, reference: str) -> float:
    """Share of the answer's distinct characters found in the reference (a crude surface cue)."""
    a = {c for c in answer if c.strip() and c not in "，。、；：？！,.;:?!（）()"}
    r = set(reference)
    return len(a & r) / len(a) if a else 0.0


def grading_difficulty(label: str, overlap: float) -> str:
    """Hard when the surface cue misleads; thresholds are about the tertiles of each label's overlaps.

    A right answer in its own words, a wrong one in the reference's words, or a partial one
    that copies a fragment of the reference (and so looks complete) is hard.
    """
    if label == "正确":
        return "hard" if overlap < 0.64 else "medium" if overlap < 0.78 else "easy"
    if label == "错误":
        return "hard" if overlap >= 0.5 else "medium" if overlap >= 0.36 else "easy"
    return "hard" if overlap >= 0.8 else "medium"


def grading_rows(rng: random.Random) -> list[dict]:
    items = list(BANK)
    rng.shuffle(items)
    rows = []
    for qi, item in enumerate(items):
        pool = [
            (label, text)
            for label, key in zip(LABELS, ("correct", "partial", "wrong"), strict=True)
            for text in item[key]
        ]
        # one answer of each label, then one more of a label drawn evenly, from what is left
        picked = [rng.choice([p for p in pool if p[0] == label]) for label in LABELS]
        rest = [p for p in pool if p not in picked]
        extra_label = rng.choice(sorted({p[0] for p in rest}))
        picked.append(rng.choice([p for p in rest if p[0] == extra_label]))
        rng.shuffle(picked)
        for label, text in picked:
            overlap = char_overlap(text, item["reference"])
            rows.append(
                {
                    "split": "dev" if qi < GRADING_DEV_QUESTIONS else "test",
                    "subject": item["subject"],
                    "stage": item["stage"],
                    "question": item["question"],
                    "reference_answer": item["reference"],
                    "student_answer": text,
                    "label": label,
                    "difficulty": grading_difficulty(label, overlap),
                }
            )
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]
    rng.shuffle(dev)
    rng.shuffle(test)
    out = []
    for prefix, part in (("gd", dev), ("gt", test)):
        for i, row in enumerate(part, start=1):
            out.append({"id": f"{prefix}-{i:03d}", **row})
    return out


# ---------------------------------------------------------------- main


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    write_jsonl(DATA / "math_word_problems.jsonl", math_rows(random.Random(SEED)))
    write_jsonl(DATA / "answer_grading.jsonl", grading_rows(random.Random(SEED + 1)))


if __name__ == "__main__":
    main()
