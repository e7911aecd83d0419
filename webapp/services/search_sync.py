"""Keep the Meilisearch indexes in step with the database through a transactional outbox.

Every flush that touches a post (or an enterprise's searchable fields) writes outbox rows in the same
transaction. This module holds that hook, sends an entity's current state (documents from
``search_documents``), applies index settings (``search_index``) and compares the index with the database;
``search_outbox`` claims the rows, delivers them and retries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import event, insert, inspect, literal, select
from sqlalchemy.orm import Session, joinedload

from search.gateway import SearchGateway
from search.settings import ENTERPRISES_SETTINGS
from webapp.extensions import db
from webapp.models import (
    Application,
    Enterprise,
    Fair,
    FairParticipation,
    FairPost,
    JobPost,
    PostStatus,
    SearchOutbox,
    SeekerProfile,
    User,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.services.search_documents import (
    documents_for,
    enterprise_document,
    version_of,
)
from webapp.services.search_index import (
    ENTERPRISES,
    JOBS,
    ensure_index,
    wanted_settings,
)
from webapp.talent.index import RESUMES, ensure_resume_index, send_resumes

log = logging.getLogger(__name__)
ENTERPRISE_FIELDS = {"name", "tier", "industry_code", "verification"}  # shown in post documents
ENTERPRISE_INDEX_FIELDS = ENTERPRISE_FIELDS | {"adcode", "introduction"}


def ensure_enterprise_index(gw: SearchGateway) -> bool:
    """Create (or bring up to date) the enterprises index; a new one is filled through the outbox."""
    created = gw.ensure_named_index(ENTERPRISES, ENTERPRISES_SETTINGS)
    if created:
        enqueue_all_enterprises()
    return created


def enqueue_all_enterprises() -> int:
    ids = db.session.scalars(select(Enterprise.id)).all()
    now = utcnow()
    if ids:
        db.session.execute(
            insert(SearchOutbox),
            [{"index": ENTERPRISES, "entity_id": i, "created_at": now, "next_attempt_at": now} for i in ids],
        )
    db.session.commit()
    return len(ids)


# --- the outbox hook -------------------------------------------------------------------------


def _changed_post_ids(session: Session) -> tuple[set[int], set[int], set[int]]:
    """Posts changed in this flush, plus participations and fairs whose posts' fair facet may change."""
    ids: set[int] = set()
    participation_ids: set[int] = set()
    fair_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, JobPost) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, FairPost) and obj.post_id is not None:
            ids.add(obj.post_id)
        elif isinstance(obj, FairParticipation) and obj.id is not None and _changed(obj, {"status"}):
            participation_ids.add(obj.id)
        elif isinstance(obj, Fair) and obj.id is not None and _changed(obj, {"status", "title"}):
            fair_ids.add(obj.id)
    return ids, participation_ids, fair_ids


def _changed(obj, names: set[str]) -> bool:
    state = inspect(obj)
    return state.deleted or any(state.attrs[name].history.has_changes() for name in names)


def _after_flush(session: Session, _context) -> None:
    ids, participation_ids, fair_ids = _changed_post_ids(session)
    enterprise_ids = [
        obj.id for obj in session.dirty if isinstance(obj, Enterprise) and _searchable_fields_changed(obj)
    ]
    conn = session.connection()
    if enterprise_ids:
        ids.update(conn.scalars(select(JobPost.id).where(JobPost.enterprise_id.in_(enterprise_ids))))
    if participation_ids or fair_ids:
        ids.update(
            conn.scalars(
                select(FairPost.post_id)
                .join(FairParticipation, FairPost.participation_id == FairParticipation.id)
                .where(FairParticipation.id.in_(participation_ids) | FairParticipation.fair_id.in_(fair_ids))
            )
        )
    resume_ids = _changed_resume_ids(session)
    firm_ids = {obj.id for obj in session.new if isinstance(obj, Enterprise) and obj.id is not None}
    firm_ids |= {
        obj.id
        for obj in (*session.dirty, *session.deleted)
        if isinstance(obj, Enterprise) and obj.id is not None and _changed(obj, ENTERPRISE_INDEX_FIELDS)
    }
    now = utcnow()
    rows = [
        {"index": index, "entity_id": i, "created_at": now, "next_attempt_at": now}
        for index, entity_ids in ((JOBS, ids), (ENTERPRISES, firm_ids), (RESUMES, resume_ids))
        for i in entity_ids
    ]
    if rows:
        conn.execute(insert(SearchOutbox), rows)


