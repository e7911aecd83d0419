"""Outside channels for notifications: e-mail over SMTP, SMS and WeChat template messages through an HTTP
gateway. Each is off until configured (``NOTIFY_SMTP_HOST``, ``NOTIFY_SMS_URL``, ``NOTIFY_WECHAT_URL``); an
unconfigured channel is not offered to users and nothing pretends a message went out.

A channel's ``send`` raises on failure; the queue (``services.notify.deliver_due``) retries with backoff.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import requests
from flask import current_app

from webapp.models import User

LABELS = {"email": "电子邮件", "sms": "短信", "wechat": "微信服务通知"}


class Undeliverable(Exception):
    """The user has no address for this channel: retrying will not help."""


class EmailChannel:
    name = "email"

    @staticmethod
    def configured() -> bool:
        return bool(current_app.config.get("NOTIFY_SMTP_HOST"))

    def send(self, user: User, address: str, title: str, body: str, link: str) -> None:
        if not address:
            raise Undeliverable("no e-mail address")
        config = current_app.config
        message = EmailMessage()
        message["Subject"] = f"【专精特新招聘专区】{title}"
        message["From"] = formataddr(("专精特新招聘专区", config["NOTIFY_SMTP_FROM"]))
        message["To"] = address
        message["Message-ID"] = make_msgid(domain=config["NOTIFY_SMTP_FROM"].split("@")[-1])
        base = config.get("PUBLIC_BASE_URL", "").rstrip("/")
        text = body + (f"\n\n查看详情：{base}{link}" if link and base else "")
        message.set_content(text + "\n\n（如不想再收到此类邮件，可在“通知设置”中关闭。）")
        with smtplib.SMTP(
            config["NOTIFY_SMTP_HOST"], int(config.get("NOTIFY_SMTP_PORT", 25)), timeout=10
        ) as smtp:
            if config.get("NOTIFY_SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("NOTIFY_SMTP_USER"):
                smtp.login(config["NOTIFY_SMTP_USER"], config.get("NOTIFY_SMTP_PASSWORD", ""))
            smtp.send_message(message)


class GatewayChannel:
    """A provider-neutral HTTP gateway (the bureau's SMS platform, a WeChat template-message relay): a JSON
    POST with a bearer token; any 2xx counts as accepted."""

    def __init__(self, name: str, url_setting: str, token_setting: str) -> None:
        self.name, self.url_setting, self.token_setting = name, url_setting, token_setting

    def configured(self) -> bool:
        return bool(current_app.config.get(self.url_setting))

    def send(self, user: User, address: str, title: str, body: str, link: str) -> None:
        if not address:
            raise Undeliverable(f"no {self.name} address")
        response = requests.post(
            current_app.config[self.url_setting],
            json={
                "to": address,
                "title": title,
                "text": f"【专精特新招聘专区】{title}：{body}"[:500],
                "link": link,
            },
            headers={"Authorization": f"Bearer {current_app.config.get(self.token_setting, '')}"},
            timeout=10,
        )
        response.raise_for_status()


def outside_channels() -> dict[str, EmailChannel | GatewayChannel]:
    return {
        "email": EmailChannel(),
        "sms": GatewayChannel("sms", "NOTIFY_SMS_URL", "NOTIFY_SMS_TOKEN"),
        "wechat": GatewayChannel("wechat", "NOTIFY_WECHAT_URL", "NOTIFY_WECHAT_TOKEN"),
    }


def configured() -> list[str]:
    """The outside channels this deployment can use, in display order."""
    return [name for name, channel in outside_channels().items() if channel.configured()]


def offered_to(user: User) -> list[str]:
    """The configured channels this user can be reached by: e-mail (they give the address), SMS when their
    number is a mobile, WeChat only with a bound openid (this platform holds none, so it is not offered)."""
    return [name for name in configured() if name == "email" or address_of(user, name, "")]


def address_of(user: User, channel: str, email: str) -> str:
    """Where a channel reaches the user: the e-mail they gave, their mobile (a seeker's or a firm member's
    account is their 手机号), or nothing (WeChat needs a bound openid, which this platform does not hold)."""
    from importers.identifiers import is_phone

    if channel == "email":
        return email
    if channel == "sms":
        phone = user.profile.phone if user.profile is not None and user.profile.phone else user.account
        return phone if is_phone(phone) else ""
    return ""


def bind_virtual_number(seeker_phone: str, firm_phone: str) -> str | None:
    """A virtual number (隐私号) that connects the two phones, from the deployment's provider
    (``VIRTUAL_NUMBER_URL``: a JSON POST ``{"a", "b", "days"}`` answered by ``{"number"}``); None when the
    deployment has no provider. Raises when the provider fails."""
    url = current_app.config.get("VIRTUAL_NUMBER_URL")
    if not url:
        return None
    response = requests.post(
        url,
        json={"a": seeker_phone, "b": firm_phone, "days": 30},
        headers={"Authorization": f"Bearer {current_app.config.get('VIRTUAL_NUMBER_TOKEN', '')}"},
        timeout=10,
    )
    response.raise_for_status()
    number = str(response.json().get("number", ""))
    if not number.isdigit() or not 5 <= len(number) <= 20:
        raise ValueError(f"provider answered no usable number: {number!r}")
    return number
