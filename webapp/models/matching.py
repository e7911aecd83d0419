"""Feedback on recommendations (不感兴趣 and views), the ranker's training signal beside applications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.mixins import utcnow


class MatchFeedback(db.Model):
    __tablename__ = "match_feedback"
    __table_args__ = (UniqueConstraint("seeker_id", "post_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seeker_profiles.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("job_posts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # dismissed | shown
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
