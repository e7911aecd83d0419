from __future__ import annotations

from webapp.extensions import db
from webapp.models import AuditLog, User


def record(
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    detail: str = "",
    ip: str = "",
) -> AuditLog:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditLog(
        actor_id=actor.id if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail[:2000],
        ip=ip[:45],
    )
    db.session.add(entry)
    return entry
