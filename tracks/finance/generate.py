"""Generate the finance track's datasets (deterministic, standard library only).

    python tracks/finance/generate.py

Writes data/statement_figures.jsonl (one file, `split` column) and
data/news_sentiment.csv (one file, `split` column, ids "fin-0001").
All companies are fictional. Every numeric reference is computed here with
Decimal arithmetic from the figures exactly as the passage shows them.
"""

from __future__ import annotations

import csv
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SEED = 20240430

D = Decimal
CENT = D("0.01")
PREFIXES = [
    "瑞丰",
    "华信",
    "金桥",
    "海纳",
    "天岳",
    "嘉禾",
    "恒达",
    "博远",
    "润泽",
    "安泰",
    "鼎盛",
    "宏图",
    "凯瑞",
    "昌盛",
    "汇通",
    "蓝海",
    "星源",
    "同创",
    "景川",
    "维康",
    "永泰",
    "中钰",
    "德晟",
    "铭扬",
]
INDUSTRIES = [
    "食品",
    "精密",
    "医药",
    "新材料",
    "物流",
    "电气",
    "环保",
    "科技",
    "化工",
    "家居",
    "光电",
    "软件",
    "农业",
    "汽配",
    "电子",
    "生物",
    "能源",
    "装备",
]


def q2(x: Decimal) -> Decimal:
    return x.quantize(CENT, ROUND_HALF_UP)


