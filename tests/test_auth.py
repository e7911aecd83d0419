import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, login, make_app, register
from webapp.extensions import db
from webapp.models import Enterprise, Role, User, Verification


def test_seeker_registers_logs_in_and_password_is_hashed(app, client):
    response = register(
        client,
        "/register",
        {"name": "李同学", "phone": "13612345678", "password": "s3cret-pass", "confirm": "s3cret-pass"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/me/profile")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.account == "13612345678"))
        assert user.role == Role.SEEKER and user.profile.name == "李同学"
        assert "s3cret-pass" not in user.password_hash and user.check_password("s3cret-pass")
    client.post("/logout")
    assert login(client, "13612345678", "s3cret-pass").status_code == 302


def test_wrong_password_is_refused_in_chinese(client, make):
    seeker = make.user(Role.SEEKER)
    response = login(client, seeker.account, "wrong-password")
    assert response.status_code == 200
    assert "账号或密码不正确" in response.text


def test_enterprise_registration_creates_a_pending_enterprise(app, client):
    response = register(
        client,
        "/register/enterprise",
        {
            "enterprise_name": "天津示例精密机械有限公司",
            "credit_code": "914403001922038216",
            "name": "赵经理",
            "phone": "13712345678",
            "password": "s3cret-pass",
            "confirm": "s3cret-pass",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.account == "13712345678"))
        assert user.role == Role.ENTERPRISE and user.is_enterprise_owner
        assert user.enterprise.verification == Verification.PENDING


def test_invalid_credit_code_is_a_field_error(app, client):
    response = client.post(
        "/register/enterprise",
        data={
            "enterprise_name": "天津示例有限公司",
            "credit_code": "914403001922038217",
            "name": "赵经理",
            "phone": "13712345678",
            "password": "s3cret-pass",
            "confirm": "s3cret-pass",
        },
    )
    assert response.status_code == 200
    assert "校验位不正确" in response.text and 'aria-invalid="true"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Enterprise.id)) is None


def test_duplicate_credit_code_is_refused(client, make, app):
    with app.app_context():
        code = db.session.get(Enterprise, make.enterprise().id).credit_code
    response = register(
        client,
        "/register/enterprise",
        {
            "enterprise_name": "重复企业",
            "credit_code": code,
            "name": "钱经理",
            "phone": "13712345670",
            "password": "s3cret-pass",
            "confirm": "s3cret-pass",
        },
    )
    assert "已注册" in response.text


def test_open_redirect_is_ignored(client, make):
    seeker = make.user(Role.SEEKER)
    response = client.post(
        "/login?next=https://evil.example/x", data={"account": seeker.account, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/me/applications"


def test_login_is_rate_limited(tmp_path, meili):
    app = make_app(tmp_path, meili, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    codes = [login(client, "13900000000", "nope").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429
    assert "操作过于频繁" in client.post("/login", data={"account": "13900000000"}).text  # per account


def test_forms_need_a_csrf_token(tmp_path, meili):
    app = make_app(tmp_path, meili, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/register", data={"name": "x", "phone": "13612345678", "password": "12345678"})
    assert response.status_code == 400
    assert "页面已过期或表单无效" in response.text
    page = client.get("/login").text
    assert 'name="csrf_token"' in page


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    from webapp.config import Config

    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = Config(tmp_path)
    assert config.SESSION_COOKIE_SECURE and config.SESSION_COOKIE_HTTPONLY
    assert config.SESSION_COOKIE_SAMESITE == "Lax"
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_staff_accounts_come_from_the_cli(app, runner):
    result = runner.invoke(
        args=["users", "create", "bureau1", "--role", "organizer", "--password", "long-password-1"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.account == "bureau1")) == Role.ORGANIZER
    again = runner.invoke(args=["users", "create", "bureau1", "--role", "organizer", "--password", "x" * 9])
    assert again.exit_code != 0 and "已注册" in again.output


@pytest.mark.redis
def test_rate_limits_are_shared_through_redis(tmp_path, meili, redis_url):
    url = redis_url
    settings = {"RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "2 per minute", "RATELIMIT_STORAGE_URI": url}
    worker_a = make_app(tmp_path / "a", meili, **settings).test_client()
    worker_b = make_app(tmp_path / "b", meili, **settings).test_client()
    # two app instances (as two gunicorn workers would be) count against one budget
    assert login(worker_a, "13900000000", "nope").status_code == 200
    assert login(worker_b, "13900000000", "nope").status_code == 200
    assert login(worker_a, "13900000000", "nope").status_code == 429


def test_login_limits_count_per_account_and_address(tmp_path, meili):
    """One student hammering an account behind the campus NAT does not lock the campus out, and an attacker
    elsewhere does not use up the owner's attempts."""
    from tests.conftest import Factory

    app = make_app(tmp_path, meili, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    make = Factory(app)
    victim, classmate = make.user(Role.SEEKER), make.user(Role.SEEKER)
    campus = {"REMOTE_ADDR": "10.1.2.3"}
    attacker = app.test_client()
    for _ in range(3):
        attacker.post("/login", data={"account": victim.account, "password": "nope"}, environ_base=campus)
    blocked = attacker.post(
        "/login", data={"account": victim.account, "password": "nope"}, environ_base=campus
    )
    assert blocked.status_code == 429
    other = app.test_client().post(
        "/login", data={"account": classmate.account, "password": PASSWORD}, environ_base=campus
    )
    assert other.status_code == 302  # same address, another account
    owner = app.test_client().post(
        "/login",
        data={"account": victim.account, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert owner.status_code == 302  # the owner, elsewhere


def test_forwarded_addresses_count_only_behind_a_configured_proxy(tmp_path, meili):
    def attempts(app, forwarded):
        client = app.test_client()
        return [
            client.post(
                "/login",
                data={"account": "13900000000", "password": "nope"},
                headers={"X-Forwarded-For": ip},
                environ_base={"REMOTE_ADDR": "10.0.0.1"},  # the proxy
            ).status_code
            for ip in forwarded
        ]

    settings = {"RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "2 per minute"}
    spoofed = attempts(make_app(tmp_path / "a", meili, **settings), ["1.1.1.1", "2.2.2.2", "3.3.3.3"])
    assert spoofed[-1] == 429  # no proxy trusted: a made-up header does not buy fresh attempts
    proxied = make_app(tmp_path / "b", meili, PROXY_FIX_X_FOR=1, **settings)
    assert attempts(proxied, ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) == [200, 200, 200]  # three real clients
    assert attempts(proxied, ["1.1.1.1", "1.1.1.1"])[-1] == 429


@pytest.mark.parametrize(
    "password, reason",
    [
        ("12345678", "太常见"),
        ("woaini1314", "太常见"),
        ("qwertyuiop", "太常见"),
        ("13612345678", "手机号"),
        ("x13612345678", "手机号"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, password, reason):
    page = register(
        client,
        "/register",
        {"name": "李同学", "phone": "13612345678", "password": password, "confirm": password},
    )
    assert page.status_code == 200 and reason in page.text


def test_a_strong_password_is_accepted_and_login_timing_does_not_reveal_accounts(app, make):
    import time

    from webapp.services import accounts

    seeker = make.user(Role.SEEKER)
    with app.app_context():
        accounts.authenticate(seeker.account, "warm-up")

        def timed(account):
            t0 = time.perf_counter()
            for _ in range(5):
                assert accounts.authenticate(account, "wrong-password-1") is None
            return time.perf_counter() - t0

        known, unknown = timed(seeker.account), timed("13000000000")
    assert unknown > known * 0.5  # both hash a password (scrypt); an unknown account is not answered at once
