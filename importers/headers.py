"""Find the header row (below title rows, across a two-row merged header) and map source headers to canonical
fields: an alias (exact, or close by rapidfuzz: 职位 / 岗位名称 / 招聘岗位 → title), else a cue word the
header contains (需求岗位, 招聘单位名称, 拟聘人数 …: how Chinese employers, bureaus and recruitment systems
word columns), and, for a column no header explains, its content (``importers.profiles``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

MATCH_AT = 80  # rapidfuzz ratio; exact aliases score 100
SCAN_ROWS = 30


@dataclass(frozen=True)
class Cue:
    """A header containing ``word`` (and none of ``unless``) is probably ``field``, with ``score`` (80–90:
    below an exact alias, and the longer, more specific word wins)."""

    field: str
    word: str
    score: float
    unless: tuple[str, ...] = ()


def cue_match(key: str, cues: tuple[Cue, ...]) -> tuple[str, float] | None:
    best: tuple[str, float] | None = None
    for cue in cues:
        fits = cue.word in key and not any(u in key for u in cue.unless)
        if fits and (best is None or cue.score > best[1]):
            best = (cue.field, cue.score)
    return best


_BRACKETED = re.compile(r"[（(][^）)]*[）)]")  # "(必填)", "（元/月）"
_HEADER_NOISE = re.compile(r"[\s*＊:：]")


def clean_header(text: str) -> str:
    return _HEADER_NOISE.sub("", _BRACKETED.sub("", text or ""))


@dataclass
class HeaderMatch:
    row: int  # 0-based index of the (last) header row
    columns: dict[int, str] = field(default_factory=dict)  # column → field
    sources: dict[int, str] = field(default_factory=dict)  # column → source header text
    scores: dict[int, float] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # the header cells (combined for a two-row header)


def header_candidates(
    key: str, aliases: dict[str, list[str]], cues: tuple[Cue, ...]
) -> list[tuple[str, float]]:
    """(field, score) for one cleaned header, best first: the alias hit and the cue hit."""
    choices = {alias: name for name, words in aliases.items() for alias in [name, *words]}
    out: list[tuple[str, float]] = []
    if key in choices:
        out.append((choices[key], 100.0))
    else:
        found = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=MATCH_AT)
        if found:
            out.append((choices[found[0]], float(found[1])))
    if (hit := cue_match(key, cues)) is not None:
        out.append(hit)
    return sorted(out, key=lambda c: -c[1])


def match_headers(
    headers: list[str], aliases: dict[str, list[str]], cues: tuple[Cue, ...] = ()
) -> HeaderMatch:
    """Each field to at most one column and each column to one field, best scores first."""
    pairs = []
    for col, text in enumerate(headers):
        key = clean_header(text)
        if key:
            pairs += [(score, col, name) for name, score in header_candidates(key, aliases, cues)]
    match = HeaderMatch(row=-1)
    taken: set[str] = set()
    for score, col, name in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if name in taken or col in match.columns:
            continue
        taken.add(name)
        match.columns[col] = name
        match.sources[col] = headers[col]
        match.scores[col] = score
    match.unused = [h for col, h in enumerate(headers) if h and col not in match.columns]
    match.texts = list(headers)
    return match


def find_header(
    rows: list[list[str]], aliases: dict[str, list[str]], cues: tuple[Cue, ...] = ()
) -> HeaderMatch | None:
    """The row among the first ``SCAN_ROWS`` that maps the most fields (at least two)."""
    best: HeaderMatch | None = None
    for i, row in enumerate(rows[:SCAN_ROWS]):
        m = match_headers(row, aliases, cues)
        if len(m.columns) >= 2 and (best is None or len(m.columns) > len(best.columns)):
            m.row, best = i, m
    if best is None:
        return None
    # A two-row header: a merged parent cell ("薪资", "岗位信息") above sub-headers ("最低", "需求人数"), or
    # sub-headers under a row that left some columns blank. The best row may be either half: combine it
    # with the row below and with the row above, and keep whichever maps more fields.
    for top_row in (best.row, best.row - 1):
        if top_row < 0 or top_row + 1 >= len(rows):
            continue
        top, below = rows[top_row], rows[top_row + 1]
        if any(_numeric(c) for c in below if c):
            continue  # data, not sub-headers
        two = match_headers(_combined(top, below), aliases, cues)
        if len(two.columns) > len(best.columns):
            two.row, best = top_row + 1, two
    return best


def _combined(top: list[str], below: list[str]) -> list[str]:
    parent, out = "", []
    for col in range(max(len(top), len(below))):
        head = top[col] if col < len(top) else ""
        sub = below[col] if col < len(below) else ""
        parent = head or parent
        out.append(f"{parent}{sub}" if sub else head)
    return out


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,\-]+", text.strip()))
