"""Notifications behind one interface: in-app notices always; SMS and e-mail when a gateway is configured.

A channel that is not configured says so in the log and reports ``False``: nothing pretends a
message went out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from flask import current_app

from webapp.extensions import db
from webapp.models import Notice, User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str = ""


class Channel(Protocol):
    name: str

    def send(self, user: User, message: Message) -> bool: ...


class InAppChannel:
    """站内通知: a ``Notice`` row the user sees at 我的通知 (added to the caller's transaction)."""

    name = "in_app"

    def send(self, user: User, message: Message) -> bool:
        db.session.add(Notice(user_id=user.id, title=message.title, body=message.body, link=message.link))
        return True


class UnconfiguredChannel:
    """SMS or e-mail without a gateway: logs that it could not send."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, user: User, message: Message) -> bool:
        log.info("notify: %s gateway not configured; user %s gets the in-app notice only", self.name, user.id)
        return False


def channels() -> list[Channel]:
    """The configured channels; SMS/e-mail gateways plug in here (``NOTIFY_CHANNELS``)."""
    wanted = current_app.config.get("NOTIFY_CHANNELS", ("in_app", "sms", "email"))
    out: list[Channel] = []
    for name in wanted:
        out.append(InAppChannel() if name == "in_app" else UnconfiguredChannel(name))
    return out


def send(user: User, message: Message) -> list[str]:
    """Send through every channel; the names of those that delivered."""
    return [c.name for c in channels() if c.send(user, message)]
