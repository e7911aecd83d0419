"""Targets dashboard benchmark: the dashboard's figures and its page at 100,000 posts and 100,000 hires vs a
plain SQL aggregate of the same figures in the same run (hand-written GROUP BY month queries, the floor any
implementation pays).

    .venv/bin/python -m bench.targets [--posts 100000] [--hires 100000] [--postgres] [--requests 40]

Targets: ours ≤ 2 × the plain aggregate; page p95 ≤ 300 ms on PostgreSQL. Posts carry real titles from
../shared/data; hires, fairs and claims are spread over 2024–2025 across 500 江苏 firms of every tier.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import insert

from bench import corpus
from bench.common import drop_scratch_database, percentile, scratch_database, timed

PLAIN = {  # the same figures, written by hand; {month} is the dialect's 北京-month expression
    "hires": """
        SELECT {month_date} AS m, COUNT(*),
               SUM(CASE WHEN h.graduate THEN 1 ELSE 0 END),
               SUM(CASE WHEN h.skill_level IN ('senior', 'technician', 'senior_technician')
                        THEN 1 ELSE 0 END),
               SUM(CASE WHEN h.title_level IN ('associate_senior', 'senior') THEN 1 ELSE 0 END)
        FROM hire_records h JOIN enterprises e ON e.id = h.enterprise_id
        WHERE e.tier IN ('specialized', 'little_giant') AND e.adcode LIKE '32%' AND h.insured_months > 0
          AND h.start_date >= '2024-01-01' AND h.start_date < '2026-01-01'
        GROUP BY m""",
    "fairs": """
        SELECT {month_fair} AS m, COUNT(*) FROM fairs f
        WHERE f.adcode LIKE '32%' AND f.status = 'published'
          AND f.starts_at >= '2024-12-31 16:00:00' AND f.starts_at < '2025-12-31 16:00:00'
        GROUP BY m""",
    "posts": """
        SELECT {month_post} AS m, COUNT(*) FROM job_posts p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE e.tier IN ('specialized', 'little_giant') AND e.adcode LIKE '32%'
          AND p.published_at >= '2024-12-31 16:00:00' AND p.published_at < '2025-12-31 16:00:00'
        GROUP BY m""",
    "claims": """
        SELECT {month_claim} AS m, COUNT(*), SUM(c.amount) FROM subsidy_claims c
        JOIN enterprises e ON e.id = c.enterprise_id
        WHERE c.status = 'paid' AND e.adcode LIKE '32%'
          AND c.paid_at >= '2024-12-31 16:00:00' AND c.paid_at < '2025-12-31 16:00:00'
        GROUP BY m""",
}
MONTHS = {
    "sqlite": {
        "month_date": "strftime('%Y-%m', h.start_date)",
        "month_fair": "strftime('%Y-%m', f.starts_at, '+8 hours')",
        "month_post": "strftime('%Y-%m', p.published_at, '+8 hours')",
        "month_claim": "strftime('%Y-%m', c.paid_at, '+8 hours')",
    },
    "postgresql": {
        "month_date": "to_char(h.start_date, 'YYYY-MM')",
        "month_fair": "to_char(f.starts_at + interval '8 hours', 'YYYY-MM')",
        "month_post": "to_char(p.published_at + interval '8 hours', 'YYYY-MM')",
        "month_claim": "to_char(c.paid_at + interval '8 hours', 'YYYY-MM')",
    },
}


def _populate(session, posts: int, hires: int, shared: Path, rng: random.Random) -> None:
    from webapp.models import (
        Application,
        ApplicationStatus,
        ClaimStatus,
        Enterprise,
        Fair,
        FairMode,
        FairStatus,
        HireRecord,
        JobPost,
        Role,
        SeekerProfile,
        SkillLevel,
        SubsidyClaim,
        Tier,
        TitleLevel,
        User,
    )  # fmt: skip

    text = corpus.load(shared)
    firms = corpus.insert_firms(session, rng)
    # spread the firms over 江苏 and 天津 cities and over every tier
    places = ["320100", "320200", "320500", "320505", "321000", "120104", "120116"]
    tiers = list(Tier)
    for i, firm_id in enumerate(firms):
        session.execute(
            sa.update(Enterprise)
            .where(Enterprise.id == firm_id)
            .values(adcode=places[i % 7], tier=tiers[i % 4])
        )
    start = datetime(2024, 1, 1)
    span = (datetime(2026, 1, 1) - start).total_seconds()
    rows = corpus.post_rows(text, posts, firms, rng)
    for row in rows:
        row["published_at"] = start + timedelta(seconds=rng.random() * span)
    for chunk in range(0, len(rows), 10_000):
        session.execute(insert(JobPost), rows[chunk : chunk + 10_000])
    people = 2_000
    session.execute(
        insert(User),
        [{"account": f"139{n:08d}", "display_name": f"求职者{n}", "password_hash": "x", "role": Role.SEEKER}
         for n in range(people)],
    )  # fmt: skip
    users = session.execute(sa.select(User.id, User.account).where(User.role == Role.SEEKER)).all()
    session.execute(
        insert(SeekerProfile), [{"user_id": i, "name": f"求职者{a[-4:]}", "phone": a} for i, a in users]
    )
    profiles = list(session.scalars(sa.select(SeekerProfile.id)))
    post_ids = session.execute(sa.select(JobPost.id, JobPost.enterprise_id).order_by(JobPost.id)).all()
    skills, titles = list(SkillLevel), list(TitleLevel)
    for chunk in range(0, hires, 10_000):
        batch = range(chunk, min(chunk + 10_000, hires))
        session.execute(
            insert(Application),
            [{"seeker_id": profiles[n % people], "post_id": post_ids[n % len(post_ids)][0],
              "status": ApplicationStatus.HIRED} for n in batch],
        )  # fmt: skip
    applications = session.execute(sa.select(Application.id, Application.post_id)).all()
    firm_of = dict(post_ids)
    records = []
    for n, (application_id, post_id) in enumerate(applications):
        records.append({
            "application_id": application_id, "enterprise_id": firm_of[post_id],
            "seeker_id": profiles[n % people],
            "start_date": date(2024, 1, 1) + timedelta(days=rng.randrange(731)), "contract_months": 12,
            "insured_months": rng.choice([0, 1, 3, 6, 12]), "employment_type": "全职", "retained": False,
            "apprentice_certificate": "", "person_facts": {}, "graduate": rng.random() < 0.2,
            "skill_level": rng.choice(skills), "title_level": rng.choice(titles),
            "created_at": start, "updated_at": start,
        })  # fmt: skip
    for chunk in range(0, len(records), 10_000):
        session.execute(insert(HireRecord), records[chunk : chunk + 10_000])
    fairs = []
    for n in range(500):
        at = start + timedelta(seconds=rng.random() * span)
        fairs.append({
            "title": f"专场{n}", "mode": FairMode.OFFLINE, "status": FairStatus.PUBLISHED,
            "adcode": places[n % 7], "starts_at": at, "ends_at": at + timedelta(hours=6), "description": "",
            "venue": "", "address": "", "booth_count": 0, "target_groups": [], "industries": [],
        })  # fmt: skip
    session.execute(insert(Fair), fairs)
    session.execute(
        insert(SubsidyClaim),
        [{"rule_id": "bench", "rule_version": 1, "subject_key": f"enterprise:{n}", "title": "吸纳就业补贴",
          "beneficiary": "enterprise", "enterprise_id": firms[n % len(firms)], "amount": 1000.0,
          "status": ClaimStatus.PAID, "paid_at": start + timedelta(seconds=rng.random() * span), "reason": "",
          "source": "", "unit": "", "created_at": start, "updated_at": start}
         for n in range(5_000)],
    )  # fmt: skip
    session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--hires", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (TEST_POSTGRES_URL), not SQLite")
    parser.add_argument("--shared", type=Path, default=corpus.DEFAULT_SHARED)
    args = parser.parse_args()

    from webapp import create_app
    from webapp.config import overrides_for_tests
    from webapp.extensions import db
    from webapp.models import Role, User
    from webapp.targets import services

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = scratch_database(tmp_path, args.postgres, "targets")
        app = create_app(
            overrides_for_tests(tmp_path)
            | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": tmp_path / "instance", "MEILI_URL": "http://127.0.0.1:9"}
        )  # fmt: skip
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            _populate(db.session, args.posts, args.hires, args.shared, rng)
            services.seed_jiangsu()
            if db.engine.dialect.name == "postgresql":  # statistics, as autovacuum keeps on a live database
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(sa.text("ANALYZE"))
            organizer = User(account="bench-organizer", display_name="bench", role=Role.ORGANIZER)
            organizer.set_password("bench-password-1")
            db.session.add(organizer)
            db.session.commit()
            took = time.perf_counter() - started
            print(
                f"populated {args.posts:,} posts, {args.hires:,} hires in {took:.1f} s",
                f"({db.engine.dialect.name})",
            )
            months = MONTHS[db.engine.dialect.name]
            plain = [sa.text(sql.format(**months)) for sql in PLAIN.values()]

            def raw() -> None:
                with db.engine.connect() as conn:
                    for stmt in plain:
                        conn.execute(stmt).all()

            def ours() -> None:
                services.dashboard("320000", 2025)
                db.session.remove()

            board = services.dashboard("320000", 2025)
            figures = {f.kind + f.only: f.actual for f in board.figures}
            with db.engine.connect() as conn:  # both sides count the same rows
                totals = [sum(row[1] for row in conn.execute(stmt)) for stmt in plain]
            assert totals == [figures[k] for k in PLAIN], (totals, figures)
            for fn in (raw, ours):  # warm both: the first query of a run reads the pages from disk
                fn()
            raw_ms, ours_ms = [], []
            for _ in range(args.requests):  # interleaved, so both see the same machine
                raw_ms += timed(raw, 1)
                ours_ms += timed(ours, 1)
        client = app.test_client()
        client.post("/login", data={"account": "bench-organizer", "password": "bench-password-1"})
        page = "/organizer/targets?region=320000&year=2025"
        assert client.get(page).status_code == 200
        page_ms = timed(lambda: client.get(page), args.requests)
        records_ms = timed(lambda: client.get("/organizer/targets/records/hires?region=320000&year=2025"), 10)
        with app.app_context():
            db.engine.dispose()
        drop_scratch_database(url)

    print(f"figures: hires {figures['hires']:,.0f}, graduates {figures['hiresgraduate']}%, "
          f"fairs {figures['fairs']:,.0f}, posts {figures['posts']:,.0f}, "
          f"claims {figures['claims']:,.0f}")  # fmt: skip
    print(f"plain SQL aggregate (4 grouped queries)  p50 {percentile(raw_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(raw_ms, 0.95):7.1f} ms")  # fmt: skip
    print(f"our dashboard figures                   p50 {percentile(ours_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(ours_ms, 0.95):7.1f} ms")  # fmt: skip
    print(f"ratio ours / plain (p50) = {percentile(ours_ms, 0.5) / percentile(raw_ms, 0.5):.2f} (target ≤ 2)")
    print(f"dashboard page (render, charts' data)   p50 {percentile(page_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(page_ms, 0.95):7.1f} ms (target ≤ 300 ms on PostgreSQL)")  # fmt: skip
    print(f"records page (first 50 of the hires)    p50 {percentile(records_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(records_ms, 0.95):7.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
