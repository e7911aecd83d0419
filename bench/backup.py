"""Backup and restore at scale, for the README's RPO / RTO: 100,000 posts from real text (bench/corpus.py),
500 firms and 20,000 seekers, hybrid search as shipped.

  (a) ``flask backup``'s service vs the database's own copy (SQLite's online backup API, or ``pg_dump -Fc``
      with --postgres) of the same database;
  (b) the restore into an empty instance: loading the rows vs the database's own restore (copying the SQLite
      file back, or ``pg_restore``), then rebuilding Meilisearch from the restored rows (the part a raw
      database restore does not do), and the drift ``flask search verify`` would report.

RTO = restore + search rebuild. RPO = the backup interval plus one backup's duration (hourly with the
systemd timer in deploy/).

Run: .venv/bin/python -m bench.backup [--posts 100000] [--seekers 20000] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert

from bench import corpus
from bench.common import scratch_database
from search.local_server import ensure_local
from webapp.extensions import db
from webapp.models import JobPost, Role, SeekerProfile, User


def _app(tmp: Path, url: str, server, prefix: str):
    from webapp import create_app
    from webapp.config import overrides_for_tests

    return create_app(
        overrides_for_tests(tmp)
        | {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": tmp / "instance",
            "MEILI_URL": server.url,
            "MEILI_MASTER_KEY": server.master_key,
            "MEILI_TIMEOUT": 10,
            "MEILI_INDEX_PREFIX": prefix,
        }
    )


def _populate(app, posts: int, seekers: int, shared: Path, rng: random.Random) -> None:
    from webapp.services import search_index

    text = corpus.load(shared)
    firms = corpus.insert_firms(db.session, rng)
    rows = corpus.post_rows(text, posts, firms, rng)
    for start in range(0, len(rows), 10_000):
        db.session.execute(insert(JobPost), rows[start : start + 10_000])
    hashed = User(account="x", display_name="x", role=Role.SEEKER)
    hashed.set_password("bench-password-1")
    db.session.execute(
        insert(User),
        [
            {
                "account": f"139{n:08d}",
                "display_name": f"求职者{n}",
                "password_hash": hashed.password_hash,
                "role": Role.SEEKER,
            }
            for n in range(seekers)
        ],
    )
    users = db.session.execute(db.select(User.id, User.account)).all()
    db.session.execute(
        insert(SeekerProfile),
        [{"user_id": i, "name": f"求职者{a[-4:]}", "phone": a, "school": "南京大学"} for i, a in users],
    )
    db.session.commit()
    app.config["OCCUPATIONS_CSV"] = str(shared / "occupations" / "csco22.csv")
    search_index.train_title_model([r["title"] for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seekers", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (TEST_POSTGRES_URL) not SQLite")
    args = parser.parse_args()
    shared = Path(os.environ.get("SHARED_DATA_DIR", corpus.DEFAULT_SHARED))
    if not (shared / "occupations").exists():
        print(f"skipped: real data not found in {shared}; set SHARED_DATA_DIR")
        return
    from webapp.services import backup

    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        server = ensure_local(tmp / "meili")
        source_url = scratch_database(tmp, args.postgres, "source")
        source = _app(tmp / "source", source_url, server, "bsrc_")
        with source.app_context():
            upgrade()
            t0 = time.perf_counter()
            _populate(source, args.posts, args.seekers, shared, random.Random(7))
            print(f"zone of {args.posts} posts written in {time.perf_counter() - t0:.1f} s")
            t0 = time.perf_counter()
            archive, manifest = backup.write_backup(source, tmp / "backups")
            ours_backup = time.perf_counter() - t0
            db.engine.dispose()
        size = archive.stat().st_size / 1e6

        t0 = time.perf_counter()
        if args.postgres:
            native = tmp / "native.dump"
            subprocess.run(
                ["pg_dump", "-Fc", "-f", str(native), source_url.replace("+psycopg", "")], check=True
            )
        else:
            native = tmp / "native.sqlite3"
            with (
                sqlite3.connect(source_url.removeprefix("sqlite:///")) as live,
                sqlite3.connect(native) as copy,
            ):
                live.backup(copy)
        raw_backup = time.perf_counter() - t0

        target_url = scratch_database(tmp, args.postgres, "target")
        target = _app(tmp / "target", target_url, server, "bdst_")
        with target.app_context():
            t0 = time.perf_counter()
            backup.restore_backup(target, archive)
            ours_restore = time.perf_counter() - t0
            t0 = time.perf_counter()
            drift = backup.rebuild_search()
            rebuild = time.perf_counter() - t0
            db.engine.dispose()

        t0 = time.perf_counter()
        if args.postgres:
            raw_url = scratch_database(tmp, True, "raw")
            subprocess.run(
                ["pg_restore", "--no-owner", "-d", raw_url.replace("+psycopg", ""), str(native)], check=True
            )
        else:
            shutil.copyfile(native, tmp / "raw.sqlite3")
        raw_restore = time.perf_counter() - t0
        server.stop()

    kind = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"\n{kind}, {manifest.rows} rows ({args.posts} posts), archive {size:.1f} MB (with the fitted models)"
    )
    ratio = ours_backup / raw_backup
    print(f"backup:  ours {ours_backup:.1f} s, native copy {raw_backup:.1f} s -> {ratio:.2f}x")
    print(
        f"restore: ours {ours_restore:.1f} s, native {raw_restore:.1f} s -> {ours_restore / raw_restore:.2f}x"
    )
    print(f"search rebuild from the restored rows: {rebuild:.1f} s, drift after: {drift}")
    print(f"RTO (restore + search rebuild): {ours_restore + rebuild:.1f} s")
    print(f"RPO with the hourly timer: 1 h + {ours_backup:.0f} s")


if __name__ == "__main__":
    main()
