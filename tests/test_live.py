"""Live rooms: the console's rules, 边看边投 attribution, counters and funnel, the event stream, the API, and
the Redis broker shared by two app instances (as two gunicorn workers)."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import login, make_app
from webapp.extensions import db
from webapp.live import reports, rooms
from webapp.live.broker import LocalBroker, RedisBroker
from webapp.models import (
    Application,
    ApplicationSource,
    LiveMessage,
    LiveSession,
    LiveStatus,
    ParticipationStatus,
    PostStatus,
    QuestionStatus,
    Role,
)


@pytest.fixture
def room(app, make):
    """A published fair with two approved firms (two posts each) in a scheduled live room."""
    fair = make.fair(title="直播专场")
    firms = [make.enterprise(name=name) for name in ("甲智能装备有限公司", "乙精密机械有限公司")]
    posts = {f.id: [make.post(f.id, title=f"{i}号岗位{f.id}") for i in range(2)] for f in firms}
    for f in firms:
        make.participation(fair.id, f.id, [p.id for p in posts[f.id]])
    session = make.live_session(fair.id, [f.id for f in firms])
    with app.app_context():
        segments = [s.id for s in db.session.get(LiveSession, session.id).segments]
    return {"fair": fair, "firms": firms, "posts": posts, "session": session, "segments": segments}


def _act(client, session_id: int, action: str, **form):
    return client.post(
        f"/organizer/live/{session_id}/{action}", data=form, headers={"Accept": "application/json"}
    )


def test_console_runs_a_session(app, make, room, login_as):
    sid = room["session"].id
    firm_a, firm_b = room["firms"]
    client = login_as(make.user(Role.SPECIALIST))
    assert (
        _act(client, sid, "pin", post_id=room["posts"][firm_a.id][0].id).json["message"] == "直播未在进行中"
    )
    started = _act(client, sid, "start").json
    assert started["ok"] and started["state"]["status"] == "live"
    assert started["state"]["presenting"]["enterprise"] == "甲智能装备有限公司"  # the first segment goes on
    # only the presenting firm's published posts can be pinned
    refused = _act(client, sid, "pin", post_id=room["posts"][firm_b.id][0].id)
    assert refused.status_code == 422 and "只能置顶讲岗企业" in refused.json["message"]
    draft = make.post(firm_a.id, status=PostStatus.PENDING)
    assert _act(client, sid, "pin", post_id=draft.id).status_code == 422
    pinned = _act(client, sid, "pin", post_id=room["posts"][firm_a.id][1].id).json["state"]
    assert pinned["pinned_post"]["title"] == room_title(app, room["posts"][firm_a.id][1].id)
    version = pinned["version"]
    # switching the stage to firm B takes firm A's pinned post down and ends A's segment
    switched = _act(client, sid, "switch", segment_id=room["segments"][1]).json["state"]
    assert switched["pinned_post"] is None and switched["presenting"]["enterprise"] == "乙精密机械有限公司"
    assert switched["version"] > version and switched["schedule"][0]["done"] is True
    assert _act(client, sid, "announce", text="下一家企业 15:00 开讲").json["state"]["announcement"]
    bad_replay = _act(client, sid, "end", replay_url="javascript:alert(1)")
    assert bad_replay.status_code == 422
    ended = _act(client, sid, "end", replay_url="https://live.example.com/replay/1.m3u8").json["state"]
    assert ended["status"] == "ended" and ended["replay_url"].endswith("1.m3u8")


def room_title(app, post_id: int) -> str:
    from webapp.models import JobPost

    with app.app_context():
        return db.session.get(JobPost, post_id).title


def test_only_approved_firms_join_the_schedule(app, make, room, login_as):
    outsider = make.enterprise()
    pending = make.enterprise()
    make.participation(
        room["fair"].id, pending.id, [make.post(pending.id).id], status=ParticipationStatus.PENDING
    )
    client = login_as(make.user(Role.ORGANIZER))
    for firm in (outsider, pending):
        response = _act(client, room["session"].id, "add_segment", enterprise_id=firm.id, minutes=5)
        assert response.status_code == 422 and "已通过本场招聘会审核" in response.json["message"]


def test_live_apply_records_session_and_segment(app, make, room, login_as):
    sid = room["session"].id
    firm_a, firm_b = room["firms"]
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    seeker = make.user(Role.SEEKER, consent_at=None)
    viewer = login_as(seeker)
    post_a = room["posts"][firm_a.id][0].id
    not_live = viewer.post(f"/live/{sid}/apply", data={"post_id": post_a})
    assert not_live.status_code == 422 and "直播未在进行中" in not_live.json["message"]
    _act(staff, sid, "start")
    _act(staff, sid, "pin", post_id=post_a)
    consent = viewer.post(f"/live/{sid}/apply", data={"post_id": post_a})
    assert consent.status_code == 409 and consent.json["code"] == "consent_required"
    first = viewer.post(f"/live/{sid}/apply", data={"post_id": post_a, "consent": "y"})
    assert first.status_code == 201 and first.json["created"] is True
    repeat = viewer.post(f"/live/{sid}/apply", data={"post_id": post_a})
    assert repeat.status_code == 200 and repeat.json["created"] is False  # one tap twice: one application
    # a post of firm B applied to while A presents counts for B's segment
    post_b = room["posts"][firm_b.id][1].id
    assert viewer.post(f"/live/{sid}/apply", data={"post_id": post_b}).status_code == 201
    stranger = make.post()
    assert (
        "不在本场直播中" in viewer.post(f"/live/{sid}/apply", data={"post_id": stranger.id}).json["message"]
    )
    with app.app_context():
        refs = {a.post_id: (a.source, a.source_ref) for a in db.session.scalars(db.select(Application))}
        numbers = reports.counters(sid, online=0)
    seg_a, seg_b = room["segments"]
    assert refs == {
        post_a: (ApplicationSource.LIVE, f"live:{sid}:{seg_a}"),
        post_b: (ApplicationSource.LIVE, f"live:{sid}:{seg_b}"),
    }
    assert numbers["applications"] == 2
    assert numbers["per_segment"] == {str(seg_a): 1, str(seg_b): 1}
    assert numbers["per_post"] == {str(post_a): 1, str(post_b): 1}


def test_api_refuses_forged_live_source(app, make, room, login_as):
    client = login_as(make.user(Role.SEEKER))
    post = room["posts"][room["firms"][0].id][0].id
    response = client.post(
        "/api/v1/applications",
        json={"post_id": post, "source": "live", "source_ref": f"live:{room['session'].id}:1"},
    )
    assert response.status_code == 400 and "live" in response.json["message"]


def test_funnel_from_viewers_to_hires(app, make, room, login_as):
    sid = room["session"].id
    firm_a = room["firms"][0]
    owner = make.user(Role.ENTERPRISE, enterprise_id=firm_a.id)
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    _act(staff, sid, "start")
    post_a = room["posts"][firm_a.id][0].id
    _act(staff, sid, "pin", post_id=post_a)
    anonymous = app.test_client()
    anonymous.get(f"/live/{sid}")  # gets a viewer cookie
    ids = []
    for _ in range(3):
        c = app.test_client()
        login(c, make.user(Role.SEEKER).account)
        stream = c.get(f"/live/{sid}/events", buffered=False)
        next(iter(stream.response))  # opened the room
        stream.close()
        assert c.get(f"/live/{sid}/posts/{post_a}").status_code == 200  # tapped the card
        ids.append(c.post(f"/live/{sid}/apply", data={"post_id": post_a}).json["application_id"])
    anon_stream = anonymous.get(f"/live/{sid}/events", buffered=False)
    next(iter(anon_stream.response))
    anon_stream.close()
    boss = app.test_client()
    login(boss, owner.account)
    boss.post(f"/enterprise/applications/{ids[0]}/status", data={"status": "interview"})
    boss.post(f"/enterprise/applications/{ids[1]}/status", data={"status": "interview"})
    boss.post(f"/enterprise/applications/{ids[1]}/status", data={"status": "hired"})
    with app.app_context():
        funnel = reports.funnel(sid)
    assert funnel.steps() == [("观看人数", 4), ("查看岗位", 3), ("投递简历", 3), ("邀请面试", 2), ("录用", 1)]
    page = staff.get(f"/organizer/live/{sid}/report")
    assert page.status_code == 200 and "甲智能装备有限公司" in page.text


def test_event_stream_sends_state_then_changes(app, make, room):
    sid = room["session"].id
    viewer = app.test_client()
    stream = viewer.get(f"/live/{sid}/events", buffered=False)
    assert stream.mimetype == "text/event-stream" and stream.headers["Cache-Control"] == "no-cache"
    chunks = iter(stream.response)
    assert next(chunks).startswith(b"retry:")
    state = _event(next(chunks))
    assert state["type"] == "state" and state["state"]["status"] == "scheduled"
    assert _event(next(chunks))["type"] == "counters"
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    _act(staff, sid, "start")
    _act(staff, sid, "pin", post_id=room["posts"][room["firms"][0].id][0].id)
    seen = [_event(next(chunks)) for _ in range(2)]
    states = [e["state"] for e in seen if e["type"] == "state"]
    assert states[-1]["pinned_post"] is not None and states[-1]["version"] > states[0]["version"]
    assert all(time.time() - e["ts"] < 5 for e in seen)
    stream.close()
    with app.app_context():
        assert rooms.broker().local_subscribers(rooms.channel(sid)) == 0  # closed streams unsubscribe


def _event(chunk: bytes) -> dict:
    lines = dict(line.split(": ", 1) for line in chunk.decode().strip().split("\n"))
    return json.loads(lines["data"])


def test_questions_are_moderated_before_viewers_see_them(app, make, room, login_as):
    sid = room["session"].id
    asker = login_as(make.user(Role.SEEKER))
    assert asker.post(f"/live/{sid}/questions", data={"text": ""}).status_code == 422
    assert asker.post(f"/live/{sid}/questions", data={"text": "<b>是否包住宿？</b>"}).status_code == 201
    assert "是否包住宿" not in app.test_client().get(f"/live/{sid}").text
    with app.app_context():
        message = db.session.scalar(db.select(LiveMessage))
        assert message.status == QuestionStatus.PENDING and message.author.startswith("求")
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    _act(staff, sid, "moderate", message_id=message.id, do="answer", answer="提供员工宿舍")
    page = app.test_client().get(f"/live/{sid}").text
    assert "&lt;b&gt;是否包住宿？&lt;/b&gt;" in page and "提供员工宿舍" in page


def test_api_fair_and_live_state(app, make, room, client):
    sid, fair = room["session"].id, room["fair"]
    listed = client.get("/api/v1/fairs").json["items"]
    assert [f["title"] for f in listed] == ["直播专场"]
    detail = client.get(f"/api/v1/fairs/{fair.id}").json
    assert {e["name"] for e in detail["enterprises"]} == {"甲智能装备有限公司", "乙精密机械有限公司"}
    assert len(detail["enterprises"][0]["posts"]) == 2
    assert detail["live_sessions"][0]["schedule"][0]["enterprise"] == "甲智能装备有限公司"
    state = client.get(f"/api/v1/live/{sid}").json
    assert state["status"] == "scheduled" and state["counters"]["applications"] == 0
    assert client.get("/api/v1/live/999").status_code == 404
    doc = client.get("/api/v1/openapi.json").json
    assert {"/fairs", "/fairs/{id}", "/live/{id}", "/live/{id}/applications"} <= set(doc["paths"])


def test_api_live_application_with_a_token(app, make, room, runner):
    sid = room["session"].id
    seeker = make.user(Role.SEEKER)
    token = runner.invoke(args=["users", "token", seeker.account]).output.strip().split()[-1]
    staff = app.test_client()
    login(staff, make.user(Role.ORGANIZER).account)
    _act(staff, sid, "start")
    post = room["posts"][room["firms"][0].id][0].id
    response = app.test_client().post(
        f"/api/v1/live/{sid}/applications",
        json={"post_id": post},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201 and response.json["source"] == "live"


def test_unpublished_fair_hides_its_room(app, make):
    from webapp.models import FairStatus

    fair = make.fair(status=FairStatus.DRAFT)
    session = make.live_session(fair.id, [])
    client = app.test_client()
    assert client.get(f"/live/{session.id}").status_code == 404
    assert client.get(f"/live/{session.id}/events").status_code == 404
    assert client.get(f"/api/v1/live/{session.id}").status_code == 404


def test_session_start_needs_a_stream(app, make, room, login_as):
    with app.app_context():
        s = db.session.get(LiveSession, room["session"].id)
        s.hls_url = ""
        db.session.commit()
    client = login_as(make.user(Role.ORGANIZER))
    response = _act(client, room["session"].id, "start")
    assert "直播流地址" in response.json["message"]
    with app.app_context():
        assert db.session.get(LiveSession, room["session"].id).status == LiveStatus.SCHEDULED


# --- the broker ----------------------------------------------------------------------------------------


def test_local_broker_delivers_and_drops_the_oldest_for_slow_subscribers():
    hub = LocalBroker()
    fast, slow = hub.subscribe("live:1"), hub.subscribe("live:1")
    other = hub.subscribe("live:2")
    for i in range(100):
        hub.publish("live:1", {"type": "state", "n": i})
    assert [fast.get(0)["n"] for _ in range(64)] == list(range(36, 100))  # bounded: the newest 64 remain
    assert slow.get(0)["n"] == 36 and other.get(0) is None
    slow.close()
    assert hub.local_subscribers("live:1") == 1


def test_local_presence_expires(monkeypatch):
    import webapp.live.broker as broker_module

    hub = LocalBroker()
    hub.touch("live:1", "u1")
    hub.touch("live:1", "u2")
    hub.touch("live:1", "u1")
    assert hub.online("live:1") == 2
    now = time.time()
    monkeypatch.setattr(broker_module.time, "time", lambda: now + broker_module.PRESENCE_TTL + 1)
    assert hub.online("live:1") == 0


@pytest.mark.redis
def test_redis_broker_fans_out_across_app_instances(tmp_path, meili, redis_url):
    url = redis_url
    worker_a = make_app(tmp_path / "a", meili, REDIS_URL=url)
    worker_b = make_app(tmp_path / "b", meili, REDIS_URL=url)
    hub_a, hub_b = worker_a.extensions["live_broker"], worker_b.extensions["live_broker"]
    assert isinstance(hub_a, RedisBroker) and hub_a is not hub_b
    sub = hub_b.subscribe("live:7")
    hub_a.publish("live:7", {"type": "state", "state": {"version": 3}})
    event = sub.get(timeout=3)
    assert event is not None and event["state"]["version"] == 3 and time.time() - event["ts"] < 3
    hub_a.touch("live:7", "u1")
    hub_b.touch("live:7", "u2")
    assert hub_a.online("live:7") == 1  # worker B's heartbeats reach Redis with its next flush (each tick)
    hub_b.flush_presence()
    assert hub_a.online("live:7") == hub_b.online("live:7") == 2  # then one count across workers
    hub_b.leave("live:7", "u2")
    hub_b.flush_presence()
    assert hub_a.online("live:7") == 1
    sub.close()
    hub_a.close()
    hub_b.close()
