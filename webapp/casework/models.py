"""一企一档 contact records and the needs a firm raises (企业吹哨). Kept like every record of the zone."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import ContactKind, NeedKind, NeedStatus, enum_column
from webapp.models.mixins import utcnow

if TYPE_CHECKING:
    from webapp.models.accounts import User
    from webapp.models.enterprise import Enterprise


class ServiceRecord(db.Model):
    """One contact between a specialist and a firm: when (a 北京 date), how, with whom, what the firm asked
    and what the specialist promised."""

    __tablename__ = "service_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind))
    happened_on: Mapped[date] = mapped_column(Date)
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    asked: Mapped[str] = mapped_column(Text, default="")
    promised: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()
    specialist: Mapped[User | None] = relationship()


class EnterpriseNeed(db.Model):
    """A need the firm raised (or the specialist noted for it), answered by a deadline."""

    __tablename__ = "enterprise_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[NeedKind] = mapped_column(enum_column(NeedKind))
    detail: Mapped[str] = mapped_column(Text)
    status: Mapped[NeedStatus] = mapped_column(enum_column(NeedStatus), default=NeedStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    response: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(24), default="")  # talent | fair | policy | "" (what was done)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    enterprise: Mapped[Enterprise] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
