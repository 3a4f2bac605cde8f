"""Re-derive every math answer independently of `generate.py` and check the question text.

    python tracks/education/verify_math.py

For each sample: (1) solve it again from the stored parameters, by brute force or
simulation where that is possible, otherwise by a differently arranged formula;
(2) check that the Arabic numbers in the question are exactly the stored parameters
(plus the constants a kind states, such as π = 3.14), so the text says what was solved.
Exits non-zero on the first disagreement.
"""

from __future__ import annotations

import json
import re
import sys
from fractions import Fraction as F
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "math_word_problems.jsonl"


def fr(x) -> F:
    return F(str(x))


def first(candidates, test):
    """The first candidate passing `test` (brute-force search), or a failure."""
    for c in candidates:
        if test(c):
            return c
    raise AssertionError("no solution found by search")


def hundredths(limit: int):
    """0.01, 0.02, ... up to `limit`: the grid a brute-force search walks."""
    return (F(i, 100) for i in range(1, limit * 100 + 1))


def thousandths(limit: int):
    return (F(i, 1000) for i in range(1, limit * 1000 + 1))


def solve(kind: str, p: dict, q: str) -> F:
    if kind == "meet_time":
        # walk time forward until the gap closes
        return first(hundredths(100), lambda t: (fr(p["v1"]) + fr(p["v2"])) * t >= fr(p["d"]))
    if kind == "meet_distance":
        t = fr(p["t"])
        if "多行" in q:
            return p["v1"] * t - p["v2"] * t
        return p["v1"] * t + p["v2"] * t
    if kind == "chase":
        head = p["v1"] * (fr(p["h"]) if "h" in p else F(p["m"]))
        return first(hundredths(300), lambda t: p["v2"] * t - p["v1"] * t >= head)
    if kind == "round_trip_avg":
        distance = F(p["v1"] * p["v2"])  # any distance works; pick one both speeds divide
        return 2 * distance / (distance / p["v1"] + distance / p["v2"])
    if kind == "boat":
        distance = (p["vb"] + p["vc"]) * p["t"]
        return F(distance, p["vb"] - p["vc"])
    if kind == "work_together":
        return first(hundredths(60), lambda t: t / p["a"] + t / p["b"] >= 1)
    if kind == "work_then":
        done = p["t"] * (F(1, p["a"]) + F(1, p["b"]))
        return first((F(i, 10) for i in range(1, 1000)), lambda x: done + x / p["b"] >= 1)
    if kind == "pipes":
        return first(hundredths(500), lambda t: t / p["a"] - t / p["b"] >= 1)
    if kind == "discount_price":
        share = (100 - fr(p["off"])) / 100 if "off" in p else fr(p["zhe"]) / 10
        price = p["p"] * share
        return p["p"] - price if p["save"] else price
    if kind == "cost_markup":
        marked = p["c"] + p["c"] * F(p["m"], 100)
        return marked * fr(p["zhe"]) / 10 - p["c"]
    if kind == "profit_rate":
        return F(p["s"], p["c"]) - 1
    if kind == "original_price":
        orig = first(range(1, 100_000), lambda x: x * fr(p["zhe"]) / 10 == fr(p["s"]))
        return orig - fr(p["s"]) if p["saving"] else F(orig)
    if kind == "full_reduction":
        total = p["p1"] + p["p2"]
        return F(total - p["r"] * sum(1 for k in range(1, total + 1) if k % p["t"] == 0))
    if kind == "chicken_rabbit":
        for rabbits in range(p["heads"] + 1):
            if 4 * rabbits + 2 * (p["heads"] - rabbits) == p["legs"]:
                return F(rabbits if p["ask"] == "rabbits" else p["heads"] - rabbits)
    if kind == "bike_trike":
        return F(first(range(p["n"] + 1), lambda t: 3 * t + 2 * (p["n"] - t) == p["wheels"]))
    if kind == "boats":
        return F(
            first(
                range(p["k"] + 1), lambda b: b * p["big_cap"] + (p["k"] - b) * p["small_cap"] == p["people"]
            )
        )
    if kind == "quiz_score":
        return F(first(range(p["n"] + 1), lambda r: p["a"] * r - p["b"] * (p["n"] - r) == p["score"]))
    if kind == "percent_part":
        return F(p["m"], p["n"])
    if kind == "percent_change":
        return abs(F(p["b"] - p["a"], p["a"]))
    if kind == "rate_pass":
        n = p["good"] + p["bad"] if p["style"] == 1 else p["n"]
        return F(n - p["bad"], n)
    if kind == "whole_from_percent":
        return F(first(range(1, 100_000), lambda w: F(w * p["p"], 100) == fr(p["x"])))
    if kind == "salt":
        if "salt" in p:
            return F(p["salt"], p["salt"] + p["water"])
        return F(p["a"] * p["p"], 100) / (p["a"] + p["w"])
    if kind == "interest":
        yearly = p["p"] * fr(p["r"]) / 100
        return sum((yearly for _ in range(p["n"])), F(p["p"] if p["total"] else 0))
    if kind == "rect":
        return F(p["a"] * p["b"]) if p["area"] else F(p["a"] + p["b"] + p["a"] + p["b"])
    if kind == "rect_from_perimeter":
        return F(p["a"] * (p["per"] // 2 - p["a"]))
    if kind == "polygon_area":
        if p["shape"] == "triangle":
            return F(p["base"] * p["h"], 2)
        area = F(p["a"] * p["h"] + p["b"] * p["h"], 2)
        return area * fr(p["y"]) if p["shape"] == "trapezoid_yield" else area
    if kind == "circle":
        r, pi = (fr(p["r"]) if "r" in p else fr(p["d"]) / 2), F("3.14")
        d = 2 * r
        return {"circumference": pi * d, "area": pi * r**2, "semicircle": pi * d / 2 + d}[p["style"]]
    if kind == "wall_fence":
        return p["a"] * (fr(p["length"]) - p["a"]) / 2
    if kind == "path_around":
        w = fr(p["w"])
        # four strips along the sides plus four corner squares
        return 2 * p["a"] * w + 2 * p["b"] * w + 4 * w * w
    if kind == "tiles":
        return F(p["a"] * p["b"] * 100, p["s"] ** 2)
    if kind == "cuboid_tank":
        return F(p["a"] * p["b"] * p["d"])
    if kind == "water_rise":
        return p["a"] * p["b"] * fr(p["h"])
    if kind == "cone_cylinder":
        pi = F("3.14")
        if p["shape"] == "cylinder":
            return pi * F(p["d"] ** 2, 4) * p["h"]
        return pi * p["r"] ** 2 * fr(p["h"]) * fr(p["w"]) / 3
    if kind == "average_simple":
        return F(sum(p["scores"]), len(p["scores"]))
    if kind == "average_missing":
        return F(first(range(0, 101), lambda x: F(p["a"] * p["k"] + x, p["k"] + 1) == p["b"]))
    if kind == "average_groups":
        return F(p["m"] * p["x"] + p["f"] * p["y"], p["m"] + p["f"])
    if kind == "judges":
        scores = [fr(s) for s in p["scores"]]
        scores.remove(max(scores))
        scores.remove(min(scores))
        return sum(scores, F(0)) / len(scores)
    if kind == "ratio_split":
        return F(p["whole"] * p["b"], p["a"] + p["b"])
    if kind == "map_scale":
        cm_per_km = F(100_000, p["n"])
        return fr(p["km"]) * cm_per_km if p["to_map"] else fr(p["d"]) / cm_per_km
    if kind == "direct_prop":
        return fr(p["total_a"]) * p["b"] / p["a"]
    if kind == "inverse_prop":
        return F(first(range(1, 1000), lambda d: d * p["q"] >= p["p"] * p["n"]))
    if kind == "ratio_three":
        unit = F(p["d"], p["c"] - p["a"])
        return unit * (p["a"] + p["b"] + p["c"])
    if kind == "sum_diff":
        return F(first(range(p["s"] + 1), lambda big: big + (big - p["diff"]) == p["s"]))
    if kind == "sum_multiple":
        return F(first(range(p["s"] + 1), lambda pear: pear * (p["k"] + 1) == p["s"]))
    if kind == "age":
        return F(first(range(1, 100), lambda y: p["parent"] + y == p["k"] * (p["child"] + y)))
    if kind == "trees_line":
        spots = len(range(0, p["length"] + 1, p["d"]))  # trees at 0, d, 2d, ..., length
        return F({"both_ends": spots, "both_sides": 2 * spots, "no_ends": spots - 2}[p["style"]])
    if kind == "trees_circle":
        return F(len(range(0, p["length"], p["d"])))
    if kind == "saw_stairs":
        if p["style"] == "saw":
            return F(p["n"] - 1) * p["t"]
        per_floor = F(p["t"], p["a"] - 1)
        return per_floor * (p["b"] - 1)
    if kind == "book_pages":
        left = F(p["n"])
        left -= p["n"] * F(p["f1"])
        left -= left * F(p["f2"])
        return left
    if kind == "fraction_whole":
        return fr(p["left"]) / (1 - F(p["used"]))
    if kind == "fraction_more":
        f = F(p["f"])
        return p["base"] + p["base"] * f if p["more"] else p["base"] - p["base"] * f
    if kind == "surplus_deficit":
        kids = first(range(1, 1000), lambda k: p["a"] * k + p["r1"] == p["b"] * k - p["r2"])
        return F(p["a"] * kids + p["r1"] if p["ask"] == "apples" else kids)
    if kind == "shopping_change":
        return p["pay"] - p["n"] * fr(p["p"]) - p["m"] * fr(p["c"])
    if kind == "water_bill":

        def bill(tons: int) -> F:
            return sum((fr(p["p"]) if k <= p["a"] else fr(p["q"]) for k in range(1, tons + 1)), F(0))

        if p["ask"] == "bill":
            return bill(p["w"])
        return F(first(range(1, 200), lambda t: bill(t) == fr(p["bill"])))
    if kind == "taxi":
        return p["c"] + sum((fr(p["price"]) for km in range(1, p["d"] + 1) if km > p["s"]), F(0))
    if kind == "tickets":
        return F(first(range(p["n"] + 1), lambda a: a * p["a"] + (p["n"] - a) * p["b"] == p["money"]))
    if kind == "growth_rate":
        return first((F(i, 100) for i in range(1, 100)), lambda x: p["a"] * (1 + x) ** 2 == p["b"])
    if kind == "phone_plans":
        return F(first(range(1, 10_000), lambda m: p["a"] + m * fr(p["p"]) == m * fr(p["q"])))
    if kind == "ladder":
        c = fr(p["c"])
        if "slide" in p:
            feet = []
            for h in (fr(p["top"]), fr(p["top"]) - fr(p["slide"])):
                feet.append(first(thousandths(100), lambda x, h=h: x * x + h * h == c * c))
            return feet[1] - feet[0]
        a = fr(p["a"])
        return first(thousandths(100), lambda h: h * h + a * a == c * c)
    if kind == "probability":
        return F(p["r"], p["r"] + p["w"] + p["y"])
    raise AssertionError(f"no independent solver for kind {kind!r}")


PERCENT_KINDS = {"profit_rate", "percent_part", "percent_change", "rate_pass", "salt", "growth_rate"}
# numbers a kind's text may state that are not parameters (π, 六（2）班, the 1st floor, 1:n)
CONSTANTS = {
    "circle": {"3.14"},
    "cone_cylinder": {"3.14"},
    "saw_stairs": {"1"},
    "rate_pass": {"2"},
    "map_scale": {"1"},
}
# parameters that are not in the text: flags, and the value a map-scale question asks for
SILENT_KEYS = {"style", "shape", "ask", "save", "saving", "total", "area", "more", "to_map"}
ZH = "零一二三四五六七八九十"
EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def canon(n: str | float | int) -> str:
    x = fr(n)
    return str(x.numerator) if x.denominator == 1 else str(n)


def numbers_in(text: str) -> set[str]:
    return {canon(n) for n in re.findall(r"\d+(?:\.\d+)?", text)}


def spelled(n: int) -> list[str]:
    """How a small whole number may be written in words instead of digits."""
    words = []
    if 0 <= n <= 10:
        words += [ZH[n], EN[n]]
    elif n < 100:
        tens, ones = divmod(n, 10)
        words.append(("十" if tens == 1 else ZH[tens] + "十") + (ZH[ones] if ones else ""))
    return words


def parameter_numbers(kind: str, params: dict) -> list[str]:
    out = []
    for key, v in params.items():
        if key in SILENT_KEYS or (kind == "map_scale" and key == ("d" if params["to_map"] else "km")):
            continue
        if isinstance(v, str):
            if "/" in v:  # a fraction: written as 几分之几
                num, den = (int(x) for x in v.split("/"))
                out.append(f"{spelled(den)[0]}分之{spelled(num)[0]}")
            continue
        out += [canon(x) for x in (v if isinstance(v, list) else [v])]
    return out


def text_mismatch(kind: str, params: dict, q: str) -> str:
    in_text = numbers_in(q)
    missing = []
    for n in parameter_numbers(kind, params):
        if n in in_text or n in q:
            continue
        if n.isdigit() and any(w in q.split() or (w in q and not w.isascii()) for w in spelled(int(n))):
            continue
        missing.append(n)
    allowed = {canon(n) for n in parameter_numbers(kind, params) if re.fullmatch(r"\d+(\.\d+)?", n)}
    extra = in_text - allowed - CONSTANTS.get(kind, set())
    return f"missing={missing} extra={sorted(extra)}" if missing or extra else ""


def parse_target(target: str) -> F:
    return F(target[:-1]) / 100 if target.endswith("%") else F(target)


def main() -> int:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    failures = 0
    for row in rows:
        kind, params, q = row["kind"], row["params"], row["question"]
        expected = solve(kind, params, q)
        got = parse_target(row["answer"])
        if expected != got:
            print(f"{row['id']} {kind}: answer {row['answer']} but recomputed {expected}")
            failures += 1
        if row["answer"].endswith("%") != (kind in PERCENT_KINDS):
            print(f"{row['id']} {kind}: percent form does not fit the kind")
            failures += 1
        problem = text_mismatch(kind, params, q)
        if problem:
            print(f"{row['id']} {kind}: text does not state the parameters: {problem}\n  {q}")
            failures += 1
    print(f"checked {len(rows)} problems: {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
