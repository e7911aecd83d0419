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
