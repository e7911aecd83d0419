"""Uploads as import jobs: stored outside ``static/``, checked (plan + dry run) for the preview, then written
by a background thread while the page shows progress."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import IO, Any

from flask import Flask, current_app
from sqlalchemy import select

from importers import ImportRefused
from importers.kinds import KINDS
from importers.safety import check_upload
from webapp.display import field_value
from webapp.extensions import db
from webapp.models import ImportJob, User
from webapp.services import NotFound, ServiceError, audit, imports

# Progress of running jobs in this process: job id → rows done (the page polls it).
PROGRESS: dict[int, int] = {}


def upload_dir() -> Path:
    path = Path(current_app.instance_path) / "uploads" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def create(actor: User, kind: str, filename: str, stream: IO[bytes], create_enterprises: bool) -> ImportJob:
    """Store the upload under the instance folder (never served) and check it."""
    if kind not in KINDS:
        raise ServiceError("请选择导入类型")
    suffix = Path(filename or "").suffix.lower()
    stored = upload_dir() / f"{uuid.uuid4().hex}{suffix if suffix in ('.xlsx', '.csv') else '.bin'}"
    stored.write_bytes(stream.read())
    try:
        check_upload(stored, filename)
    except ImportRefused as exc:
        stored.unlink(missing_ok=True)
        raise ServiceError(str(exc)) from None
    job = ImportJob(
        kind=kind,
        filename=Path(filename).name[:200],
        stored_path=str(stored),
        created_by_id=actor.id,
        options={"create_enterprises": create_enterprises, "merges": {}},
    )
    db.session.add(job)
    db.session.commit()
    check(job, actor)
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
    )
    return plan, outcome


def check(job: ImportJob, actor: User) -> dict[str, Any]:
    """Plan with the job's mapping corrections and dry-run the write: the preview's full report."""
    plan, outcome = _plan_and_apply(job, actor, dry_run=True)
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
    job.summary, job.total, job.status = summary, len(plan.rows), "planned"
    db.session.commit()
    return summary


def correct(
    job: ImportJob, actor: User, overrides: dict[str, str], merges: dict[str, str], create: bool
) -> None:
    if job.status not in ("planned", "failed"):
        raise ServiceError("该导入已执行，不能再修改")
    job.overrides = overrides
    job.options = {"create_enterprises": create, "merges": merges}
    db.session.commit()
    check(job, actor)


def start(app: Flask, job: ImportJob, actor: User) -> None:
    """Write the job in a background thread (the page polls ``PROGRESS``)."""
    if job.status != "planned":
        raise ServiceError("该导入已在执行或已完成")
    if job.summary.get("errors"):
        raise ServiceError("还有错误未解决，请修正后再导入")
    job.status, job.done = "running", 0
    db.session.commit()
    PROGRESS[job.id] = 0
    threading.Thread(target=_run, args=(app, job.id, actor.id), daemon=True).start()


def _run(app: Flask, job_id: int, actor_id: int) -> None:
    with app.app_context():
        job = db.session.get(ImportJob, job_id)
        actor = db.session.get(User, actor_id)

        def tick(n: int) -> None:
            PROGRESS[job_id] = PROGRESS.get(job_id, 0) + n

        try:
            # progress counts every row twice: once read and checked, once written
            _, outcome = _plan_and_apply(job, actor, dry_run=False, progress=tick)
            job = db.session.get(ImportJob, job_id)
            job.result = outcome.to_dict()
            job.status = "done" if outcome.written else "failed"
        except Exception as exc:  # the job page must say what happened, whatever it was
            db.session.rollback()
            job = db.session.get(ImportJob, job_id)
            job.status, job.result = "failed", {"error": f"{type(exc).__name__}: {exc}"[:500]}
            app.logger.exception("import job %s failed", job_id)
        job.done = PROGRESS.pop(job_id, 2 * job.total)
        db.session.commit()


def progress(job: ImportJob) -> tuple[int, int]:
    """(steps done, steps in all): each row is read and checked, then written."""
    return PROGRESS.get(job.id, job.done), 2 * job.total


def report(job: ImportJob, actor: User, ip: str = "") -> bytes:
    """The row-level report (.xlsx with 错误 and 提示 columns); audited, as it may hold personal data."""
    from webapp.exports import import_report_xlsx

    plan, outcome = _plan_and_apply(job, actor, dry_run=True)
    audit.record(actor, "export_import_report", "import_job", job.id, job.filename, ip)
    db.session.commit()
    return import_report_xlsx(plan, outcome.errors, outcome.warnings)