def plain(x: Decimal) -> str:
    """A Decimal as a plain number: no exponent, no trailing zeros ('32000', '0.35', '-1230.4')."""
    text = format(x, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def pct(x: Decimal) -> str:
    return f"{plain(x)}%"


def rand_dec(rng: random.Random, low: float, high: float, places: int) -> Decimal:
    scale = 10**places
    return D(rng.randint(int(low * scale), int(high * scale))) / scale


# ---------------------------------------------------------------- statement figures

REPORTS = [
    # (report tag, report name, period phrase, revenue scale vs a year, weight, release days)
    ("年报", "2023年年度报告", "2023年", D(1), 4, ["3月28日", "4月19日", "4月26日", "4月29日"]),
    ("业绩快报", "2023年度业绩快报", "2023年度", D(1), 1, ["2月26日", "2月28日"]),
    ("半年报", "2024年半年度报告", "2024年上半年", D("0.5"), 2, ["8月22日", "8月27日", "8月30日"]),
    ("季报", "2024年第一季度报告", "2024年第一季度", D("0.25"), 2, ["4月23日", "4月27日", "4月29日"]),
    ("季报", "2024年第三季度报告", "2024年前三季度", D("0.75"), 1, ["10月24日", "10月29日"]),
]
FULL_YEAR = {"年报", "业绩快报"}
UNITS = ["亿元", "万元", "元"]


def show_money(rng: random.Random, wan: Decimal, unit: str) -> tuple[str, Decimal]:
    """Display an amount (given in 万元) in `unit`; returns (text, the displayed value in 万元 exactly)."""
    if unit == "亿元" and abs(wan) < 10000:
        unit = "万元"  # nobody writes 0.34亿元 in a report
    if unit == "亿元":
        value = q2(wan / 10000)
        return f"{plain(value)}亿元", value * 10000
    if unit == "万元":
        places = rng.choice([2, 2, 0])
        value = wan.quantize(D(1) if places == 0 else CENT, ROUND_HALF_UP)
        return f"{value:,.{places}f}万元", value
    value = q2(wan * 10000 + D(rng.randint(0, 9999)) / 100)
    return f"{value:,.2f}元", value / 10000


def unit_of(text: str) -> str:
    return next(unit for unit in UNITS if text.endswith(unit))


def in_unit(wan: Decimal, unit: str) -> Decimal:
    return {"亿元": wan / 10000, "万元": wan, "元": wan * 10000}[unit]


def rounded(value: Decimal, *notes: str) -> tuple[Decimal, str]:
    """The value (to two decimals when it has more), and the question's note in brackets."""
    if value != q2(value):
        value, notes = q2(value), ("保留两位小数", *notes)
    return value, f"（{'，'.join(notes)}）" if notes else ""


def ask_unit(rng: random.Random, wan: Decimal, units: list[str]) -> str:
    """A unit to ask an amount in: one where two decimals keep it within 0.1%, else 万元."""
    for unit in rng.sample(units, len(units)):
        value = in_unit(wan, unit)
        if value == q2(value) or abs(q2(value) - value) <= abs(value) / 1000:
            return unit
    return "万元"


def change_phrase(rng: random.Random, rate: Decimal) -> str:
    if rate >= 0:
        word = rng.choice(["同比增长", "同比增长", "较上年同期增长", "同比上升"])
        return f"{word}{pct(rate)}"
    word = rng.choice(["同比下降", "同比下降", "较上年同期下降", "同比减少"])
    return f"{word}{pct(-rate)}"


def company_names(rng: random.Random, n: int) -> list[str]:
    names = [p + i for p in PREFIXES for i in INDUSTRIES]
    rng.shuffle(names)
    used_prefix: set[str] = set()
    out = []
    for name in names:
        if name[:2] in used_prefix and len(used_prefix) < len(PREFIXES):
            continue
        used_prefix.add(name[:2])
        out.append(name)
        if len(out) == n:
            break
    return out


def make_report(rng: random.Random, company: str) -> dict:
    """One fictional company report: its facts, as shown, and the passage text."""
    tag, report, period, scale, _, days = rng.choices(REPORTS, [r[4] for r in REPORTS])[0]
    style = rng.choice(["formal", "formal", "news", "table"])
    f: dict = {"company": company, "report_tag": tag, "report": report, "period": period, "style": style}
    f["day"] = rng.choice(days)

    annual_wan = D(rng.choice([rng.randint(20_000, 200_000), rng.randint(200_000, 3_000_000)]))
    rev_wan = annual_wan * scale + rand_dec(rng, 0, 99.99, 2)
    unit_rev = rng.choices(UNITS, [4, 3, 2])[0] if style != "table" else rng.choice(["万元", "元"])
    f["rev_text"], f["rev"] = show_money(rng, rev_wan, unit_rev)
    f["rev_unit"] = unit_of(f["rev_text"])
    f["rev_g"] = rand_dec(rng, -25, 45, rng.choice([1, 2]))
    if f["rev_g"] == 0:
        f["rev_g"] = D("3.5")
    margin = rand_dec(rng, 0.04, 0.18, 3)
    unit_np = unit_rev if rng.random() < 0.6 else rng.choices(UNITS, [4, 3, 2])[0]
    f["np_text"], f["np"] = show_money(rng, rev_wan * margin, unit_np)
    f["np_unit"] = unit_of(f["np_text"])
    f["np_g"] = rand_dec(rng, -60, 80, rng.choice([1, 2]))
    if f["np_g"] == 0:
        f["np_g"] = D("-4.2")
    if style == "table":
        # the table style gives last year's figures instead of growth rates
        prev_rev_wan = f["rev"] / (1 + f["rev_g"] / 100)
        f["rev_prev_text"], f["rev_prev"] = show_money(rng, prev_rev_wan, unit_rev)
        prev_np_wan = f["np"] / (1 + f["np_g"] / 100)
        f["np_prev_text"], f["np_prev"] = show_money(rng, prev_np_wan, unit_np)
    extras = rng.sample(["gm", "eps", "cf", "rd", "div", "assets"], rng.randint(2, 3))
    if tag == "季报" and "div" in extras:
        extras.remove("div")
    f["extras"] = extras
    if "gm" in extras:
        f["gm"] = rand_dec(rng, 12, 55, 2)
        f["gm_d"] = rand_dec(rng, -4, 4, rng.choice([1, 2]))
        if f["gm_d"] == 0:
            f["gm_d"] = D("0.8")
    # share count and per-share figures consistent with the profit shown
    np_yuan = f["np"] * 10000
    shares = int(np_yuan / rand_dec(rng, 0.05, 2.5, 2))
    if not 100_000_000 <= shares <= 6_000_000_000:
        shares = rng.randint(100_000_000, 400_000_000) if shares < 100_000_000 else rng.randint(4, 6) * 10**9
    f["shares"] = shares // 1000 * 1000 + rng.randint(0, 999)
    f["eps"] = q2(np_yuan / f["shares"])
    if "cf" in extras:
        cf_wan = rev_wan * rand_dec(rng, -0.12, 0.2, 3)
        if cf_wan == 0:
            cf_wan = rev_wan * D("0.05")
        unit_cf = rng.choice(["亿元", "万元"]) if abs(cf_wan) >= 10000 else "万元"
        f["cf_text"], f["cf"] = show_money(rng, cf_wan, unit_cf)
        f["cf_unit"] = unit_of(f["cf_text"])
        f["cf_outflow_phrase"] = f["cf"] < 0 and rng.random() < 0.5
    if "rd" in extras:
        f["rd_ratio"] = rand_dec(rng, 2, 15, rng.choice([1, 2]))
        unit_rd = rng.choice(["亿元", "万元"]) if rev_wan * f["rd_ratio"] / 100 >= 10000 else "万元"
        f["rd_text"], f["rd"] = show_money(rng, f["rev"] * f["rd_ratio"] / 100, unit_rd)
        f["rd_unit"] = unit_of(f["rd_text"])
    if "div" in extras:
        payout = rand_dec(rng, 0.15, 0.6, 2)
        f["div10"] = max(D("0.1"), (f["eps"] * payout * 10).quantize(D("0.1"), ROUND_HALF_UP))
    if "assets" in extras:
        f["assets"] = q2(annual_wan * rand_dec(rng, 1.2, 3.5, 2) / 10000)
        f["debt_ratio"] = rand_dec(rng, 18, 78, 2)
    f["passage"] = passage(rng, f)
    return f


def passage(rng: random.Random, f: dict) -> str:
    company, period = f["company"], f["period"]
    extra = []
    if "gm" in f["extras"]:
        move = "提高" if f["gm_d"] > 0 else "下降"
        extra.append(f"综合毛利率为{pct(f['gm'])}，较上年同期{move}{plain(abs(f['gm_d']))}个百分点")
    if "eps" in f["extras"]:
        extra.append(f"基本每股收益{plain(f['eps'])}元")
    if "cf" in f["extras"]:
        if f["cf_outflow_phrase"]:
            text = f["cf_text"].lstrip("-")
            extra.append(f"经营活动产生的现金流量净额为负，净流出{text}")
        else:
            extra.append(f"经营活动产生的现金流量净额为{f['cf_text']}")
    if "rd" in f["extras"]:
        extra.append(
            rng.choice(
                [
                    f"研发投入{f['rd_text']}，占营业收入的比例为{pct(f['rd_ratio'])}",
                    f"{'全年' if f['report_tag'] in FULL_YEAR else '报告期内'}研发投入合计{f['rd_text']}，"
                    f"研发投入占营业收入比例为{pct(f['rd_ratio'])}",
                ]
            )
        )
    if "assets" in f["extras"]:
        extra.append(f"报告期末公司总资产{plain(f['assets'])}亿元，资产负债率为{pct(f['debt_ratio'])}")
    dividend = ""
    if "div" in f["extras"]:
        dividend = f"公司拟以总股本{f['shares']:,}股为基数，向全体股东每10股派发现金红利{plain(f['div10'])}元（含税）。"

    if f["style"] == "table":
        rows = [
            f"营业收入：{f['rev_text']}（上年同期：{f['rev_prev_text']}）",
            f"归属于上市公司股东的净利润：{f['np_text']}（上年同期：{f['np_prev_text']}）",
            *extra,
        ]
        return (
            f"{company}{f['report']}主要会计数据和财务指标（{period}）：" + "；".join(rows) + "。" + dividend
        )

    rev = f"{f['rev_text']}，{change_phrase(rng, f['rev_g'])}"
    np_ = f"{f['np_text']}，{change_phrase(rng, f['np_g'])}"
    if f["style"] == "news":
        opening = f"{company}{f['day']}晚间发布{f['report']}。{period}，公司实现营收{rev}；归母净利润{np_}。"
    else:
        intro = rng.choice(["报告期内，公司", f"{period}，公司", f"{period}，公司经营稳健，"])
        opening = (
            f"{company}（以下简称“公司”）披露{f['report']}。{intro}实现营业收入{rev}；"
            f"实现归属于上市公司股东的净利润{np_}。"
        )
    body = "；".join(extra) + "。" if extra else ""
    return opening + body + dividend


def questions(rng: random.Random, f: dict) -> list[dict]:
    """Every question this report can answer: (question, answer, difficulty, unit, metric)."""
    period, out = f["period"], []

    def add(question: str, answer: str, difficulty: str, unit: str, metric: str) -> None:
        out.append(
            {"question": question, "answer": answer, "difficulty": difficulty, "unit": unit, "metric": metric}
        )

    def amount(key: str, name: str, metric: str, shown_unit: str) -> None:
        asked = ask_unit(rng, f[key], [u for u in ("亿元", "万元") if u != shown_unit] + [shown_unit])
        value, note = rounded(in_unit(f[key], asked))
        level = "easy" if asked == shown_unit else "medium"
        add(f"{period}，{name}是多少{asked}？{note}", plain(value), level, asked, metric)

    amount("rev", "公司的营业收入", "营业收入", f["rev_unit"])
    amount("np", "归属于上市公司股东的净利润", "归母净利润", f["np_unit"])
    if f["style"] == "table":
        growth, note = rounded((f["rev"] / f["rev_prev"] - 1) * 100, "下降以负数表示")
        add(
            f"根据摘录数据计算，营业收入的同比增长率是多少？{note}",
            pct(growth),
            "hard",
            "%",
            "营业收入",
        )
        growth, note = rounded((f["np"] / f["np_prev"] - 1) * 100, "下降以负数表示")
        add(
            f"根据摘录数据计算，归母净利润的同比增长率是多少？{note}",
            pct(growth),
            "hard",
            "%",
            "归母净利润",
        )
    else:
        for key, name, metric in (("rev_g", "营业收入", "营业收入"), ("np_g", "归母净利润", "归母净利润")):
            rate = f[key]
            if rate > 0:
                add(f"{name}同比增长了百分之多少？", pct(rate), "easy", "%", metric)
            elif rng.random() < 0.5:
                add(f"{name}同比下降了百分之多少？", pct(-rate), "easy", "%", metric)
            else:
                add(f"{name}的同比增长率是多少？（下降以负数表示）", pct(rate), "medium", "%", metric)
        prev_wan = f["rev"] / (1 + f["rev_g"] / 100)
        unit = ask_unit(rng, prev_wan, ["亿元", "万元"])
        prev, note = rounded(in_unit(prev_wan, unit))
        add(
            f"根据同比增速推算，上年同期营业收入约为多少{unit}？{note}", plain(prev), "hard", unit, "营业收入"
        )
    margin, note = rounded(f["np"] / f["rev"] * 100)
    add(f"归母净利润占营业收入的比例（净利率）是多少？{note}", pct(margin), "hard", "%", "归母净利润")
    if "gm" in f["extras"]:
        add("综合毛利率是多少？", pct(f["gm"]), "easy", "%", "毛利率")
        add("上年同期的综合毛利率是多少？", pct(f["gm"] - f["gm_d"]), "hard", "%", "毛利率")
    if "eps" in f["extras"]:
        add("基本每股收益是多少元？", plain(f["eps"]), "easy", "元", "每股收益")
    if "cf" in f["extras"]:
        unit = f["cf_unit"] if rng.random() < 0.5 else ask_unit(rng, f["cf"], ["亿元", "万元"])
        value, note = rounded(in_unit(f["cf"], unit), "净流出以负数表示")
        level = "hard" if f["cf_outflow_phrase"] else ("easy" if unit == f["cf_unit"] else "medium")
        add(
            f"经营活动产生的现金流量净额是多少{unit}？{note}",
            plain(value),
            level,
            unit,
            "现金流",
        )
    if "rd" in f["extras"]:
        add("研发投入占营业收入的比例是多少？", pct(f["rd_ratio"]), "easy", "%", "研发投入")
        unit = ask_unit(rng, f["rd"], [u for u in ("亿元", "万元") if u != f["rd_unit"]])
        value, note = rounded(in_unit(f["rd"], unit))
        level = "easy" if unit == f["rd_unit"] else "medium"
        add(f"研发投入是多少{unit}？{note}", plain(value), level, unit, "研发投入")
    if "div" in f["extras"]:
        add("按分配预案，每股派发现金红利多少元（含税）？", plain(f["div10"] / 10), "medium", "元", "分红")
        total, note = rounded(D(f["shares"]) * f["div10"] / 10 / 10000)
        add(f"按分配预案，公司合计派发现金红利多少万元（含税）？{note}", plain(total), "hard", "万元", "分红")
    if "assets" in f["extras"]:
        debt, note = rounded(f["assets"] * f["debt_ratio"] / 100)
        add(f"报告期末公司总负债约为多少亿元？{note}", plain(debt), "hard", "亿元", "资产负债")
        add("报告期末的资产负债率是多少？", pct(f["debt_ratio"]), "easy", "%", "资产负债")
    return out


def statement_samples() -> list[dict]:
    rng = random.Random(SEED)
    n_dev, n_test, per_report = 30, 80, 2
    rows = []
    for index, company in enumerate(company_names(rng, n_dev + n_test)):
        f = make_report(rng, company)
        candidates = questions(rng, f)
        # two questions of different metrics, leaning on the harder ones half of the time
        by_level = {
            lvl: [q for q in candidates if q["difficulty"] == lvl] for lvl in ("easy", "medium", "hard")
        }
        picked: list[dict] = []
        for _ in range(per_report):
            levels = [lvl for lvl in ("easy", "medium", "hard") if by_level[lvl]]
            pool = by_level[rng.choice(levels)]
            pool = [q for q in pool if all(q["metric"] != p["metric"] for p in picked)] or [
                q for q in candidates if q not in picked
            ]
            picked.append(rng.choice(pool))
        split = "dev" if index < n_dev else "test"
        for q in picked:
            rows.append(
                {
                    "split": split,
                    "passage": f["passage"],
                    "question": q["question"],
                    "answer": q["answer"],
                    "difficulty": q["difficulty"],
                    "unit": q["unit"],
                    "metric": q["metric"],
                    "report": f["report_tag"],
                }
            )
    return [{"id": f"sf-{i:04d}", **row} for i, row in enumerate(rows, start=1)]


# ---------------------------------------------------------------- news sentiment

EN_COMPANIES = [
    "Northwind Semiconductor",
    "Bluepeak Energy",
    "Harbor Lane Foods",
    "Silverline Motors",
    "Crestview Pharma",
    "Ironbridge Logistics",
    "Maple Grove Retail",
    "Redstone Mining",
    "Aurora Biotech",
    "Kestrel Airlines",
    "Oakmont Software",
    "Tidewater Chemicals",
]
PARTNERS = ["国家电网下属企业", "某头部新能源车企", "一家欧洲能源集团", "某大型央企", "某国际连锁零售商"]
PROJECTS_ZH = ["城市轨道交通", "光伏电站EPC", "智慧水务", "数据中心", "高速公路机电"]
DRUGS = ["1类创新药LJ-101片", "生物类似药HX-02注射液", "PD-1单抗", "降糖新药RF-7胶囊"]
PRODUCTS = [
    ("高端光刻胶", "新材料"),
    ("车规级功率芯片", "半导体"),
    ("大尺寸硅片", "半导体"),
    ("高精度减速器", "精密"),
]
INDUSTRIES_ZH = ["新能源汽车", "低空经济", "人工智能", "光伏", "生物医药", "工业母机"]
INVESTORS = ["某国资产业基金", "一家头部创投机构", "地方政府引导基金"]
CITIES = ["深圳", "苏州", "成都", "合肥", "杭州", "武汉"]
NAMES = ["王建国", "李文斌", "陈晓东", "赵志刚", "刘海燕", "周明辉"]
EN_NAMES = ["Sarah Collins", "David Park", "Maria Lopez", "James Whitaker", "Anita Rao"]
EN_THINGS = ["battery cells", "wind turbines", "rail cars", "chip packaging tools", "jet engines"]
EN_DRUGS = ["migraine", "diabetes", "lung cancer", "psoriasis"]
MONTHS = ["3月", "4月", "5月", "6月", "9月", "10月"]
EN_DATES = ["May 16", "June 3", "June 12", "May 22"]
ZH_DATES = ["6月18日", "6月28日", "5月20日", "8月29日", "4月26日", "9月12日"]

# "difficulty|category|text" per label and language
NEWS: dict[str, dict[str, list[str]]] = {
    "正面": {
        "zh": [
            "easy|业绩|{co}发布半年度业绩预告，预计上半年归母净利润同比增长{p_mid}%至{p_high}%",
            "easy|经营|{co}中标{amt}亿元{project}项目，约占公司上年营业收入的{p_low}%",
            "easy|资本运作|{co}拟以{amt_s}亿元至{amt_s2}亿元自有资金回购公司股份",
            "easy|资本运作|{co}控股股东计划未来6个月内增持公司股份，金额不低于{amt_s}亿元",
            "easy|经营|{co_pharma}自主研发的{drug}获国家药监局批准上市",
            "easy|业绩|{co}一季度营收同比增长{p_mid}%，归母净利润创历史同期新高",
            "medium|经营|{co}与{partner}签订五年期供货协议，预计合同总金额约{amt}亿元",
            "easy|市场|多家券商上调{co}评级至“买入”，认为公司盈利拐点已现",
            "medium|资本运作|{co}拟每10股派发现金红利{div}元，分红比例创上市以来新高",
            "medium|经营|{co}新建产线正式投产，全面达产后预计每年新增产值{amt}亿元",
            "hard|业绩|{co}上半年亏损同比收窄{p_mid}%，二季度单季实现扭亏为盈",
            "hard|监管合规|{co}收到证监会结案通知书，此前的立案调查事项不予处罚。公司股价盘中涨停。",
            "easy|经营|{co}前三季度出口额同比增长{p_mid}%，海外订单已排产至明年二季度",
            "medium|宏观|央行宣布下调金融机构存款准备金率{rrr}个百分点，预计释放长期资金约{liq}亿元",
            "medium|资本运作|{co}控股股东解除质押{n_wan}万股，累计质押比例降至{p_low}%",
            "easy|经营|{co}入选国家级专精特新“小巨人”企业名单",
            "medium|资本运作|{co}成功发行{amt_s}亿元绿色公司债，票面利率{rate}%创同期同类新低",
            "hard|监管合规|{co}与同行的专利侵权诉讼二审胜诉，对方需赔偿{amt_s}亿元",
            "easy|经营|{co_maker}自主研发的{product}打破国外垄断，已拿到首批批量订单",
            "easy|市场|{co_power}股价涨停，公司晚间公告新签{amt}亿元储能订单",
            "hard|经营|{co}此前因事故停产的生产线全面复产，产能利用率已恢复至{p_cap}%",
            "medium|经营|{co}产品获欧盟CE认证，正式进入欧洲市场。公司表示将加快海外渠道布局。",
            "hard|资本运作|{co}股东宣布提前终止减持计划，并承诺未来12个月内不减持公司股份",
            "easy|业绩|{co}2023年归母净利润{amt_s}亿元，同比增长{p_mid}%，大幅超出市场预期",
            "medium|宏观|国务院印发推动{industry}高质量发展的指导意见，{industry}板块集体走强",
            "easy|经营|{co_retail}门店数量突破{n_store}家，同店销售额同比增长{p_low}%",
            "hard|资本运作|{co}债务重组方案获债权人会议高票通过，公司有望摆脱退市风险",
            "medium|市场|{co}将被调入沪深300指数样本股，下周一起生效",
            "easy|经营|{co_auto}新能源汽车月销量首次突破{n_car}万辆，同比翻番",
            "medium|业绩|{co}上调全年营收指引，预计全年毛利率同比提升{pp}个百分点",
            "hard|业绩|{co}营收微降{p_low}%，但归母净利润同比大增{p_mid}%，盈利能力显著改善",
            "medium|资本运作|{co}完成{amt_s}亿元战略融资，由{investor}领投，投后估值超百亿元",
        ],
        "en": [
            "easy|业绩|{eco} shares jump {p_low}% after quarterly profit beats estimates",
            "easy|经营|{eco} wins ${amt_e} billion contract to supply {thing}",
            "easy|业绩|{eco} raises full-year revenue forecast on strong demand",
            "easy|资本运作|{eco} announces ${amt_e} billion share buyback",
            "easy|经营|{eco_pharma} gets regulatory approval for its {drug_en} treatment",
            "hard|业绩|{eco} narrows quarterly loss as cost cuts take hold",
            "medium|市场|Analysts upgrade {eco} to 'buy', citing margin recovery",
            "easy|经营|{eco_auto} posts record deliveries, up {p_mid}% from a year earlier",
        ],
    },
    "负面": {
        "zh": [
            "easy|业绩|{co}预计上半年归母净利润同比下降{p_mid}%，主要受原材料价格上涨影响",
            "easy|监管合规|{co}因涉嫌信息披露违法违规被证监会立案调查",
            "easy|资本运作|{co}控股股东拟减持不超过公司总股本{p_tiny}%的股份",
            "easy|业绩|{co}2023年亏损{amt_s}亿元，上市以来首次由盈转亏",
            "easy|监管合规|{co}收到行政处罚决定书，被责令改正并处以{fine}万元罚款",
            "easy|资本运作|{co}发行的{amt_s}亿元公司债券未能按期兑付本息，构成实质性违约",
            "medium|资本运作|评级机构将{co}主体信用等级由AA下调至AA-，评级展望为负面",
            "easy|经营|{co_auto}召回{n_car_units}辆存在制动系统隐患的汽车",
            "easy|经营|{co}宣布裁员约{p_low}%，并关闭两家海外工厂",
            "easy|经营|{co_pharma}核心产品{drug}三期临床试验未达到主要终点，股价开盘跌停",
            "easy|经营|{co}主要生产基地突发火灾，部分产线停产，损失正在评估中",
            "hard|监管合规|{co}实际控制人被留置，公司称目前生产经营一切正常",
            "hard|业绩|{co}营收增长{p_low}%，但归母净利润下滑{p_mid}%，毛利率降至近五年最低",
            "hard|资本运作|{co}宣布终止筹划重大资产重组，公司股票明日复牌",
            "medium|监管合规|{co}2023年财务报告被会计师事务所出具保留意见的审计报告",
            "easy|监管合规|{co}股票将被实施退市风险警示，证券简称变更为“*ST{short}”",
            "easy|经营|{co}第一大客户取消订单，预计影响公司全年营收约{p_low}%",
            "medium|业绩|{co}计提商誉减值{amt_s}亿元，预计全年亏损",
            "easy|经营|{co_food}多批次产品抽检不合格，多地市场监管部门要求下架",
            "medium|监管合规|{co}控股股东所持公司全部股份被司法冻结",
            "medium|经营|{co}董事会秘书、财务总监同日辞职，公司称系个人原因",
            "hard|市场|{co}净利润同比增长{p_low}%，但低于市场预期，股价盘中一度跌超{p_drop}%",
            "medium|宏观|美方宣布对进口{industry}产品加征关税，相关出口企业承压",
            "medium|业绩|{co}应收账款大幅攀升，经营活动现金流量净额连续三年为负",
            "medium|经营|{co}与某国际品牌的独家代理协议到期未获续签，相关业务收入占比超过三成",
            "easy|监管合规|{co}被列入失信被执行人名单，涉案金额{amt_s}亿元",
            "medium|经营|{co}募投项目再度延期两年，公司称受市场需求变化影响",
            "easy|业绩|{co}一季度亏损扩大，经营活动现金流净流出{amt_s}亿元",
            "medium|市场|做空机构发布报告质疑{co}虚增收入，公司股价大跌{p_drop}%",
            "medium|资本运作|{co}{n_yi}亿股限售股明日解禁，占总股本的{p_low}%",
            "medium|业绩|{co}毛利率连续四个季度下滑，计提存货跌价准备{amt_s}亿元",
            "easy|经营|{co_prop}旗下多个在建楼盘停工，购房者集中维权",
        ],
        "en": [
            "easy|业绩|{eco} cuts outlook as demand slows; shares slide {p_drop}%",
            "easy|监管合规|{eco} faces regulatory probe over accounting irregularities",
            "easy|经营|{eco} to cut {n_jobs} jobs in restructuring",
            "medium|业绩|{eco} misses revenue estimates for third straight quarter",
            "easy|经营|{eco_auto} recalls {n_car_units} vehicles over brake defect",
            "easy|资本运作|{eco} misses bond payment as debt woes deepen",
            "hard|市场|{eco} profit rises {p_low}% but falls short of forecasts; stock drops",
            "medium|经营|{eco} CEO resigns abruptly; company withdraws guidance",
        ],
    },
    "中性": {
        "zh": [
            "easy|公司治理|{co}将于{date}召开2023年年度股东大会",
            "easy|公司治理|{co}董事会完成换届选举，{name}连任董事长",
            "easy|公司治理|{co}拟将公司名称变更为“{co}控股股份有限公司”，证券代码保持不变",
            "easy|公司治理|{co}完成注册资本变更的工商登记手续",
            "easy|公司治理|{co}将于{date_h1}披露2024年半年度报告",
            "medium|公司治理|{co}披露投资者关系活动记录表，就行业竞争格局回答机构提问",
            "easy|公司治理|{co}股东大会审议通过续聘会计师事务所的议案",
            "medium|宏观|国家统计局：{month}份全国CPI同比上涨{cpi}%，涨幅与上月持平",
            "hard|市场|{co}股票交易异常波动，公司称不存在应披露而未披露的重大信息",
            "medium|经营|{co}在{city}设立全资子公司，注册资本{fine}万元",
            "easy|公司治理|{co}修订《公司章程》部分条款",
            "easy|公司治理|{co}发布2023年度环境、社会及公司治理（ESG）报告",
            "easy|公司治理|{co}将于{date_q1}举办2024年第一季度业绩说明会",
            "medium|公司治理|{co}一名独立董事任期届满离任，公司将尽快完成补选",
            "hard|资本运作|{co}披露回购进展：截至上月末已累计回购股份{n_wan}万股",
            "hard|资本运作|{co}控股股东减持计划时间过半，期间尚未减持公司股份",
            "medium|资本运作|{co}股票将于明日起停牌，筹划发行股份购买资产事项",
            "hard|资本运作|{co}发布2023年年度权益分派实施公告，股权登记日为{date}",
            "easy|公司治理|{co}董事会聘任{name}为公司总经理",
            "medium|业绩|{co}上半年营收{amt}亿元，同比基本持平，净利润与上年同期相当",
            "easy|公司治理|{co}召开临时股东大会，审议董事会换届选举等议案",
            "medium|市场|沪深两市全天成交额{turnover}亿元，较上一交易日基本持平",
            "medium|资本运作|{co}拟使用不超过{amt_s}亿元闲置募集资金进行现金管理",
            "medium|宏观|央行公布数据：{month}末广义货币（M2）余额同比增长{m2}%，增速与上月末持平",
            "easy|公司治理|{co}将参加{city}辖区上市公司投资者网上集体接待日活动",
            "easy|公司治理|{co}聘任新的证券事务代表",
            "easy|公司治理|{co}披露截至{date_q_end}的股东户数为{n_holders}户",
            "medium|资本运作|{co}为全资子公司提供{amt_s}亿元银行授信担保，额度在年度预计范围内",
            "medium|宏观|{month}LPR报价出炉：1年期和5年期以上LPR分别为{lpr1}%和{lpr5}%，均与上月持平",
            "hard|业绩|{co}发布2023年度业绩快报，营收和净利润均落在此前预告区间内，与预告一致",
            "medium|公司治理|{co}公告办公地址变更，投资者联系电话同步调整",
            "easy|公司治理|{co}完成法定代表人变更登记",
        ],
        "en": [
            "easy|公司治理|{eco} to hold annual shareholder meeting on {date_en}",
            "easy|公司治理|{eco} names {name_en} chief financial officer",
            "easy|公司治理|{eco} to report second-quarter results on {date_en_q2}",
            "easy|公司治理|{eco} completes previously announced name change",
            "medium|业绩|{eco} revenue in line with estimates; full-year outlook unchanged",
            "easy|公司治理|{eco} board approves amendments to company bylaws",
            "medium|宏观|Central bank holds benchmark rate at {rate_en}%, as widely expected",
            "hard|市场|{eco} says it is not aware of any undisclosed information behind unusual share moves",
        ],
    },
}


def _news_slots(rng: random.Random) -> dict[str, str]:
    co = rng.choice(PREFIXES) + rng.choice(INDUSTRIES)
    product, maker = rng.choice(PRODUCTS)
    amt_s = rng.randint(2, 30)
    return {
        "co": co,
        "short": co[:2],
        "co_pharma": rng.choice(PREFIXES) + rng.choice(["医药", "生物", "制药"]),
        "co_auto": rng.choice(PREFIXES) + rng.choice(["汽车", "新能源汽车"]),
        "co_retail": rng.choice(PREFIXES) + rng.choice(["连锁", "百货", "餐饮", "零售"]),
        "co_power": rng.choice(PREFIXES) + rng.choice(["能源", "储能", "电气"]),
        "co_prop": rng.choice(PREFIXES) + rng.choice(["地产", "置业"]),
        "co_food": rng.choice(PREFIXES) + rng.choice(["食品", "乳业", "饮料"]),
        "date_h1": rng.choice(["8月22日", "8月27日", "8月30日"]),
        "date_q1": rng.choice(["5月10日", "5月16日", "4月30日"]),
        "date_q_end": rng.choice(["3月31日", "6月30日", "9月30日"]),
        "date_en_q2": rng.choice(["July 25", "August 7", "July 30"]),
        "eco": rng.choice(EN_COMPANIES),
        "eco_pharma": rng.choice(["Crestview Pharma", "Aurora Biotech", "Lumen Therapeutics"]),
        "eco_auto": rng.choice(["Silverline Motors", "Granite Trucks", "Voltaro EV"]),
        "p_low": str(rand_dec(rng, 2, 15, rng.choice([0, 1]))),
        "p_mid": str(rng.randint(18, 85)),
        "p_high": str(rng.randint(90, 160)),
        "p_tiny": rng.choice(["1", "2", "3"]),
        "p_drop": str(rng.randint(5, 18)),
        "p_cap": str(rng.randint(85, 98)),
        "amt": str(rng.randint(12, 95)),
        "amt_s": str(amt_s),
        "amt_s2": str(amt_s * 2),
        "amt_e": str(rand_dec(rng, 0.5, 6, 1)),
        "fine": str(rng.choice([60, 120, 300, 500, 1000])),
        "div": str(rand_dec(rng, 2, 12, 1)),
        "rate": str(rand_dec(rng, 1.9, 2.6, 2)),
        "rate_en": str(rand_dec(rng, 3.5, 5.5, 2)),
        "pp": str(rand_dec(rng, 0.5, 3, 1)),
        "rrr": rng.choice(["0.25", "0.5"]),
        "liq": rng.choice(["5000", "1万", "1.2万"]),
        "n_wan": str(rng.randint(800, 9000)),
        "n_yi": str(rand_dec(rng, 0.5, 6, 2)),
        "n_store": str(rng.choice([1000, 2000, 3000, 5000])),
        "n_car": rng.choice(["5", "10", "20"]),
        "n_car_units": f"{rng.randint(3, 90) * 1000:,}",
        "n_jobs": f"{rng.randint(4, 60) * 100:,}",
        "n_holders": f"{rng.randint(12_000, 160_000):,}",
        "turnover": f"{rng.randint(6500, 11800):,}",
        "partner": rng.choice(PARTNERS),
        "project": rng.choice(PROJECTS_ZH),
        "drug": rng.choice(DRUGS),
        "product": product,
        "co_maker": rng.choice(PREFIXES) + maker,
        "industry": rng.choice(INDUSTRIES_ZH),
        "investor": rng.choice(INVESTORS),
        "city": rng.choice(CITIES),
        "name": rng.choice(NAMES),
        "name_en": rng.choice(EN_NAMES),
        "thing": rng.choice(EN_THINGS),
        "drug_en": rng.choice(EN_DRUGS),
        "date": rng.choice(ZH_DATES),
        "date_en": rng.choice(EN_DATES),
        "month": rng.choice(MONTHS),
        "cpi": str(rand_dec(rng, 0.1, 0.9, 1)),
        "m2": str(rand_dec(rng, 6.5, 9.5, 1)),
        "lpr1": rng.choice(["3.45", "3.35"]),
        "lpr5": rng.choice(["3.95", "3.85"]),
    }


def news_samples() -> list[dict]:
    rng = random.Random(SEED + 1)
    rows, seen = [], set()
    for label, by_language in NEWS.items():
        for language, templates in by_language.items():
            for entry in templates:
                difficulty, category, template = entry.split("|", 2)
                for _ in range(2):
                    text = template.format(**_news_slots(rng))
                    while text in seen:  # never the same text twice
                        text = template.format(**_news_slots(rng))
                    seen.add(text)
                    rows.append(
                        {
                            "text": text,
                            "label": label,
                            "language": language,
                            "category": category,
                            "difficulty": difficulty,
                        }
                    )
    rng.shuffle(rows)
    dev_left = {(label, lang): (19 if lang == "zh" else 5) for label in NEWS for lang in ("zh", "en")}
    for row in rows:
        key = (row["label"], row["language"])
        row["split"] = "dev" if dev_left[key] > 0 else "test"
        if row["split"] == "dev":
            dev_left[key] -= 1
    rows.sort(key=lambda r: r["split"])
    return [{"id": f"fin-{i:04d}", "split": row.pop("split"), **row} for i, row in enumerate(rows, start=1)]


# ---------------------------------------------------------------- writing


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    write_jsonl(DATA / "statement_figures.jsonl", statement_samples())
    write_csv(DATA / "news_sentiment.csv", news_samples())


if __name__ == "__main__":
    main()
