"""Numbers in text ('1,234.5', '15%', '1.2万', '3亿元', '１２３', '三百二十', '两万') and numeric_match.

Values are parsed as Decimals, so '1.2万' is exactly 12000 and '15%' exactly 0.15.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field

from scorers.registry import scorer
from scorers.text import as_text, fold, nfkc

_SCALES = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
_PER = {"%": Decimal(100), "‰": Decimal(1000)}
_SCALE_EXPONENTS = {unit: int(size.log10()) for unit, size in _SCALES.items()}
_PER_EXPONENTS = {"%": 2, "‰": 3}

# A lone 千 after a number is a scale unless it starts a unit: 5千克 is 5 kg, not 5000.
_SCALE_RE = "万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![克米瓦卡帕焦赫])"
_CURRENCY_RE = "元|美元|块钱|块"
_ARABIC = re.compile(
    r"(?P<sign>(?<![0-9A-Za-z.])[-+−])?(?<![\d.])"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)"
    rf"(?:\s?(?P<per>[%‰])|\s?(?P<scale>{_SCALE_RE}))?"
    rf"(?:{_CURRENCY_RE})?"
)
_CN_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE = re.compile(
    rf"(?P<sign>负)?(?P<pct>百分之)?(?P<int>[{_CN_CHARS}]+)(?:点(?P<frac>[零〇一二三四五六七八九]+))?"
    rf"(?:{_CURRENCY_RE})?"
)
_ANY_CHINESE_NUMERAL = re.compile(f"[{_CN_CHARS}]")
_MAX_CHINESE_LEN = 24  # longer runs of numeral characters are not numbers someone wrote


class NumberMatch(NamedTuple):
    """A number found in text: its span text, value, and per-cent divisor if it had one."""

    text: str
    value: Decimal  # as written, before any % or ‰: '15%' -> 15
    per: Decimal | None = None  # 100 for %, 1000 for ‰

    def values(self, percent: PercentMode) -> list[Decimal]:
        if self.per is None or percent == "number":
            return [self.value]
        fraction = self.value / self.per
        return [fraction] if percent == "fraction" else [fraction, self.value]


PercentMode = Literal["fraction", "number", "either"]


def _arabic_value(match: re.Match) -> Decimal | None:
    try:
        value = Decimal(match["num"].replace(",", ""))
        if match["scale"]:
            value *= _SCALES[match["scale"]]
    except ArithmeticError:  # InvalidOperation, or '1e9999999万' overflows the context
        return None
    return -value if match["sign"] in ("-", "−") else value


def _chinese_below_wan(text: str) -> int:
    if not any(ch in _CN_UNITS for ch in text):  # digit by digit: 二〇二三 -> 2023
        return int("".join(str(_CN_DIGITS[ch]) for ch in text) or 0)
    value, digit = 0, None
    for ch in text:
        if ch in _CN_UNITS:
            value += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            digit = _CN_DIGITS[ch]
    return value + (digit or 0)


def chinese_integer(text: str) -> int:
    """'三百二十' -> 320, '一千零五' -> 1005, '两万' -> 20000, '一亿二千万' -> 120000000."""
    for big, size in (("亿", 10**8), ("万", 10**4)):
        if big in text:
            high, _, low = text.partition(big)
            return (chinese_integer(high) if high else 1) * size + (chinese_integer(low) if low else 0)
    return _chinese_below_wan(text)


def _chinese_value(match: re.Match) -> Decimal | None:
    run = match["int"]
    if len(run) > _MAX_CHINESE_LEN or not any(ch in _CN_DIGITS or ch == "十" for ch in run):
        return None  # '千万' alone means 'by all means', not 10^7
    value = Decimal(chinese_integer(run))
    if match["frac"]:
        value += Decimal("0." + "".join(str(_CN_DIGITS[ch]) for ch in match["frac"]))
    return -value if match["sign"] else value


def _arabic_numbers(text: str) -> Iterator[NumberMatch]:
    for match in _ARABIC.finditer(text):
        value = _arabic_value(match)
        if value is not None:
            yield NumberMatch(match[0], value, _PER.get(match["per"]) if match["per"] else None)


def _chinese_numbers(text: str) -> list[NumberMatch]:
    if _ANY_CHINESE_NUMERAL.search(text) is None:
        return []
    found = []
    for match in _CHINESE.finditer(text):
        value = _chinese_value(match)
        if value is not None:
            found.append(NumberMatch(match[0], value, Decimal(100) if match["pct"] else None))
    if len(found) > 1:  # a lone 一 is mostly a word (一些, 一起) when other numbers exist
        found = [m for m in found if m.text != "一"] or found
    return found


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in the text, in order: Arabic-digit numbers when there are any,
    otherwise Chinese numerals."""
    text = nfkc(text)
    return list(_arabic_numbers(text)) or _chinese_numbers(text)


