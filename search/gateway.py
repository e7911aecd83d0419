"""A thin, fail-fast wrapper around the Meilisearch client.

Requests use a short timeout; communication problems surface as ``SearchUnavailable`` so callers can
degrade. API errors (bad filter, bad settings) are bugs and propagate.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import meilisearch
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from search.settings import jobs_settings


class SearchUnavailable(RuntimeError):
    """Meilisearch cannot be reached (or the index does not exist yet)."""


class IndexTaskFailed(RuntimeError):
    """Meilisearch accepted a task and then failed it."""


UNAVAILABLE_ERRORS = (
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
    requests.ConnectionError,
    requests.Timeout,
)


@dataclass
class SearchGateway:
    url: str
    master_key: str | None
    prefix: str = "zone_"
    timeout: float = 2.0
    ready: set[str] = field(
        default_factory=set
    )  # indexes this process has made sure exist with their settings

    def __post_init__(self) -> None:
        self.client = meilisearch.Client(self.url, self.master_key, timeout=self.timeout)

    def uid(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def index(self, name: str):
        return self.client.index(self.uid(name))

    def healthy(self) -> bool:
        try:
            return self.client.is_healthy()
        except UNAVAILABLE_ERRORS:
            return False

    def wait(self, task_uid: int, timeout_ms: int = 60_000) -> None:
        """Wait for a task (CLI, worker and tests only — never inside a web request)."""
        try:
            task = self.client.wait_for_task(task_uid, timeout_in_ms=timeout_ms, interval_in_ms=20)
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        if task.status != "succeeded":
            raise IndexTaskFailed(f"task {task_uid} {task.status}: {task.error}")

    def exists(self, uid: str) -> bool:
        try:
            self.client.get_index(uid)
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                return False
            raise
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        return True

    def _create(self, uid: str, settings: dict) -> None:
        self.wait(self.client.create_index(uid, {"primaryKey": "id"}).task_uid)
        self.wait(self.client.index(uid).update_settings(settings).task_uid, timeout_ms=300_000)

    def ensure_named_index(self, name: str, settings: dict) -> bool:
        """Create index ``name`` with ``settings`` if it does not exist; True when created. An existing index
        gets the settings applied when they differ (small indexes: no rebuild needed)."""
        try:
            if self.exists(self.uid(name)):
                if self.settings_differ(name, settings):
                    self.wait(self.index(name).update_settings(settings).task_uid, timeout_ms=300_000)
                return False
            self._create(self.uid(name), settings)
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        return True

    def ensure_jobs_index(self, settings: dict | None = None) -> bool:
        """Create the jobs index with ``settings`` (the versioned defaults when None) if it does not exist;
        True when created.

        An existing index is left alone: settings change only through ``apply_settings`` (flask search init).
        """
        try:
            if self.exists(self.uid("jobs")):
                return False
            self._create(self.uid("jobs"), settings if settings is not None else jobs_settings())
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        return True

    def configured(self, name: str) -> bool:
        """Whether index ``name`` has its settings yet: between its creation and its settings task (two tasks,
        so a search can fall in between) it has no filterable attributes and cannot answer our queries."""
        with _answering():
            return bool(self.index(name).get_filterable_attributes())

    def settings_differ(self, name: str, wanted: dict) -> bool:
        """True when the live index's settings differ from ``wanted`` in any key ``wanted`` sets."""
        live = self.index(name).get_settings()
        return any(
            not _covers(_plain(live.get(key)), value, ordered=key in ORDERED) for key, value in wanted.items()
        )

    def rebuild_and_swap(self, name: str, settings: dict, fill: Callable[[str], None]) -> None:
        """Build a new index with ``settings``, fill it (``fill(uid)``), then atomically swap it in.

        Searches keep hitting the old index until the swap; the old one is deleted afterwards.
        """
        live, staging = self.uid(name), self.uid(f"{name}_next")
        if self.exists(staging):
            self.wait(self.client.delete_index(staging).task_uid)
        self._create(staging, settings)
        fill(staging)
        self.wait(self.client.swap_indexes([{"indexes": [live, staging]}]).task_uid)
        self.wait(self.client.delete_index(staging).task_uid)

    def upsert(self, name: str, documents: list[dict]) -> int:
        try:
            return self.index(name).add_documents(documents, primary_key="id").task_uid
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc

    def delete(self, name: str, ids: Iterable[int]) -> int:
        try:
            id_list = ", ".join(str(int(i)) for i in ids)
            return self.index(name).delete_documents(filter=f"id IN [{id_list}]").task_uid
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc

    def search(self, name: str, q: str, params: dict) -> dict:
        with _answering():
            return self.index(name).search(q, params)

    def multi_search(self, queries: list[dict]) -> list[dict]:
        """Several searches in one request (``indexUid`` in each); the responses in the same order."""
        with _answering():
            return self.client.multi_search(queries)["results"]

    def drop(self, name: str) -> None:
        with contextlib.suppress(SearchUnavailable, IndexTaskFailed):
            self.wait(self.client.delete_index(self.uid(name)).task_uid)


@contextlib.contextmanager
def _answering():
    """A search that cannot be answered (server down, index not created yet) raises SearchUnavailable."""
    try:
        yield
    except UNAVAILABLE_ERRORS as exc:
        raise SearchUnavailable(str(exc)) from exc
    except MeilisearchApiError as exc:
        if exc.code == "index_not_found":
            raise SearchUnavailable("index not created yet") from exc
        raise


ORDERED = {"searchableAttributes", "rankingRules"}  # other list settings are sets


def _plain(value):
    """Settings objects the client returns (embedders) as plain dicts."""
    if hasattr(value, "model_dump"):
        return value.model_dump(by_alias=True, exclude_none=True)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _covers(live, wanted, ordered: bool = False) -> bool:
    """Whether a live setting already has the wanted value; Meilisearch echoes dicts with extra defaults."""
    if isinstance(wanted, dict):
        return isinstance(live, dict) and all(_covers(live.get(k), v) for k, v in wanted.items())
    if isinstance(wanted, list) and all(isinstance(v, str) for v in wanted):
        return isinstance(live, list) and (live == wanted if ordered else sorted(live) == sorted(wanted))
    return live == wanted
