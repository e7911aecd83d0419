"""Interviews: proposed by the firm, answered by the seeker, reminded the day before, their outcome kept."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import InterviewStatus, enum_column
from webapp.models.mixins import utcnow

if TYPE_CHECKING:
    from webapp.models.application import Application


class Interview(db.Model):
    """An interview the firm proposes for an application: one to three time slots, on site or by a video
    link from any provider; the seeker accepts one, declines, or asks for another time."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    slots: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO times, stored UTC
    mode: Mapped[str] = mapped_column(String(16), default="onsite")  # onsite | video
    place: Mapped[str] = mapped_column(String(200), default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[InterviewStatus] = mapped_column(
        enum_column(InterviewStatus), default=InterviewStatus.PROPOSED
    )
    starts_at: Mapped[datetime | None] = mapped_column(DateTime)  # the accepted slot
    seeker_note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)

    application: Mapped[Application] = relationship()
