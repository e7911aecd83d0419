"""Invitations from the talent pool: a firm asks a seeker to apply to a post (邀请投递), the bureau asks a
seeker to come to a fair. A seeker is invited to one post once; declining is final for that post."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import InvitationStatus, enum_column
from webapp.models.mixins import utcnow

if TYPE_CHECKING:
    from webapp.fairs.models import Fair
    from webapp.models.enterprise import Enterprise
    from webapp.models.job import JobPost


class TalentInvitation(db.Model):
    __tablename__ = "talent_invitations"
    __table_args__ = (
        UniqueConstraint("seeker_id", "post_id", name="uq_talent_invitation_post"),
        Index("ix_talent_invitations_enterprise_day", "enterprise_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seeker_profiles.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("job_posts.id"))
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[InvitationStatus] = mapped_column(
        enum_column(InvitationStatus), default=InvitationStatus.SENT
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    post: Mapped[JobPost | None] = relationship()
    fair: Mapped[Fair | None] = relationship()
    enterprise: Mapped[Enterprise | None] = relationship()
