"""Benchmark at scale on real text: 100,000 posts built from ../shared/data (see bench/corpus.py).

  (a) indexing throughput: our outbox drain vs a raw add_documents of the same documents (same vectors);
  (b) latency p50/p95/p99: GET /api/v1/jobs vs a raw Meilisearch search with the same parameters, for real
      queries (TalentCLEF queries and BOSS直聘 titles) with 0–3 filters;
  (c) the database fallback's latency.

Run: .venv/bin/python -m bench.search [--posts 100000] [--queries 300] [--keyword]. Hybrid search (as
     shipped) unless --keyword (until this session the flag defaulted to keywords). Ratios are printed last.
Skips with a message when ../shared/data is absent (SHARED_DATA_DIR overrides).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from bench import corpus
from bench.common import (
    add_search_mode,
    bench_app,
    measure_queries,
    random_filters,
    raw_indexing_seconds,
    report,
    warm_up,
)
from search.query import JobQuery
from webapp.extensions import db
from webapp.models import JobPost


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    add_search_mode(parser)
    args = parser.parse_args()
    shared = Path(os.environ.get("SHARED_DATA_DIR", corpus.DEFAULT_SHARED))
    try:
        text = corpus.load(shared)
    except FileNotFoundError as exc:
        print(f"skipped: real data not found ({exc}); set SHARED_DATA_DIR")
        return
    rng = random.Random(11)
    from webapp.services import search_documents, search_index, search_outbox, search_sync

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        app, server = bench_app(tmp_path, args.hybrid)
        with app.app_context():
            t0 = time.perf_counter()
            enterprise_ids = corpus.insert_firms(db.session, rng)
            rows = corpus.post_rows(text, args.posts, enterprise_ids, rng)
            for start in range(0, len(rows), 10_000):
                db.session.execute(insert(JobPost), rows[start : start + 10_000])
            db.session.commit()
            queued = search_sync.enqueue_all_posts()
            print(f"{queued} posts from real text written in {time.perf_counter() - t0:.1f}s")
            if args.hybrid:
                app.config["OCCUPATIONS_CSV"] = str(shared / "occupations" / "csco22.csv")
                t0 = time.perf_counter()
                model = search_index.train_title_model([r["title"] for r in rows])
                print(
                    f"hybrid: {model.dimensions}-dimension title vectors "
                    f"(title model fitted in {time.perf_counter() - t0:.1f}s)"
                )
            docs = []
            for first in range(0, args.posts, 5000):
                posts = db.session.scalars(
                    db.select(JobPost).where(JobPost.id > first, JobPost.id <= first + 5000)
                ).all()
                docs += search_documents.documents_for(posts)
            raw_s = raw_indexing_seconds(docs, search_index.wanted_settings(), tmp_path / "meili_raw")
            del docs

            gw = search_index.gateway(app)
            search_index.ensure_index(gw)
            warm_up(gw)
            t0 = time.perf_counter()
            result = search_outbox.drain(gw, batch_size=2000)
            ours_s = time.perf_counter() - t0
            if result.failed:
                sys.exit(f"sync failed: {result.error}")

        queries = [
            JobQuery(q=rng.choice(text.queries), filters=random_filters(rng)) for _ in range(args.queries)
        ]
        latencies = measure_queries(app, gw, queries, search_index.vectors_for, search_documents.day_ts)
        server.stop()
    report(
        "hybrid, vectors" if args.hybrid else "keyword, real text", result.upserted, ours_s, raw_s, latencies
    )


if __name__ == "__main__":
    main()
