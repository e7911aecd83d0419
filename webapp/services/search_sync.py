"""Keep the Meilisearch job index in step with the database through a transactional outbox.

Every flush that touches a post (or an enterprise's searchable fields) writes outbox rows in the same
transaction. This module builds the documents and sends an entity's current state; ``search_outbox`` claims
the rows, delivers them and retries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask import Flask, current_app
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, joinedload

from search.gateway import SearchGateway
from search.semantic import OccupationSpaceEmbedder
from search.settings import EMBEDDER, ENTERPRISES_SETTINGS, jobs_settings
from webapp.extensions import db
from webapp.models import (
    Enterprise,
    Fair,
    FairParticipation,
    FairPost,
    FairStatus,
    JobPost,
    ParticipationStatus,
    PostStatus,
    SearchOutbox,
    TargetGroup,
    Verification,
)
from webapp.models.mixins import utcnow
from webapp.pay import monthly_band
from webapp.reference import city_name, district_name, industry_name

log = logging.getLogger(__name__)
JOBS = "jobs"
ENTERPRISES = "enterprises"
ENTERPRISE_FIELDS = {"name", "tier", "industry_code", "verification"}  # shown in post documents
ENTERPRISE_INDEX_FIELDS = ENTERPRISE_FIELDS | {"adcode", "introduction"}


def gateway(app: Flask | None = None) -> SearchGateway | None:
    """The app's search gateway, or None when no Meilisearch is configured."""
    app = app or current_app
    return app.extensions.get("search_gateway")


def embedder(app: Flask | None = None) -> OccupationSpaceEmbedder | None:
    """The fitted occupation-space embedder, or None (then search is keyword-only)."""
    app = app or current_app
    model_file = app.extensions.get("occupation_embedder")
    if not app.config.get("SEARCH_HYBRID") or model_file is None:
        return None
    return model_file.get()


def ensure_index(gw: SearchGateway) -> bool:
    """Create the jobs index with the settings ``flask search init`` would apply, if it does not exist yet."""
    return gw.ensure_jobs_index(wanted_settings())


def synonyms(app: Flask | None = None) -> dict[str, list[str]] | None:
    """The 职业分类大典 alias groups as search synonyms, when OCCUPATIONS_CSV is there (read once)."""
    app = app or current_app
    if "occupation_synonyms" not in app.extensions:
        from pathlib import Path

        from search.semantic import load_occupations
        from search.synonyms import occupation_synonyms

        path = Path(app.config.get("OCCUPATIONS_CSV") or "")
        found = occupation_synonyms(load_occupations(path)) if path.is_file() else None
        app.extensions["occupation_synonyms"] = found
    return app.extensions["occupation_synonyms"]


def dictionary(app: Flask | None = None) -> list[str] | None:
    """The domain dictionary (THUOCL IT terms + 大典 names) when SEARCH_DICTIONARY is on (read once)."""
    app = app or current_app
    if not app.config.get("SEARCH_DICTIONARY"):
        return None
    if "search_dictionary" not in app.extensions:
        from pathlib import Path

        from search.dictionary import domain_words
        from search.semantic import load_occupations

        occupations_csv = Path(app.config.get("OCCUPATIONS_CSV") or "")
        occupations = load_occupations(occupations_csv) if occupations_csv.is_file() else []
        thuocl = Path(app.config["SHARED_DATA_DIR"]) / "taxonomies" / "THUOCL_IT.txt"
        app.extensions["search_dictionary"] = domain_words(thuocl, occupations) or None
    return app.extensions["search_dictionary"]


def wanted_settings() -> dict:
    from search.dictionary import STOP_WORDS

    model = embedder()
    stop_words = STOP_WORDS if current_app.config.get("SEARCH_STOP_WORDS") else None
    return jobs_settings(
        model.dimensions if model else None,
        synonyms(),
        dictionary(),
        stop_words,
        segmented=bool(current_app.config.get("SEARCH_JIEBA_FIELD")),
    )


def segmented(text: str) -> str | None:
    """``text`` cut by jieba with the domain dictionaries, joined by spaces (if SEARCH_JIEBA_FIELD)."""
    if not current_app.config.get("SEARCH_JIEBA_FIELD"):
        return None
    from webapp.services.recommendations import tokenizer

    return " ".join(tokenizer()(text))


def vectors_for(titles: list[str]) -> list[list[float] | None]:
    """Occupation-space vectors for titles (None where a title matches no occupation, or no model)."""
    model = embedder()
    if model is None or not titles:  # scikit-learn refuses an empty batch
        return [None] * len(titles)
    matrix = model.transform(titles)
    return [row.tolist() if row.any() else None for row in matrix]


def version_of(updated_at: datetime | None) -> int:
    """A post's version as stored in its search document: its update time in milliseconds."""
    return int(updated_at.replace(tzinfo=UTC).timestamp() * 1000) if updated_at else 0


