"""Search documents: what the jobs and enterprises indexes hold for a post or a firm, built from the
database (a post's version, its fairs, labels in Chinese, its title vector)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from search.settings import EMBEDDER
from webapp.extensions import db
from webapp.models import (
    Enterprise,
    Fair,
    FairParticipation,
    FairPost,
    FairStatus,
    JobPost,
    ParticipationStatus,
    PostStatus,
    TargetGroup,
)
from webapp.pay import monthly_band
from webapp.reference import city_name, district_name, industry_name
from webapp.services.search_index import segmented, vectors_for
from webapp.shortage.listing import SHORTAGE, Listing


def version_of(updated_at: datetime | None) -> int:
    """A post's version as stored in its search document: its update time in milliseconds."""
    return int(updated_at.replace(tzinfo=UTC).timestamp() * 1000) if updated_at else 0


def epoch_ms(moment: datetime) -> int:
    """Stored naive UTC → epoch milliseconds (publication times are compared to the millisecond)."""
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000)


def day_ts(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def is_searchable(post: JobPost) -> bool:
    return post.status == PostStatus.PUBLISHED and post.enterprise.is_verified


def job_document(
    post: JobPost,
    vector: list[float] | None = None,
    fairs: list[tuple[int, str]] | None = None,
    listing: Listing | None = None,
) -> dict:
    """The search document for a published post (facet values in Chinese, as users pick them); ``fairs``
    are the (id, title) of the published fairs the post is brought to; ``listing`` the shortage catalogues
    in force (read when not given)."""
    enterprise = post.enterprise
    listing = listing if listing is not None else Listing()
    fairs = fairs or []
    pay_max_month = (post.pay_max or post.pay_min) if post.pay_unit == "month" else None
    return {
        "id": post.id,
        "external_id": post.external_id,
        "title": post.title,
        "skills": post.skills or [],
        "enterprise": enterprise.name,
        "enterprise_id": enterprise.id,
        "description": post.description,
        "requirements": post.requirements,
        "city": city_name(post.adcode),
        "district": district_name(post.adcode),
        "adcode": post.adcode,
        "industry": industry_name(enterprise.industry_code),
        "tier": enterprise.tier.label,
        "education": post.education.label,
        "experience": post.experience_text,
        "pay_text": post.pay_text,
        "pay_band": monthly_band(post.pay_min, post.pay_unit),
        "pay_max_month": pay_max_month,
        "employment_type": post.employment_type.label,
        "target_groups": [_group_label(g) for g in post.target_groups or []],
        "headcount": post.headcount_text,
        **({"title_words": words} if (words := segmented(post.title)) is not None else {}),
        "fair": [title for _, title in fairs],
        "fair_ids": [fair_id for fair_id, _ in fairs],
        "shortage": [SHORTAGE] if listing.is_listed(post.occupation_code, post.adcode) else [],
        "published_ms": epoch_ms(post.published_at) if post.published_at else 0,
        "valid_until_ts": day_ts(post.valid_until),
        "updated_ts": version_of(post.updated_at),
        "_vectors": {EMBEDDER: vector},
    }


def enterprise_document(enterprise: Enterprise) -> dict:
    """The search document of a verified enterprise (the enterprises index)."""
    return {
        "id": enterprise.id,
        "name": enterprise.name,
        "tier": enterprise.tier.label,
        "industry": industry_name(enterprise.industry_code),
        "city": city_name(enterprise.adcode) if enterprise.adcode else "",
        "district": district_name(enterprise.adcode) if enterprise.adcode else "",
        "introduction": (enterprise.introduction or "")[:1000],
    }


def documents_for(posts: list[JobPost]) -> list[dict]:
    """Search documents (with title vectors when hybrid search is on) for the searchable ones of ``posts``."""
    live = [p for p in posts if is_searchable(p)]
    fairs = fairs_of([p.id for p in live])
    vectors = vectors_for([p.title for p in live]) if live else []
    listing = Listing()
    return [job_document(p, v, fairs.get(p.id), listing) for p, v in zip(live, vectors, strict=True)]


def fair_posts():
    """(post id, fair id, fair title) of posts brought to published fairs by approved enterprises: what a
    post's fair facet shows and what a fair's own search filters on."""
    return (
        select(FairPost.post_id, Fair.id, Fair.title)
        .join(FairParticipation, FairPost.participation_id == FairParticipation.id)
        .join(Fair, FairParticipation.fair_id == Fair.id)
        .where(FairParticipation.status == ParticipationStatus.APPROVED, Fair.status == FairStatus.PUBLISHED)
    )


def fairs_of(post_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Post id → the published fairs (id, title) it is approved for."""
    found: dict[int, list[tuple[int, str]]] = {}
    for start in range(0, len(post_ids), 500):
        rows = db.session.execute(
            fair_posts().where(FairPost.post_id.in_(post_ids[start : start + 500])).order_by(Fair.id)
        )
        for post_id, fair_id, title in rows:
            found.setdefault(post_id, []).append((fair_id, title))
    return found


def _group_label(value: str) -> str:
    try:
        return TargetGroup(value).label
    except ValueError:
        return value
