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
