"""Every step of an application reaches the other side: the seeker hears that the firm viewed the résumé,
invited them, found them unsuitable (with the reason) or hired them; the firm hears that a seeker withdrew.
In-app at once (live on open pages), outside channels as each person chose (``services.notify``)."""

from __future__ import annotations

from sqlalchemy import select

from webapp.models import Application, ApplicationStatus, User
from webapp.services import notify

S = ApplicationStatus
LINK = "/me/applications"


def _seeker_message(application: Application, status: ApplicationStatus, note: str) -> notify.Message | None:
    post = application.post
    firm, title = post.enterprise.name, post.title
    note = note.strip()
    if status == S.VIEWED:
        return notify.Message(
            f"企业查看了您的简历：{title}", f"{firm} 查看了您投递“{title}”的简历。", LINK, "application"
        )
    if status == S.INTERVIEW:
        body = f"{firm} 邀请您参加“{title}”的面试。" + (f"\n{note}" if note else "")
        return notify.Message(f"面试邀请：{title}", body, LINK, "interview")
    if status == S.UNSUITABLE:
        body = f"很遗憾，{firm} 认为您暂不适合“{title}”。" + (f"原因：{note}。" if note else "")
        body += "可以看看为你推荐的其他岗位。"
        return notify.Message(f"投递结果：{title}", body, LINK, "application")
    if status == S.HIRED:
        body = f"恭喜！{firm} 决定录用您担任“{title}”。" + (f"\n{note}" if note else "")
        body += "\n入职后企业会为您登记就业，相关补贴可在“我的政策”中查看。"
        return notify.Message(f"录用通知：{title}", body, LINK, "application")
    return None


def firm_members(enterprise_id: int) -> list[User]:
    from webapp.extensions import db

    return list(
        db.session.scalars(
            select(User).where(User.enterprise_id == enterprise_id, User.is_active_account.is_(True))
        )
    )


def tell_firm(enterprise_id: int, message: notify.Message) -> None:
    """Every active member of the firm hears it (in the caller's transaction)."""
    for member in firm_members(enterprise_id):
        notify.send(member, message)


def application_changed(application: Application, status: ApplicationStatus, note: str = "") -> None:
    """Tell the other side about a status change (in the caller's transaction)."""
    if status == S.WITHDRAWN:
        post = application.post
        message = notify.Message(
            f"求职者撤回了投递：{post.title}",
            f"一位求职者撤回了对“{post.title}”的投递。",
            f"/enterprise/posts/{post.id}/applications",
            "application",
        )
        tell_firm(post.enterprise_id, message)
        return
    message = _seeker_message(application, status, note)
    if message is not None and application.seeker.user is not None:
        notify.send(application.seeker.user, message)
