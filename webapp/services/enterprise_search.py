"""找企业: verified enterprises by name, industry, place or introduction; Meilisearch first, the database
when it is unreachable (and the page says so)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from search.gateway import SearchUnavailable
from search.query import HL_POST, HL_PRE, quote, simplified
from search.settings import ENTERPRISE_FACETS
from webapp import beijing
from webapp.extensions import db
from webapp.models import Enterprise, JobPost, PostStatus, Tier, Verification
from webapp.services.search_documents import enterprise_document
from webapp.services.search_index import ENTERPRISES, gateway

log = logging.getLogger(__name__)
PER_PAGE = 20


@dataclass
class EnterpriseResult:
    hits: list[dict]
    total: int
    page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    degraded: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def search_enterprises(q: str, filters: dict[str, list[str]], page: int = 1) -> EnterpriseResult:
    q = simplified(q.strip()[:100])
    page = max(1, min(page, 100))
    filters = {k: [v for v in vs if v][:10] for k, vs in filters.items() if k in ENTERPRISE_FACETS and vs}
    gw = gateway()
    if gw is not None:
        try:
            response = gw.search(
                ENTERPRISES,
                q,
                {
                    "filter": [[f"{name} = {quote(v)}" for v in values] for name, values in filters.items()],
                    "facets": ENTERPRISE_FACETS,
                    "page": page,
                    "hitsPerPage": PER_PAGE,
                    "attributesToHighlight": ["name"],
                    "highlightPreTag": HL_PRE,
                    "highlightPostTag": HL_POST,
                },
            )
            hits = [
                {**h, "name_hl": h.get("_formatted", {}).get("name", h["name"])} for h in response["hits"]
            ]
            return EnterpriseResult(
                _with_open_posts(hits),
                response.get("totalHits", 0),
                page,
                response.get("facetDistribution", {}),
            )
        except SearchUnavailable as exc:
            log.warning("enterprise search degraded to database: %s", exc)
    return _fallback(q, filters, page)


def _fallback(q: str, filters: dict[str, list[str]], page: int) -> EnterpriseResult:
    stmt = select(Enterprise).where(Enterprise.verification == Verification.VERIFIED)
    for term in q.split()[:5]:
        like = f"%{term.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(Enterprise.name.ilike(like), Enterprise.introduction.ilike(like)))
    if filters.get("tier"):
        labels = {t.label: t for t in Tier}
        stmt = stmt.where(Enterprise.tier.in_([labels[v] for v in filters["tier"] if v in labels]))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    firms = db.session.scalars(stmt.order_by(Enterprise.id).offset((page - 1) * PER_PAGE).limit(PER_PAGE))
    hits = [{**enterprise_document(e), "name_hl": e.name} for e in firms]
    return EnterpriseResult(_with_open_posts(hits), total, page, degraded=True)


def _with_open_posts(hits: list[dict]) -> list[dict]:
    """Each hit with its number of open posts (counted now, not stored in the index)."""
    ids = [h["id"] for h in hits]
    counts = dict(
        db.session.execute(
            select(JobPost.enterprise_id, func.count())
            .where(
                JobPost.enterprise_id.in_(ids),
                JobPost.status == PostStatus.PUBLISHED,
                JobPost.valid_until >= beijing.today(),
            )
            .group_by(JobPost.enterprise_id)
        ).all()
    )
    return [{**h, "open_posts": counts.get(h["id"], 0)} for h in hits]
