"""A target the bureau monitors: one figure per region, year and metric, edited by organizers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.enums import TargetMetric, enum_column
from webapp.models.mixins import utcnow


class MonitoringTarget(db.Model):
    """``value`` is people, fairs or posts, or a share in percent. A figure counts its records from
    ``counted_from`` to the end of ``year`` (江苏's 100,000 insured hires are counted from 2024 to 2025)."""

    __tablename__ = "monitoring_targets"
    __table_args__ = (UniqueConstraint("region", "year", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(12), index=True)  # adcode: 320000 a province, 320500 a city
    year: Mapped[int] = mapped_column(Integer)
    metric: Mapped[TargetMetric] = mapped_column(enum_column(TargetMetric))
    value: Mapped[float] = mapped_column(Float)
    counted_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
