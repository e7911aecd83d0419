"""Job posts: drafting, review, publication and closing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from importers.compliance import check_post, unlawful
from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Education,
    EmploymentType,
    Enterprise,
    EnterpriseDocument,
    JobPost,
    PayUnit,
    PostStatus,
    User,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, compliance
from webapp.services.pay_check import pay_finding
from webapp.traineeship.services import check_may_post_traineeship
from webapp.trust import sanctions


@dataclass
class PostDraft:
    """The editable fields of a post, as a form or the API hands them over."""

    title: str
    description: str
    requirements: str
    adcode: str
    valid_until: date
    address: str = ""
    pay_unit: PayUnit = PayUnit.MONTH
    pay_min: int | None = None
    pay_max: int | None = None
    pay_months: int = 12
    education: Education = Education.ANY
    experience_min_years: int = 0
    experience_max_years: int | None = None
    headcount: int | None = None
    employment_type: EmploymentType = EmploymentType.FULL_TIME
    target_groups: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    occupation_code: str = ""
    external_id: str | None = None
    # an agency's post: the employer it recruits for and the authorisation on file (EnterpriseDocument)
    client_name: str = ""
    client_authorisation_id: int | None = None


def validate_draft(draft: PostDraft, today: date | None = None) -> list[str]:
    """Problems (in Chinese) that stop a post from going to review; empty when it is complete."""
    today = today or beijing.today()
    problems = []
    if not draft.title.strip():
        problems.append("请填写岗位名称")
    if len(draft.description.strip()) < 10:
        problems.append("请填写工作内容（至少10个字）")
    if not draft.requirements.strip():
        problems.append("请填写任职要求")
    if not draft.adcode:
        problems.append("请选择工作地点")
    if draft.pay_unit != PayUnit.NEGOTIABLE:
        if draft.pay_min is None or draft.pay_min <= 0:
            problems.append("请填写基本薪酬")
        elif draft.pay_max is not None and draft.pay_max < draft.pay_min:
            problems.append("最高薪酬不能低于最低薪酬")
    if not 1 <= draft.pay_months <= 24:
        problems.append("年薪月数应在1到24之间")
    if draft.headcount is not None and draft.headcount <= 0:
        problems.append("招聘人数应为正整数，或留空表示“若干”")
    if draft.valid_until < today:
        problems.append("有效期不能早于今天")
    return problems


def _client_problems(user: User, draft: PostDraft) -> list[str]:
    """An agency names the employer and the authorisation on file for every post; an employer posts only its
    own jobs (2026 notice), so its drafts carry no client."""
    firm = user.enterprise
    if not firm.is_agency:
        draft.client_name, draft.client_authorisation_id = "", None
        return []
    problems = []
    if not draft.client_name.strip():
        problems.append("人力资源服务机构代招须填写委托招聘的用人单位")
    doc = db.session.get(EnterpriseDocument, draft.client_authorisation_id or 0)
    if doc is None or doc.enterprise_id != firm.id or doc.kind != "authorisation":
        draft.client_authorisation_id = None
        problems.append("请先上传并选择该用人单位的委托招聘授权书")
    return problems


def _apply_draft(post: JobPost, draft: PostDraft) -> None:
    for name, value in vars(draft).items():
        if name == "external_id" and value is None and post.external_id:
            continue
        setattr(post, name, value.strip() if isinstance(value, str) else value)


def own_post(user: User, post_id: int) -> JobPost:
    post = db.session.get(JobPost, post_id)
    if post is None:
        raise NotFound("岗位不存在")
    if post.enterprise_id != user.enterprise_id:
        raise Forbidden("只能管理本企业的岗位")
    return post


class SavedPost(NamedTuple):
    post: JobPost
    check: compliance.DraftCheck  # the compliance check it passed (warnings and near-duplicates to show)


def save_post(user: User, draft: PostDraft, post_id: int | None = None, submit: bool = True) -> SavedPost:
    """Create or edit a post; ``submit`` sends it to review (an edit of a live post re-enters review).
    Returns the post with its compliance check, so the page shows the check's warnings without running the
    classifier and the duplicate scan a second time."""
    if user.enterprise_id is None:
        raise Forbidden("请先完成企业注册")
    if post_id is None:
        sanctions.check_posting_allowed(user.enterprise_id)  # a posting limit is said before anything else
    problems = validate_draft(draft) + _client_problems(user, draft)
    if draft.employment_type == EmploymentType.TRAINEESHIP:
        check_may_post_traineeship(user.enterprise_id)  # a 见习岗位 comes from a recognised base only
    if submit and problems:
        raise ServiceError("；".join(problems))
    check = compliance.check_draft(
        user.enterprise_id, draft.title, draft.description, draft.requirements, post_id
    )
    if submit and check.blocks:
        raise ServiceError("岗位信息不合规，不能提交：" + "；".join(check.messages))
    if not draft.occupation_code and check.occupation:
        draft.occupation_code = check.occupation[0]
    high_pay = pay_finding(draft.occupation_code, draft.adcode, draft.pay_unit, draft.pay_min, post_id)
    if high_pay is not None:
        check.warnings.append(high_pay)  # the firm sees it now, the reviewer in the queue
    if post_id is None:
        post = JobPost(enterprise_id=user.enterprise_id, created_by_id=user.id)
        db.session.add(post)
    else:
        post = own_post(user, post_id)
        if post.status == PostStatus.CLOSED:
            raise ServiceError("岗位已关闭，不能再编辑")
    _apply_draft(post, draft)
    post.status = PostStatus.PENDING if submit else PostStatus.DRAFT
    post.status_reason = ""
    db.session.commit()
    return SavedPost(post, check)


def close_post(user: User, post_id: int, reason: str = "企业关闭") -> JobPost:
    post = own_post(user, post_id)
    post.status = PostStatus.CLOSED
    post.status_reason = reason
    db.session.commit()
    return post


def review_post(reviewer: User, post_id: int, approve: bool, reason: str = "") -> JobPost:
    """Approve (publish) or reject a pending post; a rejection needs a reason the enterprise sees.

    Publishing a post the compliance checker flags needs a reason too: the override is audited."""
    post = db.session.get(JobPost, post_id)
    if post is None:
        raise NotFound("岗位不存在")
    if post.status != PostStatus.PENDING:
        raise ServiceError("只能审核待审核的岗位")
    if approve and not post.enterprise.is_verified:
        raise ServiceError("企业尚未通过认证，岗位不能发布")
    if not approve and not reason.strip():
        raise ServiceError("驳回时请填写原因")
    flagged = unlawful(check_post(post.title, post.description, post.requirements))
    if approve and flagged:
        if not reason.strip():
            raise ServiceError(
                "该岗位含疑似违规内容（"
                + "、".join(f.message for f in flagged)
                + "）；如核实无误，请填写放行理由"
            )
        compliance.record_override(reviewer, post, flagged, reason)
    now = utcnow()
    post.status = PostStatus.PUBLISHED if approve else PostStatus.REJECTED
    post.status_reason = reason.strip()
    post.reviewed_by_id, post.reviewed_at = reviewer.id, now
    if approve:
        post.published_at = now
    db.session.commit()
    return post


def open_clause() -> tuple:
    """What can be applied to, in SQL (JobPost joined to Enterprise): ``is_open`` and a verified firm."""
    return (
        JobPost.status == PostStatus.PUBLISHED,
        JobPost.valid_until >= beijing.today(),
        Enterprise.verification == Verification.VERIFIED,
    )


def get_public_post(post_id: int) -> JobPost:
    """A post as anyone may see it: published (or closed, shown as closed) by a verified enterprise."""
    post = db.session.get(JobPost, post_id, options=[joinedload(JobPost.enterprise)])
    if post is None or post.status not in (PostStatus.PUBLISHED, PostStatus.CLOSED):
        raise NotFound("岗位不存在或尚未发布")
    if not post.enterprise.is_verified:  # a firm that lost verification publishes nothing (as in search)
        raise NotFound("该岗位所属企业未通过认证，岗位暂不公开")
    return post


def enterprise_posts(enterprise_id: int) -> list[tuple[JobPost, int]]:
    """The enterprise's posts with their application counts, newest first."""
    from webapp.models import Application

    counts = select(Application.post_id, func.count().label("n")).group_by(Application.post_id).subquery()
    rows = db.session.execute(
        select(JobPost, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.post_id == JobPost.id)
        .where(JobPost.enterprise_id == enterprise_id)
        .order_by(JobPost.id.desc())
    )
    return [(post, n) for post, n in rows]


def pending_posts(page: int = 1, per_page: int = 50) -> tuple[list[JobPost], int]:
    """One page of the review queue (oldest first) and the queue's length."""
    where = JobPost.status == PostStatus.PENDING
    total = db.session.scalar(select(func.count()).select_from(JobPost).where(where)) or 0
    items = db.session.scalars(
        select(JobPost)
        .options(joinedload(JobPost.enterprise))
        .where(where)
        .order_by(JobPost.updated_at, JobPost.id)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    )
    return list(items), total


def newest_posts(limit: int = 8) -> list[JobPost]:
    return list(
        db.session.scalars(
            select(JobPost)
            .join(Enterprise)
            .options(joinedload(JobPost.enterprise))
            .where(
                JobPost.status == PostStatus.PUBLISHED,
                JobPost.valid_until >= beijing.today(),
            )
            .order_by(JobPost.published_at.desc(), JobPost.id.desc())
            .limit(limit)
        )
    )
