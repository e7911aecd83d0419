"""专业 → 专业类 from the 普通高等学校本科专业目录 (shared taxonomies): the talent pool's major facet groups
"机械设计制造及其自动化" and "机械电子工程" under 机械类, as bureaus and firms ask for them."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

_SUFFIXES = re.compile(r"(（.*?）|\(.*?\)|专业|方向)$")
MIN_SIMILARITY = 80  # a near spelling ("机械设计制造及自动化") lands; unrelated words do not


@cache
def catalogue(path: str) -> dict[str, str]:
    """Major name → its 专业类 (an empty mapping when the catalogue file is missing)."""
    file = Path(path)
    if not file.is_file():
        return {}
    return {
        row["majorName"]: (row.get("majorParent") or [""])[0] for row in json.loads(file.read_text("utf-8"))
    }


def category_of(major: str, majors: dict[str, str]) -> str:
    """The 专业类 of a major as a seeker writes it ("计算机科学与技术专业", "机械设计制造"), or ""."""
    return _category(major.strip(), id(majors), majors) if major.strip() else ""


_memo: dict[tuple[str, int], str] = {}


def _category(major: str, key: int, majors: dict[str, str]) -> str:
    """Memoised per catalogue (majors repeat across résumés; 100,000 résumés hold a few thousand)."""
    if (major, key) not in _memo:
        if len(_memo) > 50_000:
            _memo.clear()
        _memo[(major, key)] = _lookup(major, majors)
    return _memo[(major, key)]


def _lookup(major: str, majors: dict[str, str]) -> str:
    name = _SUFFIXES.sub("", major)
    if not name or not majors:
        return ""
    if name in majors:
        return majors[name]
    if name.endswith("类") and name in set(majors.values()):
        return name
    # a shortened name: the shortest catalogue name it begins, then the shortest it is part of
    for fits in (str.startswith, str.__contains__):
        named = [m for m in majors if fits(m, name)]
        if named:
            return majors[min(named, key=len)]
    found = process.extractOne(name, majors.keys(), scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY)
    return majors[found[0]] if found else ""
