from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, event, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import Education, enum_column
from webapp.models.mixins import Timestamped, utcnow

if TYPE_CHECKING:
    from webapp.models.accounts import User
    from webapp.models.application import Application


class SeekerProfile(Timestamped, db.Model):
    """A job seeker's résumé. Phone and ID number are stored whole and only ever shown masked."""

    __tablename__ = "seeker_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")
    education: Mapped[Education] = mapped_column(enum_column(Education), default=Education.ANY)
    school: Mapped[str] = mapped_column(String(100), default="")
    major: Mapped[str] = mapped_column(String(100), default="")
    graduation_date: Mapped[date | None] = mapped_column(Date)
    desired_titles: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_adcodes: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_pay_min: Mapped[int | None] = mapped_column(Integer)  # yuan per month
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    experiences: Mapped[list[dict]] = mapped_column(JSON, default=list)  # work and internships
    self_intro: Mapped[str] = mapped_column(Text, default="")
    groups: Mapped[list[str]] = mapped_column(JSON, default=list)  # TargetGroup values
    # What the seeker tells the 政策计算器 (性别, 本市户籍, 登记失业时长, 困难村劳动力 …); only they and the
    # bureau see it, and an employer's hire record starts from it.
    policy_facts: Mapped[dict] = mapped_column(JSON, default=dict)
    # Privacy: a résumé reaches an employer only through an application made with consent.
    resume_consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    open_to_recommendation: Mapped[bool] = mapped_column(default=False)
    # A separate consent: organizers and 服务专员 may find the résumé (masked) to invite the seeker to fairs,
    # traineeships and policies (the bureau's 人才库). Firms never see it through this consent.
    bureau_consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Whether ``seeker_occupations`` holds what the desired titles and places say now (the shortage catalogue
    # counts seekers by it); reset whenever either changes, coded again by a periodic job.
    occupations_coded: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)

    user: Mapped[User] = relationship(back_populates="profile")
    applications: Mapped[list[Application]] = relationship(back_populates="seeker")


@event.listens_for(SeekerProfile.desired_titles, "set")
@event.listens_for(SeekerProfile.desired_adcodes, "set")
def _wants_changed(profile: SeekerProfile, value, old, _initiator) -> None:
    if value != old:
        profile.occupations_coded = False


class SavedSearch(db.Model):
    """A seeker's saved job search; posts published after ``last_seen_at`` are its new matches."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    query_string: Mapped[str] = mapped_column(String(1000))  # canonical /jobs arguments
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_notified_at: Mapped[datetime | None] = mapped_column(DateTime)  # new matches told up to here
