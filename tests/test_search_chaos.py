"""Chaos: Meilisearch stops in the middle of a burst of writes while the shipped sync worker runs; once it is
back, the index equals the database and nothing was lost or parked."""

import secrets
import signal
import time

import pytest
from sqlalchemy import func, select

from search.local_server import free_port, start
from tests.conftest import Factory, make_app
from webapp.extensions import db
from webapp.models import Application, JobPost, PostStatus, Role, User
from webapp.services import applications, jobs, search_index, search_outbox, search_sync

pytestmark = [pytest.mark.meili, pytest.mark.slow]


def burst(app, owner_id: int, seeker_ids: list[int], post_ids: list[int], round_: int) -> int:
    """One round of what users do: apply, edit titles, close posts. Returns the writes made."""
    writes = 0
    with app.app_context():
        owner = db.session.get(User, owner_id)
        for i, post_id in enumerate(post_ids):
            post = db.session.get(JobPost, post_id)
            if post.status != PostStatus.PUBLISHED:
                continue
            seeker = db.session.get(User, seeker_ids[(i + round_) % len(seeker_ids)])
            applications.apply(seeker, post_id, consent=True)
            if (i + round_) % 5 == 0 and i % 2 == 0:  # about half the posts end closed
                jobs.close_post(owner, post_id)
            else:
                post.title = f"数控编程员{post_id}-第{round_}版"
                db.session.commit()
            writes += 2
        db.session.remove()
    return writes


def test_index_converges_after_meilisearch_dies_mid_burst(tmp_path):
    data, key, port = tmp_path / "meili", secrets.token_urlsafe(24), free_port()
    server = start(data, key, port=port)
    app = make_app(tmp_path, server)
    make = Factory(app)
    owner = make.user(Role.ENTERPRISE)
    seekers = [make.user(Role.SEEKER).id for _ in range(6)]
    posts = [make.post(owner.enterprise_id, title=f"数控编程员{i}").id for i in range(40)]
    worker = search_outbox.SyncWorker(app, interval=0.2)
    worker.start()
    try:
        writes = burst(app, owner.id, seekers, posts, 0)
        server.process.send_signal(signal.SIGKILL)  # no clean shutdown
        server.process.wait(10)
        for round_ in (1, 2, 3):  # writes go on while search is down; none may fail
            writes += burst(app, owner.id, seekers, posts, round_)
        time.sleep(1.0)  # the worker meets the outage
        server = start(data, key, port=port)
        for round_ in (4, 5):
            writes += burst(app, owner.id, seekers, posts, round_)

        deadline = time.monotonic() + 90  # backoff after a short outage is seconds, not minutes
        with app.app_context():
            gw = search_index.gateway()
            while time.monotonic() < deadline:
                status = search_outbox.queue_status()
                if status.pending == 0 and search_sync.find_drift(gw).total == 0:
                    break
                db.session.remove()
                time.sleep(0.5)
            status = search_outbox.queue_status()
            assert status.pending == 0 and status.parked == 0
            drift = search_sync.find_drift(gw)
            assert drift.total == 0, drift
            # nothing lost: every write is in the database, and the index holds exactly the open posts
            assert db.session.scalar(select(func.count()).select_from(Application)) > 0
            open_posts = set(
                db.session.scalars(select(JobPost.id).where(JobPost.status == PostStatus.PUBLISHED))
            )
            indexed = {int(d.id) for d in gw.index("jobs").get_documents({"limit": 1000}).results}
            assert indexed == open_posts and 0 < len(open_posts) < len(posts)
            latest = db.session.get(JobPost, next(iter(open_posts)))
            doc = gw.index("jobs").get_document(latest.id)
            assert doc.title == latest.title
        assert writes > 100
    finally:
        worker.stop()
        worker.join(10)
        server.stop()
