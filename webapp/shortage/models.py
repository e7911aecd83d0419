"""A seeker's wanted occupations (derived), and the published catalogues with their entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.mixins import utcnow
from webapp.shortage.ratios import lower_ratio


class SeekerOccupation(db.Model):
    """One 大典 occupation a seeker wants, in one place: ``place`` is an adcode prefix (``32`` 江苏, ``3205``
    苏州, ``120104`` 南开区; empty: anywhere). Derived from the desired titles and places by the title
    classifier (``shortage.coding``) and rebuilt when they change."""

    __tablename__ = "seeker_occupations"
    __table_args__ = (Index("ix_seeker_occupations_code_place", "occupation_code", "place"),)

    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seeker_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    occupation_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    place: Mapped[str] = mapped_column(String(12), primary_key=True)


class ShortageCatalogue(db.Model):
    """A published 急需紧缺职业目录 of a region for a quarter, with the thresholds it was proposed under.
    Publishing again for the same region and quarter replaces it; an organizer may withdraw one. Either way
    the old one is kept, with the time it stopped being in force (``retired_at``)."""

    __tablename__ = "shortage_catalogues"

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(12), index=True)  # adcode: 320000 a province, 320500 a city
    quarter: Mapped[str] = mapped_column(String(7))  # 2026Q3
    min_ratio: Mapped[float] = mapped_column(Float)
    min_openings: Mapped[int] = mapped_column(Integer)
    min_firms: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)

    entries: Mapped[list[ShortageEntry]] = relationship(
        back_populates="catalogue", order_by="ShortageEntry.rank", cascade="all, delete-orphan"
    )


class ShortageEntry(db.Model):
    """One listed occupation with the figures it was listed on."""

    __tablename__ = "shortage_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    catalogue_id: Mapped[int] = mapped_column(
        ForeignKey("shortage_catalogues.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column(Integer)
    occupation_code: Mapped[str] = mapped_column(String(16), index=True)
    occupation_name: Mapped[str] = mapped_column(String(100))
    openings: Mapped[int] = mapped_column(Integer)
    seekers: Mapped[int] = mapped_column(Integer)
    firms: Mapped[int] = mapped_column(Integer)
    previous_ratio: Mapped[float | None] = mapped_column(Float)  # the quarter before (None: nothing posted)

    catalogue: Mapped[ShortageCatalogue] = relationship(back_populates="entries")

    @property
    def ratio(self) -> float | None:
        """求人倍率; None when no one sought the occupation."""
        return self.openings / self.seekers if self.seekers else None

    @property
    def lower(self) -> float:
        """稳健倍率 (``ratios.lower_ratio``)."""
        return lower_ratio(self.openings, self.seekers)
