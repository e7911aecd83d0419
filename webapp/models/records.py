"""Operational records: the audit log and the search outbox."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.mixins import utcnow

if TYPE_CHECKING:
    from webapp.models.accounts import User


class AuditLog(db.Model):
    """Who viewed or exported personal data, and who decided what (kept ≥ 3 years)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(48), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    actor: Mapped[User | None] = relationship(lazy="selectin")  # shown by name in the audit log


class SearchOutbox(db.Model):
    """A pending index change, written in the same transaction as the change itself.

    The worker reads the entity's current state when it sends, so a row only says *which* document may
    have changed; several rows for one document collapse into one write.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    index: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    processed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # Failures of this row on its own (a bad document, a model error), not outages; parked past a limit.
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    parked_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)


class ImportJob(db.Model):
    """An uploaded spreadsheet on its way in: stored outside ``static/``, planned, corrected, written.

    ``summary`` is the plan's JSON report (rows, valid, errors, warnings, mapping, sheets); ``done``/``total``
    drive the progress bar while a background thread writes it.
    """

    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(200))
    stored_path: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned | running | done | failed
    overrides: Mapped[dict] = mapped_column(JSON, default=dict)  # source header → field ("" = ignore)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    # deferred: the progress bar polls the job twice a second, and a 100,000-row file's report is megabytes
    summary: Mapped[dict] = mapped_column(JSON, default=dict, deferred=True)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
