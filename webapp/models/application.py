from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import ApplicationSource, ApplicationStatus, enum_column
from webapp.models.mixins import Timestamped, utcnow

if TYPE_CHECKING:
    from webapp.models.accounts import User
    from webapp.models.job import JobPost
    from webapp.models.seeker import SeekerProfile


class Application(Timestamped, db.Model):
    """One seeker's application to one post; its history is in ``events``."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("seeker_id", "post_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seeker_profiles.id"), index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("job_posts.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus), default=ApplicationStatus.SUBMITTED, index=True
    )
    source: Mapped[ApplicationSource] = mapped_column(
        enum_column(ApplicationSource), default=ApplicationSource.SEARCH
    )
    # Where exactly: the fair whose page it was sent from, the live room and segment (边看边投), or a
    # partner's own label for API applications. Columns, so reports filter and group without parsing text.
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="SET NULL"), index=True)
    live_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="SET NULL"), index=True
    )
    live_segment_id: Mapped[int | None] = mapped_column(ForeignKey("live_segments.id", ondelete="SET NULL"))
    source_note: Mapped[str] = mapped_column(String(64), default="")

    seeker: Mapped[SeekerProfile] = relationship(back_populates="applications")
    post: Mapped[JobPost] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", order_by="ApplicationEvent.id", cascade="all, delete-orphan"
    )

    @property
    def source_ref(self) -> str:
        """The source as one short reference: ``fair:<id>``, ``live:<session>:<segment>`` or the note."""
        if self.live_session_id is not None:
            return f"live:{self.live_session_id}:{self.live_segment_id or 0}"
        if self.fair_id is not None:
            return f"fair:{self.fair_id}"
        return self.source_note


class ApplicationEvent(db.Model):
    """A status change: when, by whom, and why."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(enum_column(ApplicationStatus))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
