"""Job search: Meilisearch first; a plain database query when it is unreachable (and say so)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Flask
from meilisearch.errors import MeilisearchApiError
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import joinedload

from search.gateway import SearchUnavailable
from search.query import (
    DEEP_WINDOWS,
    SEMANTIC_RATIO,
    JobQuery,
    deep_ranking_request,
    page_documents_requests,
    read_answer,
    search_requests,
    uses_vector,
    with_word_matches,
    word_matches_request,
)
from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Education,
    EmploymentType,
    Enterprise,
    Fair,
    FairPost,
    JobPost,
    Tier,
)
from webapp.reference import city_prefix
from webapp.services import jobs
from webapp.services.search_documents import day_ts, fair_posts, fairs_of, job_document
from webapp.services.search_index import gateway, segmented, vectors_for
from webapp.shortage.listing import Listing

log = logging.getLogger(__name__)


@dataclass
class SearchResult:
    hits: list[dict]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    degraded: bool = False  # True: answered by the database fallback
    took_ms: int | None = None
    related_total: int = 0  # hybrid search: related posts (no query word in them) listed after ``total``

    @property
    def pages(self) -> int:
        return max(1, -(-(self.total + self.related_total) // self.per_page))

    @property
    def more(self) -> bool:
        """Related posts go on on the next page (past the word matches)."""
        return self.page < self.pages and self.page * self.per_page >= self.total

    @property
    def related(self) -> int:
        """Related posts on this page (found through the title vectors alone)."""
        return sum(1 for h in self.hits if h.get("related"))


def search_jobs(query: JobQuery, semantic_ratio: float = SEMANTIC_RATIO) -> SearchResult:
    """Search published, unexpired posts; never raises because Meilisearch is down."""
    query = query.normalized()
    gw = gateway()
    if gw is not None:
        try:
            vector = vectors_for([query.q])[0] if uses_vector(query) else None
            try:
                answer = _ask(gw, query, vector, semantic_ratio)
            except MeilisearchApiError as exc:
                if not gw.configured("jobs"):  # created a moment ago, settings still being applied
                    raise SearchUnavailable("jobs index is being set up") from exc
                if vector is None or exc.code != "invalid_search_embedder":
                    raise
                # an index without the embedder (being rebuilt, or created by hand): words still work
                log.error("jobs index has no title embedder, searching by keywords: %s", exc)
                answer = _ask(gw, query, None, semantic_ratio)
            return SearchResult(
                hits=[_hit(h) for h in answer.hits],
                total=answer.total,
                page=query.page,
                per_page=query.per_page,
                facets=answer.facets,
                took_ms=answer.took_ms,
                related_total=answer.related_total,
            )
        except SearchUnavailable as exc:
            log.warning("search degraded to database: %s", exc)
    return fallback_search(query)


def _ask(gw, query: JobQuery, vector, semantic_ratio: float):
    q, today, uid = segmented(query.q) or query.q, day_ts(beijing.today()), gw.uid("jobs")
    results = gw.multi_search(search_requests(uid, q, query, today, vector, semantic_ratio))
    answer = read_answer(results, query.page, query.per_page)
    if answer.complete:
        return answer
    if answer.word_ids:  # few word matches: rank them alone, one more request
        request = word_matches_request(uid, q, query, today, vector, semantic_ratio, answer.word_ids)
        return with_word_matches(answer, gw.multi_search([request])[0], query.page, query.per_page)
    # Related posts outranked many word matches beyond this window: rank deeper (ids only), fetch the page.
    end = query.page * query.per_page
    for window in [w for w in DEEP_WINDOWS if w > end] or [DEEP_WINDOWS[-1]]:
        ranking = deep_ranking_request(uid, q, query, today, vector, semantic_ratio, window)
        deep = gw.multi_search([ranking])[0]
        answer = read_answer([deep, *results[1:]], query.page, query.per_page)
        if answer.complete:
            break
    ids = [h["id"] for h in answer.hits]
    if ids:
        shown = {}
        for found in gw.multi_search(page_documents_requests(uid, q, ids)):
            for doc in found["hits"]:
                shown.setdefault(doc["id"], doc)  # the highlighted copy first
        answer.hits = [{**shown[h["id"]], "related": h["related"]} for h in answer.hits if h["id"] in shown]
    return answer


def _hit(raw: dict) -> dict:
    formatted = raw.get("_formatted", {})
    return {
        **{k: v for k, v in raw.items() if not k.startswith("_")},
        "title_hl": formatted.get("title", raw["title"]),
        "enterprise_hl": formatted.get("enterprise", raw["enterprise"]),
        "snippet": formatted.get("description", ""),
    }


# Facet value (Chinese label) → model condition, for the fallback's filters.
def _label_map(enum_cls) -> dict[str, str]:
    return {m.label: m.value for m in enum_cls}


def fallback_search(query: JobQuery) -> SearchResult:
    """A LIKE query over titles, descriptions and enterprise names with the basic filters."""
    stmt = select(JobPost).join(Enterprise).where(*jobs.open_clause())
    for term in query.q.split()[:5]:
        like = f"%{term.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(
            or_(JobPost.title.ilike(like), JobPost.description.ilike(like), Enterprise.name.ilike(like))
        )
    if query.published_after is not None:
        stmt = stmt.where(
            JobPost.published_at
            >= datetime.fromtimestamp(query.published_after / 1000, UTC).replace(tzinfo=None)
        )
    if query.published_before is not None:
        stmt = stmt.where(
            JobPost.published_at
            < datetime.fromtimestamp(query.published_before / 1000, UTC).replace(tzinfo=None)
        )
    if query.fair_id is not None:
        stmt = stmt.where(JobPost.id.in_(_fair_post_ids(query.fair_id)))
    f = query.filters
    if f.get("education"):
        labels = _label_map(Education)
        stmt = stmt.where(JobPost.education.in_([labels[v] for v in f["education"] if v in labels]))
    if f.get("employment_type"):
        labels = _label_map(EmploymentType)
        stmt = stmt.where(
            JobPost.employment_type.in_([labels[v] for v in f["employment_type"] if v in labels])
        )
    if f.get("tier"):
        labels = _label_map(Tier)
        stmt = stmt.where(Enterprise.tier.in_([labels[v] for v in f["tier"] if v in labels]))
    if f.get("city"):
        prefixes = [city_prefix(name) for name in f["city"]]
        # no known city among them: nothing matches (an empty OR would have matched everything)
        stmt = stmt.where(or_(false(), *[JobPost.adcode.startswith(p) for p in prefixes if p]))
    listing = Listing()
    if f.get("shortage"):
        stmt = stmt.where(listing.clause(JobPost.occupation_code, JobPost.adcode))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    order = {
        "newest": [JobPost.published_at.desc()],
        "pay": [JobPost.pay_max.desc()],
    }.get(query.sort, [JobPost.published_at.desc()])
    posts = db.session.scalars(
        stmt.options(joinedload(JobPost.enterprise))
        .order_by(*order, JobPost.id.desc())
        .offset((query.page - 1) * query.per_page)
        .limit(query.per_page)
    ).all()
    fairs = fairs_of([p.id for p in posts])
    hits = [_hit(job_document(p, fairs=fairs.get(p.id), listing=listing)) for p in posts]
    return SearchResult(hits=hits, total=total or 0, page=query.page, per_page=query.per_page, degraded=True)


def _fair_post_ids(fair_id: int):
    return fair_posts().with_only_columns(FairPost.post_id).where(Fair.id == fair_id)


def warm(app: Flask) -> threading.Thread:
    """In the background: load the title model and its encoders and touch the jobs index's vectors once, so
    that the first search after a start does not pay for them. A cold vector store made the first hybrid
    search run past ``searchCutoffMs`` and come back without its related posts (人工智能 found nothing
    once, then its AI posts on every later try)."""

    def run() -> None:
        with app.app_context():
            try:
                for text in ("机械设计工程师", "实习"):  # the search page's own requests, hybrid as shipped
                    search_jobs(JobQuery(q=text))
            except Exception:  # a warm-up is a convenience: searches work (more slowly) without it
                log.warning("search warm-up failed", exc_info=True)

    thread = threading.Thread(target=run, name="search-warm-up", daemon=True)
    thread.start()
    return thread
