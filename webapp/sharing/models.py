"""Declarations of surplus staff or shortages, the consenting workers, and the placements brokered."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import PlacementStatus, SharingKind, enum_column
from webapp.models.mixins import utcnow

if TYPE_CHECKING:
    from webapp.models.enterprise import Enterprise


class StaffingDeclaration(db.Model):
    """A firm's surplus (people it can lend) or shortage (people it needs) in one occupation, for a window,
    at a place. A surplus's headcount is its consenting workers."""

    __tablename__ = "staffing_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    kind: Mapped[SharingKind] = mapped_column(enum_column(SharingKind), index=True)
    title: Mapped[str] = mapped_column(String(100))  # the work, as the firm names it
    occupation_code: Mapped[str] = mapped_column(String(16), default="")  # 大典 细类, from the classifier
    headcount: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    adcode: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    open: Mapped[bool] = mapped_column(default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    enterprise: Mapped[Enterprise] = relationship()
    workers: Mapped[list[SurplusWorker]] = relationship(
        back_populates="declaration", cascade="all, delete-orphan", order_by="SurplusWorker.id"
    )


class SurplusWorker(db.Model):
    """A worker a firm offers to lend, with the consent the firm recorded (人社部发〔2023〕47号: 员工自愿)."""

    __tablename__ = "surplus_workers"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("staffing_declarations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(20), default="")
    consent: Mapped[str] = mapped_column(String(200))  # how it was given: 书面同意书 2026-12-01 …
    consent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    declaration: Mapped[StaffingDeclaration] = relationship(back_populates="workers")


class SharingPlacement(db.Model):
    """Workers of a surplus placed with a shortage for a window, brokered by a specialist."""

    __tablename__ = "sharing_placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    surplus_id: Mapped[int] = mapped_column(ForeignKey("staffing_declarations.id"), index=True)
    shortage_id: Mapped[int] = mapped_column(ForeignKey("staffing_declarations.id"), index=True)
    workers: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[PlacementStatus] = mapped_column(
        enum_column(PlacementStatus), default=PlacementStatus.AGREED, index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    brokered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    surplus: Mapped[StaffingDeclaration] = relationship(foreign_keys=[surplus_id])
    shortage: Mapped[StaffingDeclaration] = relationship(foreign_keys=[shortage_id])