def epoch_ms(moment: datetime) -> int:
    """Stored naive UTC → epoch milliseconds (publication times are compared to the millisecond)."""
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000)


def day_ts(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def is_searchable(post: JobPost) -> bool:
    return post.status == PostStatus.PUBLISHED and post.enterprise.is_verified


def job_document(
    post: JobPost, vector: list[float] | None = None, fairs: list[tuple[int, str]] | None = None
) -> dict:
    """The search document for a published post (facet values in Chinese, as users pick them); ``fairs``
    are the (id, title) of the published fairs the post is brought to."""
    enterprise = post.enterprise
    fairs = fairs or []
    pay_max_month = (post.pay_max or post.pay_min) if post.pay_unit == "month" else None
    return {
        "id": post.id,
        "external_id": post.external_id,
        "title": post.title,
        "skills": post.skills or [],
        "enterprise": enterprise.name,
        "enterprise_id": enterprise.id,
        "description": post.description,
        "requirements": post.requirements,
        "city": city_name(post.adcode),
        "district": district_name(post.adcode),
        "adcode": post.adcode,
        "industry": industry_name(enterprise.industry_code),
        "tier": enterprise.tier.label,
        "education": post.education.label,
        "experience": post.experience_text,
        "pay_text": post.pay_text,
        "pay_band": monthly_band(post.pay_min, post.pay_unit),
        "pay_max_month": pay_max_month,
        "employment_type": post.employment_type.label,
        "target_groups": [_group_label(g) for g in post.target_groups or []],
        "headcount": post.headcount_text,
        **({"title_words": words} if (words := segmented(post.title)) is not None else {}),
        "fair": [title for _, title in fairs],
        "fair_ids": [fair_id for fair_id, _ in fairs],
        "published_ms": epoch_ms(post.published_at) if post.published_at else 0,
        "valid_until_ts": day_ts(post.valid_until),
        "updated_ts": version_of(post.updated_at),
        "_vectors": {EMBEDDER: vector},
    }


def enterprise_document(enterprise: Enterprise) -> dict:
    """The search document of a verified enterprise (the enterprises index)."""
    return {
        "id": enterprise.id,
        "name": enterprise.name,
        "tier": enterprise.tier.label,
        "industry": industry_name(enterprise.industry_code),
        "city": city_name(enterprise.adcode) if enterprise.adcode else "",
        "district": district_name(enterprise.adcode) if enterprise.adcode else "",
        "introduction": (enterprise.introduction or "")[:1000],
    }


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


def documents_for(posts: list[JobPost]) -> list[dict]:
    """Search documents (with title vectors when hybrid search is on) for the searchable ones of ``posts``."""
    live = [p for p in posts if is_searchable(p)]
    fairs = fairs_of([p.id for p in live])
    vectors = vectors_for([p.title for p in live]) if live else []
    return [job_document(p, v, fairs.get(p.id)) for p, v in zip(live, vectors, strict=True)]


def fair_posts():
    """(post id, fair id, fair title) of posts brought to published fairs by approved enterprises: what a
    post's fair facet shows and what a fair's own search filters on."""
    return (
        select(FairPost.post_id, Fair.id, Fair.title)
        .join(FairParticipation, FairPost.participation_id == FairParticipation.id)
        .join(Fair, FairParticipation.fair_id == Fair.id)
        .where(FairParticipation.status == ParticipationStatus.APPROVED, Fair.status == FairStatus.PUBLISHED)
    )


def fairs_of(post_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Post id → the published fairs (id, title) it is approved for."""
    found: dict[int, list[tuple[int, str]]] = {}
    for start in range(0, len(post_ids), 500):
        rows = db.session.execute(
            fair_posts().where(FairPost.post_id.in_(post_ids[start : start + 500])).order_by(Fair.id)
        )
        for post_id, fair_id, title in rows:
            found.setdefault(post_id, []).append((fair_id, title))
    return found


def _group_label(value: str) -> str:
    try:
        return TargetGroup(value).label
    except ValueError:
        return value


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
    firm_ids = {obj.id for obj in session.new if isinstance(obj, Enterprise) and obj.id is not None}
    firm_ids |= {
        obj.id
        for obj in (*session.dirty, *session.deleted)
        if isinstance(obj, Enterprise) and obj.id is not None and _changed(obj, ENTERPRISE_INDEX_FIELDS)
    }
    now = utcnow()
    rows = [
        {"index": index, "entity_id": i, "created_at": now, "next_attempt_at": now}
        for index, entity_ids in ((JOBS, ids), (ENTERPRISES, firm_ids))
        for i in entity_ids
    ]
    if rows:
        conn.execute(insert(SearchOutbox), rows)


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
    """Send the current state of the entities these outbox rows name (posts and enterprises)."""
    sent = Sent()
    _send_posts(gw, {r.entity_id for r in rows if r.index == JOBS}, chunk, sent)
    _send_enterprises(gw, {r.entity_id for r in rows if r.index == ENTERPRISES}, sent)
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
