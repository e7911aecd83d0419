from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.enums import AccountLabel, SizeBand, Tier, Verification, enum_column
from webapp.models.mixins import Timestamped, utcnow

if TYPE_CHECKING:
    from webapp.models.accounts import User
    from webapp.models.job import JobPost


class Enterprise(Timestamped, db.Model):
    """An employer. Only a verified enterprise's reviewed posts are published."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    # 统一社会信用代码; None only for a firm imported from a posting list, until verification supplies it
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    tier: Mapped[Tier] = mapped_column(enum_column(Tier), default=Tier.NONE, index=True)
    industry_code: Mapped[str] = mapped_column(String(8), default="")  # GB/T 4754-2017
    adcode: Mapped[str] = mapped_column(String(12), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    size_band: Mapped[SizeBand] = mapped_column(enum_column(SizeBand), default=SizeBand.SMALL)
    introduction: Mapped[str] = mapped_column(Text, default="")
    # What subsidy rules ask about the firm: headcount, 养老服务/家政服务…, a recognised 就业见习基地.
    employees: Mapped[int | None] = mapped_column(Integer)
    policy_sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    traineeship_base: Mapped[bool] = mapped_column(default=False)
    contact_name: Mapped[str] = mapped_column(String(32), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    verification: Mapped[Verification] = mapped_column(
        enum_column(Verification), default=Verification.PENDING, index=True
    )
    verification_reason: Mapped[str] = mapped_column(String(500), default="")
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    reverify_due: Mapped[datetime | None] = mapped_column(DateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", use_alter=True))
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", use_alter=True), index=True)
    reverify_reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Closed for violations (a CLOSURE sanction): no sign-in, nothing published, identifiers on the list.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # 用人单位 / 公共招聘 / 人力资源服务机构; an agency shows its licence and fees and posts for clients only
    # with their authorisation on file.
    account_label: Mapped[AccountLabel] = mapped_column(
        enum_column(AccountLabel), default=AccountLabel.EMPLOYER, server_default=AccountLabel.EMPLOYER.value
    )
    agency_licence_no: Mapped[str] = mapped_column(String(64), default="", server_default="")
    agency_fees: Mapped[str] = mapped_column(Text, default="", server_default="")

    members: Mapped[list[User]] = relationship(back_populates="enterprise", foreign_keys="User.enterprise_id")
    specialist: Mapped[User | None] = relationship(foreign_keys=[specialist_id])
    posts: Mapped[list[JobPost]] = relationship(back_populates="enterprise")
    documents: Mapped[list[EnterpriseDocument]] = relationship(
        back_populates="enterprise", order_by="EnterpriseDocument.id.desc()"
    )

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def is_agency(self) -> bool:
        return self.account_label == AccountLabel.AGENCY


class EnterpriseDocument(db.Model):
    """A business licence or tier evidence (认定文件): stored under the instance folder, never in ``static/``,
    and shown only to organizers (each view audited)."""

    __tablename__ = "enterprise_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(
        String(16)
    )  # licence | tier_evidence | authorisation (an agency's client)
    filename: Mapped[str] = mapped_column(String(200))
    stored_path: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship(back_populates="documents")
