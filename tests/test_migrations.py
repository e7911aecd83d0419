"""Alembic builds the schema from an empty database, and it matches the models exactly."""

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from webapp import create_app
from webapp.config import overrides_for_tests
from webapp.extensions import db

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def upgrade_and_compare(url: str, tmp_path) -> list:
    config = overrides_for_tests(tmp_path) | {
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": tmp_path / "instance",
    }
    app = create_app(config)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        downgrade(revision="base")
        with db.engine.connect() as conn:
            left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        upgrade()
        db.engine.dispose()
    assert {"users", "enterprises", "job_posts", "applications", "search_outbox"} <= tables
    assert left == set()
    return diff


def test_sqlite_migrations_match_models(tmp_path):
    assert upgrade_and_compare(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path) == []


@pytest.mark.postgres
def test_postgres_migrations_match_models(tmp_path):
    try:
        admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = f"zone_test_{uuid.uuid4().hex[:8]}"
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    try:
        url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        assert upgrade_and_compare(url, tmp_path) == []
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _origins_survive_a_downgrade_and_upgrade(url: str, tmp_path) -> None:
    """0011 turns fair:<id> / live:<session>:<segment> text into columns; back to 0010 and forward again, each
    application keeps where it came from (a partner's label stays a label)."""
    from tests.conftest import Factory
    from webapp.models import Application, ApplicationSource, LiveSession, Role, User

    config = overrides_for_tests(tmp_path) | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": tmp_path / "i"}
    app = create_app(config)
    with app.app_context():
        upgrade()
    make = Factory(app)
    firm = make.enterprise()
    posts = [make.post(firm.id).id for _ in range(3)]
    fair = make.fair()
    make.participation(fair.id, firm.id, posts)
    room = make.live_session(fair.id, [firm.id])
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        segment = db.session.get(LiveSession, room.id).segments[0].id
        profile = db.session.get(User, seeker.id).profile.id
        db.session.add_all(
            [
                Application(
                    seeker_id=profile, post_id=posts[0], source=ApplicationSource.FAIR, fair_id=fair.id
                ),
                Application(
                    seeker_id=profile,
                    post_id=posts[1],
                    source=ApplicationSource.LIVE,
                    live_session_id=room.id,
                    live_segment_id=segment,
                ),
                Application(
                    seeker_id=profile, post_id=posts[2], source=ApplicationSource.API, source_note="校园号"
                ),
            ]
        )
        db.session.commit()
        db.session.remove()
        downgrade(revision="0010_outbox_parking")
        with db.engine.connect() as conn:
            old = dict(conn.execute(sa.text("SELECT post_id, source_ref FROM applications")).all())
        assert old == {posts[0]: f"fair:{fair.id}", posts[1]: f"live:{room.id}:{segment}", posts[2]: "校园号"}
        upgrade()
        rows = {a.post_id: a for a in db.session.scalars(sa.select(Application))}
        assert (rows[posts[0]].fair_id, rows[posts[0]].source_note) == (fair.id, "")
        assert (rows[posts[1]].live_session_id, rows[posts[1]].live_segment_id) == (room.id, segment)
        assert rows[posts[2]].source_note == "校园号" and rows[posts[2]].fair_id is None
        assert [rows[p].source_ref for p in posts] == [old[p] for p in posts]
        db.session.remove()
        db.engine.dispose()


def test_sqlite_migration_turns_application_sources_into_columns(tmp_path):
    _origins_survive_a_downgrade_and_upgrade(f"sqlite:///{tmp_path / 'o.sqlite3'}", tmp_path)


@pytest.mark.postgres
def test_postgres_migration_turns_application_sources_into_columns(tmp_path):
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"zone_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    try:
        _origins_survive_a_downgrade_and_upgrade(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", tmp_path)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
