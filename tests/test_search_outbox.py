"""Outbox delivery in the shipped configuration (hybrid search on): no stall, no poison row blocking the
queue, parking, two workers, the serve thread and the scheduler — against a real Meilisearch."""

import json
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from search.query import JobQuery
from tests.conftest import index_now
from webapp.extensions import db
from webapp.models import Enterprise, JobPost, PostStatus, Role, SearchOutbox, User, Verification
from webapp.models.mixins import utcnow
from webapp.services import job_search, jobs, search_documents, search_index, search_outbox

pytestmark = pytest.mark.meili


def titles(app, q, allow_degraded=False):
    with app.app_context():
        result = job_search.search_jobs(JobQuery(q=q))
        if result.degraded and allow_degraded:
            return None
        assert not result.degraded
        return [h["title"] for h in result.hits if not h.get("related")]


def unprocessed(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None))
        )


def test_hybrid_is_on_as_shipped(app):
    with app.app_context():
        assert app.config["SEARCH_HYBRID"] and search_index.embedder() is not None


def test_delivery_creates_the_index_with_its_embedder(app, make):
    """An upsert into a missing index used to create it without settings; hybrid searches then failed."""
    make.post(title="电气设计工程师")
    with app.app_context():
        assert not search_outbox.drain(search_index.gateway()).failed  # no ensure_index before it
        embedders = search_index.gateway().index("jobs").get_settings().get("embedders") or {}
        assert "occupation" in embedders
    assert titles(app, "电气设计") == ["电气设计工程师"]


def test_a_round_with_nothing_searchable_is_delivered(app, make):
    """A round holding only a closed post used to call the embedder on an empty list and stall forever."""
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id, title="数控车工")
    index_now(app)
    assert titles(app, "数控车工") == ["数控车工"]
    with app.app_context():
        jobs.close_post(db.session.get(User, owner.id), post.id)
        result = search_outbox.drain(search_index.gateway())
    assert not result.failed and result.deleted == 1 and result.row_failures == 0
    assert unprocessed(app) == 0
    assert titles(app, "数控车工") == []


def test_posts_of_a_firm_losing_verification_leave_the_index(app, make):
    firm = make.enterprise()
    make.post(firm.id, title="焊接工艺工程师")
    index_now(app)
    assert titles(app, "焊接工艺") == ["焊接工艺工程师"]
    with app.app_context():
        db.session.get(Enterprise, firm.id).verification = Verification.REJECTED
        db.session.commit()
    index_now(app)
    assert titles(app, "焊接工艺") == []


@pytest.fixture
def poison(monkeypatch):
    """Make the document of any post titled 毒丸岗位 fail to build (a row that cannot be sent on its own)."""
    real = search_documents.job_document

    def job_document(post, *args, **kwargs):
        if post.title == "毒丸岗位":
            raise ValueError("cannot build this document")
        return real(post, *args, **kwargs)

    monkeypatch.setattr(search_documents, "job_document", job_document)


def test_a_poison_row_does_not_block_the_others_and_is_parked(app, make, poison, runner):
    good = [make.post(title=f"装配钳工{i}") for i in range(5)]
    bad = make.post(title="毒丸岗位")
    with app.app_context():
        result = search_outbox.drain(search_index.gateway())
    assert not result.failed and result.row_failures == 1
    assert {t for t in titles(app, "装配钳工")} == {f"装配钳工{i}" for i in range(5)}
    with app.app_context():
        row = db.session.scalar(
            select(SearchOutbox).where(SearchOutbox.index == "jobs", SearchOutbox.entity_id == bad.id)
        )
        assert row.processed_at is None and row.failures == 1 and "cannot build" in row.last_error
        assert row.next_attempt_at > utcnow()  # backs off on its own
        for _ in range(search_outbox.PARK_AFTER):  # keep failing: parked, and no longer due
            db.session.execute(
                update(SearchOutbox).where(SearchOutbox.id == row.id).values(next_attempt_at=utcnow())
            )
            db.session.commit()
            search_outbox.drain(search_index.gateway())
        db.session.refresh(row)
        assert row.parked_at is not None and row.failures == search_outbox.PARK_AFTER
        assert search_outbox.claim(100) == []
    status = json.loads(runner.invoke(args=["search", "status", "--json"]).output.strip().splitlines()[-1])
    assert status["parked"] == 1 and status["pending"] == 0
    assert len(good) == 5


def test_an_outage_parks_nothing(tmp_path):
    from tests.conftest import Factory, make_app

    app = make_app(tmp_path, meili=None)  # Meilisearch unreachable
    post = Factory(app).post(title="电工")
    with app.app_context():
        for _ in range(search_outbox.PARK_AFTER + 2):
            db.session.execute(update(SearchOutbox).values(next_attempt_at=utcnow()))
            db.session.commit()
            assert search_outbox.drain(search_index.gateway()).failed
        rows = db.session.scalars(select(SearchOutbox).where(SearchOutbox.entity_id == post.id)).all()
        assert rows and all(r.parked_at is None and r.failures == 0 and r.attempts > 0 for r in rows)


def test_retry_parked_puts_rows_back(app, make):
    post = make.post(title="质检员")
    with app.app_context():
        db.session.execute(update(SearchOutbox).values(parked_at=utcnow(), failures=search_outbox.PARK_AFTER))
        db.session.commit()
        assert search_outbox.queue_status().parked >= 1
        assert search_outbox.retry_parked() >= 1
        assert not search_outbox.drain(search_index.gateway()).failed
    assert titles(app, "质检员") == ["质检员"]
    assert post.id


