"""见习基地 and 见习协议."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import AgreementStatus, BaseStatus, enum_column
from webapp.models.mixins import utcnow

if TYPE_CHECKING:
    from webapp.models.application import Application
    from webapp.models.enterprise import Enterprise
    from webapp.models.seeker import SeekerProfile


class TraineeshipBase(db.Model):
    """A firm's application to be, and recognition as, a 就业见习基地; ``capacity`` trainees at a time."""

    __tablename__ = "traineeship_bases"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), unique=True)
    status: Mapped[BaseStatus] = mapped_column(
        enum_column(BaseStatus), default=BaseStatus.PENDING, index=True
    )
    capacity: Mapped[int] = mapped_column(Integer)
    fields: Mapped[str] = mapped_column(String(200), default="")  # 见习方向
    mentors: Mapped[int] = mapped_column(Integer, default=1)  # 带教老师
    introduction: Mapped[str] = mapped_column(Text, default="")
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_note: Mapped[str] = mapped_column(String(500), default="")

    enterprise: Mapped[Enterprise] = relationship()
    agreements: Mapped[list[TraineeAgreement]] = relationship(back_populates="base")


class TraineeAgreement(db.Model):
    """A 就业见习协议 for a hired applicant to a 见习岗位: its term, the mentor, the monthly allowance the
    rules gave at signing, how it ended, and whether a retained trainee was still employed three and six
    months after being kept on."""

    __tablename__ = "trainee_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    base_id: Mapped[int] = mapped_column(ForeignKey("traineeship_bases.id"), index=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seeker_profiles.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    mentor: Mapped[str] = mapped_column(String(32))
    status: Mapped[AgreementStatus] = mapped_column(
        enum_column(AgreementStatus), default=AgreementStatus.ACTIVE, index=True
    )
    monthly_allowance: Mapped[float | None] = mapped_column(Float)  # yuan, from the rules at signing
    allowance_basis: Mapped[str] = mapped_column(String(200), default="")
    ended_on: Mapped[date | None] = mapped_column(Date)  # the last day, or the day kept on
    employed_3m: Mapped[bool | None] = mapped_column()  # retained and still employed three months on
    employed_6m: Mapped[bool | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    base: Mapped[TraineeshipBase] = relationship(back_populates="agreements")
    application: Mapped[Application] = relationship()
    seeker: Mapped[SeekerProfile] = relationship()
