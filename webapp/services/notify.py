"""Notifications behind one interface: an in-app notice always (pushed live to open pages), and the outside
channels the user chose for that kind of message (e-mail, SMS, WeChat; ``services.channels``), queued in
the same transaction and sent by the scheduler outside the user's quiet hours (北京时间).

A channel that is not configured is not offered and nothing is queued for it: nothing pretends a message went
out. A queued message that fails is retried with backoff and given up after ``MAX_ATTEMPTS`` with the reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from webapp import beijing
from webapp.extensions import db
from webapp.models import Notice, NotificationSettings, OutboundMessage, User
from webapp.models.mixins import utcnow
from webapp.services import channels as outside

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6

# What a user can choose to hear about outside the site (in-app is always on).
KINDS = {
    "application": "投递进展（被查看、不合适、录用）",
    "interview": "面试邀请、确认与提醒",
    "invitation": "企业邀请投递、招聘会邀请",
    "fair": "招聘会报名与提醒",
    "saved_search": "订阅的新岗位",
    "policy": "政策与补贴",
    "account": "账号与审核",
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str = ""
    kind: str = "account"


def settings_of(user: User) -> NotificationSettings:
    found = db.session.get(NotificationSettings, user.id)
    return found or NotificationSettings(user_id=user.id, email="", channels={}, quiet_start=22, quiet_end=8)


def after_quiet_hours(settings: NotificationSettings, now: datetime | None = None) -> datetime:
    """When an outside message may go: now, or the end of the user's quiet hours (北京时间)."""
    now = now or utcnow()
    start, end = settings.quiet_start, settings.quiet_end
    if start is None or end is None or start == end:
        return now
    local = beijing.to_local(now)
    hour = local.hour
    quiet = start <= hour < end if start < end else hour >= start or hour < end
    if not quiet:
        return now
    day = local.date() if hour < end else local.date() + timedelta(days=1)
    return beijing.at(day, end)


def send(user: User, message: Message) -> list[str]:
    """The in-app notice, and a queued message for each outside channel the user chose for this kind (in the
    caller's transaction). Returns the channels used."""
    db.session.add(Notice(user_id=user.id, title=message.title, body=message.body, link=message.link))
    used = ["in_app"]
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        return used
    wanted = set(settings.channels.get(message.kind, [])) & set(outside.configured())
    when = after_quiet_hours(settings)
    for channel in sorted(wanted):
        db.session.add(
            OutboundMessage(
                user_id=user.id,
                channel=channel,
                kind=message.kind,
                title=message.title[:200],
                body=message.body,
                link=message.link[:300],
                send_after=when,
            )
        )
        used.append(channel)
    return used


def deliver_due(limit: int = 200) -> dict[str, int]:
    """Send the queued outside messages whose time has come (the scheduler runs this every minute)."""
    now, counts = utcnow(), {"sent": 0, "retry": 0, "failed": 0}
    channels = outside.outside_channels()
    due = db.session.scalars(
        select(OutboundMessage)
        .where(
            OutboundMessage.sent_at.is_(None),
            OutboundMessage.failed_at.is_(None),
            OutboundMessage.send_after <= now,
        )
        .order_by(OutboundMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for message in due:
        user = db.session.get(User, message.user_id)
        channel = channels.get(message.channel)
        message.attempts += 1
        try:
            if user is None or channel is None or not channel.configured():
                raise outside.Undeliverable(f"channel {message.channel} not available")
            address = outside.address_of(user, message.channel, settings_of(user).email)
            channel.send(user, address, message.title, message.body, message.link)
        except outside.Undeliverable as exc:
            message.failed_at, message.last_error = now, str(exc)[:1000]
            counts["failed"] += 1
        except Exception as exc:  # the gateway refused or did not answer: try again later
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if message.attempts >= MAX_ATTEMPTS:
                message.failed_at = now
                counts["failed"] += 1
            else:
                message.send_after = now + timedelta(minutes=2**message.attempts)
                counts["retry"] += 1
            log.warning("notify: %s to user %s failed (%s)", message.channel, message.user_id, exc)
        else:
            message.sent_at = now
            counts["sent"] += 1
    db.session.commit()
    return counts


def save_settings(
    user: User, email: str, chosen: dict[str, list[str]], quiet_start: int | None, quiet_end: int | None
) -> NotificationSettings:
    from webapp.services import ServiceError

    email = email.strip()
    if email and ("@" not in email or len(email) > 120 or " " in email):
        raise ServiceError("请输入正确的邮箱地址")
    offered = set(outside.offered_to(user))
    channels = {kind: sorted(set(chosen.get(kind, [])) & offered) for kind in KINDS}
    if any("email" in c for c in channels.values()) and not email:
        raise ServiceError("选择邮件通知前请填写邮箱")
    for hour in (quiet_start, quiet_end):
        if hour is not None and not 0 <= hour <= 23:
            raise ServiceError("免打扰时间请填写 0–23 点")
    settings = db.session.get(NotificationSettings, user.id) or NotificationSettings(user_id=user.id)
    settings.email, settings.channels = email, {k: v for k, v in channels.items() if v}
    settings.quiet_start, settings.quiet_end = quiet_start, quiet_end
    db.session.add(settings)
    db.session.commit()
    return settings
