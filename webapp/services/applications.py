"""Applications: one-click apply, the status timeline, and the enterprise's view of applicants."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from importers.identifiers import is_phone
from webapp.extensions import db
from webapp.hiring.events import application_changed
from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Education,
    JobPost,
    Role,
    SeekerProfile,
    User,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, audit

S = ApplicationStatus
# Which statuses an enterprise may move an application to, from each status.
ENTERPRISE_TRANSITIONS: dict[ApplicationStatus, set[ApplicationStatus]] = {
    S.SUBMITTED: {S.VIEWED, S.INTERVIEW, S.UNSUITABLE},
    S.VIEWED: {S.INTERVIEW, S.UNSUITABLE},
    S.INTERVIEW: {S.UNSUITABLE, S.HIRED},
    S.UNSUITABLE: {S.INTERVIEW},
    S.HIRED: set(),
    S.WITHDRAWN: set(),
}
WITHDRAWABLE = {S.SUBMITTED, S.VIEWED}


def applicant(user: User) -> SeekerProfile:
    """The résumé a user applies with (only seekers apply)."""
    if user.role != Role.SEEKER or user.profile is None:
        raise Forbidden("只有求职者可以投递简历")
    return user.profile


@dataclass(frozen=True)
class Origin:
    """Where exactly an application was sent from, beyond its source kind: the fair's page, the live room
    and segment, or a partner's own label (API)."""

    fair_id: int | None = None
    live_session_id: int | None = None
    live_segment_id: int | None = None
    note: str = ""


def apply(
    user: User,
    post_id: int,
    source: ApplicationSource = ApplicationSource.SEARCH,
    origin: Origin | None = None,
    consent: bool = False,
) -> tuple[Application, bool]:
    """Apply to a post once. Returns (application, created); a repeat returns the existing one.

    The unique (seeker, post) constraint decides what a repeat is: the insert is tried first and a conflict
    answers with the application already there (one query fewer per tap than asking first)."""
    profile = applicant(user)
    post = db.session.get(JobPost, post_id, options=[joinedload(JobPost.enterprise)])
    if post is None:
        raise NotFound("岗位不存在")
    if not post.is_open or not post.enterprise.is_verified:
        if (existing := _existing(profile.id, post_id)) is not None:
            return existing, False  # applied while it was open
        raise ServiceError("该岗位已停止招聘", code="closed")
    if profile.resume_consent_at is None:
        if not consent:
            if (existing := _existing(profile.id, post_id)) is not None:
                return existing, False
            raise ServiceError("投递前请同意将简历发送给招聘企业", code="consent_required")
        profile.resume_consent_at = utcnow()
    check_complete(profile)
    origin = origin or Origin()
    application = Application(
        seeker_id=profile.id,
        post=post,
        source=source,
        fair_id=origin.fair_id,
        live_session_id=origin.live_session_id,
        live_segment_id=origin.live_segment_id,
        source_note=origin.note[:64],
    )
    application.events.append(ApplicationEvent(status=S.SUBMITTED, actor_id=user.id))
    db.session.add(application)
    session = db.session()
    # What was just written is what the database holds: keep it loaded for the answer (no reload queries).
    session.expire_on_commit = False
    try:
        session.commit()
    except IntegrityError:  # applied before (a double tap, or another device): answer with that application
        db.session.rollback()
        existing = _existing(profile.id, post_id)
        if existing is None:
            raise
        return existing, False
    finally:
        session.expire_on_commit = True
    return application, True


def check_complete(profile: SeekerProfile) -> None:
    """Refuse an application whose résumé lacks what a firm needs (see ``missing_for_applying``)."""
    missing = missing_for_applying(profile)
    if missing:
        raise ServiceError(f"投递前请在“我的简历”中补充：{'、'.join(missing)}", code="profile_incomplete")


def missing_for_applying(profile) -> list[str]:
    """What a firm needs before a résumé is worth sending: a name, a contact number, the education level, and
    a school or some experience."""
    missing = []
    if not profile.name.strip():
        missing.append("姓名")
    if not is_phone(profile.phone or ""):
        missing.append("手机号")
    if profile.education == Education.ANY:
        missing.append("最高学历")
    if not (profile.school or "").strip() and not profile.experiences:
        missing.append("毕业院校或工作/实习经历")
    return missing


def _existing(seeker_id: int, post_id: int) -> Application | None:
    return db.session.scalar(
        select(Application).where(Application.seeker_id == seeker_id, Application.post_id == post_id)
    )


def withdraw(user: User, application_id: int) -> Application:
    profile = applicant(user)
    application = db.session.get(Application, application_id)
    if application is None or application.seeker_id != profile.id:
        raise NotFound("投递记录不存在")
    if application.status not in WITHDRAWABLE:
        raise ServiceError("企业已处理该投递，不能撤回")
    record_status(application, S.WITHDRAWN, user, "求职者撤回")
    db.session.commit()
    return application


def record_status(application: Application, status: ApplicationStatus, actor: User, note: str) -> None:
    """Record the step and tell the other side (the seeker, or the firm when the seeker withdraws)."""
    application.status = status
    application.updated_at = utcnow()
    application.events.append(ApplicationEvent(status=status, actor_id=actor.id, note=note[:500]))
    application_changed(application, status, note)


def _enterprise_application(user: User, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.status == S.WITHDRAWN:  # withdrawn: the firm no longer holds it
        raise NotFound("投递记录不存在")
    if application.post.enterprise_id != user.enterprise_id:
        raise Forbidden("只能处理本企业收到的简历")
    return application


def change_status(user: User, application_id: int, status: ApplicationStatus, note: str = "") -> Application:
    """Move an application along the pipeline, recording who did it and when."""
    application = _enterprise_application(user, application_id)
    if status not in ENTERPRISE_TRANSITIONS[application.status]:
        raise ServiceError(f"不能从“{application.status.label}”改为“{status.label}”")
    record_status(application, status, user, note)
    db.session.commit()
    return application


def open_resume(user: User, application_id: int, ip: str = "") -> Application:
    """An enterprise member opens an applicant's résumé: audited, and the seeker sees 被查看."""
    application = _enterprise_application(user, application_id)
    audit.record(user, "view_resume", "seeker_profile", application.seeker_id, f"投递 #{application.id}", ip)
    if application.status == S.SUBMITTED:
        record_status(application, S.VIEWED, user, "")
    db.session.commit()
    return application


def for_seeker(user: User) -> list[Application]:
    """The seeker's applications with their timelines, newest first."""
    profile = applicant(user)
    return list(
        db.session.scalars(
            select(Application)
            .options(
                joinedload(Application.post).joinedload(JobPost.enterprise),
                selectinload(Application.events),
            )
            .where(Application.seeker_id == profile.id)
            .order_by(Application.id.desc())
        )
    )


def for_post(user: User, post_id: int) -> tuple[JobPost, list[Application]]:
    """Applicants of one of the user's enterprise's posts."""
    post = db.session.get(JobPost, post_id)
    if post is None:
        raise NotFound("岗位不存在")
    if post.enterprise_id != user.enterprise_id:
        raise Forbidden("只能查看本企业岗位收到的简历")
    applications = list(
        db.session.scalars(
            select(Application)
            .options(joinedload(Application.seeker), selectinload(Application.events))
            .where(Application.post_id == post_id, Application.status != S.WITHDRAWN)
            .order_by(Application.id.desc())
        )
    )
    return post, applications
