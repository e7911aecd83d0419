"""站内通知: a user's notices, newest first, the unread count shown in the header, and the live push that
updates that count on open pages (the live broker: in-process, or Redis across workers)."""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from webapp.extensions import db
from webapp.models import Notice, User
from webapp.models.mixins import utcnow

log = logging.getLogger(__name__)


def for_user(user: User, limit: int = 100) -> list[Notice]:
    return list(
        db.session.scalars(
            select(Notice).where(Notice.user_id == user.id).order_by(Notice.id.desc()).limit(limit)
        )
    )


def unread_count(user: User) -> int:
    return _unread(user.id)


def _unread(user_id: int) -> int:
    return (
        db.session.scalar(select(func.count()).where(Notice.user_id == user_id, Notice.read_at.is_(None)))
        or 0
    )


def unread_summary(user_id: int) -> dict:
    """The unread count and the newest unread notice's title (what the live badge shows)."""
    unread = _unread(user_id)
    newest = db.session.scalar(
        select(Notice.title)
        .where(Notice.user_id == user_id, Notice.read_at.is_(None))
        .order_by(Notice.id.desc())
        .limit(1)
    )
    return {"unread": unread, "title": newest or ""}


def mark_read(user: User) -> None:
    db.session.execute(
        update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None)).values(read_at=utcnow())
    )
    db.session.commit()


# --- live: a notice reaches an open page without a reload ----------------------------------------------

USER_CHANNEL = "user:{}"


def _collect(session: Session, _context) -> None:
    """After a flush: remember whom the new notices are for (published once the transaction commits)."""
    users = {obj.user_id for obj in session.new if isinstance(obj, Notice) and obj.user_id is not None}
    if users:
        session.info.setdefault("notice_users", set()).update(users)


def _publish(session: Session) -> None:
    users = session.info.pop("notice_users", None)
    if not users or not has_app_context():
        return
    broker = current_app.extensions.get("live_broker")
    if broker is None:
        return
    for user_id in users:
        try:
            broker.publish(USER_CHANNEL.format(user_id), {"type": "notice"})
        except Exception:  # a live push is a convenience: the notice is saved whatever happens here
            log.warning("could not push a notice to user %s", user_id, exc_info=True)


def push_after_commit(user_ids) -> None:
    """Push these users' open pages once the current transaction commits (e.g. a new message, which adds no
    notice when one is already waiting)."""
    db.session().info.setdefault("notice_users", set()).update(user_ids)


def _forget(session: Session) -> None:
    session.info.pop("notice_users", None)


def install_notice_push() -> None:
    """Register the session hooks once (idempotent)."""
    for name, hook in (("after_flush", _collect), ("after_commit", _publish), ("after_rollback", _forget)):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)
