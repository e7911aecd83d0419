"""Benchmark: our search path vs raw Meilisearch, on a generated zone.

  (a) indexing: the outbox drain (load posts, build documents, send, wait) vs a raw add_documents of the same
      documents into a scratch index;
  (b) query latency: GET /api/v1/jobs through the Flask app vs a raw Meilisearch search with the same
      parameters, for queries with 0–3 filters;
  (c) the database fallback's latency for the same queries.

Run: .venv/bin/python -m bench.search_api [--posts 20000] [--queries 300]. Ratios are printed last.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from search.local_server import ensure_local
from search.query import JobQuery, search_params
from webapp import create_app
from webapp.config import overrides_for_tests
from webapp.extensions import db

FILTER_CHOICES = {
    "city": ["天津市", "苏州市", "南京市", "无锡市"],
    "education": ["本科", "大专", "硕士"],
    "tier": ["专精特新中小企业", "专精特新“小巨人”企业"],
    "employment_type": ["全职", "就业见习"],
    "pay_band": ["8-12K", "12-20K"],
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, ms: list[float]) -> str:
    return (
        f"{name:<28} p50 {percentile(ms, 0.5):7.2f} ms  p95 {percentile(ms, 0.95):7.2f} ms  "
        f"p99 {percentile(ms, 0.99):7.2f} ms  mean {statistics.mean(ms):7.2f} ms"
    )


def build_queries(rng: random.Random, titles: list[str], count: int) -> list[JobQuery]:
    words = sorted({t[:2] for t in titles} | {t[:4] for t in titles})
    queries = []
    for _ in range(count):
        names = rng.sample(sorted(FILTER_CHOICES), k=rng.randint(0, 3))
        filters = {n: [rng.choice(FILTER_CHOICES[n])] for n in names}
        queries.append(JobQuery(q=rng.choice(words), filters=filters))
    return queries


def warm_up(gw) -> None:
    """Index a few Chinese documents first: Meilisearch loads its segmenter dictionaries on first use."""
    index = gw.client.index(gw.uid("warmup"))
    docs = [{"id": i, "title": f"机械设计工程师{i}", "description": "负责数据分析与建模"} for i in range(200)]
    gw.wait(index.add_documents(docs, primary_key="id").task_uid)
    gw.drop("warmup")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--hybrid", action="store_true", help="index and query with title vectors")
    parser.add_argument(
        "--occupations",
        type=Path,
        default=Path(__file__).resolve().parent.parent.parent / "shared/data/occupations/csco22.csv",
        help="职业分类大典 CSV: with it the index is hybrid (user-provided vectors); without, keyword only",
    )
    args = parser.parse_args()

    from webapp.demo.seed import seed_demo
    from webapp.models import JobPost
    from webapp.services import search_sync

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        server = ensure_local(tmp_path / "meili")
        config = overrides_for_tests(tmp_path) | {
            "INSTANCE_PATH": tmp_path / "instance",
            "MEILI_URL": server.url,
            "MEILI_MASTER_KEY": server.master_key,
            "MEILI_TIMEOUT": 10,
        }
        app = create_app(config)
        with app.app_context():
            db.create_all()
            t0 = time.perf_counter()
            seed_demo(tmp_path, enterprises=120, posts=args.posts, seekers=200)
            print(f"generated {args.posts} posts in {time.perf_counter() - t0:.1f}s")
            if args.hybrid and args.occupations.exists():
                app.config["SEARCH_HYBRID"] = True
                from search import semantic

                titles = list(db.session.scalars(db.select(JobPost.title)))
                model = semantic.train_and_save(args.occupations, tmp_path / "instance", titles)
                app.extensions["occupation_embedder"].set(model)
                print(f"hybrid: {model.dimensions}-dimension title vectors")
            else:
                print("keyword search (pass --hybrid for title vectors)")
            gw = search_sync.gateway(app)
            search_sync.ensure_index(gw)
            warm_up(gw)

            t0 = time.perf_counter()
            result = search_sync.drain(gw, batch_size=2000)
            ours_index_s = time.perf_counter() - t0
            assert not result.failed, result.error
            published = result.upserted

            posts = db.session.scalars(db.select(JobPost)).all()
            live = [p for p in posts if search_sync.is_searchable(p)]
            vectors = search_sync.vectors_for([p.title for p in live])  # raw gets the same documents
            docs = [search_sync.job_document(p, v) for p, v in zip(live, vectors, strict=True)]
            titles = [d["title"] for d in docs]
            raw_index = gw.client.index(gw.uid("raw"))
            gw.wait(gw.client.create_index(gw.uid("raw"), {"primaryKey": "id"}).task_uid)
            gw.wait(raw_index.update_settings(search_sync.wanted_settings()).task_uid)
            t0 = time.perf_counter()  # the fastest raw way: enqueue every batch, then wait for them all
            tasks = [raw_index.add_documents(docs[i : i + 2000]).task_uid for i in range(0, len(docs), 2000)]
            for task in tasks:
                gw.wait(task, timeout_ms=600_000)
            raw_index_s = time.perf_counter() - t0

        rng = random.Random(7)
        queries = build_queries(rng, titles, args.queries)
        client = app.test_client()
        today_ts = search_sync.day_ts(date.today())
        ours, raw, fallback = [], [], []
        for query in queries:  # warm-up
            client.get("/api/v1/jobs", query_string={"q": query.q, **query.filters})
        for query in queries:
            t0 = time.perf_counter()
            response = client.get("/api/v1/jobs", query_string={"q": query.q, **query.filters})
            ours.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200 and not response.json["degraded"]
            with app.app_context():
                vector = search_sync.vectors_for([query.q])[0]
            params = search_params(query.normalized(), today_ts, vector)
            t0 = time.perf_counter()
            gw.index("jobs").search(query.q, params)
            raw.append((time.perf_counter() - t0) * 1000)
        with app.app_context():
            from webapp.services.job_search import fallback_search

            for query in queries[:100]:
                t0 = time.perf_counter()
                fallback_search(query.normalized())
                fallback.append((time.perf_counter() - t0) * 1000)
        server.stop()

    print(f"\nindexing {published} published posts (of {args.posts})")
    print(f"  ours (outbox drain)   {ours_index_s:6.2f} s  {published / ours_index_s:8.0f} docs/s")
    print(f"  raw add_documents     {raw_index_s:6.2f} s  {published / raw_index_s:8.0f} docs/s")
    print(f"\nquery latency, {len(queries)} queries with 0–3 filters")
    print("  " + summary("ours GET /api/v1/jobs", ours))
    print("  " + summary("raw Meilisearch search", raw))
    print("  " + summary("database fallback (100 q)", fallback))
    print("\nratios (ours / baseline)")
    print(f"  sync throughput        {raw_index_s / ours_index_s:5.2f} × raw  (target ≥ 0.7)")
    p95_ours, p95_raw = percentile(ours, 0.95), percentile(raw, 0.95)
    print(
        f"  API p95 latency        {p95_ours / p95_raw:5.2f} × raw  "
        f"(target ≤ 1.5 × raw + 5 ms = {1.5 * p95_raw + 5:.1f} ms; ours {p95_ours:.1f} ms)"
    )


if __name__ == "__main__":
    main()
