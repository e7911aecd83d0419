"""短信验证码 for registration and password reset, through a real HTTP SMS gateway: the pages never say which
numbers are registered; only the number's owner learns it (issue 22 item 5)."""

from __future__ import annotations

import json
import re
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select, update

from tests.conftest import PASSWORD, Factory, login, make_app
from webapp.extensions import db
from webapp.models import Role, User, VerificationCode
from webapp.models.mixins import utcnow


class Gateway:
    """An SMS platform on loopback that records what it was asked to send."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.messages.append({**json.loads(body), "auth": self.headers.get("Authorization")})
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"

    def to(self, phone: str, count: int = 1, wait: float = 5.0) -> list[str]:
        """The texts sent to ``phone`` once ``count`` have arrived (or after ``wait``)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            texts = [m["text"] for m in self.messages if m["to"] == phone]
            if len(texts) >= count:
                return texts
            time.sleep(0.02)
        return [m["text"] for m in self.messages if m["to"] == phone]


@pytest.fixture
def gateway():
    found = Gateway()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def sms_app(tmp_path, meili, gateway):
    return make_app(
        tmp_path,
        meili,
        VERIFICATION_CODES_ON_SCREEN=False,
        NOTIFY_SMS_URL=gateway.url,
        NOTIFY_SMS_TOKEN="gw-token",
    )


@pytest.fixture
def sms_make(sms_app) -> Factory:
    return Factory(sms_app)


def _messages(page: str) -> list[str]:
    """What the page tells its user (flashes and field errors), without the form's echo of the number."""
    return re.findall(r'class="(?:flash [a-z]+|error)"[^>]*>([^<]*)<', page)


def _unmasked(messages: list[str]) -> list[str]:
    return [re.sub(r"1\d\d\*{4}\d{4}", "#", m) for m in messages]


def _code(text: str) -> str:
    return re.search(r"验证码 (\d{6})", text).group(1)


def _ask(client, path: str, phone: str) -> list[str]:
    return _messages(client.post(path, data={"phone": phone, "send_code": "1"}).text)


SEEKER_FORM = {"name": "王同学", "password": "Lathe-Operator-7", "confirm": "Lathe-Operator-7"}


