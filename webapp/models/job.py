from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp import beijing
from webapp.extensions import db
from webapp.models.enums import Education, EmploymentType, PayUnit, PostStatus, enum_column
from webapp.models.mixins import Timestamped
from webapp.pay import format_pay

if TYPE_CHECKING:
    from webapp.models.enterprise import Enterprise


class JobPost(Timestamped, db.Model):
    """A vacancy with what 人社部令第44号 requires: headcount, requirements, content, place, pay, validity."""

    __tablename__ = "job_posts"
    __table_args__ = (UniqueConstraint("enterprise_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)  # 工作内容
    requirements: Mapped[str] = mapped_column(Text, default="")  # 任职要求
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    occupation_code: Mapped[str] = mapped_column(String(16), default="", index=True)  # 大典 2022 细类
    adcode: Mapped[str] = mapped_column(String(12), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    pay_unit: Mapped[PayUnit] = mapped_column(enum_column(PayUnit), default=PayUnit.MONTH)
    pay_min: Mapped[int | None] = mapped_column(Integer)  # yuan per pay_unit
    pay_max: Mapped[int | None] = mapped_column(Integer)
    pay_months: Mapped[int] = mapped_column(Integer, default=12)
    education: Mapped[Education] = mapped_column(enum_column(Education), default=Education.ANY)
    experience_min_years: Mapped[int] = mapped_column(Integer, default=0)
    experience_max_years: Mapped[int | None] = mapped_column(Integer)
    headcount: Mapped[int | None] = mapped_column(Integer)  # None = 若干
    employment_type: Mapped[EmploymentType] = mapped_column(
        enum_column(EmploymentType), default=EmploymentType.FULL_TIME
    )
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[PostStatus] = mapped_column(enum_column(PostStatus), default=PostStatus.DRAFT, index=True)
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    valid_until: Mapped[date] = mapped_column(Date)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A human-resources agency's post names the employer it recruits for and the authorisation on file.
    client_name: Mapped[str] = mapped_column(String(128), default="", server_default="")
    client_authorisation_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise_documents.id"))

    enterprise: Mapped[Enterprise] = relationship(back_populates="posts")

    @property
    def pay_text(self) -> str:
        return format_pay(self.pay_unit, self.pay_min, self.pay_max, self.pay_months)

    @property
    def experience_text(self) -> str:
        lo, hi = self.experience_min_years, self.experience_max_years
        if not lo and hi is None:
            return "经验不限"
        if hi is None:
            return f"{lo}年以上"
        if not lo:
            return f"{hi}年以内"
        return f"{lo}-{hi}年"

    @property
    def headcount_text(self) -> str:
        return "若干" if self.headcount is None else f"{self.headcount}人"

    @property
    def is_open(self) -> bool:
        return self.status == PostStatus.PUBLISHED and self.valid_until >= beijing.today()
