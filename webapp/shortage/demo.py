"""Demo history for the shortage catalogue: four quarters of posts and job seekers in 江苏, shaped like the
labour market the national 最缺工职业 rankings describe — production trades (数控、钳工、焊工、电气) sought by
many firms and few people, office and data roles sought by more people than firms ask for — and 江苏's
catalogue for the last complete quarter, published as an organizer would from the proposed list.
Times are 北京时间 dates and hours, stored in UTC."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from webapp import beijing
from webapp.extensions import db
from webapp.models import EmploymentType, Enterprise, JobPost, PostStatus, User
from webapp.reference import CITIES
from webapp.shortage import services
from webapp.shortage.coding import code_pending
from webapp.shortage.quarters import Quarter

# family → (posts per firm and quarter, headcount range, seekers' weight): trades short, office long
MARKET = {
    "production": (3, (4, 12), 3),
    "elec": (2, (2, 6), 3),
    "mech": (2, (1, 4), 6),
    "embedded": (1, (1, 3), 5),
    "materials": (1, (1, 3), 4),
    "pharma": (1, (1, 3), 4),
    "software": (1, (1, 3), 12),
    "data": (1, (1, 2), 14),
    "business": (1, (1, 3), 8),
    "office": (1, (1, 2), 20),
}
SEEKERS_PER_QUARTER = 150


def seed_market(
    rng: random.Random,
    firms: list[Enterprise],
    families: dict[str, dict],
    post_for: Callable[[random.Random, Enterprise, int], JobPost],
    make_seeker: Callable[[random.Random, int], User],
    quarters: list[Quarter],
) -> tuple[int, int]:
    """Posts (closed since) and registered seekers in 江苏 over ``quarters``; returns (posts, seekers)."""
    jiangsu = [f for f in firms if f.adcode.startswith("32") and f.is_verified]
    cities = [code for code in CITIES if code.startswith("32")]
    posts = people = 0
    for quarter in quarters:
        days = (quarter.after().first_day - quarter.first_day).days
        for firm in jiangsu:
            for name, (count, (lo, hi), _) in MARKET.items():
                if firm.industry_code not in families[name]["industries"] or rng.random() < 0.15:
                    continue
                for _ in range(count):
                    post = _post_of(rng, firm, families[name]["titles"], 20_000 + posts, post_for)
                    post.employment_type, post.headcount = EmploymentType.FULL_TIME, rng.randint(lo, hi)
                    post.external_id = f"DEMO-MARKET-{quarter.key}-{posts}"
                    day = quarter.first_day + timedelta(days=rng.randrange(days))
                    post.published_at = post.reviewed_at = beijing.at(day, rng.randint(9, 17))
                    post.valid_until = day + timedelta(days=45)
                    post.status, post.status_reason = PostStatus.CLOSED, "已过有效期，系统自动关闭"
                    db.session.add(post)
                    posts += 1
        names, weights = zip(*((n, w) for n, (_, _, w) in MARKET.items()), strict=True)
        for _ in range(SEEKERS_PER_QUARTER):
            user = make_seeker(rng, 50_000 + people)
            family = families[rng.choices(names, weights)[0]]
            profile = user.profile
            profile.desired_titles = rng.sample(family["titles"], k=min(2, len(family["titles"])))
            profile.desired_adcodes = [rng.choice(cities)] if rng.random() < 0.8 else ["320000"]
            day = quarter.first_day + timedelta(days=rng.randrange(days))
            user.created_at = profile.created_at = profile.updated_at = beijing.at(day, rng.randint(8, 22))
            db.session.add(user)
            people += 1
    db.session.flush()
    return posts, people


def _post_of(rng: random.Random, firm: Enterprise, titles: list[str], n: int, post_for) -> JobPost:
    """A post of the firm in one family (its duties and skills match its title)."""
    with db.session.no_autoflush:
        for _ in range(30):
            post = post_for(rng, firm, n)
            if post.title in titles:
                return post
            firm.posts.remove(post)  # not written: the relationship had added it to the firm
        post = post_for(rng, firm, n)
        post.title = rng.choice(titles)
        return post


def seed_shortage_demo(rng, firms, families, post_for, make_seeker, organizer: User) -> dict[str, int]:
    """The market history, every title coded, and 江苏's catalogue of the last complete quarter."""
    last = Quarter.last_complete()
    posts, people = seed_market(rng, firms, families, post_for, make_seeker, last.window(services.WINDOW))
    db.session.commit()
    coded = code_pending()
    board = services.review("320000", last)
    listed = 0
    if board.proposed:
        catalogue = services.publish(
            organizer,
            "320000",
            last,
            board.thresholds,
            [o.code for o in board.proposed],
            "演示数据：按专区岗位和求职登记自动生成的建议名单发布。",
        )
        listed = len(catalogue.entries)
    return {"posts": posts, "seekers": people, **coded, "listed": listed}