def _changed_resume_ids(session: Session) -> set[int]:
    """Résumés whose document may change: edited, created or deleted résumés, accounts closed or reopened,
    and applications whose status moved (a hire makes the owner 已就业)."""
    ids: set[int] = set()
    user_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, SeekerProfile) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, User) and obj.id is not None and _changed(obj, {"is_active_account"}):
            user_ids.add(obj.id)
        elif isinstance(obj, Application) and obj in session.dirty and _changed(obj, {"status"}):
            ids.add(obj.seeker_id)  # a new application (submitted) changes nothing the résumé shows
    if user_ids:
        ids.update(
            session.connection().scalars(select(SeekerProfile.id).where(SeekerProfile.user_id.in_(user_ids)))
        )
    return ids


def _searchable_fields_changed(enterprise: Enterprise) -> bool:
    state = inspect(enterprise)
    return any(state.attrs[name].history.has_changes() for name in ENTERPRISE_FIELDS)


def install_outbox_hook() -> None:
    """Register the flush hook once for every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


# --- sending (the outbox delivery in search_outbox calls these) ------------------------------------


@dataclass
class Sent:
    tasks: list[int] = field(default_factory=list)
    upserted: int = 0
    deleted: int = 0
    versions: dict[int, int | None] = field(default_factory=dict)  # post id → version sent (None: deleted)


def _send_posts(gw: SearchGateway, entity_ids: set[int], chunk: int, sent: Sent) -> None:
    """Enqueue the current state of these posts (without waiting).

    Each post appears once with its latest state, so the order of upserts and deletes cannot matter.
    """
    if not entity_ids:
        return
    if JOBS not in gw.ready:  # never let an upsert create the index without its settings
        ensure_index(gw)
        gw.ready.add(JOBS)
    posts = db.session.scalars(
        select(JobPost).options(joinedload(JobPost.enterprise)).where(JobPost.id.in_(entity_ids))
    ).all()
    documents = documents_for(posts)
    to_delete = entity_ids - {d["id"] for d in documents}
    # Consecutive additions are merged by Meilisearch into one indexing run, so send them all first.
    sent.tasks += [gw.upsert(JOBS, documents[i : i + chunk]) for i in range(0, len(documents), chunk)]
    if to_delete:
        sent.tasks.append(gw.delete(JOBS, sorted(to_delete)))
    sent.upserted += len(documents)
    sent.deleted += len(to_delete)
    sent.versions.update({d["id"]: d["updated_ts"] for d in documents})
    sent.versions.update(dict.fromkeys(to_delete))


def _send_enterprises(gw: SearchGateway, firm_ids: set[int], sent: Sent) -> None:
    if not firm_ids:
        return
    if ENTERPRISES not in gw.ready:
        gw.ensure_named_index(ENTERPRISES, ENTERPRISES_SETTINGS)
        gw.ready.add(ENTERPRISES)
    firms = db.session.scalars(select(Enterprise).where(Enterprise.id.in_(firm_ids))).all()
    documents = [enterprise_document(e) for e in firms if e.is_verified]
    gone = firm_ids - {d["id"] for d in documents}
    if documents:
        sent.tasks.append(gw.upsert(ENTERPRISES, documents))
    if gone:
        sent.tasks.append(gw.delete(ENTERPRISES, sorted(gone)))
    sent.upserted += len(documents)
    sent.deleted += len(gone)


def send_rows(gw: SearchGateway, rows, chunk: int) -> Sent:
    """Send the current state of the entities these outbox rows name (posts, enterprises, résumés)."""
    sent = Sent()
    _send_posts(gw, {r.entity_id for r in rows if r.index == JOBS}, chunk, sent)
    _send_enterprises(gw, {r.entity_id for r in rows if r.index == ENTERPRISES}, sent)
    tasks, upserted, deleted = send_resumes(gw, {r.entity_id for r in rows if r.index == RESUMES}, chunk)
    sent.tasks += tasks
    sent.upserted += upserted
    sent.deleted += deleted
    return sent


def current_versions(post_ids) -> dict[int, int | None]:
    """Post id → the version its search document should have now (None: it should not be in the index)."""
    found: dict[int, int | None] = dict.fromkeys(post_ids)
    ids = list(found)
    for start in range(0, len(ids), 500):
        rows = db.session.execute(
            select(JobPost.id, JobPost.updated_at)
            .join(Enterprise)
            .where(JobPost.id.in_(ids[start : start + 500]), *searchable_clause())
        )
        for post_id, updated_at in rows:
            found[post_id] = version_of(updated_at)
    return found


def searchable_clause():
    """The SQL form of ``is_searchable`` (with JobPost joined to Enterprise)."""
    return (
        JobPost.status == PostStatus.PUBLISHED,
        Enterprise.verification == Verification.VERIFIED,
    )


def fill_index(gw: SearchGateway, uid: str, chunk: int = 1000) -> int:
    """Write every searchable post into the index ``uid`` (used to build a replacement index); waits."""
    last_id, tasks, count = 0, [], 0
    while True:
        posts = db.session.scalars(
            select(JobPost)
            .options(joinedload(JobPost.enterprise))
            .where(JobPost.id > last_id, JobPost.status == PostStatus.PUBLISHED)
            .order_by(JobPost.id)
            .limit(chunk)
        ).all()
        if not posts:
            break
        last_id = posts[-1].id
        docs = documents_for(posts)
        if docs:
            tasks.append(gw.client.index(uid).add_documents(docs, primary_key="id").task_uid)
            count += len(docs)
    for task in tasks:
        gw.wait(task, timeout_ms=600_000)
    return count


def apply_settings(gw: SearchGateway) -> str:
    """Bring the live index to the versioned settings: create it, leave it, or rebuild and swap it in.

    Changes made while a replacement index is being filled are re-queued so none is lost at the swap.
    """
    settings = wanted_settings()
    ensure_enterprise_index(gw)
    ensure_resume_index(gw)
    if ensure_index(gw):
        enqueue_all_posts()
        return "created"
    if not gw.settings_differ(JOBS, settings):
        return "unchanged"
    started = utcnow()
    gw.rebuild_and_swap(JOBS, settings, lambda uid: fill_index(gw, uid))
    changed = db.session.scalars(select(JobPost.id).where(JobPost.updated_at >= started)).all()
    enqueue_posts(changed)
    db.session.commit()
    return "rebuilt"


def enqueue_posts(ids) -> None:
    """Outbox rows for posts written without the ORM (bulk inserts), in the caller's transaction."""
    now = utcnow()
    if ids:
        db.session.execute(
            insert(SearchOutbox),
            [{"index": JOBS, "entity_id": i, "created_at": now, "next_attempt_at": now} for i in ids],
        )


