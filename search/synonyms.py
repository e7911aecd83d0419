"""Search synonyms from the 职业分类大典 (2022): the posting titles it lists under one 细类 occupation.

The 大典's alias column gathers the titles employers write (机械设计工程技术人员: 夹具工程师, 机械设计 …).
Groups larger than ``max_group`` mix unlike jobs (企业经理 lists both 厂长 and CTO) and are left out, as
are one-character terms.
"""

from __future__ import annotations

import re

from search.semantic import Occupation

SUFFIX = re.compile(r"[SL/]+$")  # 数字职业 / 绿色职业 markers on some names


def occupation_synonyms(occupations: list[Occupation], max_group: int = 5) -> dict[str, list[str]]:
    """Mutual synonyms within each occupation's alias group, as Meilisearch's ``synonyms`` setting."""
    synonyms: dict[str, set[str]] = {}
    for occupation in occupations:
        terms = {SUFFIX.sub("", t.strip()) for t in occupation.aliases.split(",")}
        terms = {t for t in terms if len(t) >= 2}
        if len(terms) < 2 or len(terms) > max_group:
            continue
        for term in terms:
            synonyms.setdefault(term, set()).update(terms - {term})
    return {term: sorted(others) for term, others in sorted(synonyms.items())}
