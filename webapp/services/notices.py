"""站内通知: a user's notices, newest first, and the unread count shown in the header."""

from __future__ import annotations

from sqlalchemy import func, select, update

from webapp.extensions import db
from webapp.models import Notice, User
from webapp.models.mixins import utcnow


def for_user(user: User, limit: int = 100) -> list[Notice]:
    return list(
        db.session.scalars(
            select(Notice).where(Notice.user_id == user.id).order_by(Notice.id.desc()).limit(limit)
        )
    )


def unread_count(user: User) -> int:
    return (
        db.session.scalar(select(func.count()).where(Notice.user_id == user.id, Notice.read_at.is_(None)))
        or 0
    )


def mark_read(user: User) -> None:
    db.session.execute(
        update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None)).values(read_at=utcnow())
    )
    db.session.commit()
