"""The "10+N" activity brands, fairs, enterprises' participation with the posts they bring, registrations."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import BrandLevel, FairMode, FairStatus, ParticipationStatus, enum_column
from webapp.models.mixins import Timestamped, utcnow

if TYPE_CHECKING:
    from webapp.live.models import LiveSession
    from webapp.models.enterprise import Enterprise
    from webapp.models.job import JobPost
    from webapp.models.seeker import SeekerProfile


class ActivityBrand(Timestamped, db.Model):
    """One year's "10+N" activity: a national brand (就业援助月 …) or a local "N" activity."""

    __tablename__ = "activity_brands"
    __table_args__ = (UniqueConstraint("year", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    code: Mapped[str] = mapped_column(String(40))  # stable within a year, e.g. "spring-campus"
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[BrandLevel] = mapped_column(enum_column(BrandLevel), default=BrandLevel.NATIONAL)
    organizer: Mapped[str] = mapped_column(String(100), default="")  # 人社部, 工信部/教育部, 江苏省 …
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    period_text: Mapped[str] = mapped_column(String(60), default="")  # "12月中旬至次年1月下旬"
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    fairs: Mapped[list[Fair]] = relationship(back_populates="brand")


class Fair(Timestamped, db.Model):
    """A recruitment fair under a brand: offline, online, livestream or hybrid."""

    __tablename__ = "fairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("activity_brands.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    mode: Mapped[FairMode] = mapped_column(enum_column(FairMode), default=FairMode.OFFLINE)
    status: Mapped[FairStatus] = mapped_column(enum_column(FairStatus), default=FairStatus.DRAFT, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)  # GB/T 4754 门类 codes
    adcode: Mapped[str] = mapped_column(String(12), default="")
    venue: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    booth_count: Mapped[int] = mapped_column(Integer, default=0)  # 0: no booths (online only)
    capacity: Mapped[int | None] = mapped_column(Integer)  # seekers who may register; None = no limit
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    enterprise_signup_from: Mapped[datetime | None] = mapped_column(DateTime)
    enterprise_signup_until: Mapped[datetime | None] = mapped_column(DateTime)
    seeker_signup_from: Mapped[datetime | None] = mapped_column(DateTime)
    seeker_signup_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    brand: Mapped[ActivityBrand | None] = relationship(back_populates="fairs")
    participations: Mapped[list[FairParticipation]] = relationship(
        back_populates="fair", order_by="FairParticipation.id", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[LiveSession]] = relationship(
        back_populates="fair", order_by="LiveSession.starts_at"
    )

    @property
    def is_public(self) -> bool:
        return self.status == FairStatus.PUBLISHED


class FairParticipation(Timestamped, db.Model):
    """An enterprise's sign-up for a fair, the organizer's decision and its booth."""

    __tablename__ = "fair_participations"
    __table_args__ = (UniqueConstraint("fair_id", "enterprise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    status: Mapped[ParticipationStatus] = mapped_column(
        enum_column(ParticipationStatus), default=ParticipationStatus.PENDING, index=True
    )
    booth: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(String(500), default="")  # the enterprise's note to the organizer
    reason: Mapped[str] = mapped_column(String(500), default="")  # why rejected
    wants_live_slot: Mapped[bool] = mapped_column(default=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    fair: Mapped[Fair] = relationship(back_populates="participations")
    enterprise: Mapped[Enterprise] = relationship()
    posts: Mapped[list[FairPost]] = relationship(
        back_populates="participation", order_by="FairPost.id", cascade="all, delete-orphan"
    )


class FairPost(db.Model):
    """A published post an enterprise brings to a fair."""

    __tablename__ = "fair_posts"
    __table_args__ = (UniqueConstraint("participation_id", "post_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("fair_participations.id", ondelete="CASCADE"), index=True
    )
    post_id: Mapped[int] = mapped_column(ForeignKey("job_posts.id", ondelete="CASCADE"), index=True)

    participation: Mapped[FairParticipation] = relationship(back_populates="posts")
    post: Mapped[JobPost] = relationship()


class FairRegistration(db.Model):
    """A seeker registered for a fair; ``code`` is on their QR code and is checked at the door."""

    __tablename__ = "fair_registrations"
    __table_args__ = (UniqueConstraint("fair_id", "seeker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seeker_profiles.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    fair: Mapped[Fair] = relationship()
    seeker: Mapped[SeekerProfile] = relationship()
