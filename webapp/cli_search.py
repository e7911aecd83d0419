"""``flask search init|reindex|sync|worker|status``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from search.gateway import SearchUnavailable
from webapp.services import search_index, search_outbox, search_sync

search_group = AppGroup("search", help="Meilisearch index management.")


def _gateway():
    from webapp.cli_common import ensure_search

    ensure_search(current_app._get_current_object())
    gw = search_index.gateway()
    try:
        search_index.ensure_index(gw)
    except SearchUnavailable as exc:
        raise click.ClickException(f"Meilisearch unavailable: {exc}") from exc
    return gw


@search_group.command("init")
@click.option("--retrain", is_flag=True, help="refit the title model even if one exists")
def init(retrain: bool) -> None:
    """Apply the versioned index settings (rebuilding into a new index and swapping it in when they
    changed) and fit the title model for hybrid search (the 大典's names, the posts' titles, the packaged
    sentence encoders and the title models ``flask match train`` saved)."""
    from webapp.cli_common import ensure_search
    from webapp.extensions import db
    from webapp.models import JobPost
    from webapp.talent.index import enqueue_all_resumes

    app = current_app._get_current_object()
    ensure_search(app)
    gw = search_index.gateway()
    if not app.config["SEARCH_HYBRID"]:
        click.echo("SEARCH_HYBRID is off: keyword search (set SEARCH_HYBRID=1 for hybrid)")
    elif retrain or search_index.embedder() is None:
        start = time.perf_counter()
        titles = list(db.session.scalars(db.select(JobPost.title)))
        model = search_index.train_title_model(titles)
        # posts and résumés indexed with the previous model's vectors are embedded again
        queued = search_sync.enqueue_all_posts() if gw.exists(gw.uid("jobs")) else 0
        queued += enqueue_all_resumes() if gw.exists(gw.uid("resumes")) else 0
        click.echo(
            f"fitted the title model ({model.dimensions} dimensions) on the 大典 and {len(titles)} titles "
            f"in {time.perf_counter() - start:.1f} s"
            f"{f'; {queued} posts and résumés queued to be embedded again' if queued else ''}"
        )
    try:
        outcome = search_sync.apply_settings(gw)
        result = search_outbox.drain(gw)
    except SearchUnavailable as exc:
        raise click.ClickException(f"Meilisearch unavailable: {exc}") from exc
    click.echo(f"index {gw.uid('jobs')}: settings {outcome}; {result.rows} queued changes sent")


@search_group.command("sync")
def sync() -> None:
    """Send every pending outbox change now and wait for it."""
    gw = _gateway()
    result = search_outbox.drain(gw)
    click.echo(f"{result.rows} changes: {result.upserted} upserted, {result.deleted} deleted")
    if result.failed:
        raise click.ClickException(f"sync failed, will retry: {result.error}")


@search_group.command("reindex")
@click.option("--batch-size", default=1000, show_default=True)
def reindex(batch_size: int) -> None:
    """Queue every post and résumé and send them again, with a progress bar."""
    from webapp.talent.index import enqueue_all_resumes

    gw = _gateway()
    total = search_sync.enqueue_all_posts() + enqueue_all_resumes()
    with click.progressbar(length=total, label="indexing posts and résumés") as bar:
        while True:
            step = search_outbox.drain_once(gw, batch_size)
            if step.failed:
                raise click.ClickException(f"reindex interrupted, will resume: {step.error}")
            if step.rows == 0:
                break
            bar.update(step.rows)
    click.echo(f"reindexed {total} posts and résumés")


@search_group.command("worker")
@click.option("--interval", default=1.0, show_default=True)
def worker(interval: float) -> None:
    """Run the outbox worker in the foreground (production: its own process)."""
    _gateway()
    click.echo("search worker running (Ctrl-C to stop)")
    search_outbox.run_forever(current_app._get_current_object(), interval)


@search_group.command("status")
@click.option("--json", "as_json", is_flag=True)
def status(as_json: bool) -> None:
    """Outbox queue length and age, parked rows with their reasons, and the index's document count."""
    gw = _gateway()
    stats = gw.index("jobs").get_stats()
    queue = search_outbox.queue_status()
    age = queue.oldest_age()
    report = {
        "pending": queue.pending,
        "oldest_pending_seconds": round(age.total_seconds(), 1) if age is not None else None,
        "parked": queue.parked,
        "indexed_documents": stats.number_of_documents,
    }
    if as_json:
        click.echo(json.dumps(report))
        return
    click.echo(
        f"pending changes: {queue.pending}"
        + (f" (oldest {report['oldest_pending_seconds']} s)" if age is not None else "")
        + f"; parked: {queue.parked}; indexed documents: {stats.number_of_documents}"
    )
    for row in queue.parked_rows:
        click.echo(
            f"  parked #{row.id} {row.index}/{row.entity_id} after {row.failures} failures: {row.last_error}"
        )
    if queue.parked:
        click.echo("re-queue them with `flask search retry-parked` once the cause is fixed")


@search_group.command("retry-parked")
def retry_parked() -> None:
    """Put every parked outbox row back in the queue (after fixing what made it fail)."""
    _gateway()
    click.echo(f"{search_outbox.retry_parked()} parked rows re-queued")


