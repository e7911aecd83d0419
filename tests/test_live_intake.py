"""边看边投 under a burst: concurrent taps are written in groups (one transaction for many taps), repeats and
double taps answer with the one application, and a row that cannot be written fails alone."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import login
from webapp.extensions import db
from webapp.live import intake
from webapp.models import ApiToken, Application, ApplicationEvent, ApplicationSource, Role, User

from .test_live import _act, room  # noqa: F401  (the fixture)


def _tokens(app, make, n: int) -> list[tuple[int, str]]:
    seekers = [make.user(Role.SEEKER) for _ in range(n)]
    with app.app_context():
        for i, s in enumerate(seekers):
            db.session.add(ApiToken(user_id=s.id, token_hash=ApiToken.hash(f"burst-token-{i}")))
        db.session.commit()
    return [(s.id, f"burst-token-{i}") for i, s in enumerate(seekers)]


def test_a_burst_of_taps_is_written_in_groups(app, make, room):  # noqa: F811
    sid = room["session"].id
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    assert _act(staff, sid, "start").status_code == 200
    post_a, post_b = (room["posts"][f.id][0].id for f in room["firms"])
    seekers = _tokens(app, make, 24)
    # every seeker taps post A; every third taps it twice at once (a double tap); every fourth also taps B
    taps = [(token, post_a) for _, token in seekers]
    taps += [(token, post_a) for _, token in seekers[::3]]
    taps += [(token, post_b) for _, token in seekers[::4]]
    start = threading.Barrier(len(taps))
    answers: list[tuple[str, int, int, dict]] = []

    def tap(token: str, post_id: int) -> None:
        client = app.test_client()
        start.wait()
        response = client.post(
            f"/api/v1/live/{sid}/applications",
            json={"post_id": post_id},
            headers={"Authorization": f"Bearer {token}"},
        )
        answers.append((token, post_id, response.status_code, response.json))

    threads = [threading.Thread(target=tap, args=t) for t in taps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert len(answers) == len(taps)
    assert {status for *_, status, _ in answers} <= {200, 201}, answers
    by_pair: dict[tuple[str, int], list[tuple[int, dict]]] = {}
    for token, post_id, status, body in answers:
        by_pair.setdefault((token, post_id), []).append((status, body))
    for pair, got in by_pair.items():
        assert [s for s, _ in got].count(201) == 1, (pair, got)  # exactly one tap made it
        assert len({body["id"] for _, body in got}) == 1, (pair, got)  # the others answered with it
        assert all(body["source"] == "live" and body["post_id"] == pair[1] for _, body in got)
    with app.app_context():
        apps = db.session.scalars(db.select(Application).where(Application.live_session_id == sid)).all()
        events = db.session.scalars(db.select(ApplicationEvent)).all()
        writer = app.extensions["live_group_writer"]
    assert len(apps) == len(by_pair)
    assert len({(a.seeker_id, a.post_id) for a in apps}) == len(apps)
    assert all(a.source == ApplicationSource.LIVE and a.live_segment_id is not None for a in apps)
    assert sorted(e.application_id for e in events) == sorted(a.id for a in apps)  # one 已投递 each
    assert writer.groups < len(taps)  # taps that arrived together shared a transaction


def test_a_row_that_cannot_be_written_fails_alone(app, make, room):  # noqa: F811
    sid = room["session"].id
    post = room["posts"][room["firms"][0].id][0].id
    seekers = [make.user(Role.SEEKER) for _ in range(3)]
    with app.app_context():
        seeker_ids = [db.session.get(User, s.id).profile.id for s in seekers]
        writer = intake.GroupWriter(db.engine)
    segment = room["segments"][0]
    rows = [intake.LiveRow(i, post, s.id, sid, segment) for i, s in zip(seeker_ids, seekers, strict=True)]
    poison = intake.LiveRow(None, post, seekers[0].id, sid, room["segments"][0])  # type: ignore[arg-type]
    results: dict[int, object] = {}
    start = threading.Barrier(4)

    def submit(n: int, row: intake.LiveRow) -> None:
        start.wait()
        try:
            results[n] = writer.submit(row)
        except Exception as exc:
            results[n] = exc

    threads = [threading.Thread(target=submit, args=(n, r)) for n, r in enumerate([*rows, poison])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert isinstance(results[3], Exception)
    assert all(isinstance(results[n], intake.Written) and results[n].created for n in range(3))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 3


@pytest.mark.parametrize("consented", [False, True])
def test_a_tap_on_a_closed_post_is_refused_by_the_ordinary_apply(app, make, room, consented):  # noqa: F811
    """A post closed in another process is still in this process's room state for up to a second: the
    ordinary apply (not the group writer) then says it is closed."""
    sid = room["session"].id
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    _act(staff, sid, "start")
    post = room["posts"][room["firms"][0].id][1].id
    seeker = make.user(Role.SEEKER, **({} if consented else {"consent_at": None}))
    client = app.test_client()
    login(client, seeker.account)
    with app.app_context():
        from webapp.live.rooms import apply_target
        from webapp.models import JobPost, PostStatus

        assert post in apply_target(sid).open_posts
        db.session.get(JobPost, post).status = PostStatus.CLOSED
        db.session.commit()
    answer = client.post(f"/live/{sid}/apply", data={"post_id": post, "consent": "y"})
    assert answer.status_code == 422 and "停止招聘" in answer.json["message"]
