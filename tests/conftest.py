"""Fixtures: a real Meilisearch per test session, a fresh SQLite app per test, factories."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from importers.identifiers import make_uscc
from search.local_server import MeiliServer, free_port, start
from search.provision import ProvisionError
from webapp import create_app
from webapp.config import overrides_for_tests
from webapp.extensions import db
from webapp.models import (
    Education,
    Enterprise,
    JobPost,
    PostStatus,
    Role,
    SeekerProfile,
    Tier,
    User,
    Verification,
)
from webapp.models.mixins import utcnow

PASSWORD = "correct-horse-9"


@pytest.fixture(scope="session")
def meili(tmp_path_factory) -> Iterator[MeiliServer]:
    """MEILI_URL when given, otherwise a throwaway local server on a free port."""
    if os.environ.get("MEILI_URL"):
        yield MeiliServer(os.environ["MEILI_URL"], os.environ.get("MEILI_MASTER_KEY", ""))
        return
    data = tmp_path_factory.mktemp("meili")
    try:
        server = start(data, secrets.token_urlsafe(24), port=free_port())
    except ProvisionError as exc:
        pytest.fail(f"no Meilisearch binary: run `make meili` ({exc})")
    yield server
    server.stop()


POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_databases: list[str] = []


def _database_url(tmp_path: Path) -> str:
    """SQLite by default; TEST_DATABASE=postgres: a fresh PostgreSQL database per app, dropped at the end."""
    if os.environ.get("TEST_DATABASE") != "postgres":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    import uuid

    import sqlalchemy as sa

    name = f"zone_t_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    _databases.append(name)
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases():
    yield
    if _databases:
        import sqlalchemy as sa

        admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in _databases:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


_apps: list = []


@pytest.fixture(autouse=True)
def _close_connections():
    """Close every pooled connection of the apps a test made (PostgreSQL warns about unclosed ones)."""
    yield
    while _apps:
        with _apps.pop().app_context():
            db.engine.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """TEST_REDIS_URL's server, emptied before and after; skipped when unreachable (failed under CI)."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis not reachable at {url}: {exc}")
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def title_embedder(tmp_path_factory) -> Path:
    """The shipped hybrid search needs a fitted title model: one small one per test session, fitted on the
    real 职业分类大典's names (as ``flask search init`` fits it, with both packaged encoders; no trained title
    classifier, which a fresh installation lacks too) and copied into every test app's instance."""
    from matching import title_model
    from matching.training import search_title_model
    from search.semantic import load_occupations
    from webapp.config import Config

    occupations_csv = Path(Config(tmp_path_factory.mktemp("cfg")).OCCUPATIONS_CSV)
    if not occupations_csv.is_file():
        pytest.fail(f"the 职业分类大典 is needed for hybrid search: {occupations_csv}")
    names = [o.name for o in load_occupations(occupations_csv)]
    model = search_title_model(names, [], lexical_features=64)
    return title_model.save(model, tmp_path_factory.mktemp("instance"))


@pytest.fixture(scope="session", autouse=True)
def _shipped_compliance_model(tmp_path_factory):
    """Posts are checked by the detector model ``make run`` fits (``flask compliance train``: the labelled
    phrases and half of the real job ads), once per session; without the real data, the bundled one."""
    from importers.compliance import use_model
    from matching.compliance_eval import train_shipped
    from webapp.config import Config

    shared = Path(Config(tmp_path_factory.mktemp("cfg")).SHARED_DATA_DIR)
    use_model(train_shipped(shared if (shared / "postings").is_dir() else None))
    yield
    use_model(None)


_embedder_file: Path | None = None


@pytest.fixture(scope="session", autouse=True)
def _shipped_embedder(title_embedder):
    global _embedder_file
    _embedder_file = title_embedder


def make_app(tmp_path: Path, meili: MeiliServer | None, **overrides):
    """A test app in the configuration ``make run`` ships (hybrid search on, with a trained embedder)."""
    import shutil

    config = overrides_for_tests(tmp_path)
    config["SQLALCHEMY_DATABASE_URI"] = _database_url(tmp_path)
    config["INSTANCE_PATH"] = tmp_path / "instance"
    if meili is not None:
        config["MEILI_URL"], config["MEILI_MASTER_KEY"] = meili.url, meili.master_key
    else:
        config["MEILI_URL"] = "http://127.0.0.1:9"  # nothing listens there: search is down
        config["MEILI_TIMEOUT"] = 0.5
    config.update(overrides)
    if _embedder_file is not None and config.get("SEARCH_HYBRID", True):
        models = Path(config["INSTANCE_PATH"]) / "models"
        models.mkdir(parents=True, exist_ok=True)
        shutil.copy(_embedder_file, models / _embedder_file.name)
    app = create_app(config)
    with app.app_context():
        db.create_all()
    _apps.append(app)
    return app


@pytest.fixture
def app(tmp_path, meili):
    app = make_app(tmp_path, meili)
    yield app
    from webapp.services.search_index import gateway

    gateway(app).drop("jobs")
    gateway(app).drop("enterprises")
    gateway(app).drop("resumes")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@dataclass
class Made:
    """Plain identifiers of created rows (ORM objects would be detached outside the context)."""

    id: int
    account: str = ""
    enterprise_id: int | None = None