@search_group.command("eval")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--queries", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--qrels", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--depth", default=100, show_default=True, help="results judged per query")
@click.option("--semantic-ratio", type=float, default=None, help="override the hybrid ratio")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def evaluate(
    corpus: Path, queries: Path, qrels: Path, depth: int, semantic_ratio: float | None, as_json: bool
):
    """Relevance of the search page's ranking on a labelled set (MAP, nDCG@10, recall@10)."""
    from webapp.services import search_eval

    _gateway()
    occupations = Path(current_app.config["OCCUPATIONS_CSV"])
    result = search_eval.evaluate(
        search_eval.load_eval_set(corpus, queries, qrels),
        depth,
        semantic_ratio,
        occupations if occupations.exists() else None,
    )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    folds = result["map_folds"]
    click.echo(
        f"ours ({result['mode']}): MAP {result['map']}  nDCG@10 {result['ndcg@10']}  recall@10 "
        f"{result['recall@10']}  MAP over {folds['folds']} query folds {folds['mean']} ± {folds['spread']}"
    )
    keyword = result["keyword_only"]
    click.echo(f"ours, keywords only: MAP {keyword['map']}  nDCG@10 {keyword['ndcg@10']}")
    if "title_scores" in result:
        click.echo(f"title scores (related-post gates): {result['title_scores']}")
    for name, figures in result["baselines"].items():
        click.echo(
            f"{name}: MAP {figures['map']}  nDCG@10 {figures['ndcg@10']}  recall@10 {figures['recall@10']}"
        )


@search_group.command("verify")
@click.option("--repair", "do_repair", is_flag=True, help="re-send every drifted post")
@click.option("--json", "as_json", is_flag=True)
def verify(do_repair: bool, as_json: bool) -> None:
    """Report (and with --repair, fix) drift between the database and the index."""
    gw = _gateway()
    drift = search_sync.find_drift(gw)
    report = {"missing": len(drift.missing), "extra": len(drift.extra), "stale": len(drift.stale)}
    if do_repair and drift.total:
        result = search_outbox.repair(gw, drift)
        report["repaired"] = not result.failed
        report["remaining"] = search_sync.find_drift(gw).total
    if as_json:
        click.echo(json.dumps(report))
    else:
        click.echo(", ".join(f"{k}: {v}" for k, v in report.items()))


@search_group.command("eval-categories")
@click.option("--jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--depth", default=100, show_default=True)
def evaluate_categories(jsonl: Path, depth: int) -> None:
    """Category-level relevance on labelled job ads: each category name as the query (JSON)."""
    from webapp.services import search_eval

    _gateway()
    data = search_eval.load_category_set(jsonl)
    click.echo(json.dumps(search_eval.evaluate(data, depth, None, None), ensure_ascii=False))


@search_group.command("eval-everyday")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True)
def evaluate_everyday(path: Path | None, as_json: bool) -> None:
    """Everyday queries over the zone as it is (the demo zone): is the first page what a user expects, and
    do related posts stay below the word matches (search/everyday_queries.toml)."""
    from webapp.services import search_eval

    _gateway()
    result = search_eval.evaluate_everyday(path or search_eval.EVERYDAY_QUERIES)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for row in result["queries"]:
        click.echo(
            f"{row['q']}: {row['expected_posts']} expected, first page {row['first_page_precision']}, "
            f"related above word matches {row['related_above_word_matches']}, listed {row['listed']}"
        )
    click.echo(
        f"mean first-page precision {result['mean_first_page_precision']} ({result['mode']}); related above "
        f"word matches {result['related_above_word_matches']}"
    )


@search_group.command("eval-talent")
@click.option("--seeds", default="1,2,3", show_default=True, help="generation seeds (comma-separated)")
@click.option("--codes", default=120, show_default=True, help="大典 occupations per seed")
@click.option("--depth", default=100, show_default=True, help="results judged per query")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def evaluate_talent(seeds: str, codes: int, depth: int, as_json: bool) -> None:
    """Relevance of 搜人才 on generated seekers with known truth (MAP, nDCG@10) vs TF-IDF."""
    from webapp.talent import evaluation

    _gateway()
    shared = Path(current_app.config["SHARED_DATA_DIR"])
    titles = Path(
        current_app.config.get("TITLE_CASES_CSV") or shared / "occupations" / "title_to_code_public.csv"
    )
    occupations = Path(current_app.config["OCCUPATIONS_CSV"])
    if not titles.is_file() or not occupations.is_file():
        raise click.ClickException(f"needs {occupations} and {titles} (../shared/data)")
    result = evaluation.evaluate(
        occupations, titles, [int(s) for s in seeds.split(",") if s.strip()], codes, depth
    )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"mode {result['mode']}, {len(result['runs'])} seeds, {result['runs'][0]['seekers']} seekers each"
    )
    for method, figures in result["summary"].items():
        shown = "  ".join(f"{k} {v['mean']:.4f}±{v['sd']:.4f}" for k, v in figures.items())
        click.echo(f"{method}: {shown}")