def enqueue_posts_where(*where) -> None:
    """Outbox rows for the posts a bulk insert just wrote, chosen by ``where``, in one INSERT … SELECT in the
    caller's transaction (no id travels to Python and back)."""
    now = utcnow()
    chosen = select(literal(JOBS), JobPost.id, literal(now), literal(now)).where(*where)
    columns = ["index", "entity_id", "created_at", "next_attempt_at"]
    db.session.execute(insert(SearchOutbox).from_select(columns, chosen))


@dataclass
class Drift:
    missing: list[int]  # searchable in the database, absent from the index
    extra: list[int]  # in the index, not searchable any more
    stale: list[int]  # in both, but the index holds an older version

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)


def _indexed_versions(gw: SearchGateway) -> dict[int, int]:
    versions, offset = {}, 0
    while True:
        page = gw.index(JOBS).get_documents({"fields": ["id", "updated_ts"], "limit": 1000, "offset": offset})
        for doc in page.results:
            doc = dict(doc)
            versions[int(doc["id"])] = doc.get("updated_ts", 0)
        offset += len(page.results)
        if offset >= page.total or not page.results:
            return versions


def find_drift(gw: SearchGateway) -> Drift:
    """Compare the database's searchable posts with what the index holds."""
    rows = db.session.execute(
        select(JobPost.id, JobPost.updated_at).join(Enterprise).where(*searchable_clause())
    ).all()
    wanted = {pid: version_of(ts) for pid, ts in rows}
    indexed = _indexed_versions(gw)
    return Drift(
        missing=sorted(wanted.keys() - indexed.keys()),
        extra=sorted(indexed.keys() - wanted.keys()),
        stale=sorted(i for i in wanted.keys() & indexed.keys() if wanted[i] != indexed[i]),
    )


def enqueue_all_posts() -> int:
    """Queue every post for a full rebuild; returns how many."""
    ids = db.session.scalars(select(JobPost.id)).all()
    enqueue_posts(ids)
    db.session.commit()
    return len(ids)
