import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import index_now
from webapp.extensions import db
from webapp.models import Application, ApplicationStatus, Enterprise, JobPost, PostStatus, Tier, User


def test_seed_demo_builds_a_believable_zone_once(app, runner):
    result = runner.invoke(args=["seed-demo", "--once"])
    assert result.exit_code == 0, result.output
    assert "demo zone created" in result.output and "13900000000" in result.output
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(Enterprise) >= 60 and count(JobPost) >= 600 and count(Application) > 200
        statuses = set(db.session.scalars(select(Application.status).distinct()))
        assert statuses == set(ApplicationStatus)
        tiers = set(db.session.scalars(select(Enterprise.tier).distinct()))
        assert {Tier.LITTLE_GIANT, Tier.SPECIALIZED, Tier.INNOVATIVE} <= tiers
        cities = {a[:2] for a in db.session.scalars(select(Enterprise.adcode))}
        assert cities == {"12", "32"}  # 天津 and 江苏
        assert db.session.scalar(select(func.count()).where(JobPost.status == PostStatus.PUBLISHED)) > 400
        before = count(User)
    credentials = json.loads((Path(app.instance_path) / "demo_credentials.json").read_text())
    assert set(credentials) == {"organizer", "specialist", "admin", "enterprise", "seeker"}

    again = runner.invoke(args=["seed-demo", "--once"])
    assert again.exit_code == 0 and "demo zone created" not in again.output
    assert credentials["seeker"]["password"] in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == before
    # the demo seeker can log in with the printed password and the index answers
    client = app.test_client()
    login = client.post(
        "/login", data={"account": "13900000000", "password": credentials["seeker"]["password"]}
    )
    assert login.status_code == 302
    assert client.get("/api/v1/jobs?q=工程师").json["total"] > 50
    # three 天津 fairs: a live one running now (its room scheduled), one taking sign-ups, one finished with
    # results; and the targets dashboard's history, 江苏 fairs since 2024, all over
    listed = client.get("/api/v1/fairs?past=1").json["items"]
    fairs = [f for f in listed if f["adcode"].startswith("12")]
    assert len(fairs) == 3 and {f["brand"]["name"] for f in fairs if f["brand"]} >= {"金秋招聘月"}
    history = [f for f in listed if f["adcode"].startswith("32")]
    assert len(history) > 50 and len(history) + 3 == len(listed)
    assert max(f["ends_at"] for f in history) < datetime.now(UTC).isoformat()
    with app.app_context():  # the targets dashboard has a year to show against 江苏's 2025 targets
        from webapp.targets.services import dashboard

        figures = {f.kind + f.only: f for f in dashboard("320000", 2025).figures}
        assert figures["hires"].target == 100_000 and figures["hires"].actual > 300
        assert all(figures[f"hires{s}"].actual for s in ("graduate", "high_skill", "senior_title"))
        assert figures["fairs"].actual > 20 and figures["posts"].actual > 100
    live_fair = next(f for f in fairs if f["title"] == "专精特新企业直播带岗专场")
    running = client.get(f"/api/v1/fairs/{live_fair['id']}").json
    assert running["live_sessions"][0]["status"] == "scheduled" and len(running["enterprises"]) == 6
    with app.app_context():
        from webapp.fairs.report import build
        from webapp.models import Fair

        finished = db.session.scalar(select(Fair).where(Fair.title.like("金秋%")))
        report = build(finished)
        assert report.registrations == 90 and 0 < report.check_ins < 90 and report.hires > 0


def test_setup_again_on_a_used_installation(app, runner):
    """`make setup` on an installation people have used: posts closed, sent back to review, a firm's
    verification withdrawn — seed-demo --once and search init pass and the index follows (issue: a second
    `make run` failed once a post had been submitted for review)."""
    from search.query import JobQuery
    from webapp.services import job_search
    from webapp.services.enterprises import review_enterprise

    assert runner.invoke(args=["seed-demo", "--once"]).exit_code == 0
    with app.app_context():
        published = db.session.scalars(
            select(JobPost).where(JobPost.status == PostStatus.PUBLISHED).order_by(JobPost.id)
        ).all()
        closed, to_review = published[0], published[1]
        closed.status = PostStatus.CLOSED
        to_review.status = PostStatus.PENDING
        firm = next(p.enterprise for p in published[2:] if p.enterprise_id not in {closed.enterprise_id})
        organizer = db.session.scalar(select(User).where(User.account == "organizer"))
        db.session.commit()
        review_enterprise(organizer, firm.id, approve=False, reason="复核未通过")
        gone = {closed.id, to_review.id} | {p.id for p in firm.posts}
        closed_title = closed.title
    again = runner.invoke(args=["seed-demo", "--once"])
    assert again.exit_code == 0, again.output
    assert "search sync will retry" not in again.output
    init = runner.invoke(args=["search", "init"])
    assert init.exit_code == 0, init.output
    with app.app_context():
        assert app.config["SEARCH_HYBRID"]
        result = job_search.search_jobs(JobQuery(q=closed_title, per_page=50))
        assert not result.degraded and not {h["id"] for h in result.hits} & gone


@pytest.mark.meili
def test_everyday_queries_on_the_demo_zone(app, runner):
    """CI-sized ``flask search eval-everyday``: on the demo zone, as shipped (hybrid), related posts never
    stand above a word match, 实习 gives internships first and 人工智能 (in no demo title) lists the AI
    posts."""
    assert runner.invoke(args=["seed-demo", "--once"]).exit_code == 0
    # as make setup: the title models trained, then the search's title model fitted on the zone's titles
    assert runner.invoke(args=["match", "train", "--if-missing"]).exit_code == 0
    init = runner.invoke(args=["search", "init", "--retrain"])
    assert init.exit_code == 0, init.output
    index_now(app)
    result = runner.invoke(args=["search", "eval-everyday", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    rows = {r["q"]: r for r in report["queries"]}
    assert report["mode"] == "hybrid" and report["related_above_word_matches"] == 0
    assert rows["实习"]["first_page_precision"] == 1.0
    assert rows["人工智能"]["word_matches"] == 0 and rows["人工智能"]["first_page_precision"] >= 0.5
    assert report["mean_first_page_precision"] >= 0.8
