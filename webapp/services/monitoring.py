"""Numbers organizers watch: the zone's size and the review backlog."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationStatus,
    AuditLog,
    Enterprise,
    JobPost,
    PostStatus,
    SeekerProfile,
    Tier,
    Verification,
)


def zone_counts() -> dict[str, int]:
    def count(stmt) -> int:
        return db.session.scalar(stmt) or 0

    return {
        "enterprises_verified": count(
            select(func.count()).where(Enterprise.verification == Verification.VERIFIED)
        ),
        "enterprises_pending": count(
            select(func.count()).where(Enterprise.verification == Verification.PENDING)
        ),
        "zjtx_enterprises": count(
            select(func.count()).where(
                Enterprise.tier.in_([Tier.SPECIALIZED, Tier.LITTLE_GIANT]),
                Enterprise.verification == Verification.VERIFIED,
            )
        ),
        "posts_published": count(select(func.count()).where(JobPost.status == PostStatus.PUBLISHED)),
        "posts_pending": count(select(func.count()).where(JobPost.status == PostStatus.PENDING)),
        "openings": count(
            select(func.coalesce(func.sum(JobPost.headcount), 0)).where(
                JobPost.status == PostStatus.PUBLISHED
            )
        ),
        "seekers": count(select(func.count()).select_from(SeekerProfile)),
        "applications": count(select(func.count()).select_from(Application)),
        "hires": count(select(func.count()).where(Application.status == ApplicationStatus.HIRED)),
    }


def applications_by_status() -> dict[ApplicationStatus, int]:
    rows = db.session.execute(select(Application.status, func.count()).group_by(Application.status))
    counts = dict(rows.all())
    return {status: counts.get(status, 0) for status in ApplicationStatus}


def recent_audit(limit: int = 100) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)))