def test_registration_codes_do_not_tell_who_is_registered(sms_app, gateway, sms_make):
    taken = sms_make.user(Role.SEEKER, account="13811112222")
    client = sms_app.test_client()
    said_to_owner = _ask(client, "/register", taken.account)
    said_to_new = _ask(client, "/register", "13833334444")
    assert _unmasked(said_to_owner) == _unmasked(said_to_new)
    assert len(said_to_owner) == 1 and "验证码已发送" in said_to_owner[0]

    # Only the owner of the number learns it has an account, from the SMS; no code goes to it.
    (to_owner,) = gateway.to(taken.account)
    assert "已注册" in to_owner and not re.search(r"\d{6}", to_owner)
    (to_new,) = gateway.to("13833334444")
    assert "验证码" in to_new and gateway.messages[0]["auth"] == "Bearer gw-token"

    # Guessing a code for the registered number gets the same answer as any wrong code.
    guessed = client.post("/register", data={**SEEKER_FORM, "phone": taken.account, "code": "123456"})
    wrong = client.post("/register", data={**SEEKER_FORM, "phone": "13833334444", "code": "000000"})
    assert _messages(guessed.text) == _messages(wrong.text) == ["验证码不正确或已过期，请重新获取"]
    assert "已注册" not in guessed.text

    done = client.post("/register", data={**SEEKER_FORM, "phone": "13833334444", "code": _code(to_new)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/me/profile")
    with sms_app.app_context():
        assert db.session.scalar(select(User.role).where(User.account == "13833334444")) == Role.SEEKER


def test_a_code_is_used_once_and_locks_after_five_wrong_tries(sms_app, gateway):
    client = sms_app.test_client()
    _ask(client, "/register", "13855556666")
    code = _code(gateway.to("13855556666")[0])
    wrong = "111111" if code != "111111" else "222222"
    for _ in range(5):
        client.post("/register", data={**SEEKER_FORM, "phone": "13855556666", "code": wrong})
    locked = client.post("/register", data={**SEEKER_FORM, "phone": "13855556666", "code": code})
    assert locked.status_code == 200 and "验证码不正确或已过期" in locked.text

    with sms_app.app_context():  # a new code after the resend interval
        db.session.execute(update(VerificationCode).values(created_at=utcnow() - timedelta(minutes=2)))
        db.session.commit()
    _ask(client, "/register", "13855556666")
    code = _code(gateway.to("13855556666", count=2)[-1])
    first = client.post("/register", data={**SEEKER_FORM, "phone": "13855556666", "code": code})
    assert first.status_code == 302
    client.post("/logout")
    again = client.post(
        "/register", data={**SEEKER_FORM, "name": "冒名者", "phone": "13855556666", "code": code}
    )
    assert again.status_code == 200 and "验证码不正确或已过期" in again.text


def test_codes_expire_and_are_throttled_the_same_for_everyone(sms_app, gateway, sms_make):
    taken = sms_make.user(Role.SEEKER, account="13877778888")
    client = sms_app.test_client()
    for phone in (taken.account, "13899990000"):
        _ask(client, "/register", phone)
        assert _ask(client, "/register", phone) == ["获取验证码过于频繁，请60秒后再试"]
    code = _code(gateway.to("13899990000")[0])
    with sms_app.app_context():
        db.session.execute(update(VerificationCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    late = client.post("/register", data={**SEEKER_FORM, "phone": "13899990000", "code": code})
    assert "验证码不正确或已过期" in late.text


def test_password_reset_by_sms_ends_every_session(sms_app, gateway, sms_make):
    seeker = sms_make.user(Role.SEEKER, account="13812340001")
    other_device = sms_app.test_client()
    assert login(other_device, seeker.account).status_code == 302
    client = sms_app.test_client()
    said_to_owner = _ask(client, "/password/forgot", seeker.account)
    said_to_stranger = _ask(client, "/password/forgot", "13812340002")
    assert _unmasked(said_to_owner) == _unmasked(said_to_stranger)
    assert all(m.startswith("如该手机号已注册") for m in said_to_owner + said_to_stranger)
    (text,) = gateway.to(seeker.account)
    assert gateway.to("13812340002", wait=0.5) == []  # a number with no account gets nothing

    weak = client.post(
        "/password/forgot",
        data={"phone": seeker.account, "code": _code(text), "new": "12345678", "confirm": "12345678"},
    )
    assert "太常见" in weak.text  # the code stays usable for a better password
    new = "Spindle-Bearing-42"
    reset = client.post(
        "/password/forgot", data={"phone": seeker.account, "code": _code(text), "new": new, "confirm": new}
    )
    assert reset.status_code == 302 and reset.headers["Location"].endswith("/login")
    assert other_device.get("/me/applications").status_code == 302  # signed out everywhere
    assert login(client, seeker.account, PASSWORD).status_code == 200
    assert login(client, seeker.account, new).status_code == 302

    stranger = client.post(
        "/password/forgot", data={"phone": "13812340002", "code": "123456", "new": new, "confirm": new}
    )
    assert _messages(stranger.text) == ["验证码不正确或已过期，请重新获取"]


def test_a_failing_gateway_loses_nothing_but_the_message(sms_app, gateway, caplog):
    gateway.server.shutdown()
    gateway.server.server_close()
    client = sms_app.test_client()
    said = _ask(client, "/register", "13812340003")
    assert said and "验证码已发送" in said[0]  # the page answers at once; the failure is logged
    deadline = time.monotonic() + 5
    while "verification SMS" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "verification SMS to 138****0003 failed" in caplog.text


def test_without_a_gateway_production_says_codes_are_unavailable(tmp_path, meili):
    app = make_app(tmp_path, meili, VERIFICATION_CODES_ON_SCREEN=False, NOTIFY_SMS_URL="")
    said = _ask(app.test_client(), "/password/forgot", "13812340004")
    assert said == ["本站尚未开通短信验证码，请联系人社部门工作人员"]


def test_the_demo_shows_the_text_it_would_send(client, make):
    taken = make.user(Role.SEEKER, account="13812340005")
    shown = _ask(client, "/register", taken.account)
    assert any("演示环境未接短信网关" in m and "已注册" in m for m in shown)


def test_deleting_an_account_forgets_its_codes(app, client, make):
    seeker = make.user(Role.SEEKER, account="13812340006")
    _ask(client, "/password/forgot", seeker.account)
    with app.app_context():
        from webapp.services.personal_data import erase_seeker

        erase_seeker(db.session.get(User, seeker.id))
        db.session.commit()
        assert db.session.scalar(select(VerificationCode.id)) is None
