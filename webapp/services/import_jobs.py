"""Uploads as import jobs: stored outside ``static/``, refused at once when hostile, then checked (plan and
dry run) and later written by background threads while the page shows progress.

A job's state: ``checking`` → ``planned`` (the preview) or ``refused`` → ``running`` → ``done`` / ``failed``.
Progress is a small JSON file beside the upload, so every worker process serving the page sees it.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from flask import Flask, current_app
from sqlalchemy import select

from importers import ImportRefused
from importers.kinds import KINDS
from importers.safety import inspect_upload
from webapp.display import field_value
from webapp.extensions import db
from webapp.models import ImportJob, User
from webapp.services import NotFound, ServiceError, audit, imports

BUSY = ("checking", "running")
STALLED_AFTER = 15 * 60  # seconds without progress: the process that ran the job is gone


def upload_dir() -> Path:
    path = Path(current_app.instance_path) / "uploads" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Progress:
    """Rows done in a job's current phase, kept in ``<upload>.progress`` (rewritten at most every 0.2 s)."""

    def __init__(self, job: ImportJob, phase: str, total: int) -> None:
        self.path = Path(job.stored_path + ".progress")
        self.phase, self.total, self.done, self._saved = phase, total, 0, 0.0
        self._save()

    def __call__(self, n: int) -> None:
        self.done += n
        if time.monotonic() - self._saved > 0.2:
            self._save()

    def _save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"phase": self.phase, "done": self.done, "total": self.total}))
        os.replace(tmp, self.path)
        self._saved = time.monotonic()


def create(
    app: Flask, actor: User, kind: str, filename: str, stream: IO[bytes], create_enterprises: bool
) -> ImportJob:
    """Store the upload under the instance folder (never served), refuse it at once if it is unsafe (then
    nothing is kept: no job, no file), and check it in the background."""
    if kind not in KINDS:
        raise ServiceError("请选择导入类型")
    suffix = Path(filename or "").suffix.lower()
    stored = upload_dir() / f"{uuid.uuid4().hex}{suffix if suffix in ('.xlsx', '.csv') else '.bin'}"
    try:
        stored.write_bytes(stream.read())
        upload = inspect_upload(stored, filename)
    except ImportRefused as exc:
        stored.unlink(missing_ok=True)
        raise ServiceError(str(exc)) from None
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    job = ImportJob(
        kind=kind,
        filename=Path(filename).name[:200],
        stored_path=str(stored),
        created_by_id=actor.id,
        status="checking",
        total=upload.rows,
        options={"create_enterprises": create_enterprises, "merges": {}},
    )
    db.session.add(job)
    db.session.commit()
    _in_background(app, _check_job, job.id, actor.id)
    return job


def get(job_id: int) -> ImportJob:
    job = db.session.get(ImportJob, job_id)
    if job is None:
        raise NotFound("导入任务不存在")
    return job


def recent(limit: int = 20) -> list[ImportJob]:
    return list(db.session.scalars(select(ImportJob).order_by(ImportJob.id.desc()).limit(limit)))


def _plan_and_apply(job: ImportJob, actor: User, dry_run: bool, progress=None):
    """The job's file planned with its mapping corrections, then written (or dry-run) with its options."""
    plan = imports.plan(
        Path(job.stored_path), job.kind, job.filename, job.overrides or None, progress=progress
    )
    outcome = imports.apply(
        plan,
        actor,
        dry_run=dry_run,
        create_enterprises=bool(job.options.get("create_enterprises")),
        merges=job.options.get("merges") or {},
        progress=progress,
        only_valid=bool(job.options.get("only_valid")),
    )
    return plan, outcome


Work = Callable[[ImportJob, User], None]


def _in_background(app: Flask, work: Work, job_id: int, actor_id: int) -> None:
    threading.Thread(target=_guarded, args=(app, work, job_id, actor_id), daemon=True).start()


def _guarded(app: Flask, work: Work, job_id: int, actor_id: int) -> None:
    """``work(job, actor)`` in its own app context. Whatever happens the job ends in a state the page can
    explain, and a file refused half-way is deleted."""
    with app.app_context():
        try:
            work(db.session.get(ImportJob, job_id), db.session.get(User, actor_id))
        except ImportRefused as exc:
            db.session.rollback()
            job = db.session.get(ImportJob, job_id)
            Path(job.stored_path).unlink(missing_ok=True)
            job.status, job.result = "refused", {"error": str(exc)}
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            app.logger.exception("import job %s failed", job_id)
            job = db.session.get(ImportJob, job_id)
            job.status, job.result = "failed", {"error": f"{type(exc).__name__}: {exc}"[:500]}
            db.session.commit()
        finally:
            Path(db.session.get(ImportJob, job_id).stored_path + ".progress").unlink(missing_ok=True)
            db.session.remove()


