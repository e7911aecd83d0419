"""短信验证码 for registration and password reset, without telling anyone who is registered.

Asking for a code always gets the same answer on the page, in the same time: the message goes out in the
background, and what it says depends on who owns the number, which only the owner reads —

- to register: a code if the number is free; if it is taken, a note that it already has an account (and how
  to reset the password), and no code;
- to reset a password: a code if the number has an account; nothing otherwise.

A request row is written every time (with the HMAC of a code nobody received when none was sent), so the
per-number throttle and the checking work are the same either way. A code lives ``CODE_MINUTES``, allows
``MAX_ATTEMPTS`` wrong tries and is used once.

Delivery goes through the SMS gateway of ``services.channels``. A deployment without one cannot send codes;
``flask serve`` on loopback (the local demo) shows the text the SMS would carry on the page instead
(``VERIFICATION_CODES_ON_SCREEN``), which is never right in production.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import delete, func, select

from webapp.extensions import db
from webapp.models import User, VerificationCode
from webapp.models.mixins import utcnow
from webapp.services import ServiceError

log = logging.getLogger(__name__)

PURPOSES = ("register", "reset")
CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
PER_NUMBER_PER_DAY = 10
WRONG_CODE = "验证码不正确或已过期，请重新获取"
SENT = "验证码已发送至 {masked}，{minutes}分钟内有效"


@dataclass(frozen=True)
class CodeRequest:
    """What the page says after a code was asked for; ``on_screen`` is the demo's stand-in for the SMS."""

    notice: str
    on_screen: str = ""


def _digest(phone: str, purpose: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _mask(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def _message(purpose: str, registered: bool, code: str) -> str | None:
    """The SMS text for this request, or None when nothing is sent (a reset for a number with no account)."""
    if purpose == "register" and registered:
        return "该手机号已注册。如忘记密码，请在登录页点击“忘记密码”找回。如非本人操作，请忽略。"
    if purpose == "reset" and not registered:
        return None
    action = "注册账号" if purpose == "register" else "重置密码"
    return f"您正在{action}，验证码 {code}，{CODE_MINUTES}分钟内有效。请勿告诉他人。"


def can_send() -> bool:
    from webapp.services.channels import outside_channels

    config = current_app.config
    return bool(config.get("VERIFICATION_CODES_ON_SCREEN")) or outside_channels()["sms"].configured()


def request_code(phone: str, purpose: str) -> CodeRequest:
    """Ask for a code for ``phone``: the same answer whether or not the number has an account. Commits."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    if not can_send():
        raise ServiceError("本站尚未开通短信验证码，请联系人社部门工作人员", code="unavailable")
    now = utcnow()
    recent = db.session.execute(
        select(func.max(VerificationCode.created_at), func.count()).where(
            VerificationCode.phone == phone,
            VerificationCode.purpose == purpose,
            VerificationCode.created_at > now - timedelta(days=1),
        )
    ).one()
    if recent[0] is not None and now - recent[0] < RESEND_AFTER:
        raise ServiceError("获取验证码过于频繁，请60秒后再试", code="busy")
    if recent[1] >= PER_NUMBER_PER_DAY:
        raise ServiceError("该手机号今日获取验证码次数已达上限，请明天再试", code="busy")
    registered = db.session.scalar(select(User.id).where(User.account == phone)) is not None
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.add(
        VerificationCode(
            phone=phone,
            purpose=purpose,
            code_hash=_digest(phone, purpose, code),
            created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
            attempts=0,
        )
    )
    db.session.commit()
    text = _message(purpose, registered, code)
    notice = SENT.format(masked=_mask(phone), minutes=CODE_MINUTES)
    if purpose == "reset":
        notice = f"如该手机号已注册，{notice}"
    if current_app.config.get("VERIFICATION_CODES_ON_SCREEN"):
        return CodeRequest(notice, on_screen=text or "（该手机号未注册，不会收到短信）")
    if text is not None:
        _send_later(current_app._get_current_object(), phone, text)
    return CodeRequest(notice)


def _send_later(app: Flask, phone: str, text: str) -> None:
    """Send in the background: the page answers in the same time whether or not a message goes out."""

    def send() -> None:
        from webapp.services.channels import outside_channels

        with app.app_context():
            try:
                outside_channels()["sms"].send(None, phone, "验证码", text, "")
            except Exception:  # the user sees no code and asks again; the reason is in the log
                log.exception("verification SMS to %s failed", _mask(phone))

    threading.Thread(target=send, name="verification-sms", daemon=True).start()


def consume(phone: str, purpose: str, code: str) -> None:
    """Accept ``code`` for ``phone`` once, or raise ``ServiceError`` (the same message for a wrong, expired,
    used or never-sent code). Counts a wrong try against the latest code; does not commit a success (the
    caller's change commits with it)."""
    now = utcnow()
    row = db.session.scalar(
        select(VerificationCode)
        .where(VerificationCode.phone == phone, VerificationCode.purpose == purpose)
        .order_by(VerificationCode.created_at.desc(), VerificationCode.id.desc())
        .limit(1)
    )
    code = (code or "").strip()
    if row is None or row.used_at is not None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        raise ServiceError(WRONG_CODE, code="code")
    if not hmac.compare_digest(row.code_hash, _digest(phone, purpose, code)):
        row.attempts += 1
        db.session.commit()
        raise ServiceError(WRONG_CODE, code="code")
    row.used_at = now


def purge_expired(now=None) -> int:
    """Forget codes a day after they expired (they hold phone numbers). Commits."""
    now = now or utcnow()
    result = db.session.execute(
        delete(VerificationCode).where(VerificationCode.expires_at < now - timedelta(days=1))
    )
    db.session.commit()
    return result.rowcount or 0


def forget_phone(phone: str) -> None:
    """An account is deleted: its number's codes go too (in the caller's transaction)."""
    db.session.execute(delete(VerificationCode).where(VerificationCode.phone == phone))
