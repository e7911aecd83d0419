"""Livestream job fairs (直播带岗): sessions, one segment per enterprise, messages, and what viewers did."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import LiveStatus, QuestionStatus, enum_column
from webapp.models.mixins import Timestamped, utcnow

if TYPE_CHECKING:
    from webapp.fairs.models import Fair
    from webapp.models.enterprise import Enterprise
    from webapp.models.job import JobPost


class LiveSession(Timestamped, db.Model):
    """A live room inside a fair. Video comes from a streaming platform (HLS or embed URL)."""

    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    host: Mapped[str] = mapped_column(String(60), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    hls_url: Mapped[str] = mapped_column(String(500), default="")
    embed_url: Mapped[str] = mapped_column(String(500), default="")
    replay_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[LiveStatus] = mapped_column(enum_column(LiveStatus), default=LiveStatus.SCHEDULED)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    current_segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_segments.id", use_alter=True, ondelete="SET NULL")
    )
    pinned_post_id: Mapped[int | None] = mapped_column(ForeignKey("job_posts.id", ondelete="SET NULL"))
    announcement: Mapped[str] = mapped_column(String(300), default="")
    version: Mapped[int] = mapped_column(Integer, default=0)  # bumped on every state change viewers see
    peak_viewers: Mapped[int] = mapped_column(Integer, default=0)

    fair: Mapped[Fair] = relationship(back_populates="sessions")
    segments: Mapped[list[LiveSegment]] = relationship(
        back_populates="session",
        order_by="LiveSegment.position",
        cascade="all, delete-orphan",
        foreign_keys="LiveSegment.session_id",
    )
    current_segment: Mapped[LiveSegment | None] = relationship(
        foreign_keys=[current_segment_id], post_update=True
    )
    pinned_post: Mapped[JobPost | None] = relationship()


class LiveSegment(db.Model):
    """One enterprise's turn in the schedule."""

    __tablename__ = "live_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    planned_minutes: Mapped[int] = mapped_column(Integer, default=10)
    presenter: Mapped[str] = mapped_column(String(60), default="")  # who speaks for the firm
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)

    session: Mapped[LiveSession] = relationship(back_populates="segments", foreign_keys=[session_id])
    enterprise: Mapped[Enterprise] = relationship()


class LiveMessage(db.Model):
    """A viewer's question (moderated before it is shown) and the answer."""

    __tablename__ = "live_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(String(40))  # shown name, already masked (张**)
    text: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[QuestionStatus] = mapped_column(
        enum_column(QuestionStatus), default=QuestionStatus.PENDING, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LiveViewer(db.Model):
    """Someone who opened the live room (a user, or an anonymous browser): the top of the funnel."""

    __tablename__ = "live_viewers"
    __table_args__ = (UniqueConstraint("session_id", "viewer_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    viewer_key: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LivePostView(db.Model):
    """A viewer opened a pinned post's details during a segment: the funnel's second step."""

    __tablename__ = "live_post_views"
    __table_args__ = (UniqueConstraint("session_id", "post_id", "viewer_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("live_segments.id", ondelete="SET NULL"))
    post_id: Mapped[int] = mapped_column(ForeignKey("job_posts.id", ondelete="CASCADE"))
    viewer_key: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