class Factory:
    """Creates rows with sensible defaults; every call takes overrides."""

    def __init__(self, app) -> None:
        self.app = app
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        return self.n

    def enterprise(self, **kw) -> Made:
        n = self._next()
        with self.app.app_context():
            e = Enterprise(
                credit_code=make_uscc(f"91120104MA{n:07d}"),
                name=kw.pop("name", f"天津测试{n}科技有限公司"),
                tier=kw.pop("tier", Tier.SPECIALIZED),
                industry_code=kw.pop("industry_code", "C35"),
                adcode=kw.pop("adcode", "120104"),
                verification=kw.pop("verification", Verification.VERIFIED),
                **kw,
            )
            db.session.add(e)
            db.session.commit()
            return Made(e.id)

    def user(self, role: Role, enterprise_id: int | None = None, **kw) -> Made:
        n = self._next()
        with self.app.app_context():
            personal = role in (Role.SEEKER, Role.ENTERPRISE)
            account = kw.pop("account", f"139{n:08d}" if personal else f"staff{n}")
            user = User(account=account, display_name=kw.pop("name", f"用户{n}"), role=role)
            user.set_password(PASSWORD)
            if role == Role.SEEKER:
                # the minimum résumé a firm needs before one can apply (applications.missing_for_applying)
                user.profile = SeekerProfile(
                    name=f"求职者{n}",
                    phone=account,
                    resume_consent_at=kw.pop("consent_at", utcnow()),
                    education=kw.pop("education", Education.BACHELOR),
                    school=kw.pop("school", "天津理工大学"),
                )
            if role == Role.ENTERPRISE:
                user.enterprise_id = enterprise_id or self.enterprise().id
                user.is_enterprise_owner = True
            db.session.add(user)
            db.session.commit()
            return Made(user.id, account, user.enterprise_id)

    def post(self, enterprise_id: int | None = None, **kw) -> Made:
        n = self._next()
        with self.app.app_context():
            status = kw.pop("status", PostStatus.PUBLISHED)
            post = JobPost(
                enterprise_id=enterprise_id or self.enterprise().id,
                title=kw.pop("title", f"机械设计工程师{n}"),
                description=kw.pop("description", "负责非标自动化设备的机械结构设计与选型"),
                requirements=kw.pop("requirements", "机械相关专业，熟练使用SolidWorks"),
                adcode=kw.pop("adcode", "120104"),
                pay_min=kw.pop("pay_min", 8000),
                pay_max=kw.pop("pay_max", 12000),
                pay_months=kw.pop("pay_months", 13),
                valid_until=kw.pop("valid_until", date.today() + timedelta(days=30)),
                status=status,
                published_at=utcnow() if status == PostStatus.PUBLISHED else None,
                **kw,
            )
            db.session.add(post)
            db.session.commit()
            return Made(post.id)

    def fair(self, **kw) -> Made:
        """A published fair running from an hour ago for a week, sign-ups open."""
        from webapp.models import Fair, FairMode, FairStatus

        with self.app.app_context():
            fair = Fair(
                title=kw.pop("title", f"专精特新专场招聘会{self._next()}"),
                mode=kw.pop("mode", FairMode.HYBRID),
                status=kw.pop("status", FairStatus.PUBLISHED),
                venue=kw.pop("venue", "南开区人力资源市场"),
                starts_at=kw.pop("starts_at", utcnow() - timedelta(hours=1)),
                ends_at=kw.pop("ends_at", utcnow() + timedelta(days=7)),
                booth_count=kw.pop("booth_count", 10),
                **kw,
            )
            db.session.add(fair)
            db.session.commit()
            return Made(fair.id)

    def participation(self, fair_id: int, enterprise_id: int, post_ids: list[int], **kw) -> Made:
        from webapp.models import FairParticipation, FairPost, ParticipationStatus

        with self.app.app_context():
            p = FairParticipation(
                fair_id=fair_id,
                enterprise_id=enterprise_id,
                status=kw.pop("status", ParticipationStatus.APPROVED),
                **kw,
            )
            p.posts = [FairPost(post_id=i) for i in post_ids]
            db.session.add(p)
            db.session.commit()
            return Made(p.id)

    def live_session(self, fair_id: int, enterprise_ids: list[int], **kw) -> Made:
        from webapp.models import LiveSegment, LiveSession

        with self.app.app_context():
            session = LiveSession(
                fair_id=fair_id,
                title=kw.pop("title", "直播带岗第一场"),
                starts_at=kw.pop("starts_at", utcnow()),
                hls_url=kw.pop("hls_url", "https://live.example.com/a/index.m3u8"),
                **kw,
            )
            session.segments = [
                LiveSegment(enterprise_id=e, position=i) for i, e in enumerate(enterprise_ids, start=1)
            ]
            db.session.add(session)
            db.session.commit()
            return Made(session.id)


@pytest.fixture
def make(app) -> Factory:
    return Factory(app)


def login(client, account: str, password: str = PASSWORD):
    return client.post("/login", data={"account": account, "password": password})


def sms_code(client, path: str, phone: str) -> str:
    """Press 获取验证码 on the form at ``path`` and read the code the demo shows instead of sending it."""
    import re

    page = client.post(path, data={"phone": phone, "send_code": "1"}).text
    found = re.search(r"验证码 (\d{6})", page)
    assert found, page
    return found.group(1)


def register(client, path: str, data: dict):
    """Submit a registration form as a person does: a code for the phone first, then the form."""
    return client.post(path, data={**data, "code": sms_code(client, path, data["phone"])})


@pytest.fixture
def login_as(client):
    def _login(made: Made):
        response = login(client, made.account)
        assert response.status_code == 302, response.text
        return client

    return _login


def index_now(app) -> None:
    """Create the index and drain the outbox synchronously (tests only)."""
    from webapp.services.search_index import ensure_index, gateway
    from webapp.services.search_outbox import drain

    with app.app_context():
        gw = gateway(app)
        ensure_index(gw)
        result = drain(gw)
        assert not result.failed, result.error
