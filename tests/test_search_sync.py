"""The job index follows the database through the outbox, against a real Meilisearch."""

import json
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from search.local_server import free_port, start
from search.query import JobQuery
from tests.conftest import Factory, index_now, make_app
from webapp.extensions import db
from webapp.models import Enterprise, JobPost, PostStatus, Role, SearchOutbox, Tier, User
from webapp.services import job_search, jobs
from webapp.services.search_index import gateway
from webapp.services.search_outbox import drain

pytestmark = pytest.mark.meili


def search(app, q="", **filters):
    with app.app_context():
        return job_search.search_jobs(JobQuery(q=q, filters=filters))


def test_published_posts_are_found_and_closed_ones_leave(app, make):
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id, title="PLC编程工程师")
    make.post(owner.enterprise_id, title="草稿岗位", status=PostStatus.DRAFT)
    index_now(app)
    result = search(app, "PLC")
    assert not result.degraded
    assert [h["id"] for h in result.hits] == [post.id]
    assert search(app, "草稿岗位").total == 0

    with app.app_context():
        jobs.close_post(db.session.get(User, owner.id), post.id)
        pending = select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None))
        assert db.session.scalar(pending) >= 1
    index_now(app)
    assert search(app, "PLC").total == 0


def test_enterprise_changes_reach_its_posts(app, make):
    enterprise = make.enterprise(name="天津旧名称科技有限公司")
    make.post(enterprise.id, title="嵌入式软件工程师")
    index_now(app)
    with app.app_context():
        db.session.get(Enterprise, enterprise.id).name = "天津新名称科技有限公司"
        db.session.commit()
    index_now(app)
    hit = search(app, "嵌入式").hits[0]
    assert hit["enterprise"] == "天津新名称科技有限公司"


def test_filters_and_facet_counts(app, make):
    giant = make.enterprise(tier=Tier.LITTLE_GIANT, adcode="320505")
    small = make.enterprise(tier=Tier.INNOVATIVE, adcode="120104")
    make.post(giant.id, title="Java开发工程师", adcode="320505")
    make.post(giant.id, title="Java测试工程师", adcode="320505")
    make.post(small.id, title="Java运维工程师", adcode="120104")
    make.post(small.id, title="过期Java岗位", valid_until=date.today() - timedelta(days=1))
    index_now(app)
    everything = search(app, "Java")
    assert everything.total == 3  # the expired post never matches
    assert everything.facets["city"] == {"苏州市": 2, "天津市": 1}
    assert everything.facets["tier"] == {"专精特新“小巨人”企业": 2, "创新型中小企业": 1}
    suzhou = search(app, "Java", city=["苏州市"])
    assert suzhou.total == 2 and {h["city"] for h in suzhou.hits} == {"苏州市"}
    either = search(app, "Java", city=["苏州市", "天津市"], tier=["创新型中小企业"])
    assert either.total == 1 and either.hits[0]["title"] == "Java运维工程师"


def test_highlights_are_escaped(app, make, client):
    make.post(title="<img src=x onerror=alert(1)>数据分析师", description="<b>负责</b>数据分析与建模工作")
    index_now(app)
    page = client.get("/jobs?q=数据分析").text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<mark>" in page


def test_search_page_and_api_degrade_when_meilisearch_is_down(tmp_path):
    app = make_app(tmp_path, meili=None)
    post = Factory(app).post(title="电气工程师")
    client = app.test_client()
    page = client.get("/jobs?q=电气")
    assert page.status_code == 200
    assert "搜索服务暂时不可用" in page.text and "电气工程师" in page.text
    api = client.get("/api/v1/jobs?q=电气").json
    assert api["degraded"] is True and [h["id"] for h in api["hits"]] == [post.id]


def test_outbox_survives_an_outage_and_converges(tmp_path):
    data, key, port = tmp_path / "meili", secrets.token_urlsafe(24), free_port()
    server = start(data, key, port=port)
    try:
        app = make_app(tmp_path, server)
        make = Factory(app)
        first = make.post(title="数控机床操作工")
        index_now(app)
        server.stop()

        second = make.post(title="数控编程技术员")  # written while search is down: must succeed
        with app.app_context():
            result = drain(gateway(app))
            assert result.failed
            row = db.session.scalar(select(SearchOutbox).where(SearchOutbox.entity_id == second.id))
            assert row.processed_at is None and row.attempts == 1 and row.last_error
        assert "搜索服务暂时不可用" in app.test_client().get("/jobs?q=数控").text

        server = start(data, key, port=port)
        with app.app_context():  # the backoff has not expired yet; make the retry due now
            db.session.execute(update(SearchOutbox).values(next_attempt_at=func.current_timestamp()))
            db.session.commit()
        index_now(app)
        result = search(app, "数控")
        assert not result.degraded
        assert {h["id"] for h in result.hits} == {first.id, second.id}
        with app.app_context():
            assert (
                db.session.scalar(
                    select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None))
                )
                == 0
            )
    finally:
        server.stop()


def test_rejected_post_never_reaches_the_index(app, make):
    owner = make.user(Role.ENTERPRISE)
    reviewer = make.user(Role.ORGANIZER)
    post = make.post(owner.enterprise_id, title="质量检验员", status=PostStatus.PENDING)
    with app.app_context():
        jobs.review_post(db.session.get(User, reviewer.id), post.id, approve=False, reason="缺少工作地点")
        assert db.session.get(JobPost, post.id).status == PostStatus.REJECTED
    index_now(app)
    assert search(app, "质量检验员").total == 0


def test_verify_finds_and_repairs_drift(app, make, runner):
    kept, lost, edited = make.post(title="车工"), make.post(title="铣工"), make.post(title="钳工")
    index_now(app)
    with app.app_context():
        gw = gateway(app)
        gw.wait(gw.index("jobs").delete_document(lost.id).task_uid)  # lost by the index
        gw.wait(
            gw.index("jobs")
            .add_documents([{"id": 99999, "title": "幽灵岗位", "_vectors": {"occupation": None}}])
            .task_uid
        )  # stray
        # a change that bypassed the ORM (and so the outbox)
        db.session.execute(
            update(JobPost)
            .where(JobPost.id == edited.id)
            .values(
                title="高级钳工",
                updated_at=db.session.get(JobPost, edited.id).updated_at + timedelta(minutes=1),
            )
        )
        db.session.commit()
    report = runner.invoke(args=["search", "verify", "--json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.output.strip().splitlines()[-1]) == {"missing": 1, "extra": 1, "stale": 1}
    fixed = json.loads(runner.invoke(args=["search", "verify", "--repair", "--json"]).output.splitlines()[-1])
    assert fixed["repaired"] is True and fixed["remaining"] == 0
    for title in ("车工", "铣工", "高级钳工"):
        assert title in {h["title"] for h in search(app, title).hits}
    assert kept.id in {h["id"] for h in search(app, "车工").hits}
    assert search(app, "幽灵岗位").total == 0


def test_delivered_outbox_rows_are_purged_after_a_week(app, make):
    make.post(title="焊工")
    index_now(app)
    with app.app_context():
        from webapp.models.mixins import utcnow
        from webapp.services.search_outbox import purge_processed

        purge_processed()  # delivered just now: kept (the post's row and its new enterprise's)
        assert sorted(db.session.scalars(select(SearchOutbox.index))) == ["enterprises", "jobs"]
        db.session.execute(update(SearchOutbox).values(processed_at=utcnow() - timedelta(days=8)))
        db.session.commit()
        purge_processed()
        assert db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 0
