"""``flask search init|reindex|sync|worker|status``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from search.gateway import SearchUnavailable
from webapp.services import search_sync

search_group = AppGroup("search", help="Meilisearch index management.")


def _gateway():
    from webapp.cli import ensure_search

    ensure_search(current_app._get_current_object())
    gw = search_sync.gateway()
    try:
        gw.ensure_jobs_index()
    except SearchUnavailable as exc:
        raise click.ClickException(f"Meilisearch unavailable: {exc}") from exc
    return gw


@search_group.command("init")
def init() -> None:
    """Create the indexes and apply the versioned settings."""
    gw = _gateway()
    click.echo(f"index {gw.uid('jobs')} ready at {gw.url}")


@search_group.command("sync")
def sync() -> None:
    """Send every pending outbox change now and wait for it."""
    gw = _gateway()
    result = search_sync.drain(gw)
    click.echo(f"{result.rows} changes: {result.upserted} upserted, {result.deleted} deleted")
    if result.failed:
        raise click.ClickException(f"sync failed, will retry: {result.error}")


@search_group.command("reindex")
@click.option("--batch-size", default=1000, show_default=True)
def reindex(batch_size: int) -> None:
    """Queue every post and rebuild the index, with a progress bar."""
    gw = _gateway()
    total = search_sync.enqueue_all_posts()
    with click.progressbar(length=total, label="indexing posts") as bar:
        while True:
            step = search_sync.drain_once(gw, batch_size)
            if step.failed:
                raise click.ClickException(f"reindex interrupted, will resume: {step.error}")
            if step.rows == 0:
                break
            bar.update(step.rows)
    click.echo(f"reindexed {total} posts")


@search_group.command("worker")
@click.option("--interval", default=1.0, show_default=True)
def worker(interval: float) -> None:
    """Run the outbox worker in the foreground (production: its own process)."""
    _gateway()
    click.echo("search worker running (Ctrl-C to stop)")
    search_sync.run_forever(current_app._get_current_object(), interval)


@search_group.command("status")
def status() -> None:
    """Pending outbox rows and index document count."""
    gw = _gateway()
    stats = gw.index("jobs").get_stats()
    click.echo(
        f"pending changes: {search_sync.pending_count()}; indexed documents: {stats.number_of_documents}"
    )
