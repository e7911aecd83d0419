"""The restore drill: a zone backed up with ``flask backup`` comes back in an empty instance with ``flask
restore`` — rows, uploads, keys, passwords and search — and ``flask search verify`` finds no drift."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text, update

from tests.conftest import PASSWORD, Factory, login, make_app
from webapp.extensions import db
from webapp.models import Application, ApplicationSource, JobPost, LiveSession, Role, User
from webapp.services import backup


def migrated_app(tmp_path: Path, meili, **overrides):
    """An app whose schema Alembic built (a deployment's), not create_all's."""
    app = make_app(tmp_path, meili, **overrides)
    with app.app_context():
        db.drop_all()
        upgrade()
    return app


def empty_app(tmp_path: Path, meili, **overrides):
    """A new instance: an empty database (no tables at all) and an empty instance folder."""
    app = make_app(tmp_path, meili, **overrides)
    with app.app_context():
        db.drop_all()
    return app


def populate(app) -> dict:
    make = Factory(app)
    firm = make.enterprise()
    owner = make.user(Role.ENTERPRISE, enterprise_id=firm.id)
    seeker = make.user(Role.SEEKER)
    posts = [make.post(firm.id, title=f"数控车床操作工{i}") for i in range(3)]
    fair = make.fair()
    session = make.live_session(fair.id, [firm.id])
    with app.app_context():
        live = db.session.get(LiveSession, session.id)
        live.current_segment_id = live.segments[0].id  # live_sessions ↔ live_segments: a key cycle
        profile = db.session.get(User, seeker.id).profile
        db.session.add(
            Application(post_id=posts[0].id, seeker_id=profile.id, source=ApplicationSource.SEARCH)
        )
        db.session.commit()
    licence = Path(app.instance_path) / "uploads" / "documents" / str(firm.id) / "licence.pdf"
    licence.parent.mkdir(parents=True, exist_ok=True)
    licence.write_bytes(b"%PDF-1.4 licence " + os.urandom(64))
    return {"seeker": seeker, "owner": owner, "session": session, "licence": licence, "posts": posts}


def test_restore_drill_brings_everything_back_and_search_has_no_drift(tmp_path, meili):
    source = migrated_app(tmp_path / "source", meili)
    made = populate(source)
    with source.app_context():
        counts = backup.count_rows()
    archive_dir = tmp_path / "backups"
    result = source.test_cli_runner().invoke(args=["backup", "--to", str(archive_dir)])
    assert result.exit_code == 0, result.output
    (archive,) = archive_dir.glob("zone-backup-*.tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert {"manifest.json", "db/users.jsonl", "files/secret_key"} <= names
    assert f"files/uploads/documents/{made['owner'].enterprise_id}/licence.pdf" in names

    target = empty_app(tmp_path / "target", meili)
    restored = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    assert "drift 0" in restored.output

    with target.app_context():
        assert backup.count_rows() == counts  # the search outbox is not backed up: it is queued again
        live = db.session.get(LiveSession, made["session"].id)
        assert live.current_segment_id == live.segments[0].id
        assert db.session.scalar(select(Application.source)) == ApplicationSource.SEARCH
    copy = Path(target.instance_path) / made["licence"].relative_to(source.instance_path)
    assert copy.read_bytes() == made["licence"].read_bytes()
    assert (Path(target.instance_path) / "secret_key").read_text() == (
        Path(source.instance_path) / "secret_key"
    ).read_text()

    verify = target.test_cli_runner().invoke(args=["search", "verify", "--json"])
    assert json.loads(verify.output.strip().splitlines()[-1]) == {"missing": 0, "extra": 0, "stale": 0}
    client = target.test_client()
    assert login(client, made["seeker"].account, PASSWORD).status_code == 302  # the password hash came back
    found = client.get("/api/v1/jobs?q=数控车床操作工").get_json()
    assert {hit["id"] for hit in found["hits"]} == {p.id for p in made["posts"]}

    # New rows continue after the restored ids (PostgreSQL's sequences are set past them).
    after = Factory(target).post(made["owner"].enterprise_id, title="新岗位")
    assert after.id > max(p.id for p in made["posts"])

    again = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert again.exit_code != 0 and "not empty" in again.output, again.output


def test_a_damaged_or_foreign_archive_changes_nothing(tmp_path, meili):
    source = migrated_app(tmp_path / "source", meili)
    populate(source)
    with source.app_context():
        path, _ = backup.write_backup(source, tmp_path / "backups")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(path) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "db/seeker_profiles.jsonl":
                data = data.replace("求职者".encode(), "求职着".encode())  # one character of a name
            member.size = len(data)

            copy.addfile(member, io.BytesIO(data))
    target = empty_app(tmp_path / "target", meili)
    refused = target.test_cli_runner().invoke(args=["restore", str(damaged)])
    assert refused.exit_code != 0 and "db/seeker_profiles.jsonl is missing or damaged" in refused.output
    stranger = tmp_path / "photo.tar.gz"
    stranger.write_bytes(b"\x89PNG not a backup")
    refused = target.test_cli_runner().invoke(args=["restore", str(stranger)])
    assert refused.exit_code != 0 and "is not a zone backup" in refused.output
    with target.app_context():
        assert db.inspect(db.engine).get_table_names() == []  # nothing was created or loaded


@pytest.mark.skipif(os.environ.get("TEST_DATABASE") != "postgres", reason="moves a SQLite zone to PostgreSQL")
def test_a_sqlite_zone_moves_to_postgresql(tmp_path, meili):
    sqlite_url = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    source = migrated_app(tmp_path / "source", meili, SQLALCHEMY_DATABASE_URI=sqlite_url)
    made = populate(source)
    with source.app_context():
        counts = backup.count_rows()
        path, _ = backup.write_backup(source, tmp_path / "backups")
        db.session.execute(update(JobPost).values(headcount=JobPost.headcount))  # source still usable
    target = empty_app(tmp_path / "target", meili)
    assert target.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    restored = target.test_cli_runner().invoke(args=["restore", str(path)])
    assert restored.exit_code == 0, restored.output
    with target.app_context():
        assert backup.count_rows() == counts
        # the planner has statistics at once (a bulk-loaded table without them planned 10× slower queries)
        estimate = text("SELECT reltuples FROM pg_class WHERE relname = 'job_posts'")
        estimate = db.session.execute(estimate).scalar()
        assert estimate == counts["job_posts"] > 0  # ANALYZE read every row of a small table
    assert login(target.test_client(), made["owner"].account, PASSWORD).status_code == 302
