"""After a fair: enterprises, posts, registrations, check-ins and what came of it, per enterprise."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from webapp.extensions import db
from webapp.fairs.attendance import registrations_at
from webapp.fairs.signups import approved_participations
from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Fair,
    Interview,
    InterviewStatus,
    LiveSession,
    User,
)
from webapp.services import audit


@dataclass
class EnterpriseLine:
    name: str
    booth: str
    posts: int
    applications: int = 0
    interviews: int = 0
    hires: int = 0


@dataclass
class FairReport:
    fair: Fair
    enterprises: int
    posts: int
    openings: int | None  # None when some post hires 若干
    registrations: int
    check_ins: int
    applications: int
    interviews: int
    hires: int
    by_source: dict[str, int] = field(default_factory=dict)
    # interviews scheduled through the platform: the seeker came, did not come, asked for another time
    attended: int = 0
    no_shows: int = 0
    reschedules: int = 0
    lines: list[EnterpriseLine] = field(default_factory=list)

    def steps(self) -> list[tuple[str, int]]:
        return [
            ("报名求职者", self.registrations),
            ("到场签到", self.check_ins),
            ("投递简历", self.applications),
            ("邀请面试", self.interviews),
            ("面试到场", self.attended),
            ("录用", self.hires),
        ]


def attributed(fair: Fair):
    """Applications the fair brought: applied from its page or in its live rooms."""
    session_ids = [s.id for s in fair.sessions]
    conditions = [(Application.source == ApplicationSource.FAIR) & (Application.fair_id == fair.id)]
    if session_ids:
        conditions.append(
            (Application.source == ApplicationSource.LIVE) & Application.live_session_id.in_(session_ids)
        )
    return select(Application.id, Application.post_id, Application.source).where(or_(*conditions))


def _reached(app_ids, status: ApplicationStatus) -> dict[int, int]:
    """Post id → applications among ``app_ids`` that were ever at ``status``."""
    rows = db.session.execute(
        select(Application.post_id, func.count(func.distinct(Application.id)))
        .join(ApplicationEvent, ApplicationEvent.application_id == Application.id)
        .where(Application.id.in_(select(app_ids.c.id)), ApplicationEvent.status == status)
        .group_by(Application.post_id)
    )
    return dict(rows.all())


def build(fair: Fair) -> FairReport:
    participations = approved_participations(fair.id)
    app_ids = attributed(fair).subquery()
    per_post = dict(
        db.session.execute(select(app_ids.c.post_id, func.count()).group_by(app_ids.c.post_id)).all()
    )
    by_source = {
        ApplicationSource(src).label: n
        for src, n in db.session.execute(select(app_ids.c.source, func.count()).group_by(app_ids.c.source))
    }
    interviews = _reached(app_ids, ApplicationStatus.INTERVIEW)
    hires = _reached(app_ids, ApplicationStatus.HIRED)
    lines = []
    openings: int | None = 0
    for p in participations:
        post_ids = [link.post_id for link in p.posts]
        for link in p.posts:
            if link.post.headcount is None:
                openings = None
            elif openings is not None:
                openings += link.post.headcount
        lines.append(
            EnterpriseLine(
                name=p.enterprise.name,
                booth=p.booth,
                posts=len(post_ids),
                applications=sum(per_post.get(i, 0) for i in post_ids),
                interviews=sum(interviews.get(i, 0) for i in post_ids),
                hires=sum(hires.get(i, 0) for i in post_ids),
            )
        )
    registered, checked = registrations_at(fair.id)
    outcomes = _interview_outcomes(app_ids)
    return FairReport(
        fair=fair,
        enterprises=len(participations),
        posts=sum(line.posts for line in lines),
        openings=openings,
        registrations=registered,
        check_ins=checked,
        applications=sum(per_post.values()),
        interviews=sum(interviews.values()),
        hires=sum(hires.values()),
        by_source=by_source,
        lines=sorted(lines, key=lambda line: -line.applications),
        attended=outcomes.get(InterviewStatus.ATTENDED, 0),
        no_shows=outcomes.get(InterviewStatus.NO_SHOW, 0),
        reschedules=outcomes.get("reschedules", 0),
    )


def _interview_outcomes(app_ids) -> dict:
    """Applications among ``app_ids`` whose interview ended attended / no-show, and reschedule requests (an
    interview the seeker answered with "another time", whatever became of it later)."""
    in_fair = Interview.application_id.in_(select(app_ids.c.id))
    counts: dict = dict(
        db.session.execute(
            select(Interview.status, func.count(func.distinct(Interview.application_id)))
            .where(in_fair, Interview.status.in_([InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW]))
            .group_by(Interview.status)
        ).all()
    )
    counts["reschedules"] = (
        db.session.scalar(
            select(func.count()).where(
                in_fair,
                Interview.seeker_note != "",
                Interview.answered_at.is_not(None),
                Interview.status.in_([InterviewStatus.RESCHEDULE, InterviewStatus.CANCELLED]),
            )
        )
        or 0
    )
    return counts


def sheets(user: User, fair: Fair, ip: str = "") -> dict[str, list[list[object]]]:
    """The report as spreadsheet sheets (aggregates only: no personal data); the export is audited."""
    report = build(fair)
    summary = [
        ["招聘会", fair.title],
        ["活动品牌", fair.brand.name if fair.brand else ""],
        ["形式", fair.mode.label],
        ["参会企业", report.enterprises],
        ["岗位", report.posts],
        ["招聘人数", "若干" if report.openings is None else report.openings],
        ["报名求职者", report.registrations],
        ["签到", report.check_ins],
        ["投递", report.applications],
        ["邀请面试", report.interviews],
        ["面试到场", report.attended],
        ["面试未到场", report.no_shows],
        ["面试改期申请", report.reschedules],
        ["录用", report.hires],
    ]
    summary += [[f"投递来源：{label}", n] for label, n in report.by_source.items()]
    per_enterprise = [["企业", "展位", "岗位数", "投递", "邀请面试", "录用"]] + [
        [line.name, line.booth, line.posts, line.applications, line.interviews, line.hires]
        for line in report.lines
    ]
    sessions = [["直播间", "开播", "峰值在线", "回放"]] + [
        [s.title, s.started_at, s.peak_viewers, s.replay_url]
        for s in db.session.scalars(
            select(LiveSession).where(LiveSession.fair_id == fair.id).order_by(LiveSession.starts_at)
        )
    ]
    audit.record(user, "export_fair_report", "fair", fair.id, fair.title, ip)
    db.session.commit()
    return {"汇总": summary, "参会企业": per_enterprise, "直播间": sessions}
