"""Demo fairs: a live fair running now, an offline fair taking sign-ups, and a past fair with results.

Runs on every ``seed-demo`` (brands are added when new; fairs only when there are none), so a zone seeded
before fairs existed gets them too.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select

from webapp import beijing
from webapp.extensions import db
from webapp.fairs import brands
from webapp.fairs.attendance import new_code
from webapp.fairs.signups import booth_label
from webapp.models import (
    ActivityBrand,
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Enterprise,
    Fair,
    FairMode,
    FairParticipation,
    FairPost,
    FairRegistration,
    FairStatus,
    LiveSegment,
    LiveSession,
    ParticipationStatus,
    PostStatus,
    Role,
    SeekerProfile,
    TargetGroup,
    User,
)
from webapp.models.mixins import utcnow

# Video comes from a streaming platform; the demo has none, so its room points at a placeholder address.
DEMO_STREAM = "https://live.example.com/yangfan/demo/index.m3u8"


def seed_fairs(rng: random.Random | None = None) -> int:
    """Load the activity brands; create the demo fairs once. Returns the number of fairs created."""
    brands.load_all()
    if db.session.scalar(select(func.count()).select_from(Fair)):
        return 0
    rng = rng or random.Random(2026)
    now, today = utcnow(), beijing.today()
    opening = beijing.at(today if beijing.now().hour >= 9 else today - timedelta(days=1), 9)
    organizer = db.session.scalar(select(User).where(User.role == Role.ORGANIZER).order_by(User.id))
    firms = _firms_with_posts()
    if len(firms) < 12 or organizer is None:
        return 0
    demo_firm = db.session.scalar(
        select(Enterprise)
        .join(User, User.enterprise_id == Enterprise.id)
        .where(User.account == "13800000001")
    )
    others = [f for f in firms if f is not demo_firm]
    brand = _brand("assistance-month", now.year) or _brand("livestream-week", now.year)
    campus = _brand("zjtx-campus", now.year)
    autumn = _brand("golden-autumn", now.year)

    live_fair = Fair(
        brand=brand,
        title="专精特新企业直播带岗专场",
        mode=FairMode.HYBRID,  # a live room and a hall: check-in can be tried on the demo today
        venue="南开区人力资源市场 直播带岗基地",
        status=FairStatus.PUBLISHED,
        description="专精特新中小企业负责人走进直播间讲岗位、讲待遇，边看边投，投递后可在“我的投递”跟踪进度。",
        target_groups=[TargetGroup.GRADUATE.value, TargetGroup.DIFFICULTY.value],
        adcode="120104",
        # Times people read in 北京时间: opened at 09:00 today (yesterday before 09:00), closing at 17:00.
        starts_at=opening,
        ends_at=beijing.at((opening + beijing.CST).date() + timedelta(days=6), 17),
        created_by_id=organizer.id,
    )
    live_firms = ([demo_firm] if demo_firm in firms else []) + others[:5]
    for firm in live_firms:
        _participate(live_fair, firm, ParticipationStatus.APPROVED, organizer, booth="")
    session = LiveSession(
        fair=live_fair,
        title="专精特新企业直播带岗 · 第一场",
        host="南开区人社局 主播小杨",
        starts_at=beijing.next_slot(now + timedelta(minutes=10)),  # the next 10:00 / 14:00 / 19:00
        hls_url=DEMO_STREAM,
    )
    for position, firm in enumerate(live_firms, start=1):
        session.segments.append(
            LiveSegment(enterprise_id=firm.id, position=position, planned_minutes=10, presenter="人事负责人")
        )

    offline = Fair(
        brand=campus,
        title="“优企进校”南开区专精特新企业专场招聘会",
        mode=FairMode.HYBRID,
        status=FairStatus.PUBLISHED,
        description="现场设展位，同步开通网络招聘。入场请出示报名后生成的签到二维码。",
        target_groups=[TargetGroup.GRADUATE.value],
        adcode="120104",
        venue="天津大学卫津路校区 体育馆",
        address="天津市南开区卫津路92号",
        booth_count=40,
        capacity=800,
        starts_at=beijing.at(today + timedelta(days=10), 9),
        ends_at=beijing.at(today + timedelta(days=10), 13),
        enterprise_signup_until=beijing.at(today + timedelta(days=8), 17),
        seeker_signup_until=beijing.at(today + timedelta(days=10), 12),
        created_by_id=organizer.id,
    )
    for i, firm in enumerate(others[5:13]):
        _participate(offline, firm, ParticipationStatus.APPROVED, organizer, booth=booth_label(i + 1))
    for firm in others[13:16]:
        _participate(offline, firm, ParticipationStatus.PENDING, None, booth="")

    past = Fair(
        brand=autumn,
        title="金秋招聘月 · 专精特新企业网络招聘会",
        mode=FairMode.ONLINE,
        status=FairStatus.PUBLISHED,
        description="金秋招聘月期间的专精特新企业网络专场。",
        target_groups=[],
        adcode="120000",
        starts_at=beijing.at(today - timedelta(days=40), 9),
        ends_at=beijing.at(today - timedelta(days=33), 17),
        created_by_id=organizer.id,
    )
    for firm in others[16:24]:
        _participate(past, firm, ParticipationStatus.APPROVED, organizer, booth="")
    db.session.add_all([live_fair, offline, past])
    db.session.flush()
    _past_results(rng, past, now)
    db.session.commit()
    return 3


def _brand(code: str, year: int) -> ActivityBrand | None:
    return db.session.scalar(
        select(ActivityBrand)
        .where(ActivityBrand.code == code, ActivityBrand.year.in_([year, year - 1]))
        .order_by(ActivityBrand.year.desc())
    )


def _firms_with_posts() -> list[Enterprise]:
    firms = db.session.scalars(select(Enterprise).order_by(Enterprise.id)).all()
    return [f for f in firms if f.is_verified and any(p.is_open for p in f.posts)]


def _participate(
    fair: Fair, firm: Enterprise, status: ParticipationStatus, organizer: User | None, booth: str
):
    participation = FairParticipation(
        enterprise_id=firm.id,
        status=status,
        booth=booth,
        decided_by_id=organizer.id if organizer and status != ParticipationStatus.PENDING else None,
        decided_at=utcnow() if status != ParticipationStatus.PENDING else None,
    )
    for post in [p for p in firm.posts if p.is_open and p.status == PostStatus.PUBLISHED][:3]:
        participation.posts.append(FairPost(post_id=post.id))
    fair.participations.append(participation)


def _past_results(rng: random.Random, fair: Fair, now) -> None:
    """Registrations, check-ins and applications (with interviews and hires) for the finished fair."""
    people = db.session.scalars(select(SeekerProfile).order_by(SeekerProfile.id).limit(120)).all()
    posts = [link.post for p in fair.participations for link in p.posts]
    for profile in people[:90]:
        registration = FairRegistration(
            fair_id=fair.id,
            seeker_id=profile.id,
            code=new_code(),
            created_at=fair.starts_at - timedelta(days=3),
        )
        if rng.random() < 0.7:
            registration.checked_in_at = fair.starts_at + timedelta(hours=rng.randint(0, 30))
        db.session.add(registration)
    taken = set(
        db.session.execute(
            select(Application.seeker_id, Application.post_id).where(
                Application.post_id.in_([p.id for p in posts])
            )
        ).all()
    )
    for profile in people[:90]:
        for post in rng.sample(posts, k=min(len(posts), rng.randint(0, 2))):
            if (profile.id, post.id) in taken:
                continue
            taken.add((profile.id, post.id))
            at = fair.starts_at + timedelta(hours=rng.randint(1, 100))
            path = rng.choices(
                [
                    [],
                    [ApplicationStatus.VIEWED],
                    [ApplicationStatus.VIEWED, ApplicationStatus.INTERVIEW],
                    [ApplicationStatus.VIEWED, ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED],
                ],
                [40, 30, 20, 10],
            )[0]
            application = Application(
                seeker_id=profile.id,
                post_id=post.id,
                source=ApplicationSource.FAIR,
                fair_id=fair.id,
                status=path[-1] if path else ApplicationStatus.SUBMITTED,
                created_at=at,
                updated_at=at,
            )
            application.events.append(ApplicationEvent(status=ApplicationStatus.SUBMITTED, at=at))
            for step, status in enumerate(path, start=1):
                application.events.append(
                    ApplicationEvent(status=status, at=min(now, at + timedelta(days=step)))
                )
            db.session.add(application)
