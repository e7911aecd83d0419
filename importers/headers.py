"""Find the header row (below title rows, across a two-row merged header) and map source headers to canonical
fields with rapidfuzz: 职位 / 岗位名称 / 招聘岗位 → title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

MATCH_AT = 80  # rapidfuzz ratio; exact aliases score 100
SCAN_ROWS = 30


def clean_header(text: str) -> str:
    text = re.sub(r"[（(][^）)]*[）)]", "", text or "")  # "(必填)", "（元/月）"
    return re.sub(r"[\s*＊:：]", "", text)


@dataclass
class HeaderMatch:
    row: int  # 0-based index of the (last) header row
    columns: dict[int, str] = field(default_factory=dict)  # column → field
    sources: dict[int, str] = field(default_factory=dict)  # column → source header text
    scores: dict[int, float] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # the header cells (combined for a two-row header)


def match_headers(headers: list[str], aliases: dict[str, list[str]]) -> HeaderMatch:
    """Each field to at most one column: the best-scoring one at or above ``MATCH_AT``."""
    choices = {alias: name for name, words in aliases.items() for alias in [name, *words]}
    best: dict[str, tuple[float, int]] = {}
    for col, text in enumerate(headers):
        key = clean_header(text)
        if not key:
            continue
        if key in choices:
            hit = (choices[key], 100.0)
        else:
            found = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=MATCH_AT)
            if not found:
                continue
            hit = (choices[found[0]], float(found[1]))
        name, score = hit
        if name not in best or score > best[name][0]:
            best[name] = (score, col)
    match = HeaderMatch(row=-1)
    for name, (score, col) in best.items():
        match.columns[col] = name
        match.sources[col] = headers[col]
        match.scores[col] = score
    match.unused = [h for col, h in enumerate(headers) if h and col not in match.columns]
    match.texts = list(headers)
    return match


def find_header(rows: list[list[str]], aliases: dict[str, list[str]]) -> HeaderMatch | None:
    """The row among the first ``SCAN_ROWS`` that maps the most fields (at least two)."""
    best: HeaderMatch | None = None
    for i, row in enumerate(rows[:SCAN_ROWS]):
        m = match_headers(row, aliases)
        if len(m.columns) >= 2 and (best is None or len(m.columns) > len(best.columns)):
            m.row, best = i, m
    if best is None:
        return None
    # A two-row header: a merged parent cell ("薪资") above sub-headers ("最低", "最高"), or sub-headers under
    # a row that left some columns blank. Combine parent and child text and map again.
    if best.row + 1 < len(rows):
        below = rows[best.row + 1]
        parent, combined = "", []
        for col in range(max(len(rows[best.row]), len(below))):
            top = rows[best.row][col] if col < len(rows[best.row]) else ""
            sub = below[col] if col < len(below) else ""
            parent = top or parent
            combined.append(f"{parent}{sub}" if sub and not _numeric(sub) else top)
        two = match_headers(combined, aliases)
        if len(two.columns) > len(best.columns) and not any(_numeric(c) for c in below if c):
            two.row = best.row + 1
            return two
    return best


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,\-]+", text.strip()))
