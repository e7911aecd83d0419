"""Saved searches: a seeker keeps a search and, on the next visit, sees how many posts are new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from search.query import JobQuery
from search.settings import JOB_FACETS
from webapp.extensions import db
from webapp.models import Role, SavedSearch, User
from webapp.models.mixins import utcnow
from webapp.services import Forbidden, NotFound, ServiceError, job_search
from webapp.services.search_documents import epoch_ms

MAX_PER_USER = 20


@dataclass
class SavedSearchView:
    search: SavedSearch
    new_matches: int


def canonical(args: MultiDict) -> str:
    """The search's own arguments, sorted, without paging: the identity of a saved search."""
    keep = [("q", v) for v in args.getlist("q") if v.strip()][:1]
    for name in JOB_FACETS:
        keep += [(name, v) for v in sorted(set(args.getlist(name))) if v]
    sort = args.get("sort")
    if sort and sort != "relevance":
        keep.append(("sort", sort))
    return urlencode(keep)


def query_of(saved: SavedSearch) -> JobQuery:
    args = parse_qs(saved.query_string)
    return JobQuery(
        q=args.get("q", [""])[0],
        filters={name: args[name] for name in JOB_FACETS if name in args},
        sort=args.get("sort", ["relevance"])[0],
    ).normalized()


def describe(query: JobQuery) -> str:
    parts = [f"“{query.q}”"] if query.q else []
    parts += ["、".join(values) for values in query.filters.values()]
    return " · ".join(parts) or "全部岗位"


def save(user: User, args: MultiDict) -> SavedSearch:
    """Save the search (once: the same search again returns the existing one)."""
    if user.role != Role.SEEKER:
        raise Forbidden("只有求职者可以订阅搜索")
    query_string = canonical(args)
    existing = db.session.scalar(
        select(SavedSearch).where(SavedSearch.user_id == user.id, SavedSearch.query_string == query_string)
    )
    if existing:
        return existing
    count = db.session.scalar(select(func.count()).where(SavedSearch.user_id == user.id))
    if count >= MAX_PER_USER:
        raise ServiceError(f"最多保存{MAX_PER_USER}个搜索，请先删除不需要的")
    saved = SavedSearch(user_id=user.id, query_string=query_string, name="")
    saved.name = describe(query_of(saved))[:100]
    db.session.add(saved)
    db.session.commit()
    return saved


def with_new_matches(user: User) -> list[SavedSearchView]:
    """The user's saved searches with the number of posts published since each was last opened."""
    result = []
    for saved in db.session.scalars(
        select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id.desc())
    ):
        query = query_of(saved)
        query.published_after = epoch_ms(saved.last_seen_at)
        query.per_page = 1
        result.append(SavedSearchView(saved, job_search.search_jobs(query).total))
    return result


def notify_new_matches(now=None) -> int:
    """Tell seekers about posts new to their saved searches since they last looked or were told, through the
    notification channels (in-app always; SMS / e-mail where configured). Returns the number of messages."""
    from webapp.services import notify

    # Each round covers [watermark, cut): a post is told in exactly one round, never twice, never lost.
    cut = epoch_ms(now or utcnow())
    watermark = datetime.fromtimestamp(cut / 1000, UTC).replace(tzinfo=None)
    sent = 0
    for saved in db.session.scalars(select(SavedSearch).order_by(SavedSearch.id)):
        since = max(saved.last_seen_at, saved.last_notified_at or saved.last_seen_at)
        query = query_of(saved)
        query.published_after = epoch_ms(since)
        query.published_before = cut
        query.per_page = 1
        result = job_search.search_jobs(query)
        if result.degraded:
            continue  # answered by the fallback: try again next round rather than guess
        if result.total:
            user = db.session.get(User, saved.user_id)
            message = notify.Message(
                f"订阅“{saved.name}”有 {result.total} 个新岗位",
                "点击查看新发布的岗位。",
                f"/me/searches/{saved.id}",
                kind="saved_search",
            )
            notify.send(user, message)
            sent += 1
        saved.last_notified_at = watermark
    db.session.commit()
    return sent


def _own(user: User, search_id: int) -> SavedSearch:
    saved = db.session.get(SavedSearch, search_id)
    if saved is None or saved.user_id != user.id:
        raise NotFound("订阅不存在")
    return saved


def open_search(user: User, search_id: int) -> str:
    """Mark the saved search as seen now; returns its query string for the search page."""
    saved = _own(user, search_id)
    saved.last_seen_at = utcnow()
    db.session.commit()
    return saved.query_string


def delete(user: User, search_id: int) -> None:
    db.session.delete(_own(user, search_id))
    db.session.commit()
