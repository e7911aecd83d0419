"""Build Meilisearch search parameters from a job query, and read the response back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from search.settings import EMBEDDER, JOB_FACETS

# Highlight markers that cannot occur in ordinary text; the template escapes first, then marks.
HL_PRE, HL_POST = "\ue000", "\ue001"
SORTS = {
    "relevance": None,
    "newest": ["published_ms:desc"],
    "pay": ["pay_max_month:desc"],
}
MAX_PER_PAGE = 50


@dataclass
class JobQuery:
    """What a user asks for: free text, facet filters (each a set of accepted values), sort, page."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    published_after: int | None = None  # epoch ms: only posts published then or later (saved-search news)
    fair_id: int | None = None  # only posts brought to this fair
    published_before: int | None = None  # epoch ms: only posts published earlier (notification rounds)

    def normalized(self) -> JobQuery:
        return JobQuery(
            q=simplified(self.q.strip()[:200]),
            filters={k: [v for v in vs if v][:20] for k, vs in self.filters.items() if k in JOB_FACETS},
            sort=self.sort if self.sort in SORTS else "relevance",
            page=max(1, min(self.page, 250)),
            per_page=max(1, min(self.per_page, MAX_PER_PAGE)),
            published_after=self.published_after,
            fair_id=self.fair_id,
            published_before=self.published_before,
        )


def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # Meilisearch accepts JSON-style quoted strings


def filter_expression(filters: dict[str, list[str]], today_ts: int) -> list:
    """AND across facets, OR within one facet; expired posts never match."""
    expression: list = [f"valid_until_ts >= {today_ts}"]
    for name in JOB_FACETS:
        values = filters.get(name)
        if values:
            expression.append([f"{name} = {quote(v)}" for v in values])
    return expression


SEMANTIC_RATIO = 0.9  # share of the title-vector ranking in hybrid search (measured by `flask search eval`)
# Hybrid search ranks every document; below this score a hit shares neither words nor occupation with the
# query (unrelated titles score about 0.5), so it is not shown.
RANKING_SCORE_THRESHOLD = 0.55
_TO_SIMPLIFIED = None


def simplified(text: str) -> str:
    """Traditional characters → simplified (數據分析 → 数据分析); Latin and simplified text pass unchanged."""
    global _TO_SIMPLIFIED
    if _TO_SIMPLIFIED is None:
        from opencc import OpenCC

        _TO_SIMPLIFIED = OpenCC("t2s")
    return _TO_SIMPLIFIED.convert(text)


def search_params(
    query: JobQuery, today_ts: int, vector: list[float] | None = None, semantic_ratio: float = SEMANTIC_RATIO
) -> dict:
    expression = filter_expression(query.filters, today_ts)
    if query.published_after is not None:
        expression.append(f"published_ms >= {int(query.published_after)}")
    if query.published_before is not None:
        expression.append(f"published_ms < {int(query.published_before)}")
    if query.fair_id is not None:
        expression.append(f"fair_ids = {int(query.fair_id)}")
    params = {
        "filter": expression,
        "facets": JOB_FACETS,
        "page": query.page,
        "hitsPerPage": query.per_page,
        "attributesToHighlight": ["title", "enterprise"],
        "attributesToCrop": ["description"],
        "cropLength": 40,
        "highlightPreTag": HL_PRE,
        "highlightPostTag": HL_POST,
    }
    if SORTS[query.sort]:
        params["sort"] = SORTS[query.sort]
    if vector is not None and query.q:
        params["hybrid"] = {"embedder": EMBEDDER, "semanticRatio": semantic_ratio}
        params["vector"] = vector
        params["rankingScoreThreshold"] = RANKING_SCORE_THRESHOLD
    return params
