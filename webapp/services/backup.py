"""Backups and restores of a zone: the database, the uploaded files, the instance keys and the fitted models.

A backup is one ``.tar.gz``:

- ``manifest.json``: when (UTC, and 北京时间 for people), the Alembic revision, each table's row count and
  each member's sha256;
- ``db/<table>.jsonl``: every row of every table, read through the database's own schema (reflected, so a
  backup of an older release restores into a newer one), one JSON array per row;
- ``files/…``: ``instance/secret_key``, ``instance/uploads/`` (licences, import files) and
  ``instance/models/`` (the fitted matching models: restoring them is faster than fitting again).

The dump is logical, not ``pg_dump``'s: the same file restores into SQLite or PostgreSQL (a zone can move
from the default SQLite to PostgreSQL this way), and nothing but the app is needed on the machine.

Meilisearch holds derived data only: a restore drops the zone's indexes and rebuilds them from the restored
database, so ``flask search verify`` finds no drift afterwards.

A restore goes into an *empty* database (``flask db upgrade`` on a new one; the restore migrates it to the
backup's revision, loads the rows, then migrates to the code's head). It refuses a database with rows in it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.schema import sort_tables

from search.provision import sha256_of
from webapp import beijing
from webapp.extensions import db
from webapp.models.mixins import utcnow

FORMAT = 1
FILES = ("secret_key", "uploads", "models")  # under the instance folder
# Not backed up: Alembic's own table, and the search outbox (a queue of derived work; a restore queues
# everything again).
SKIP_TABLES = {"alembic_version", "search_outbox"}
BATCH = 2000

Progress = Callable[[int], None]


class BackupError(Exception):
    """The archive or the target cannot be used; the message says why (English: CLI and logs)."""


@dataclass
class Manifest:
    format: int
    created_at: str
    created_at_beijing: str
    revision: str
    dialect: str
    tables: dict[str, int]
    files: list[str]
    sha256: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _current_revision() -> str:
    with db.engine.connect() as conn:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def _reflect() -> list[sa.Table]:
    """The database's tables as it has them (not as the code's models say)."""
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    return [t for name, t in sorted(metadata.tables.items()) if name not in SKIP_TABLES]


def _encode(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"cannot back up a {type(value).__name__}")


def _decoder(column: sa.Column) -> Callable | None:
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat
    if isinstance(kind, sa.Date):
        return date.fromisoformat
    if isinstance(kind, sa.Time):
        return time.fromisoformat
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal
    return None


def count_rows() -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in _reflect()
        }


def write_backup(app: Flask, target: Path, progress: Progress | None = None) -> tuple[Path, Manifest]:
    """Write a backup archive into the folder ``target``; returns its path and manifest.

    The rows are read in one read transaction per table, in primary-key order; on PostgreSQL the whole
    dump runs in one REPEATABLE READ transaction, so it is a consistent snapshot while the site runs."""
    target.mkdir(parents=True, exist_ok=True)
    now = utcnow()
    stamp = beijing.to_local(now).strftime("%Y%m%d-%H%M%S")
    path = target / f"zone-backup-{stamp}.tar.gz"
    tables = _reflect()
    manifest = Manifest(
        format=FORMAT,
        created_at=now.isoformat() + "Z",
        created_at_beijing=beijing.to_local(now).strftime("%Y-%m-%d %H:%M:%S 北京时间"),
        revision=_current_revision(),
        dialect=db.engine.dialect.name,
        tables={},
        files=[],
    )
    instance = Path(app.instance_path)
    partial = path.with_suffix(".partial")
    with tarfile.open(partial, "w:gz", compresslevel=1) as archive:
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                for table in tables:
                    manifest.tables[table.name] = _dump_table(conn, table, archive, manifest, progress)
        for name in FILES:
            source = instance / name
            if source.exists():
                for file in sorted([source] if source.is_file() else source.rglob("*")):
                    if file.is_file():
                        member = f"files/{file.relative_to(instance).as_posix()}"
                        manifest.sha256[member] = sha256_of(file)
                        manifest.files.append(member)
                        archive.add(file, arcname=member, recursive=False)
        _add_bytes(
            archive, "manifest.json", json.dumps(vars(manifest), ensure_ascii=False, indent=1).encode()
        )
    partial.chmod(0o600)  # it holds everyone's personal data and the instance keys
    partial.rename(path)
    return path, manifest


def _dump_table(conn, table: sa.Table, archive, manifest: Manifest, progress: Progress | None) -> int:
    columns = [c.name for c in table.columns]
    order = list(table.primary_key.columns) or list(table.columns)
    rows = 0
    with tempfile.TemporaryFile() as buffer:
        digest = hashlib.sha256()

        def write(line: bytes) -> None:
            buffer.write(line)
            digest.update(line)

        write(json.dumps(columns).encode() + b"\n")
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
            sa.select(table).order_by(*order)
        )
        for chunk in result.partitions(BATCH):
            for row in chunk:
                write(json.dumps(list(row), default=_encode, ensure_ascii=False).encode() + b"\n")
            rows += len(chunk)
            if progress:
                progress(len(chunk))
        info = tarfile.TarInfo(f"db/{table.name}.jsonl")
        info.size, info.mtime = buffer.tell(), int(utcnow().timestamp())
        buffer.seek(0)
        archive.addfile(info, buffer)
        manifest.sha256[info.name] = digest.hexdigest()
    return rows


def _add_bytes(archive, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(utcnow().timestamp())
    archive.addfile(info, io.BytesIO(data))


def read_manifest(path: Path) -> Manifest:
    try:
        with tarfile.open(path, "r:gz") as archive:
            data = json.loads(archive.extractfile("manifest.json").read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{path} is not a zone backup: {exc}") from exc
    if data.get("format") != FORMAT:
        raise BackupError(f"backup format {data.get('format')} is not {FORMAT}")
    return Manifest(**data)


def restore_backup(app: Flask, path: Path, progress: Progress | None = None) -> Manifest:
    """Load a backup into this instance's empty database and instance folder, then bring the schema to the
    code's head. Checks every member's sha256 before changing anything."""
    from flask_migrate import upgrade

    manifest = read_manifest(path)
    with tempfile.TemporaryDirectory() as scratch:
        unpacked = Path(scratch)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(unpacked, filter="data")
        for member, expected in manifest.sha256.items():
            if not (unpacked / member).is_file() or sha256_of(unpacked / member) != expected:
                raise BackupError(f"{member} is missing or damaged in {path}")
        upgrade(revision=manifest.revision)
        occupied = {name: n for name, n in count_rows().items() if n}
        if occupied:
            raise BackupError(
                "the database is not empty ("
                + ", ".join(f"{k}: {v}" for k, v in sorted(occupied.items())[:5])
                + "): restore into a new database"
            )
        _load_rows(unpacked, manifest, progress)
        instance = Path(app.instance_path)
        for member in manifest.files:
            destination = instance / Path(member).relative_to("files")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(unpacked / member, destination)
            destination.chmod(0o600)
    upgrade()
    db.session.remove()
    return manifest


def _load_rows(folder: Path, manifest: Manifest, progress: Progress | None) -> None:
    """Insert every table's rows parents first, in one transaction. Foreign keys that form a cycle (a live
    session and its current segment) are loaded as NULL and set once both rows exist."""
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    tables = {t.name: t for t in metadata.tables.values() if t.name not in SKIP_TABLES}
    missing = set(manifest.tables) - set(tables)
    if missing:
        raise BackupError(f"tables in the backup but not in the database: {sorted(missing)}")
    # Parents first by the NOT NULL foreign keys (they can form no cycle); a nullable key to a table loaded
    # later, or to its own table, is loaded as NULL and set once every row exists.
    ordered = sort_tables(list(tables.values()), skip_fn=lambda fk: fk.parent.nullable)
    position = {t.name: i for i, t in enumerate(ordered)}
    deferred = {
        t.name: [
            fk.parent.name
            for fk in t.foreign_keys
            if fk.parent.nullable and position[fk.column.table.name] >= position[t.name]
        ]
        for t in ordered
    }
    later: list[tuple[sa.Table, list[str], list[dict]]] = []
    with db.engine.begin() as conn:
        for table in ordered:
            if table.name not in manifest.tables:
                continue
            held = deferred.get(table.name, [])
            kept: list[dict] = []
            for batch in _rows(folder / "db" / f"{table.name}.jsonl", table):
                if held:
                    kept += [{**{k: row[k] for k in held}, "_pk": _pk(table, row)} for row in batch]
                    batch = [{**row, **dict.fromkeys(held)} for row in batch]
                conn.execute(sa.insert(table), batch)
                if progress:
                    progress(len(batch))
            if held:
                later.append((table, held, kept))
        for table, held, kept in later:
            keys = list(table.primary_key.columns)
            for row in kept:
                if any(row[k] is not None for k in held):
                    where = [c == v for c, v in zip(keys, row["_pk"], strict=True)]
                    conn.execute(sa.update(table).where(*where).values({k: row[k] for k in held}))
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, tables.values())
            for table in tables.values():  # planner statistics now, not when autovacuum gets round to it
                conn.execute(sa.text(f'ANALYZE "{table.name}"'))


def _pk(table: sa.Table, row: dict) -> tuple:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _rows(path: Path, table: sa.Table):
    with path.open("rb") as handle:
        columns = json.loads(handle.readline())
        decoders = {name: _decoder(table.c[name]) for name in columns}
        batch: list[dict] = []
        for line in handle:
            values = json.loads(line)
            row = {}
            for name, value in zip(columns, values, strict=True):
                decode = decoders[name]
                row[name] = decode(value) if decode is not None and value is not None else value
            batch.append(row)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def _reset_sequences(conn, tables) -> None:
    """PostgreSQL: each serial id's sequence continues after the highest restored id."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence:
                conn.execute(
                    sa.text(
                        f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0)'
                        " + 1, false)"
                    ),
                    {"s": sequence},
                )


def rebuild_search() -> int:
    """Drop the zone's indexes and fill them again from the database; returns the drift left (0 when the
    index equals the database)."""
    from webapp.services import search_index, search_outbox, search_sync
    from webapp.talent.index import RESUMES, enqueue_all_resumes, ensure_resume_index

    gw = search_index.gateway()
    if gw is None:
        raise BackupError("Meilisearch is not configured")
    for name in (search_index.JOBS, search_index.ENTERPRISES, RESUMES):
        gw.drop(name)
    search_index.ensure_index(gw)
    search_sync.apply_settings(gw)
    ensure_resume_index(gw)
    search_sync.enqueue_all_posts()
    search_sync.enqueue_all_enterprises()
    enqueue_all_resumes()
    result = search_outbox.drain(gw)
    if result.failed:
        raise BackupError(f"search rebuild interrupted, the outbox will retry: {result.error}")
    return search_sync.find_drift(gw).total
