"""Demo history for the targets dashboard: two years of hiring in the demo zone's 江苏 专精特新 firms (closed
posts, 录用 applications and hire records with skill levels and titles), past 专精特新 fairs in 江苏 cities,
and 江苏's 2025 targets from the notice. Times are 北京时间 dates and hours, stored in UTC."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from webapp import beijing
from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    EmploymentType,
    Enterprise,
    Fair,
    FairMode,
    FairStatus,
    HireRecord,
    JobPost,
    PostStatus,
    SkillLevel,
    TitleLevel,
    User,
)
from webapp.reference import CITIES
from webapp.subsidies.services import graduate_at_hire
from webapp.targets.services import ZJTX, month_after, seed_jiangsu

SKILLS = [(SkillLevel.NONE, 52), (SkillLevel.JUNIOR, 10), (SkillLevel.INTERMEDIATE, 16),
          (SkillLevel.SENIOR, 13), (SkillLevel.TECHNICIAN, 7), (SkillLevel.SENIOR_TECHNICIAN, 2)]  # fmt: skip
TITLES = [(TitleLevel.NONE, 68), (TitleLevel.JUNIOR, 13), (TitleLevel.INTERMEDIATE, 13),
          (TitleLevel.ASSOCIATE_SENIOR, 5), (TitleLevel.SENIOR, 1)]  # fmt: skip
FIRST_MONTH = date(2024, 1, 1)


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _months(until: date) -> list[date]:
    out, month = [], FIRST_MONTH
    while month <= until:
        out.append(month)
        month = month_after(month.year, month.month)
    return out


def seed_history(
    rng: random.Random,
    firms: list[Enterprise],
    people: list[User],
    organizer: User,
    post_for: Callable[[random.Random, Enterprise, int], JobPost],
) -> int:
    """Hires month by month since 2024 in the verified 江苏 专精特新 firms; returns how many."""
    today = beijing.today()
    jiangsu = [f for f in firms if f.adcode.startswith("32") and f.tier in ZJTX and f.is_verified]
    hires = 0
    for month in _months(today):
        days = (month_after(month.year, month.month) - month).days
        for firm in jiangsu:
            count = rng.choices([0, 1, 2, 3], [45, 30, 17, 8])[0] + (month.month in (3, 7, 9))  # 春招, 毕业季
            if not count:
                continue
            post = _full_time_post(rng, firm, 10_000 + hires, post_for)
            post.external_id = f"DEMO-HIST-{firm.id}-{month:%Y%m}"
            post.status, post.status_reason = PostStatus.CLOSED, "招满关闭"
            post.published_at = beijing.at(month, 9) - timedelta(days=rng.randint(5, 25))
            post.reviewed_at = post.published_at
            post.valid_until = month + timedelta(days=days + 30)
            db.session.add(post)
            db.session.flush()
            for person in rng.sample(people, k=count):
                start = month + timedelta(days=rng.randrange(days))
                if start > today:
                    continue
                _hire(rng, post, person, start, organizer, today)
                hires += 1
    return hires


def _full_time_post(rng: random.Random, firm: Enterprise, n: int, post_for) -> JobPost:
    """A full-time post of the firm (the hires counted here are jobs, not internships or 见习)."""
    with db.session.no_autoflush:
        while True:
            post = post_for(rng, firm, n)
            if post.employment_type == EmploymentType.FULL_TIME:
                return post
            firm.posts.remove(post)  # not written: the relationship had added it to the firm


def _hire(rng: random.Random, post: JobPost, person: User, start: date, organizer: User, today: date) -> None:
    applied = beijing.at(start - timedelta(days=rng.randint(10, 30)), rng.randint(9, 20))
    application = Application(
        seeker_id=person.profile.id, post_id=post.id, status=ApplicationStatus.HIRED,
        source=ApplicationSource.SEARCH, created_at=applied, updated_at=applied,
    )  # fmt: skip
    application.events.append(ApplicationEvent(status=ApplicationStatus.SUBMITTED, at=applied))
    application.events.append(
        ApplicationEvent(status=ApplicationStatus.HIRED, at=beijing.at(start - timedelta(days=3), 10))
    )
    db.session.add(application)
    db.session.flush()
    months_worked = (today.year - start.year) * 12 + today.month - start.month
    insured = 0 if rng.random() < 0.07 else max(min(months_worked, 36), 1)  # some not yet insured
    db.session.add(
        HireRecord(
            application_id=application.id, enterprise_id=post.enterprise_id, seeker_id=person.profile.id,
            start_date=start, contract_months=rng.choice([12, 24, 36]), insured_months=insured,
            skill_level=_pick(rng, SKILLS), title_level=_pick(rng, TITLES),
            graduate=graduate_at_hire(person.profile, start, {}),
        )
    )  # fmt: skip


def seed_fair_history(rng: random.Random, organizer: User) -> int:
    """Past 专精特新 fairs in 江苏's cities, two to five a month since 2024 (held, so counted)."""
    today = beijing.today()
    cities = [(code, name) for code, name in CITIES.items() if code.startswith("32")]
    added = 0
    for month in _months(today):
        for _ in range(rng.randint(2, 5)):
            day = month + timedelta(days=rng.randrange(27))
            if day >= today:
                continue
            code, name = rng.choice(cities)
            mode = rng.choice([FairMode.OFFLINE, FairMode.OFFLINE, FairMode.ONLINE])
            db.session.add(
                Fair(
                    title=f"{name}专精特新企业专场招聘会（{day.month}月）", mode=mode,
                    status=FairStatus.PUBLISHED,
                    description=f"{name}人社局联合工信局举办，面向高校毕业生和技能人才。", adcode=code,
                    venue=f"{name}人力资源市场" if mode != FairMode.ONLINE else "",
                    starts_at=beijing.at(day, 9), ends_at=beijing.at(day, 16), created_by_id=organizer.id,
                )
            )  # fmt: skip
            added += 1
    return added


def seed_targets_demo(rng: random.Random, firms, people, organizer, post_for) -> dict[str, int]:
    """Everything the targets dashboard shows on the demo zone."""
    counts = {
        "targets": seed_jiangsu(organizer),
        "hires": seed_history(rng, firms, people, organizer, post_for),
        "fairs": seed_fair_history(rng, organizer),
    }
    db.session.flush()
    return counts
