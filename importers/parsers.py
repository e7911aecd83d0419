"""Value parsers for what spreadsheets say: pay ("15-25K·13薪", "8千-1.2万", "3000-5000元/月", "200元/天",
"面议"), education ("本科及以上"), experience ("3-5年", "经验不限"), headcount ("若干"), dates.

Each parser returns a value or raises ``ParseError`` with a Chinese message naming what it could not read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta


class ParseError(ValueError):
    """A value the parser cannot read; the message is Chinese."""


def normalise(text: str) -> str:
    """Full-width to half-width, no spaces, one kind of dash."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[~～—–－至到]", "-", text)


@dataclass(frozen=True)
class Pay:
    unit: str  # month | day | hour | negotiable
    low: int | None = None
    high: int | None = None
    months: int = 12
    note: str = ""


MULTIPLIER = {"k": 1000, "千": 1000, "w": 10000, "万": 10000}
NUMBER = r"(\d+(?:\.\d+)?)([kK千万wW]?)"
PAY_RE = re.compile(rf"^(?:年薪)?{NUMBER}(?:-{NUMBER})?(元)?(/?(?:月|天|日|时|小时|年))?$")


def parse_pay(text: str) -> Pay:
    raw = normalise(text)
    if not raw or raw in ("面议", "薪资面议", "面谈", "可面议"):
        return Pay("negotiable")
    months = 12
    m = re.search(r"[·*xX×]?(\d{2})薪$", raw)
    if m:
        months = int(m.group(1))
        raw = raw[: m.start()]
    yearly = raw.startswith("年薪") or raw.endswith("/年")
    m = PAY_RE.match(raw)
    if not m:
        raise ParseError(f"无法识别薪酬“{text}”，示例：8-12K、8千-1.2万、3000-5000元/月、200元/天、面议")
    lo_num, lo_unit, hi_num, hi_unit, _, per = m.groups()
    hi_unit = hi_unit or lo_unit
    lo_unit = lo_unit or hi_unit  # "15-25K": the first number takes the second's unit
    low = float(lo_num) * MULTIPLIER.get(lo_unit.lower(), 1)
    high = float(hi_num) * MULTIPLIER.get((hi_unit or "").lower(), 1) if hi_num else low
    unit = {"天": "day", "日": "day", "时": "hour", "小时": "hour"}.get((per or "").lstrip("/"), "month")
    note = ""
    if yearly:
        low, high, note = low / 12, high / 12, "年薪已折算为月薪"
    elif unit == "month" and not lo_unit and not hi_unit and not m.group(5) and high < 100:
        low, high, note = low * 1000, high * 1000, "未写单位，按千元（K）理解"
    if low > high:
        raise ParseError(f"薪酬“{text}”的下限高于上限")
    if unit == "month" and not 300 <= low <= 1_000_000:
        raise ParseError(f"薪酬“{text}”不在合理范围（每月300元至100万元）")
    return Pay(unit, round(low), round(high), months, note)


EDUCATION = [
    (("博士",), "doctor"),
    (("硕士", "研究生"), "master"),
    (("本科", "学士"), "bachelor"),
    (("大专", "专科", "高职"), "associate"),
    (("中专", "中技", "高中", "技校", "职高", "中职"), "senior"),
    (("初中", "小学"), "junior"),
    (("不限", "无要求", "无"), "any"),
]


def parse_education(text: str) -> str:
    raw = normalise(text)
    if not raw:
        return "any"
    for words, code in EDUCATION:
        if any(w in raw for w in words):
            return code
    raise ParseError(f"无法识别学历要求“{text}”，示例：本科及以上、大专、学历不限")


CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def _arabic(text: str) -> str:
    return "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in text)


@dataclass(frozen=True)
class Experience:
    min_years: int = 0
    max_years: int | None = None
    internship: bool = False


def parse_experience(text: str) -> Experience:
    raw = _arabic(normalise(text))
    if not raw or "不限" in raw or raw in ("无", "无经验", "无需经验"):
        return Experience()
    if "应届" in raw or "在校" in raw:
        return Experience(0, 0)
    if re.search(r"\d+天/周", raw):  # "5天/周 3个月": an internship schedule, not years of experience
        return Experience(internship=True)
    if m := re.fullmatch(r"(\d+)-(\d+)年", raw):
        return Experience(int(m.group(1)), int(m.group(2)))
    if m := re.fullmatch(r"(\d+)年(?:以上|及以上)?(?:经验|工作经验)?", raw):
        return Experience(int(m.group(1)), None)
    if m := re.fullmatch(r"(\d+)年(?:以内|以下)", raw):
        return Experience(0, int(m.group(1)))
    raise ParseError(f"无法识别经验要求“{text}”，示例：3-5年、1年以上、经验不限")


def parse_headcount(text: str) -> int | None:
    raw = _arabic(normalise(text))
    if not raw or raw in ("若干", "不限", "若干人", "多名"):
        return None
    if m := re.fullmatch(r"(\d+)(?:-(\d+))?[人名个]?", raw):
        value = int(m.group(2) or m.group(1))
        if 1 <= value <= 10_000:
            return value
    raise ParseError(f"无法识别招聘人数“{text}”，请填写数字或“若干”")


EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date:
    raw = normalise(text)
    if re.fullmatch(r"\d{5}", raw):  # an Excel serial number that lost its date format
        return EXCEL_EPOCH + timedelta(days=int(raw))
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?", raw)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise ParseError(f"无法识别日期“{text}”，示例：2026-12-31")


def parse_bool(text: str) -> bool:
    raw = normalise(text)
    if raw in ("是", "有", "Y", "y", "yes", "1", "√", "true"):
        return True
    if raw in ("", "否", "无", "N", "n", "no", "0", "×", "false"):
        return False
    raise ParseError(f"无法识别“{text}”，请填写是或否")
