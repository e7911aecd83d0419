"""Benchmark: our search path vs raw Meilisearch, on a generated demo-style zone.

  (a) indexing: the outbox drain (load posts, build documents, send, wait) vs a raw add_documents of the same
      documents, each on a fresh Meilisearch process;
  (b) query latency: GET /api/v1/jobs through the Flask app vs a raw Meilisearch search with the same
      parameters, for queries with 0–3 filters;
  (c) the database fallback's latency for the same queries.

Run: .venv/bin/python -m bench.search_api [--posts 5000] [--queries 300] [--keyword]. Hybrid search (as
     shipped) unless --keyword. Ratios are printed last.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

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

DEFAULT_OCCUPATIONS = Path(__file__).resolve().parent.parent.parent / "shared/data/occupations/csco22.csv"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=300)
    add_search_mode(parser)
    parser.add_argument("--occupations", type=Path, default=DEFAULT_OCCUPATIONS, help="职业分类大典 CSV")
    args = parser.parse_args()

    from webapp.demo.seed import seed_demo
    from webapp.models import JobPost
    from webapp.services import search_documents, search_index, search_outbox

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        app, server = bench_app(tmp_path, args.hybrid)
        with app.app_context():
            t0 = time.perf_counter()
            seed_demo(tmp_path, enterprises=120, posts=args.posts, seekers=200)
            print(f"generated {args.posts} posts in {time.perf_counter() - t0:.1f}s")
            if args.hybrid:
                app.config["OCCUPATIONS_CSV"] = str(args.occupations)
                titles = list(db.session.scalars(db.select(JobPost.title)))
                model = search_index.train_title_model(titles)
                print(f"hybrid: {model.dimensions}-dimension title vectors")
            docs = search_documents.documents_for(
                db.session.scalars(db.select(JobPost)).all()
            )  # same as ours
            titles = [d["title"] for d in docs]
            raw_s = raw_indexing_seconds(docs, search_index.wanted_settings(), tmp_path / "meili_raw")

            gw = search_index.gateway(app)
            search_index.ensure_index(gw)
            warm_up(gw)
            t0 = time.perf_counter()
            result = search_outbox.drain(gw, batch_size=2000)
            ours_s = time.perf_counter() - t0
            assert not result.failed, result.error

        rng = random.Random(7)
        words = sorted({t[:2] for t in titles} | {t[:4] for t in titles})
        queries = [JobQuery(q=rng.choice(words), filters=random_filters(rng)) for _ in range(args.queries)]
        latencies = measure_queries(app, gw, queries, search_index.vectors_for, search_documents.day_ts)
        server.stop()
    report("hybrid, vectors" if args.hybrid else "keyword", result.upserted, ours_s, raw_s, latencies)


if __name__ == "__main__":
    main()
