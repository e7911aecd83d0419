"""Subsidy policy: rule versions and parameters organizers edit, the hire data rules need, and the claims that
政策找人 finds."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import ClaimStatus, SkillLevel, TitleLevel, enum_column
from webapp.models.mixins import Timestamped, utcnow

if TYPE_CHECKING:
    from webapp.models.application import Application
    from webapp.models.enterprise import Enterprise
    from webapp.models.seeker import SeekerProfile


class SubsidyRuleVersion(db.Model):
    """One version of a subsidy rule. Edits add a version; the newest is ``current``."""

    __tablename__ = "subsidy_rules"
    __table_args__ = (UniqueConstraint("rule_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(12), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    current: Mapped[bool] = mapped_column(default=True, index=True)
    origin: Mapped[str] = mapped_column(String(100), default="")  # rule file name, or "organizer"
    note: Mapped[str] = mapped_column(String(500), default="")  # why it was edited
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PolicyParameter(db.Model):
    """A figure rules refer to by name (the minimum wage …), per region, from a date."""

    __tablename__ = "policy_parameters"
    __table_args__ = (UniqueConstraint("name", "region", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    region: Mapped[str] = mapped_column(String(12))
    value: Mapped[float] = mapped_column(Float)
    valid_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")


class HireRecord(Timestamped, db.Model):
    """What subsidy rules need to know about a hire (an application at 录用), from the employer."""

    __tablename__ = "hire_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seeker_profiles.id"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    contract_months: Mapped[int] = mapped_column(Integer, default=0)
    insured_months: Mapped[int] = mapped_column(Integer, default=0)
    employment_type: Mapped[str] = mapped_column(String(16), default="全职")  # 全职 | 就业见习
    traineeship_months: Mapped[int | None] = mapped_column(Integer)
    served_traineeship_months: Mapped[int | None] = mapped_column(Integer)
    retained: Mapped[bool] = mapped_column(default=False)
    retained_on: Mapped[date | None] = mapped_column(Date)  # kept on after a 见习 (南开区 counts from it)
    apprentice_certificate: Mapped[str] = mapped_column(String(8), default="")
    # what the bureau's targets count (江苏: 高技能人才 = 高级工 and above; 副高级以上 titles; 高校毕业生)
    skill_level: Mapped[SkillLevel] = mapped_column(enum_column(SkillLevel), default=SkillLevel.NONE)
    title_level: Mapped[TitleLevel] = mapped_column(enum_column(TitleLevel), default=TitleLevel.NONE)
    graduate: Mapped[bool] = mapped_column(default=False)  # a 高校毕业生 at the hire (left school ≤ 2 years)
    # Facts about the person the employer confirms for the bureau (e.g. 登记失业时长, 困难村劳动力).
    person_facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    application: Mapped[Application] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    seeker: Mapped[SeekerProfile] = relationship()


class PolicyRun(db.Model):
    """One 政策找人 batch: when, by whom, how much was evaluated and found."""

    __tablename__ = "policy_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    on_date: Mapped[date] = mapped_column(Date)
    evaluated: Mapped[int] = mapped_column(Integer, default=0)
    found: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)


class SubsidyClaim(Timestamped, db.Model):
    """A subsidy someone qualifies for, tracked from found to paid. One per rule and subject."""

    __tablename__ = "subsidy_claims"
    __table_args__ = (UniqueConstraint("rule_id", "subject_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    rule_version: Mapped[int] = mapped_column(Integer)
    subject_key: Mapped[str] = mapped_column(String(40))  # hire:12 | enterprise:3 | seeker:7
    title: Mapped[str] = mapped_column(String(200))
    beneficiary: Mapped[str] = mapped_column(String(24))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seeker_profiles.id"), index=True)
    hire_id: Mapped[int | None] = mapped_column(ForeignKey("hire_records.id", ondelete="SET NULL"))
    amount: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(60), default="")
    months: Mapped[int | None] = mapped_column(Integer)
    term_total: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[ClaimStatus] = mapped_column(
        enum_column(ClaimStatus), default=ClaimStatus.FOUND, index=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("policy_runs.id"))
    notified_at: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime)

    enterprise: Mapped[Enterprise | None] = relationship()
    seeker: Mapped[SeekerProfile | None] = relationship()
    hire: Mapped[HireRecord | None] = relationship()
