"""Sign-in sessions end on the server: logout (a copied cookie too), a password change elsewhere, member
removal, idle and absolute timeouts, shorter for staff."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from tests.conftest import PASSWORD, login
from webapp.extensions import db
from webapp.models import Role, User


def _signed_in(client, path="/me/applications") -> bool:
    return client.get(path).status_code == 200


def _copy_cookies(app, source):
    copy = app.test_client()
    for cookie in source._cookies.values():
        copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return copy


def test_a_copied_cookie_stops_working_after_logout(app, make):
    seeker = make.user(Role.SEEKER)
    client = app.test_client()
    login(client, seeker.account)
    copy = _copy_cookies(app, client)
    assert _signed_in(copy)
    client.post("/logout")
    assert not _signed_in(copy)  # the same cookie, replayed after 退出
    assert copy.get("/me/applications").status_code == 302


def test_a_password_change_ends_the_other_devices(app, make):
    seeker = make.user(Role.SEEKER)
    phone, laptop = app.test_client(), app.test_client()
    login(phone, seeker.account)
    login(laptop, seeker.account)
    changed = laptop.post(
        "/account/password", data={"current": PASSWORD, "new": "n3w-Passw0rd!", "confirm": "n3w-Passw0rd!"}
    )
    assert changed.status_code == 302
    assert _signed_in(laptop) and not _signed_in(phone)


def test_a_removed_member_is_signed_out(app, make):
    owner = make.user(Role.ENTERPRISE)
    member = make.user(Role.ENTERPRISE, enterprise_id=owner.enterprise_id)
    with app.app_context():
        db.session.get(User, member.id).is_enterprise_owner = False
        db.session.commit()
    member_client, owner_client = app.test_client(), app.test_client()
    login(member_client, member.account)
    login(owner_client, owner.account)
    assert _signed_in(member_client, "/enterprise/")
    removed = owner_client.post(f"/enterprise/members/{member.id}/remove", follow_redirects=True)
    assert "成员已移除" in removed.text
    assert not _signed_in(member_client, "/enterprise/")


def test_idle_and_absolute_timeouts_are_shorter_for_staff(app, make):
    seeker, organizer = make.user(Role.SEEKER), make.user(Role.ORGANIZER)
    start = datetime(2026, 11, 30, 2, 0)
    with freeze_time(start) as clock:
        seeker_client, staff_client = app.test_client(), app.test_client()
        login(seeker_client, seeker.account)
        login(staff_client, organizer.account)
        clock.tick(timedelta(minutes=45))  # staff idle limit is 30 min, seekers' 2 h
        assert _signed_in(seeker_client)
        assert not _signed_in(staff_client, "/organizer/")
        for _ in range(8 * 24):  # active every hour: the absolute limit (7 days) still ends it
            clock.tick(timedelta(hours=1))
            if not _signed_in(seeker_client):
                break
        assert datetime.now() - start <= timedelta(days=7, hours=1)
        assert not _signed_in(seeker_client)