def _check_job(job: ImportJob, actor: User) -> None:
    check(job, actor, Progress(job, "check", 2 * job.total))


def check(job: ImportJob, actor: User, progress: Progress | None = None) -> dict[str, Any]:
    """Plan with the job's mapping corrections and dry-run the write: the preview's full report."""
    plan, outcome = _plan_and_apply(job, actor, dry_run=True, progress=progress)
    summary = imports.report(plan, outcome)
    summary["preview"] = [
        {
            "sheet": r.sheet,
            "row": r.row,
            "ok": r.ok,
            "record": {k: field_value(k, v) for k, v in r.record.items()},
        }
        for r in plan.rows[:8]
    ]
    job = db.session.get(ImportJob, job.id)  # the dry run rolled the session back
    job.summary, job.total, job.status, job.result = summary, len(plan.rows), "planned", {}
    db.session.commit()
    return summary


def correct(
    app: Flask, job: ImportJob, actor: User, overrides: dict[str, str], merges: dict[str, str], create: bool
) -> None:
    """The user's mapping corrections and merge decisions; the file is checked again in the background."""
    if job.status not in ("planned", "failed"):
        raise ServiceError("该导入正在校验或已执行，不能再修改")
    job.overrides = overrides
    job.options = {"create_enterprises": create, "merges": merges}
    job.status = "checking"
    db.session.commit()
    _in_background(app, _check_job, job.id, actor.id)


def start(app: Flask, job: ImportJob, actor: User, only_valid: bool = False) -> None:
    """Write the job in a background thread (the page polls its progress). All or nothing by default; with
    ``only_valid`` (the user's explicit choice) the rows without errors, the others left to fix."""
    if job.status != "planned":
        raise ServiceError("该导入正在校验、执行或已完成")
    if job.summary.get("errors") and not only_valid:
        raise ServiceError("还有错误未解决，请修正后再导入")
    if only_valid and not job.summary.get("valid"):
        raise ServiceError("没有可导入的行")
    job.options = {**job.options, "only_valid": only_valid}
    job.status, job.done = "running", 0
    db.session.commit()
    _in_background(app, _write_job, job.id, actor.id)


def _write_job(job: ImportJob, actor: User) -> None:
    # progress counts every row twice: once read and checked, once written
    _, outcome = _plan_and_apply(job, actor, dry_run=False, progress=Progress(job, "write", 2 * job.total))
    job = db.session.get(ImportJob, job.id)
    job.result = outcome.to_dict()
    job.status = "done" if outcome.written else "failed"
    job.done = 2 * job.total
    db.session.commit()


def progress(job: ImportJob) -> dict[str, Any]:
    """The phase ("check" or "write"), steps done and in all, and whether a busy job has stalled."""
    path = Path(job.stored_path + ".progress")
    state: dict[str, Any] = {
        "phase": "check" if job.status == "checking" else "write",
        "done": job.done,
        "total": 2 * job.total,
    }
    age = 0.0
    try:
        state |= json.loads(path.read_text())
        age = time.time() - path.stat().st_mtime
    except (OSError, ValueError):
        pass
    state["stalled"] = job.status in BUSY and age > STALLED_AFTER
    return state


def report(job: ImportJob, actor: User, ip: str = "", only_errors: bool = False) -> bytes:
    """The row-level report (.xlsx with 错误 and 提示 columns), or with ``only_errors`` just the rows to fix
    (corrected, it imports again: its 错误/提示 columns are ignored); audited: it may hold personal data."""
    from webapp.exports import import_report_xlsx

    if job.status in ("checking", "refused"):
        raise ServiceError("该导入还没有可下载的报告")
    plan, outcome = _plan_and_apply(job, actor, dry_run=True)
    action = "export_import_errors" if only_errors else "export_import_report"
    audit.record(actor, action, "import_job", job.id, job.filename, ip)
    db.session.commit()
    return import_report_xlsx(plan, outcome.errors, outcome.warnings, only_errors=only_errors)
