"""In-app notices (站内通知): what applications, fairs, live rooms, saved searches, reviews and subsidies
tell a user; each user's notification settings; the queue of messages for outside channels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.mixins import utcnow


class Notice(db.Model):
    """An in-app message (站内通知); other channels (SMS, e-mail) are sent through ``services.notify``."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)


class NotificationSettings(db.Model):
    """What a user wants to hear about, through which channels, and when not (quiet hours, 北京时间).
    In-app notices are always on; outside channels are off until the user turns them on."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(120), default="")
    channels: Mapped[dict] = mapped_column(JSON, default=dict)  # kind → [channel, …] beyond in-app
    # Hours, Beijing; None: no quiet hours. No column default: the ORM leaves a None out of an INSERT when the
    # column has one, so "quiet hours off" was stored as 22–8 (a user without a row gets 22–8 from
    # ``notify.settings_of``).
    quiet_start: Mapped[int | None] = mapped_column(SmallInteger)
    quiet_end: Mapped[int | None] = mapped_column(SmallInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class OutboundMessage(db.Model):
    """A message for an outside channel (e-mail, SMS, WeChat): queued in the transaction that made it, sent by
    the scheduler after quiet hours, retried with backoff until it lands or is given up with the reason."""

    __tablename__ = "outbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    send_after: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime)  # given up
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
