"""Demo 就业见习: the verified firms that publish 见习岗位 are recognised bases (one more waits for review),
with a year and a half of agreements — kept on, run out, ended early, running — and the confirmations of
kept-on trainees at three and six months; the demo firm has a hired trainee still to sign for. Dates are
北京时间."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    AgreementStatus,
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    BaseStatus,
    EmploymentType,
    Enterprise,
    JobPost,
    PostStatus,
    User,
)
from webapp.models.mixins import utcnow
from webapp.months import add_months
from webapp.traineeship.models import TraineeshipBase
from webapp.traineeship.services import write_agreement, write_outcome

MENTORS = ["王工", "李工", "张老师", "刘工", "陈老师", "赵工"]
FIELDS = ["机械设计、数控加工", "电气调试、PLC 编程", "软件开发、测试", "质量检验、工艺", "数据分析、运营"]


def seed_traineeship(
    rng: random.Random, firms: list[Enterprise], people: list[User], organizer: User, demo_firm: Enterprise
) -> dict[str, int]:
    today = beijing.today()
    with_posts = set(
        db.session.scalars(
            select(JobPost.enterprise_id).where(JobPost.employment_type == EmploymentType.TRAINEESHIP)
        )
    )
    verified = [f for f in firms if f.is_verified and (f.id in with_posts or f is demo_firm)]
    waiting = next(
        (f for f in firms if f.is_verified and f.id not in with_posts and f is not demo_firm), None
    )
    bases = []
    for firm in verified:
        base = TraineeshipBase(
            enterprise_id=firm.id, status=BaseStatus.APPROVED, capacity=rng.choice([3, 5, 8, 10]),
            fields=rng.choice(FIELDS), mentors=rng.randint(2, 5),
            introduction="岗前培训一周，专人带教，见习期购买意外伤害保险。",
            applied_at=beijing.at(today - timedelta(days=rng.randint(400, 600)), 10),
            reviewed_at=beijing.at(today - timedelta(days=rng.randint(300, 399)), 15),
            reviewed_by_id=organizer.id, review_note="材料齐全，带教安排落实",
        )  # fmt: skip
        firm.traineeship_base = True
        bases.append(base)
    if waiting is not None:
        bases.append(
            TraineeshipBase(
                enterprise_id=waiting.id, status=BaseStatus.PENDING, capacity=6, fields=rng.choice(FIELDS),
                mentors=3, introduction="拟设见习岗位 6 个，安排工程师一对一带教。",
                applied_at=beijing.at(today - timedelta(days=3), 9),
            )
        )  # fmt: skip
    db.session.add_all(bases)
    db.session.flush()
    agreements = 0
    pool = list(people)
    rng.shuffle(pool)
    for base in bases:
        if base.status != BaseStatus.APPROVED:
            continue
        post = _traineeship_post(base.enterprise, rng)
        applied = set(db.session.scalars(select(Application.seeker_id).where(Application.post_id == post.id)))
        for _ in range(rng.randint(2, min(6, base.capacity + 2))):
            person = next((p for p in pool if p.profile.id not in applied), None)
            if person is None:
                break
            pool.remove(person)
            start = add_months(today, -rng.randint(2, 18)).replace(day=1)
            end = add_months(start, rng.choice([3, 6, 6, 12])) - timedelta(days=1)
            application = _hired(post, person, start)
            agreement = write_agreement(base, application, start, end, rng.choice(MENTORS), None)
            agreements += 1
            if end >= today:
                continue  # still running
            roll = rng.random()
            if roll < 0.6:
                kept = end if rng.random() < 0.7 else start + (end - start) * 2 // 3
                write_outcome(agreement, AgreementStatus.RETAINED, kept)
                for months in (3, 6):
                    if add_months(kept, months) <= today and rng.random() < 0.85:
                        setattr(
                            agreement, f"employed_{months}m", rng.random() < (0.9 if months == 3 else 0.8)
                        )
            elif roll < 0.85:
                write_outcome(agreement, AgreementStatus.COMPLETED, end)
            else:
                write_outcome(agreement, AgreementStatus.ENDED, start + (end - start) // 2)
    # the demo firm's hired trainee, waiting for the agreement its user signs in the demo
    demo_base = next((b for b in bases if b.enterprise_id == demo_firm.id), None)
    if demo_base is not None:
        post = _traineeship_post(demo_firm, rng)
        applied = set(db.session.scalars(select(Application.seeker_id).where(Application.post_id == post.id)))
        person = next((p for p in pool if p.profile.id not in applied), None)
        if person is not None:
            _hired(post, person, today)
    db.session.flush()
    return {"bases": len(bases), "agreements": agreements}


def _traineeship_post(firm: Enterprise, rng: random.Random) -> JobPost:
    post = db.session.scalar(
        select(JobPost).where(
            JobPost.enterprise_id == firm.id, JobPost.employment_type == EmploymentType.TRAINEESHIP
        )
    )
    if post is not None:
        return post
    published = utcnow() - timedelta(days=20)
    post = JobPost(
        enterprise_id=firm.id, external_id=f"DEMO-TRAINEE-{firm.id}", title="技术员助理（就业见习岗）",
        description="1. 在带教老师指导下参与生产技术工作\n2. 学习工艺文件和质量标准",
        requirements="1. 2025、2026届高校毕业生或16-24岁失业青年\n2. 学习能力强", adcode=firm.adcode,
        pay_min=2500, pay_max=3500, employment_type=EmploymentType.TRAINEESHIP, headcount=3,
        target_groups=["graduate", "unemployed"], status=PostStatus.PUBLISHED, published_at=published,
        reviewed_at=published, valid_until=beijing.today() + timedelta(days=60),
    )  # fmt: skip
    db.session.add(post)
    db.session.flush()
    return post


def _hired(post: JobPost, person: User, start: date) -> Application:
    applied = beijing.at(start - timedelta(days=20), 10)
    application = Application(
        seeker_id=person.profile.id, post_id=post.id, status=ApplicationStatus.HIRED,
        source=ApplicationSource.SEARCH, created_at=applied, updated_at=applied,
    )  # fmt: skip
    application.events.append(ApplicationEvent(status=ApplicationStatus.SUBMITTED, at=applied))
    application.events.append(
        ApplicationEvent(status=ApplicationStatus.HIRED, at=beijing.at(start - timedelta(days=5), 10))
    )
    db.session.add(application)
    db.session.flush()
    return application
