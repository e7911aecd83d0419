from datetime import date, timedelta

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import (
    Application,
    ApplicationStatus,
    AuditLog,
    PostStatus,
    Role,
    SeekerProfile,
    User,
)


def count_applications(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application))


def test_apply_twice_returns_the_existing_application(app, make, login_as):
    post = make.post()
    client = login_as(make.user(Role.SEEKER))
    first = client.post(f"/me/apply/{post.id}", follow_redirects=True)
    assert "投递成功" in first.text
    second = client.post(f"/me/apply/{post.id}", follow_redirects=True)
    assert "您已投递过该岗位" in second.text
    assert count_applications(app) == 1
    api = client.post("/api/v1/applications", json={"post_id": post.id})
    assert api.status_code == 200 and api.json["status"] == "submitted"
    assert count_applications(app) == 1


def test_api_apply_creates_then_answers_200(app, make, login_as):
    post = make.post()
    client = login_as(make.user(Role.SEEKER))
    created = client.post("/api/v1/applications", json={"post_id": post.id, "source": "recommendation"})
    assert created.status_code == 201
    assert created.json["source"] == "recommendation"
    assert [e["label"] for e in created.json["timeline"]] == ["已投递"]
    mine = client.get("/api/v1/me/applications").json["items"]
    assert [a["post_id"] for a in mine] == [post.id]


def test_applying_to_a_closed_post_says_so(app, make, login_as):
    closed = make.post(status=PostStatus.CLOSED)
    expired = make.post(valid_until=date.today() - timedelta(days=1))
    client = login_as(make.user(Role.SEEKER))
    page = client.post(f"/me/apply/{closed.id}", follow_redirects=True)
    assert "该岗位已停止招聘" in page.text
    api = client.post("/api/v1/applications", json={"post_id": expired.id})
    assert api.status_code == 409 and api.json["message"] == "该岗位已停止招聘"
    assert count_applications(app) == 0


def test_consent_is_asked_once_before_the_first_application(app, make, login_as):
    post, other = make.post(), make.post()
    seeker = make.user(Role.SEEKER, consent_at=None)
    client = login_as(seeker)
    assert "我同意将我的简历发送给该企业" in client.get(f"/jobs/{post.id}").text
    refused = client.post("/api/v1/applications", json={"post_id": post.id})
    assert refused.status_code == 400 and refused.json["error"] == "consent_required"
    assert client.post(f"/me/apply/{post.id}", data={"consent": "y"}).status_code == 302
    assert client.post("/api/v1/applications", json={"post_id": other.id}).status_code == 201
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        assert profile.resume_consent_at is not None


def test_enterprise_moves_an_application_and_the_seeker_sees_the_timeline(app, make, login_as):
    owner = make.user(Role.ENTERPRISE)
    post = make.post(owner.enterprise_id)
    seeker = make.user(Role.SEEKER)
    seeker_client = app.test_client()
    from tests.conftest import login

    login(seeker_client, seeker.account)
    application_id = seeker_client.post("/api/v1/applications", json={"post_id": post.id}).json["id"]

    client = login_as(owner)
    listing = client.get(f"/enterprise/posts/{post.id}/applications").text
    assert "****" in listing and seeker.account not in listing  # phone masked
    detail = client.get(f"/enterprise/applications/{application_id}")
    assert detail.status_code == 200 and seeker.account not in detail.text
    client.post(
        f"/enterprise/applications/{application_id}/status", data={"status": "interview", "note": "周三面试"}
    )
    bad = client.post(
        f"/enterprise/applications/{application_id}/status",
        data={"status": "submitted"},
        follow_redirects=True,
    )
    assert "不能从" in bad.text
    client.post(f"/enterprise/applications/{application_id}/status", data={"status": "hired"})

    timeline = seeker_client.get("/api/v1/me/applications").json["items"][0]["timeline"]
    assert [t["label"] for t in timeline] == ["已投递", "被查看", "邀面试", "录用"]
    assert timeline[2]["note"] == "周三面试"
    page = seeker_client.get("/me/applications").text
    assert "录用" in page and "周三面试" in page
    with app.app_context():
        views = db.session.scalars(select(AuditLog).where(AuditLog.action == "view_resume")).all()
        # opened directly once, and once more by following the redirect after the refused change
        assert len(views) == 2 and {v.actor_id for v in views} == {owner.id}


def test_other_enterprises_cannot_touch_the_application(app, make, login_as):
    post = make.post(make.user(Role.ENTERPRISE).enterprise_id)
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile_id = db.session.scalar(select(SeekerProfile.id).where(SeekerProfile.user_id == seeker.id))
        application = Application(seeker_id=profile_id, post_id=post.id)
        db.session.add(application)
        db.session.commit()
        application_id = application.id
    client = login_as(make.user(Role.ENTERPRISE))
    assert client.get(f"/enterprise/applications/{application_id}").status_code == 403
    assert client.get(f"/enterprise/posts/{post.id}/applications").status_code == 403
    assert client.post(f"/enterprise/posts/{post.id}/close").status_code == 403
    with app.app_context():
        assert db.session.get(Application, application_id).status == ApplicationStatus.SUBMITTED


def test_withdraw_only_before_the_enterprise_acts(app, make, login_as):
    post = make.post()
    client = login_as(make.user(Role.SEEKER))
    application_id = client.post("/api/v1/applications", json={"post_id": post.id}).json["id"]
    client.post(f"/me/applications/{application_id}/withdraw")
    with app.app_context():
        assert db.session.get(Application, application_id).status == ApplicationStatus.WITHDRAWN
    again = client.post(f"/me/applications/{application_id}/withdraw", follow_redirects=True)
    assert "不能撤回" in again.text


def test_non_seekers_cannot_apply(app, make, login_as):
    post = make.post()
    client = login_as(make.user(Role.ORGANIZER))
    assert client.post("/api/v1/applications", json={"post_id": post.id}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) >= 1
    assert count_applications(app) == 0
