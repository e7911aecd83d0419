"""Shared pieces of the search benchmarks: query mixes, timing, raw baselines and the printed report."""

from __future__ import annotations

import os
import statistics
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from search.gateway import SearchGateway
from search.local_server import ensure_local
from search.local_server import start as start_server
from search.query import JobQuery, search_requests

FILTER_CHOICES = {
    "city": ["天津市", "苏州市", "南京市", "无锡市"],
    "education": ["本科", "大专", "硕士"],
    "tier": ["专精特新中小企业", "专精特新“小巨人”企业"],
    "employment_type": ["全职", "就业见习"],
    "pay_band": ["8-12K", "12-20K"],
}


PG_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def scratch_database(tmp: Path, postgres: bool, name: str) -> str:
    """A new empty database for one benchmark run: a SQLite file in ``tmp``, or a PostgreSQL database named
    after ``name`` on the server of ``TEST_POSTGRES_URL`` (drop it with ``drop_scratch_database``)."""
    if not postgres:
        return f"sqlite:///{tmp / f'{name}.sqlite3'}"
    database = f"zone_bench_{name}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{database}"


def drop_scratch_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, ms: list[float]) -> str:
    return (
        f"{name:<28} p50 {percentile(ms, 0.5):7.2f} ms  p95 {percentile(ms, 0.95):7.2f} ms  "
        f"p99 {percentile(ms, 0.99):7.2f} ms  mean {statistics.mean(ms):7.2f} ms"
    )


def random_filters(rng) -> dict[str, list[str]]:
    names = rng.sample(sorted(FILTER_CHOICES), k=rng.randint(0, 3))
    return {n: [rng.choice(FILTER_CHOICES[n])] for n in names}


def warm_up(gw: SearchGateway) -> None:
    """Index a few Chinese documents first: Meilisearch loads its segmenter dictionaries on first use."""
    index = gw.client.index(gw.uid("warmup"))
    docs = [{"id": i, "title": f"机械设计工程师{i}", "description": "负责数据分析与建模"} for i in range(200)]
    gw.wait(index.add_documents(docs, primary_key="id").task_uid)
    gw.drop("warmup")


def bench_app(tmp_path: Path, hybrid: bool):
    """A throwaway app (SQLite in ``tmp_path``) with its own fresh Meilisearch; returns (app, server)."""
    from webapp import create_app
    from webapp.config import overrides_for_tests
    from webapp.extensions import db

    server = ensure_local(tmp_path / "meili")
    app = create_app(
        overrides_for_tests(tmp_path)
        | {
            "INSTANCE_PATH": tmp_path / "instance",
            "MEILI_URL": server.url,
            "MEILI_MASTER_KEY": server.master_key,
            "MEILI_TIMEOUT": 10,
            "SEARCH_HYBRID": hybrid,
        }
    )
    with app.app_context():
        db.create_all()
    return app, server


def raw_indexing_seconds(docs: list[dict], settings: dict, data_dir: Path, batch: int = 2000) -> float:
    """Baseline: the fastest raw way (enqueue every batch, then wait) on a fresh Meilisearch process.

    A server that has already built one large index builds the next about twice as fast, so each side of the
    comparison gets a fresh server of its own.
    """
    server = start_server(data_dir, "raw-bench-key-0123456789abcdef")
    try:
        gw = SearchGateway(server.url, server.master_key, "raw_", timeout=30)
        warm_up(gw)
        gw.wait(gw.client.create_index(gw.uid("jobs"), {"primaryKey": "id"}).task_uid)
        gw.wait(gw.index("jobs").update_settings(settings).task_uid)
        t0 = time.perf_counter()
        tasks = [
            gw.index("jobs").add_documents(docs[i : i + batch]).task_uid for i in range(0, len(docs), batch)
        ]
        for task in tasks:
            gw.wait(task, timeout_ms=3_600_000)
        return time.perf_counter() - t0
    finally:
        server.stop()


@dataclass
class Latencies:
    ours: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    engine: list[float] = field(default_factory=list)
    fallback: list[float] = field(default_factory=list)


def measure_queries(app, gw: SearchGateway, queries: list[JobQuery], vectors_for, day_ts) -> Latencies:
    """Time each query through GET /api/v1/jobs and as a raw search with the same parameters."""
    from webapp.services.job_search import fallback_search

    client, today_ts, out = app.test_client(), day_ts(date.today()), Latencies()
    for query in queries[:50]:  # warm-up
        client.get("/api/v1/jobs", query_string={"q": query.q, **query.filters})
    for query in queries:
        t0 = time.perf_counter()
        response = client.get("/api/v1/jobs", query_string={"q": query.q, **query.filters})
        out.ours.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200 and not response.json["degraded"]
        normalized = query.normalized()
        with app.app_context():
            vector = vectors_for([normalized.q])[0]
        requests = search_requests(gw.uid("jobs"), normalized.q, normalized, today_ts, vector)
        t0 = time.perf_counter()
        answers = gw.client.multi_search(requests)["results"]  # the same one or two searches, raw
        out.raw.append((time.perf_counter() - t0) * 1000)
        out.engine.append(float(max(a["processingTimeMs"] for a in answers)))
    with app.app_context():
        for query in queries[:100]:
            t0 = time.perf_counter()
            fallback_search(query.normalized())
            out.fallback.append((time.perf_counter() - t0) * 1000)
    return out


def report(title: str, documents: int, ours_s: float, raw_s: float, lat: Latencies) -> None:
    """Absolute figures first, ratios last."""
    print(f"\nindexing {documents} posts ({title})")
    print(f"  ours (outbox drain)   {ours_s:7.1f} s  {documents / ours_s:7.0f} docs/s")
    print(f"  raw add_documents     {raw_s:7.1f} s  {documents / raw_s:7.0f} docs/s")
    print(f"\nquery latency, {len(lat.ours)} queries with 0–3 filters")
    print("  " + summary("ours GET /api/v1/jobs", lat.ours))
    print("  " + summary("raw Meilisearch search", lat.raw))
    print("  " + summary("engine processingTimeMs", lat.engine))
    print("  " + summary(f"database fallback ({len(lat.fallback)} q)", lat.fallback))
    p95_ours, p95_raw = percentile(lat.ours, 0.95), percentile(lat.raw, 0.95)
    print("\nratios (ours / baseline)")
    print(f"  sync throughput        {raw_s / ours_s:5.2f} × raw  (target ≥ 0.7)")
    print(
        f"  API p95 latency        {p95_ours / p95_raw:5.2f} × raw  "
        f"(target ≤ 1.5 × raw + 5 ms = {1.5 * p95_raw + 5:.1f} ms; ours {p95_ours:.1f} ms)"
    )
    print(
        f"  engine p95             {percentile(lat.engine, 0.95):5.0f} ms     (target ≤ 30 ms at 100k posts)"
    )


def add_search_mode(parser) -> None:
    """``--hybrid`` (the default, as shipped) or ``--keyword`` (SEARCH_HYBRID=0, for comparison):
    ``args.hybrid``."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--hybrid", dest="hybrid", action="store_true", default=True, help="(default, as shipped)"
    )
    mode.add_argument(
        "--keyword",
        dest="hybrid",
        action="store_false",
        help="keywords only (SEARCH_HYBRID=0) for comparison",
    )


def timed(fn, repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out
