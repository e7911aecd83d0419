"""Accounts: registration, authentication, staff creation, API tokens."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from importers.identifiers import is_phone, normalize_uscc, uscc_error
from webapp.extensions import db
from webapp.models import ApiToken, Enterprise, Role, SeekerProfile, User, Verification
from webapp.models.mixins import utcnow
from webapp.services import ServiceError, sessions, verification
from webapp.services.passwords import MIN_LENGTH as MIN_PASSWORD
from webapp.services.passwords import check_new_password
from webapp.trust import blocklist

# The same work as checking a real password, for accounts that do not exist (login timing tells nothing).
_NO_SUCH_ACCOUNT_HASH: list[str] = []


def _check_new_account(account: str, password: str, *personal: str, code: str | None = None) -> None:
    """A new account's password is acceptable and, for self-registration, the 短信验证码 sent to the number
    (``code``) is right; only then is the account's existence checked, so the page never says which numbers
    are registered (a registered number never gets a registration code)."""
    taken = select(User.id).where(User.account == account)
    if code is None and db.session.scalar(taken):  # staff created by an administrator
        raise ServiceError("该账号已注册，请直接登录")
    if len(password) < MIN_PASSWORD:
        raise ServiceError(f"密码至少需要{MIN_PASSWORD}位")
    check_new_password(password, account, *personal)
    if code is not None:
        verification.consume(account, "register", code)
        if db.session.scalar(taken):
            raise ServiceError("该账号已注册，请直接登录")


def register_seeker(phone: str, password: str, name: str, code: str) -> User:
    """Create a seeker account with an empty résumé; the phone number, proved by its 验证码, is the login."""
    phone = phone.strip()
    if not is_phone(phone):
        raise ServiceError("请输入正确的11位手机号")
    _check_new_account(phone, password, name, code=code)
    user = User(account=phone, display_name=name.strip() or phone[-4:], role=Role.SEEKER)
    user.set_password(password)
    user.profile = SeekerProfile(name=name.strip(), phone=phone)
    db.session.add(user)
    db.session.commit()
    return user


def register_enterprise(
    phone: str, password: str, contact_name: str, enterprise_name: str, credit_code: str, sms_code: str
) -> User:
    """Create an enterprise owner and a pending enterprise that organizers verify."""
    phone = phone.strip()
    if not is_phone(phone):
        raise ServiceError("请输入正确的11位手机号")
    code = normalize_uscc(credit_code)
    error = uscc_error(code)
    if error:
        raise ServiceError(error, code="credit_code")
    blocklist.refuse_if_listed(credit_code=code)
    if db.session.scalar(select(Enterprise.id).where(Enterprise.credit_code == code)):
        raise ServiceError("该统一社会信用代码已注册，请联系企业管理员添加您为成员", code="credit_code")
    _check_new_account(phone, password, contact_name, code=sms_code)
    blocklist.refuse_if_listed(phone=phone)  # after the code: the page says nothing about unproved numbers
    enterprise = Enterprise(
        credit_code=code,
        name=enterprise_name.strip(),
        contact_name=contact_name.strip(),
        contact_phone=phone,
        verification=Verification.PENDING,
    )
    user = User(
        account=phone,
        display_name=contact_name.strip() or enterprise_name.strip(),
        role=Role.ENTERPRISE,
        enterprise=enterprise,
        is_enterprise_owner=True,
    )
    user.set_password(password)
    db.session.add_all([enterprise, user])
    db.session.commit()
    return user


def create_staff(account: str, password: str, role: Role, display_name: str = "") -> User:
    """Organizers, specialists and admins are created from the CLI, never by self-registration."""
    if role not in (Role.ORGANIZER, Role.SPECIALIST, Role.ADMIN):
        raise ServiceError("staff accounts are organizer, specialist or admin")
    _check_new_account(account, password)
    user = User(account=account, display_name=display_name or account, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(account: str, password: str) -> User | None:
    """The active user with these credentials, or None (same answer for unknown and wrong)."""
    user = db.session.scalar(select(User).where(User.account == account.strip()))
    if user is None:
        if not _NO_SUCH_ACCOUNT_HASH:
            _NO_SUCH_ACCOUNT_HASH.append(generate_password_hash(secrets.token_hex(8)))
        check_password_hash(_NO_SUCH_ACCOUNT_HASH[0], password)  # as slow as a wrong password
        return None
    if not user.is_active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def issue_token(user: User, label: str = "") -> str:
    """Create an API token and return it once; only its hash is kept."""
    raw = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=ApiToken.hash(raw), label=label))
    db.session.commit()
    return raw


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to (one query, with the seeker profile)."""
    user = db.session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .options(joinedload(User.profile))
        .where(ApiToken.token_hash == ApiToken.hash(raw), ApiToken.revoked.is_(False))
    )
    return user if user is not None and user.is_active else None


def change_password(user: User, current: str, new: str, keep: str | None = None) -> None:
    """Change one's own password (members given a one-time password do this first); audited. Every other
    session of the user ends (``keep``: the one making the change)."""
    from webapp.services import audit

    if not user.check_password(current):
        raise ServiceError("当前密码不正确")
    if new == current:
        raise ServiceError("新密码不能与当前密码相同")
    phone = user.profile.phone if user.profile else ""
    check_new_password(new, user.account, user.display_name, phone)
    user.set_password(new)
    user.must_change_password = False
    sessions.end_all(user, keep=keep)
    audit.record(user, "change_password", "user", user.id)
    db.session.commit()


def reset_password(phone: str, code: str, new: str) -> None:
    """Set a new password with the 验证码 sent to the account's phone (找回密码); every session of the
    account ends. The same refusal for an unknown number as for a wrong code. Audited."""
    from webapp.services import audit

    phone = phone.strip()
    verification.consume(phone, "reset", code)
    user = db.session.scalar(select(User).where(User.account == phone))
    if user is None or not user.is_active:  # no code was sent: consume() refused already; kept as a guard
        db.session.rollback()
        raise ServiceError(verification.WRONG_CODE, code="code")
    phone_on_file = user.profile.phone if user.profile else ""
    try:
        check_new_password(new, user.account, user.display_name, phone_on_file)
    except ServiceError:
        db.session.rollback()  # the code stays usable for a better password
        raise
    user.set_password(new)
    user.must_change_password = False
    sessions.end_all(user)
    audit.record(user, "reset_password", "user", user.id)
    db.session.commit()
