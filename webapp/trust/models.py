"""Complaints, sanctions and the abnormal-entity list. Kept ≥ 3 years like every record of the zone (no
cascade from a post or a user: a complaint outlives what it is about)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import ComplaintStatus, SanctionLevel, enum_column
from webapp.models.mixins import utcnow

if TYPE_CHECKING:
    from webapp.models.accounts import User
    from webapp.models.enterprise import Enterprise


class Complaint(db.Model):
    """A 举报 about a post, an enterprise or a live room, with an optional evidence file."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_target", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complainant_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    target_kind: Mapped[str] = mapped_column(String(16))  # post | enterprise | live
    target_id: Mapped[int] = mapped_column(Integer)
    # the firm it is about (a post's firm; a live room's presenting firm at the time, if any)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    reason: Mapped[str] = mapped_column(String(24))
    detail: Mapped[str] = mapped_column(Text, default="")
    evidence_name: Mapped[str] = mapped_column(String(200), default="")
    evidence_path: Mapped[str] = mapped_column(String(300), default="")
    evidence_type: Mapped[str] = mapped_column(String(40), default="")
    evidence_sha256: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[ComplaintStatus] = mapped_column(
        enum_column(ComplaintStatus), default=ComplaintStatus.OPEN, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str] = mapped_column(String(500), default="")  # what the complainant is told
    sanction_id: Mapped[int | None] = mapped_column(ForeignKey("sanctions.id"))

    complainant: Mapped[User | None] = relationship(foreign_keys=[complainant_id])
    enterprise: Mapped[Enterprise | None] = relationship()
    sanction: Mapped[Sanction | None] = relationship()


class Sanction(db.Model):
    """One step of graded handling against an enterprise, visible to it with how to appeal."""

    __tablename__ = "sanctions"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    level: Mapped[SanctionLevel] = mapped_column(enum_column(SanctionLevel))
    reason: Mapped[str] = mapped_column(String(500))
    evidence: Mapped[str] = mapped_column(Text, default="")  # what it rests on: complaints, excerpts
    post_limit: Mapped[int | None] = mapped_column(Integer)  # THROTTLE: posts submitted per day
    until: Mapped[datetime | None] = mapped_column(DateTime)  # THROTTLE ends then (UTC)
    post_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # TAKEDOWN: the posts taken down
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    appeal_text: Mapped[str] = mapped_column(Text, default="")
    appealed_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lift_reason: Mapped[str] = mapped_column(String(500), default="")

    enterprise: Mapped[Enterprise] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def active(self) -> bool:
        if self.lifted_at is not None:
            return False
        return self.until is None or self.until > utcnow()


class AbnormalEntity(db.Model):
    """An entry of the abnormal-entity list (异常名录): a credit code, phone or ID number that may not
    register or create an enterprise. Phone and ID numbers are kept as a digest with a masked form for
    people to read; credit codes are public and kept as they are."""

    __tablename__ = "abnormal_entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # credit_code | phone | id_number
    digest: Mapped[str] = mapped_column(String(64), index=True)
    shown: Mapped[str] = mapped_column(String(32))  # the credit code, or 138****0000 / 1201**********123X
    reason: Mapped[str] = mapped_column(String(500))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    sanction_id: Mapped[int | None] = mapped_column(ForeignKey("sanctions.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_reason: Mapped[str] = mapped_column(String(500), default="")
    hits: Mapped[int] = mapped_column(Integer, default=0)  # attempts it has stopped

    enterprise: Mapped[Enterprise | None] = relationship()
    sanction: Mapped[Sanction | None] = relationship()
