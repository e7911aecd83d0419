"""Private pages on a shared computer: never cached, a stale form after 退出 leads back to its page, and a
résumé form with a field left out saves instead of failing."""

import pytest

from webapp.extensions import db
from webapp.models import Role, SeekerProfile

pytestmark = pytest.mark.meili


def test_pages_for_a_signed_in_user_are_not_stored(make, login_as, client):
    seeker = make.user(Role.SEEKER)
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")  # anonymous pages may be cached
    login_as(seeker)
    for path in ("/me/profile", "/me/applications", "/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Cookie" in response.headers["Vary"]


def test_apply_from_a_page_left_open_after_logout_returns_to_the_post(make, login_as, client):
    seeker = make.user(Role.SEEKER)
    post = make.post(title="自动化工程师")
    login_as(seeker)
    client.post("/logout")
    stale = client.post(
        f"/me/apply/{post.id}", data={"consent": "y"}, headers={"Referer": f"http://localhost/jobs/{post.id}"}
    )
    assert stale.status_code == 302 and "/login" in stale.location
    assert f"next=/jobs/{post.id}" in stale.location.replace("%2F", "/")
    login_page = client.get(stale.location)
    assert "登录已失效" in login_page.text
    back = client.post(stale.location, data={"account": seeker.account, "password": "correct-horse-9"})
    assert back.status_code == 302 and back.location.endswith(f"/jobs/{post.id}")
    assert client.get(back.location).status_code == 200  # the post again, not 不支持的请求方式


def test_a_form_from_another_site_is_not_a_way_back(make, client):
    post = make.post()
    stale = client.post(f"/me/apply/{post.id}", headers={"Referer": "https://evil.example/phish"})
    assert stale.status_code == 302 and "evil" not in stale.location


def test_resume_form_without_a_list_field_saves(app, make, login_as, client):
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.get(SeekerProfile, seeker.id) or db.session.scalar(
            db.select(SeekerProfile).where(SeekerProfile.phone == seeker.account)
        )
        profile.skills, profile.desired_titles = ["Python", "SQL"], ["数据分析师"]
        db.session.commit()
    login_as(seeker)
    form = {"name": "李同学", "phone": seeker.account, "education": "bachelor", "school": "天津大学"}
    response = client.post("/me/profile", data=form)  # skills, desired titles, experiences left out
    assert response.status_code == 302, response.text[:500]
    with app.app_context():
        saved = db.session.scalar(db.select(SeekerProfile).where(SeekerProfile.phone == seeker.account))
        assert saved.name == "李同学" and saved.school == "天津大学"
