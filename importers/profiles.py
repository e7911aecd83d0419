"""What a column holds, judged from its cells when its header says nothing we know: "大专及以上" is an
education, "8000-10000元" pay, small integers a headcount, long digit codes an external id, place names a
place, dates a closing date, long free text a description or requirements.

A profile is the share of a column's non-empty cells (a sample of ``SAMPLE`` rows) that fit a field; a field
is proposed when at least ``FIT_AT`` of them do. The score (``BASE`` + the share × ``SPAN``) stays below a
header alias's, so a column's header always outranks its content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from importers import parsers as p
from importers.identifiers import normalize_uscc, uscc_error
from importers.places import PlaceIndex

SAMPLE = 200
FIT_AT = 0.8
BASE, SPAN = 60.0, 25.0  # 80–85 for a column every cell of which fits

_EDUCATION_WORDS = re.compile(r"博士|硕士|研究生|本科|学士|大专|专科|高职|中专|中职|技校|高中|初中|小学|学历")
_PAY = re.compile(r"\d.*(元|[kK千万]|薪)|面议")
_DIGIT_CODE = re.compile(r"[A-Za-z]{0,4}\d[\dA-Za-z-]{3,}")
_SMALL_INT = re.compile(r"\d{1,3}\s*[人名个]?")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}(\s*[-/.月]\s*\d{1,2})?")
_AGE = re.compile(r"\d{2}\s*(周岁|岁)")
_REQUIREMENT_WORDS = re.compile(r"要求|具有|具备|以上|以下|优先|熟悉|熟练|证书|资格|经验|专业|周岁|限")
_ADDRESS = re.compile(r"路|街|号|道|巷|弄|大厦|园区|开发区|工业园|镇|乡|村")
_PHONE = re.compile(r"(0\d{2,3}-?)?\d{7,8}(-\d{1,5})?|1[3-9]\d{9}")
_ORG_SUFFIX = re.compile(
    r"(公司|集团|有限|医院|学校|学院|大学|中学|小学|幼儿园|中心|研究院|研究所|局|委员会|厂|站|馆|所|院)$"
)


def _parses(parse: Callable[[str], object]) -> Callable[[str], bool]:
    def fits(text: str) -> bool:
        try:
            parse(text)
        except p.ParseError:
            return False
        return True

    return fits


def fits_by_field(places: PlaceIndex) -> dict[str, Callable[[str], bool]]:
    """Per field, whether one cell looks like that field's content."""

    def place(text: str) -> bool:
        """Only a place ("天津市南开区") or an address ("南开区卫津路92号"), not a name that contains one
        ("南开区教育局" is a department)."""
        if len(text) > 40 or not _parses(places.resolve)(text):
            return False
        rest = text
        for name in places.names:
            rest = rest.replace(name, "")
        return len(rest) <= 2 or bool(_ADDRESS.search(rest))

    return {
        "education": lambda t: (
            len(t) <= 16 and bool(_EDUCATION_WORDS.search(t)) and _parses(p.parse_education)(t)
        ),
        "pay": lambda t: len(t) <= 30 and bool(_PAY.search(t)) and _parses(p.parse_pay)(t),
        "headcount": lambda t: bool(_SMALL_INT.fullmatch(t)) or t in ("若干", "不限"),
        "external_id": lambda t: len(t) >= 5 and bool(_DIGIT_CODE.fullmatch(t)) and not _PHONE.fullmatch(t),
        "credit_code": lambda t: len(t) == 18 and uscc_error(normalize_uscc(t)) is None,
        "valid_until": lambda t: bool(_DATE.match(t)) and _parses(p.parse_date)(t),
        "place": place,
        "enterprise_name": lambda t: 4 <= len(t) <= 60 and bool(_ORG_SUFFIX.search(t)),
        "requirements": lambda t: len(t) >= 6 and bool(_REQUIREMENT_WORDS.search(t) or _AGE.search(t)),
        "description": lambda t: len(t) >= 20,
    }


def profile(cells: list[str], fits: dict[str, Callable[[str], bool]]) -> list[tuple[str, float]]:
    """(field, score) for a column's cells, best first; fields fitting fewer than ``FIT_AT`` are left out."""
    values = [c.strip() for c in cells if c and c.strip()][:SAMPLE]
    if len(values) < 2:
        return []
    if _numbering(values):
        return []  # 序号: 1, 2, 3 … is a row number, not a headcount or a code
    out = []
    for field, fits_one in fits.items():
        share = sum(1 for v in values if fits_one(v)) / len(values)
        if share >= FIT_AT:
            out.append((field, BASE + SPAN * share - _GENERAL.get(field, 0.0)))
    unique = len(set(values)) / len(values)
    if unique < 0.5:  # an id or a title repeats little
        out = [(f, s) for f, s in out if f not in ("external_id", "credit_code")]
    return sorted(out, key=lambda fs: -fs[1])


# Fields whose test many other contents also pass rank below the specific ones on a tie.
_GENERAL = {"description": 4.0, "requirements": 2.0, "headcount": 1.0}


def _numbering(values: list[str]) -> bool:
    """Mostly consecutive integers (a footnote row may sit under them)."""
    numbers = [int(v) for v in values if v.isdigit()]
    if len(numbers) < 0.8 * len(values) or len(numbers) < 2:
        return False
    return all(b - a == 1 for a, b in pairwise(numbers))


def is_numbering(cells: list[str]) -> bool:
    """A 序号 column: consecutive integers (kept out of a post's text)."""
    values = [c.strip() for c in cells if c and c.strip()][:SAMPLE]
    return len(values) >= 2 and _numbering(values)
