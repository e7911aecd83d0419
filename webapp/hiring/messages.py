"""Messages inside an application: the seeker and the firm talk where the talk is kept (≥ 3 years), with
safety prompts (``safety``), a report button, phone numbers masked until both sides agree to exchange them,
and a notice to the other side (pushed live to an open page; one unread message notice per conversation).

A firm reads only its own applications' conversations; an organizer reads one only when a message in it was
reported, and every such reading is audited.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import select, update

from importers.identifiers import is_phone, mask_phone
from webapp.extensions import db
from webapp.hiring.events import firm_members
from webapp.hiring.safety import RISKS, risks_in
from webapp.models import (
    Application,
    ApplicationMessage,
    ApplicationStatus,
    ContactExchange,
    Notice,
    Role,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit, channels, notify
from webapp.services.notices import push_after_commit

log = logging.getLogger(__name__)
MAX_LENGTH = 1000
_PHONE = re.compile(r"(?<!\d)(\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")


@dataclass
class Conversation:
    application: Application
    messages: list[ApplicationMessage]
    exchange: ContactExchange | None
    as_firm: bool

    @property
    def phones_shared(self) -> bool:
        return self.exchange is not None and self.exchange.agreed

    def shown(self, message: ApplicationMessage) -> str:
        """A message's text as this side sees it: phone numbers masked until both agreed to exchange (and
        for good when a virtual number stands between them)."""
        if self.phones_shared and not self.exchange.virtual_number:
            return message.body
        return _PHONE.sub(lambda m: mask_phone(m.group(2) + m.group(3) + m.group(4)), message.body)

    def warnings(self, message: ApplicationMessage) -> list[tuple[str, str]]:
        return [RISKS[r] for r in message.risks or [] if r in RISKS]

    @property
    def i_agreed(self) -> bool:
        if self.exchange is None:
            return False
        return (self.exchange.firm_agreed_at if self.as_firm else self.exchange.seeker_agreed_at) is not None


def _for_participant(user: User, application_id: int) -> tuple[Application, bool]:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound("投递记录不存在")
    if user.role == Role.SEEKER and user.profile is not None and application.seeker_id == user.profile.id:
        return application, False
    if user.role == Role.ENTERPRISE and application.post.enterprise_id == user.enterprise_id:
        if application.status == ApplicationStatus.WITHDRAWN:
            raise NotFound("投递记录不存在")
        return application, True
    raise Forbidden("只能查看自己的沟通记录")


def _load(application: Application, as_firm: bool) -> Conversation:
    messages = list(
        db.session.scalars(
            select(ApplicationMessage)
            .where(ApplicationMessage.application_id == application.id)
            .order_by(ApplicationMessage.id)
        )
    )
    return Conversation(application, messages, db.session.get(ContactExchange, application.id), as_firm)


def open_conversation(user: User, application_id: int) -> Conversation:
    """The conversation for one of its two sides; the other side's messages count as read."""
    application, as_firm = _for_participant(user, application_id)
    db.session.execute(
        update(ApplicationMessage)
        .where(
            ApplicationMessage.application_id == application.id,
            ApplicationMessage.from_firm.is_(not as_firm),
            ApplicationMessage.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    link = (
        f"/enterprise/applications/{application.id}/messages"
        if as_firm
        else f"/me/applications/{application.id}/messages"
    )
    db.session.execute(
        update(Notice)
        .where(Notice.user_id == user.id, Notice.link == link, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return _load(application, as_firm)


def send(user: User, application_id: int, body: str) -> ApplicationMessage:
    application, as_firm = _for_participant(user, application_id)
    body = body.strip()
    if not body:
        raise ServiceError("请输入消息内容")
    if len(body) > MAX_LENGTH:
        raise ServiceError(f"消息不能超过 {MAX_LENGTH} 字")
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ServiceError("投递已撤回，不能继续发送消息")
    message = ApplicationMessage(
        application_id=application.id, sender_id=user.id, from_firm=as_firm, body=body, risks=risks_in(body)
    )
    db.session.add(message)
    _tell_other_side(application, as_firm, message)
    db.session.commit()
    return message


def _tell_other_side(application: Application, from_firm: bool, message: ApplicationMessage) -> None:
    """One unread "新消息" notice per conversation and reader (more messages do not pile up notices)."""
    post = application.post
    if from_firm:
        recipients = [application.seeker.user] if application.seeker.user else []
        link = f"/me/applications/{application.id}/messages"
        title = f"新消息：{post.enterprise.name}（{post.title}）"
    else:
        recipients = firm_members(post.enterprise_id)
        link = f"/enterprise/applications/{application.id}/messages"
        title = f"新消息：求职者（{post.title}）"
    push_after_commit(p.id for p in recipients)  # an open conversation page fetches the new message
    for person in recipients:
        waiting = db.session.scalar(
            select(Notice.id).where(
                Notice.user_id == person.id, Notice.link == link, Notice.read_at.is_(None)
            )
        )
        if waiting is None:
            body = "您收到一条新消息。" + ("请注意：消息中含有需要警惕的内容。" if message.risks else "")
            notify.send(person, notify.Message(title, body, link, "application"))


def agree_to_exchange(user: User, application_id: int, firm_phone: str = "") -> ContactExchange:
    """This side agrees to exchange phone numbers; the numbers show once both have agreed."""
    application, as_firm = _for_participant(user, application_id)
    exchange = db.session.get(ContactExchange, application.id) or ContactExchange(
        application_id=application.id
    )
    now = utcnow()
    if as_firm:
        phone = firm_phone.strip() or (user.account if is_phone(user.account) else "")
        if not is_phone(phone):
            raise ServiceError("请填写企业联系人的11位手机号")
        exchange.firm_agreed_at, exchange.firm_phone = now, phone
    else:
        exchange.seeker_agreed_at = now
    if exchange.agreed and not exchange.virtual_number:
        try:
            number = channels.bind_virtual_number(application.seeker.phone, exchange.firm_phone)
            exchange.virtual_number = number or ""
        except Exception as exc:  # the provider failed: nothing is shown until it works
            db.session.rollback()
            log.warning("virtual number for application %s failed: %s", application.id, exc)
            raise ServiceError("暂时无法分配隐私号，请稍后再试") from exc
    db.session.add(exchange)
    db.session.commit()
    return exchange


def report(user: User, message_id: int, reason: str) -> ApplicationMessage:
    """A participant reports a message: organizers can then read this conversation (audited)."""
    message = db.session.get(ApplicationMessage, message_id)
    if message is None:
        raise NotFound("消息不存在")
    _, as_firm = _for_participant(user, message.application_id)
    if message.from_firm == as_firm:
        raise ServiceError("不能举报自己发送的消息")
    message.reported_at, message.reported_by_id = utcnow(), user.id
    message.report_reason = reason.strip()[:300] or "未填写原因"
    audit.record(user, "report_message", "application_message", message.id, message.report_reason)
    db.session.commit()
    return message


def reported_conversations() -> list[tuple[Application, ApplicationMessage]]:
    """For organizers: applications with a reported message, the latest report first."""
    rows = db.session.scalars(
        select(ApplicationMessage)
        .where(ApplicationMessage.reported_at.is_not(None))
        .order_by(ApplicationMessage.reported_at.desc())
    )
    seen, out = set(), []
    for message in rows:
        if message.application_id not in seen:
            seen.add(message.application_id)
            out.append((db.session.get(Application, message.application_id), message))
    return out


def organizer_view(user: User, application_id: int, ip: str = "") -> Conversation:
    """An organizer reads a conversation only through a report; the reading is audited."""
    if not user.has_role(Role.ORGANIZER, Role.ADMIN):
        raise Forbidden("没有权限")
    reported = db.session.scalar(
        select(ApplicationMessage.id).where(
            ApplicationMessage.application_id == application_id, ApplicationMessage.reported_at.is_not(None)
        )
    )
    application = db.session.get(Application, application_id)
    if reported is None or application is None:
        raise NotFound("只有被举报的沟通记录可以查看")
    audit.record(user, "view_conversation", "application", application.id, "举报处理", ip)
    db.session.commit()
    return _load(application, as_firm=True)


def phone_visible_to_firm(application_id: int) -> bool:
    """Whether the firm sees the applicant's real number: both agreed, and no virtual number between them."""
    exchange = db.session.get(ContactExchange, application_id)
    return exchange is not None and exchange.agreed and not exchange.virtual_number