def test_two_workers_never_claim_the_same_rows(app, make):
    for i in range(30):
        make.post(title=f"电气工程师{i}")
    claimed: list[list[int]] = []
    start = threading.Barrier(2)

    def worker():
        with app.app_context():
            start.wait()
            mine = []
            while rows := search_outbox.claim(7):
                mine += [r.id for r in rows]
            claimed.append(mine)
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    first, second = claimed
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(SearchOutbox))
    assert not set(first) & set(second)
    assert len(first) + len(second) == total


def test_a_post_changed_while_its_round_was_in_flight_is_sent_again(app, make):
    post = make.post(title="车间主任")
    with app.app_context():
        rows = search_outbox.claim(100)
        sent = search_outbox._send(search_index.gateway(), rows, 100)
        # another worker's newer state lands first; this round's older state would then win the race
        db.session.get(JobPost, post.id).title = "车间副主任"
        db.session.commit()
        search_outbox._wait(search_index.gateway(), sent, 60_000)
        search_outbox._settled(sent, search_outbox.DrainResult())
        assert (
            db.session.scalar(
                select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None))
            )
            >= 1
        )
    index_now(app)
    assert titles(app, "车间副主任") == ["车间副主任"]


def test_the_serve_worker_takes_a_closed_post_out_within_seconds(app, make):
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id, title="模具设计师")
    worker = search_outbox.SyncWorker(app, interval=0.2)
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while (
            titles(app, "模具设计师", allow_degraded=True) != ["模具设计师"] and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        assert titles(app, "模具设计师") == ["模具设计师"]
        with app.app_context():
            jobs.close_post(db.session.get(User, owner.id), post.id)
        closed_at = time.monotonic()
        while titles(app, "模具设计师") and time.monotonic() - closed_at < 10:
            time.sleep(0.2)
        assert titles(app, "模具设计师") == []
        assert time.monotonic() - closed_at < 10
    finally:
        worker.stop()
        worker.join(10)


def test_scheduler_runs_jobs_apart_from_the_search_worker(app, make):
    from webapp.scheduler import PeriodicJob, Scheduler

    expired = make.post(title="过期岗位", valid_until=utcnow().date() - timedelta(days=1))

    def broken():
        raise RuntimeError("boom")

    from webapp.scheduler import DEFAULT_JOBS

    scheduler = Scheduler(app, (PeriodicJob("broken", timedelta(hours=1), broken), *DEFAULT_JOBS))
    assert scheduler.run_due(now=0.0)[0] == "broken"
    assert isinstance(scheduler.results["broken"], RuntimeError)
    assert scheduler.results["close-expired"] == 1  # ran although the job before it failed
    with app.app_context():
        assert db.session.get(JobPost, expired.id).status == PostStatus.CLOSED
    assert scheduler.run_due(now=10.0) == []  # not due again within the hour
    assert "broken" in scheduler.run_due(now=3601.0)


def test_a_firm_that_loses_verification_stops_publishing_everywhere(app, make, client):
    organizer = make.user(Role.ORGANIZER)
    firm = make.enterprise()
    post = make.post(firm.id, title="工业机器人调试员")
    index_now(app)
    assert client.get(f"/jobs/{post.id}").status_code == 200
    assert client.get(f"/api/v1/jobs/{post.id}").status_code == 200
    with app.app_context():
        from webapp.services.enterprises import review_enterprise

        review_enterprise(db.session.get(User, organizer.id), firm.id, approve=False, reason="营业执照已吊销")
    index_now(app)
    assert client.get(f"/jobs/{post.id}").status_code == 404
    assert client.get(f"/api/v1/jobs/{post.id}").status_code == 404
    assert titles(app, "工业机器人调试员") == []
    assert post.id not in {h["id"] for h in client.get("/api/v1/jobs?q=工业机器人").json["hits"]}


def test_organizers_see_queue_age_and_parked_rows_and_requeue_them(app, make, login_as, poison):
    make.post(title="毒丸岗位")
    with app.app_context():
        for _ in range(search_outbox.PARK_AFTER):
            db.session.execute(
                update(SearchOutbox).where(SearchOutbox.parked_at.is_(None)).values(next_attempt_at=utcnow())
            )
            db.session.commit()
            search_outbox.drain(search_index.gateway())
    client = login_as(make.user(Role.ORGANIZER))
    page = client.get("/organizer/").text
    assert "<title>工作台 · 扬帆计划</title>" in page and page.count('id="search-sync"') == 1
    section = page[page.index('id="search-sync"') :]
    assert '搁置 <strong class="error">1</strong> 条' in section and "cannot build this document" in section
    assert client.post("/organizer/search/parked/retry").status_code == 302
    with app.app_context():
        assert search_outbox.queue_status().parked == 0 and search_outbox.queue_status().pending >= 1


def test_a_search_while_the_index_is_being_set_up_degrades_instead_of_failing(app, make, client):
    """The index is created, then configured (two tasks); a search in between got a 500."""
    make.post(title="模具钳工")
    with app.app_context():
        gw = search_index.gateway()
        gw.wait(gw.client.create_index(gw.uid("jobs"), {"primaryKey": "id"}).task_uid)  # no settings yet
    response = client.get("/api/v1/jobs?q=模具")
    assert response.status_code == 200 and response.json["degraded"] is True
    assert [h["title"] for h in response.json["hits"]] == ["模具钳工"]  # answered by the database
    page = client.get("/jobs?q=模具")
    assert page.status_code == 200 and "搜索服务暂时不可用" in page.text
