"""A thin, fail-fast wrapper around the Meilisearch client.

Requests use a short timeout; communication problems surface as ``SearchUnavailable`` so callers can
degrade. API errors (bad filter, bad settings) are bugs and propagate.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

import meilisearch
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from search.settings import JOBS_SETTINGS


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

    def ensure_jobs_index(self) -> None:
        """Create the jobs index if needed and apply the versioned settings; waits."""
        try:
            task = self.client.create_index(self.uid("jobs"), {"primaryKey": "id"})
            with contextlib.suppress(IndexTaskFailed):  # it already exists
                self.wait(task.task_uid)
            task = self.index("jobs").update_settings(JOBS_SETTINGS)
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        self.wait(task.task_uid, timeout_ms=300_000)

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
        try:
            return self.index(name).search(q, params)
        except UNAVAILABLE_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                raise SearchUnavailable("index not created yet") from exc
            raise

    def drop(self, name: str) -> None:
        with contextlib.suppress(SearchUnavailable, IndexTaskFailed):
            self.wait(self.client.delete_index(self.uid(name)).task_uid)
