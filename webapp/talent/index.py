"""The résumé index (``zone_resumes``): its settings, its creation, and sending résumés through the search
outbox (``search_sync.send_rows`` calls ``send_resumes`` for the outbox rows of index ``resumes``)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from search.gateway import SearchGateway
from search.settings import resumes_settings
from webapp.extensions import db
from webapp.models import SearchOutbox, SeekerProfile
from webapp.models.mixins import utcnow
from webapp.services.search_index import dictionary, embedder, synonyms
from webapp.talent.documents import resume_documents

RESUMES = "resumes"


def wanted_settings() -> dict:
    from search.dictionary import STOP_WORDS

    model = embedder()
    stop_words = STOP_WORDS if current_app.config.get("SEARCH_STOP_WORDS") else None
    return resumes_settings(model.dimensions if model else None, synonyms(), dictionary(), stop_words)


def ensure_resume_index(gw: SearchGateway) -> bool:
    """Create (or bring up to date) the résumé index; a new one is filled through the outbox."""
    created = gw.ensure_named_index(RESUMES, wanted_settings())
    gw.ready.add(RESUMES)
    if created:
        enqueue_all_resumes()
    return created


def enqueue_resumes(ids) -> None:
    """Outbox rows for these résumés, in the caller's transaction."""
    now = utcnow()
    if ids:
        db.session.execute(
            insert(SearchOutbox),
            [{"index": RESUMES, "entity_id": i, "created_at": now, "next_attempt_at": now} for i in ids],
        )


def enqueue_all_resumes() -> int:
    ids = db.session.scalars(select(SeekerProfile.id)).all()
    enqueue_resumes(ids)
    db.session.commit()
    return len(ids)


def send_resumes(gw: SearchGateway, profile_ids: set[int], chunk: int = 1000) -> tuple[list[int], int, int]:
    """Enqueue the current state of these résumés (without waiting): (tasks, upserted, deleted). A résumé
    that is gone, withdrawn from both consents or closed is deleted from the index."""
    if not profile_ids:
        return [], 0, 0
    if RESUMES not in gw.ready:  # never let an upsert create the index without its settings
        ensure_resume_index(gw)
    profiles = db.session.scalars(
        select(SeekerProfile).options(joinedload(SeekerProfile.user)).where(SeekerProfile.id.in_(profile_ids))
    ).all()
    documents = resume_documents(list(profiles))
    gone = profile_ids - {d["id"] for d in documents}
    tasks = [gw.upsert(RESUMES, documents[i : i + chunk]) for i in range(0, len(documents), chunk)]
    if gone:
        tasks.append(gw.delete(RESUMES, sorted(gone)))
    return tasks, len(documents), len(gone)
