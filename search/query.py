"""Build Meilisearch search parameters from a job query, and read the response back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from search.settings import JOB_FACETS

# Highlight markers that cannot occur in ordinary text; the template escapes first, then marks.
HL_PRE, HL_POST = "\ue000", "\ue001"
SORTS = {
    "relevance": None,
    "newest": ["published_ts:desc"],
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

    def normalized(self) -> JobQuery:
        return JobQuery(
            q=self.q.strip()[:200],
            filters={k: [v for v in vs if v][:20] for k, vs in self.filters.items() if k in JOB_FACETS},
            sort=self.sort if self.sort in SORTS else "relevance",
            page=max(1, min(self.page, 250)),
            per_page=max(1, min(self.per_page, MAX_PER_PAGE)),
        )


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # Meilisearch accepts JSON-style quoted strings


def filter_expression(filters: dict[str, list[str]], today_ts: int) -> list:
    """AND across facets, OR within one facet; expired posts never match."""
    expression: list = [f"valid_until_ts >= {today_ts}"]
    for name in JOB_FACETS:
        values = filters.get(name)
        if values:
            expression.append([f"{name} = {_quote(v)}" for v in values])
    return expression


def search_params(query: JobQuery, today_ts: int) -> dict:
    params = {
        "filter": filter_expression(query.filters, today_ts),
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
    return params
