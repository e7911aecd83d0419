"""个人信息保护法: a seeker can take a copy of their data and delete it, from the database and every index."""

import json

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, index_now, login
from webapp.extensions import db
from webapp.models import Application, AuditLog, Role, SavedSearch, SeekerProfile, User
from webapp.services.search_index import gateway


def test_export_then_delete_everything(app, make, login_as):
    post = make.post(title="数据分析师")
    seeker = make.user(Role.SEEKER, name="隐私测试人")
    client = login_as(seeker)
    client.post("/api/v1/applications", json={"post_id": post.id})
    client.post("/me/searches", data={"query": "q=数据分析"})
    index_now(app)

    exported = client.get("/me/data")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(exported.data)
    assert data["profile"]["phone"] == seeker.account
    assert [a["post"] for a in data["applications"]] == ["数据分析师"]
    assert data["saved_searches"][0]["query"]

    refused = client.post("/me/delete", data={"password": "wrong"}, follow_redirects=True)
    assert "密码不正确" in refused.text
    done = client.post("/me/delete", data={"password": PASSWORD}, follow_redirects=True)
    assert "账号及全部个人数据已删除" in done.text

    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(SeekerProfile) == 0 and count(Application) == 0 and count(SavedSearch) == 0
        assert db.session.scalar(select(User).where(User.account == seeker.account)) is None
        actions = set(db.session.scalars(select(AuditLog.action)))
        assert {"export_own_data", "delete_account"} <= actions
        assert db.session.scalar(select(func.count()).where(AuditLog.actor_id == seeker.id)) == 0
        # no index on the search server holds the person (name or phone) after the deletion
        gw = gateway(app)
        for index in gw.client.get_indexes({"limit": 1000})["results"]:
            for needle in ("隐私测试人", seeker.account):
                assert index.search(needle)["hits"] == [], index.uid
    assert login(app.test_client(), seeker.account).status_code == 200  # login page again: account gone


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.ORGANIZER])
def test_only_seekers_delete_here(app, make, login_as, role):
    client = login_as(make.user(role))
    assert client.post("/me/delete", data={"password": PASSWORD}).status_code == 403


def _person_references() -> set[tuple[str, str]]:
    return {
        (table.name, fk.parent.name)
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if (fk.column.table.name, fk.column.name) in {("users", "id"), ("seeker_profiles", "id")}
    }


def test_every_reference_to_a_person_has_a_rule(app):
    """A model that gains a key to a user or a résumé must say what deletion does with its rows."""
    from webapp.services.personal_data import REFERENCES

    assert _person_references() == set(REFERENCES)