def first_number(text: str) -> NumberMatch | None:
    text = nfkc(text)
    position = 0
    while (match := _ARABIC.search(text, position)) is not None:
        value = _arabic_value(match)
        if value is not None:
            return NumberMatch(match[0], value, _PER.get(match["per"]) if match["per"] else None)
        position = match.end()
    chinese = _chinese_numbers(text)
    return chinese[0] if chinese else None


def _first_values(text: str, percent: PercentMode) -> tuple[float, ...]:
    number = first_number(text)
    if number is None:
        return ()
    try:
        values = [float(v) for v in number.values(percent)]
    except ArithmeticError:
        return ()
    return tuple(v for v in values if math.isfinite(v))


def number_values(text: str, percent: PercentMode = "fraction") -> tuple[float, ...]:
    """The value(s) of the first number in the text; two when percent='either' and it has a %.
    Empty when there is no number."""
    if text[-1:].isdigit() and "_" not in text:  # plain numbers, the common case, without a regex
        try:
            value = float(text)
        except ValueError:
            pass
        else:
            return (value,) if math.isfinite(value) else ()
    text = nfkc(text)
    match = _ARABIC.search(text)
    if match is None:
        return _first_values(text, percent)  # Chinese numerals, if any
    sign, digits, per, scale = match.group("sign", "num", "per", "scale")
    if "e" in digits or "E" in digits:
        return _first_values(text, percent)  # an exponent and a unit: exact Decimal arithmetic
    # the unit becomes an exponent ('1.2万' parses as '1.2e4', '15%' as '15e-2'), so float
    # parsing alone gives the correctly rounded exact value
    digits = digits.replace(",", "")
    if scale:
        values: tuple[float, ...] = (float(f"{digits}e{_SCALE_EXPONENTS[scale]}"),)
    elif per and percent != "number":
        fraction = float(f"{digits}e-{_PER_EXPONENTS[per]}")
        values = (fraction,) if percent == "fraction" else (fraction, float(digits))
    else:
        values = (float(digits),)
    if sign == "-" or sign == "−":
        values = tuple(-v for v in values)
    return values if math.isfinite(values[-1]) else ()  # 400 digits overflow to inf


class NumericMatchOptions(BaseModel, extra="forbid"):
    abs_tol: float = Field(default=1e-6, ge=0.0)
    rel_tol: float = Field(default=0.0, ge=0.0)
    # 15% is 0.15 (fraction), 15 (number), or either of them (either)
    percent: PercentMode = "fraction"


def _any_close(
    predicted: tuple[float, ...], expected: tuple[float, ...], rel_tol: float, abs_tol: float
) -> bool:
    return any(math.isclose(p, r, rel_tol=rel_tol, abs_tol=abs_tol) for p in predicted for r in expected)


@scorer("numeric_match", options=NumericMatchOptions)
def numeric_match(predictions: list[str], references: list[str], opts: NumericMatchOptions) -> list[float]:
    """1.0 when the first number in the prediction equals the reference's within tolerance.
    A reference with no number in it is compared as text."""
    percent, rel_tol, abs_tol = opts.percent, opts.rel_tol, opts.abs_tol
    values = []
    for p, r in zip(predictions, references, strict=True):
        p = p if type(p) is str else as_text(p)
        r = r if type(r) is str else as_text(r)
        expected = number_values(r, percent)
        if not expected:
            values.append(1.0 if r.strip() and fold(p) == fold(r) else 0.0)
            continue
        predicted = number_values(p, percent)
        if len(predicted) == 1 and len(expected) == 1:  # the common case, without a generator
            hit = math.isclose(predicted[0], expected[0], rel_tol=rel_tol, abs_tol=abs_tol)
        else:
            hit = _any_close(predicted, expected, rel_tol, abs_tol)
        values.append(1.0 if hit else 0.0)
    return values
