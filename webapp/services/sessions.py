"""Server-side sign-in sessions: the cookie is signed but only names a session; this table says whether it
still stands. A session ends at logout, when its user changes the password elsewhere or is removed, and after
the idle and absolute timeouts (shorter for staff)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from webapp.extensions import db
from webapp.models import ApiToken, Role, User, UserSession
from webapp.models.mixins import utcnow

STAFF = {Role.ORGANIZER, Role.SPECIALIST, Role.ADMIN}
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often per session


def _hash(raw: str) -> str:
    return ApiToken.hash(raw)  # sha256, as API tokens are kept


def lifetimes(role: Role) -> tuple[timedelta, timedelta]:
    """(idle, absolute) for a role, from the settings."""
    config = current_app.config
    if role in STAFF:
        return (
            timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"]),
            timedelta(hours=config["STAFF_SESSION_ABSOLUTE_HOURS"]),
        )
    idle, absolute = config["SESSION_IDLE_MINUTES"], config["SESSION_ABSOLUTE_HOURS"]
    return timedelta(minutes=idle), timedelta(hours=absolute)


def start(user: User) -> str:
    """A new session for ``user``; returns the raw id for the (signed) cookie. Commits."""
    raw = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(raw)))
    db.session.commit()
    return raw


def resolve(user_id: int, raw: str | None, now: datetime | None = None) -> tuple[User | None, bool]:
    """The user this session stands for, or None when it ended or timed out; and whether its last-seen time
    is due to be written (``touch``, after the request)."""
    if not raw:
        return None, False
    row = db.session.scalar(
        select(UserSession).where(UserSession.token_hash == _hash(raw), UserSession.user_id == user_id)
    )
    if row is None:
        return None, False
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        return None, False
    now = now or utcnow()
    idle, absolute = lifetimes(user.role)
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        db.session.execute(delete(UserSession).where(UserSession.id == row.id))
        db.session.commit()
        return None, False
    return user, now - row.last_seen_at >= TOUCH_EVERY


def touch(raw: str) -> None:
    db.session.execute(
        update(UserSession).where(UserSession.token_hash == _hash(raw)).values(last_seen_at=utcnow())
    )
    db.session.commit()


def end(raw: str | None) -> None:
    """End this session (logout)."""
    if raw:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _hash(raw)))
        db.session.commit()


def end_all(user: User, keep: str | None = None) -> int:
    """End the user's sessions except ``keep`` (the one changing the password), in the caller's
    transaction."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        stmt = stmt.where(UserSession.token_hash != _hash(keep))
    return db.session.execute(stmt).rowcount or 0