def test_deleting_a_seeker_leaves_no_row_that_points_at_them(app, make, login_as):
    """The seeker has a row in every table that can name a person; after 注销 none points at them (on
    PostgreSQL a forgotten one fails the deletion with a foreign-key violation)."""
    from webapp.fairs.attendance import new_code
    from webapp.live.models import LiveMessage, LivePostView, LiveSession, LiveViewer
    from webapp.models import ApiToken, Complaint, FairRegistration, MatchFeedback, Notice
    from webapp.models.mixins import utcnow
    from webapp.subsidies.models import HireRecord, SubsidyClaim

    firm = make.enterprise()
    post = make.post(firm.id, title="数控车工")
    fair = make.fair()
    make.participation(fair.id, firm.id, [post.id])
    room = make.live_session(fair.id, [firm.id])
    seeker = make.user(Role.SEEKER, name="注销测试人")
    client = login_as(seeker)
    applied = client.post("/api/v1/applications", json={"post_id": post.id, "consent": True})
    assert applied.status_code == 201
    client.post("/me/searches", data={"query": "q=数控"})
    client.get("/me/data")  # an audit row with the seeker as actor
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        application = db.session.get(Application, applied.json["id"])
        hire = HireRecord(application_id=application.id, enterprise_id=firm.id, seeker_id=profile.id)
        db.session.add(hire)
        db.session.flush()
        claim = dict(rule_id="r", rule_version=1, title="补贴", beneficiary="个人")
        db.session.add_all(
            [
                SubsidyClaim(**claim, subject_key=f"seeker:{profile.id}", seeker_id=profile.id),
                SubsidyClaim(**claim, subject_key=f"hire:{hire.id}", hire_id=hire.id),
                ApiToken(user_id=seeker.id, token_hash=ApiToken.hash("t" * 32)),
                Notice(user_id=seeker.id, title="通知"),
                MatchFeedback(seeker_id=profile.id, post_id=post.id, kind="dismissed"),
                FairRegistration(fair_id=fair.id, seeker_id=profile.id, code=new_code()),
                LiveMessage(session_id=room.id, user_id=seeker.id, author="注**", text="有夜班吗"),
                LiveViewer(session_id=room.id, viewer_key=f"u{seeker.id}", user_id=seeker.id),
                LivePostView(session_id=room.id, post_id=post.id, viewer_key=f"u{seeker.id}"),
                Complaint(
                    complainant_id=seeker.id,
                    target_kind="post",
                    target_id=post.id,
                    reason="fee",
                    enterprise_id=firm.id,
                    detail="要交服装费",
                    due_at=utcnow(),
                ),
            ]
        )
        db.session.get(LiveSession, room.id).segments[0].presenter = "主播"
        db.session.commit()
        profile_id = profile.id
        tables_holding_them = {t for t, c in _person_references() if _pointing(t, c, seeker.id, profile_id)}
        assert len(tables_holding_them) >= 12  # the test reaches most of the person's tables
    done = client.post("/me/delete", data={"password": PASSWORD}, follow_redirects=True)
    assert "账号及全部个人数据已删除" in done.text
    with app.app_context():
        left = {(t, c) for t, c in _person_references() if _pointing(t, c, seeker.id, profile_id)}
        assert left == set()
        keys = (
            db.session.scalars(select(LiveViewer.viewer_key)).all()
            + db.session.scalars(select(LivePostView.viewer_key)).all()
        )
        assert keys and f"u{seeker.id}" not in keys and len(set(keys)) == 1  # counted, not named
        assert db.session.scalar(select(func.count()).select_from(FairRegistration)) == 0
        case = db.session.scalar(select(Complaint))  # the bureau's case stays, without the person
        assert case.detail == "要交服装费" and case.complainant_id is None


def _pointing(table: str, column: str, user_id: int, profile_id: int) -> int:
    target = db.metadata.tables[table]
    (fk,) = target.c[column].foreign_keys
    value = profile_id if fk.column.table.name == "seeker_profiles" else user_id
    return db.session.scalar(select(func.count()).select_from(target).where(target.c[column] == value))


def test_the_copy_of_ones_data_includes_fairs_questions_notices_and_complaints(app, make, login_as):
    from webapp.fairs.attendance import new_code
    from webapp.live.models import LiveMessage
    from webapp.models import FairRegistration, Notice

    fair = make.fair(title="春季专精特新招聘会")
    room = make.live_session(fair.id, [make.enterprise().id])
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        db.session.add_all(
            [
                FairRegistration(fair_id=fair.id, seeker_id=profile.id, code=new_code()),
                LiveMessage(session_id=room.id, user_id=seeker.id, author="张**", text="有宿舍吗"),
                Notice(user_id=seeker.id, title="直播开始了"),
            ]
        )
        db.session.commit()
    client = login_as(seeker)
    client.post(f"/report/live/{room.id}", data={"reason": "fake_pay", "detail": "主播说保录取"})
    data = json.loads(client.get("/me/data").data)
    assert [(c["detail"], c["status"]) for c in data["complaints"]] == [("主播说保录取", "待处理")]
    assert [r["fair"] for r in data["fair_registrations"]] == ["春季专精特新招聘会"]
    assert [q["text"] for q in data["live_questions"]] == ["有宿舍吗"]
    assert "直播开始了" in [n["title"] for n in data["notices"]]
