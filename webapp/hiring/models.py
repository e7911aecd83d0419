"""Interviews (proposed by the firm, answered by the seeker, reminded, their outcome kept) and the messages of
an application with the phone-number exchange."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
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


class ApplicationMessage(db.Model):
    """A message inside an application, between the seeker and the firm. Kept as a record (≥ 3 years);
    organizers read a conversation only when one of its messages was reported (audited)."""

    __tablename__ = "application_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_firm: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text)
    risks: Mapped[list[str]] = mapped_column(JSON, default=list)  # safety categories found in the text
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    report_reason: Mapped[str] = mapped_column(String(300), default="")


class ContactExchange(db.Model):
    """Phone numbers stay masked in a conversation until both sides agree to exchange them."""

    __tablename__ = "contact_exchanges"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    seeker_agreed_at: Mapped[datetime | None] = mapped_column(DateTime)
    firm_agreed_at: Mapped[datetime | None] = mapped_column(DateTime)
    firm_phone: Mapped[str] = mapped_column(String(20), default="")  # the number the firm shares
    # With a virtual-number provider (隐私号, VIRTUAL_NUMBER_URL): the number both sides call instead.
    virtual_number: Mapped[str] = mapped_column(String(20), default="")

    @property
    def agreed(self) -> bool:
        return self.seeker_agreed_at is not None and self.firm_agreed_at is not None
