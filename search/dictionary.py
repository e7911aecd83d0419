"""A domain dictionary and stop words for Meilisearch's Chinese segmentation.

Meilisearch segments Chinese with jieba's default dictionary, which splits 机器学习, 大数据, 工业互联网; its
``dictionary`` setting makes each listed string one term. The words come from the THUOCL IT lexicon and the
职业分类大典's occupation names. Stop words are the function words job ads are full of.
"""

from __future__ import annotations

import re
from pathlib import Path

from search.semantic import Occupation

CJK = re.compile(r"[\u4e00-\u9fff]")
STOP_WORDS = ["的", "了", "和", "与", "及", "或", "等", "在", "对", "为", "并", "者"]


def domain_words(thuocl: Path | None, occupations: list[Occupation], max_len: int = 8) -> list[str]:
    """THUOCL IT terms and 大典 occupation names (2–``max_len`` characters with Chinese in them), sorted."""
    words: set[str] = set()
    if thuocl is not None and thuocl.is_file():
        for line in thuocl.read_text(encoding="utf-8").splitlines():
            word = line.split("\t")[0].strip()
            if 2 <= len(word) <= max_len and CJK.search(word):
                words.add(word)
    for occupation in occupations:
        name = re.sub(r"[SL]$", "", occupation.name)
        if 2 <= len(name) <= max_len:
            words.add(name)
    return sorted(words)
