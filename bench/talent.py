"""Benchmark: the talent pool (搜人才) vs raw Meilisearch, on generated résumés.

  (a) indexing: N résumés through the search outbox (load profiles, build the private documents with title
      vectors, send, wait) vs a raw add_documents of the same documents on a fresh Meilisearch process
      (target ≥ 0.7× raw);
  (b) query latency: GET /enterprise/talent as a verified firm (the daily budget check, the audit entry, the
      search, the page) vs a raw multi-search with the same parameters, for queries with 0–3 filters
      (target ≤ 1.5× raw + 5 ms).

Run: .venv/bin/python -m bench.talent [--resumes 100000] [--queries 300] [--keyword]. Hybrid search (as
     shipped) unless --keyword. Ratios are printed last.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import add_search_mode, bench_app, percentile, raw_indexing_seconds, summary, warm_up

DEFAULT_OCCUPATIONS = Path(__file__).resolve().parent.parent.parent / "shared/data/occupations/csco22.csv"
TALENT_FILTERS = {
    "education": ["本科", "大专", "硕士"],
    "city": ["天津市", "南京市", "苏州市"],
    "graduation_year": ["2024届", "2025届", "2026届"],
    "experience": ["无经验", "1年以内", "1-3年"],
    "major_category": ["机械类", "计算机类", "电气类"],
}


def generate(resumes: int, rng: random.Random) -> list[str]:
    """Insert ``resumes`` seekers with résumés (core inserts, one password hash); returns their titles."""
    from sqlalchemy import insert

    from webapp.demo.catalog import FAMILIES, MAJORS, SCHOOLS
    from webapp.extensions import db
    from webapp.models import Education, Role, SeekerProfile, User
    from webapp.models.mixins import utcnow

    families, now = list(FAMILIES.values()), utcnow()
    password_hash = User(account="x", display_name="x", role=Role.SEEKER)
    password_hash.set_password("bench-password-0")
    titles: list[str] = []
    for start in range(0, resumes, 5000):
        count = min(5000, resumes - start)
        users = [
            {
                "account": f"139{start + i:08d}",
                "display_name": "求职者",
                "password_hash": password_hash.password_hash,
                "role": Role.SEEKER,
                "is_active_account": True,
            }
            for i in range(count)
        ]
        ids = db.session.scalars(insert(User).returning(User.id), users).all()
        profiles = []
        for user_id in ids:
            family = rng.choice(families)
            wanted = rng.sample(family["titles"], k=2)
            titles += wanted
            grad = rng.choice([2022, 2024, 2025, 2026])
            profiles.append(
                {
                    "user_id": user_id,
                    "name": "求职者",
                    "phone": "",
                    "education": rng.choice([Education.ASSOCIATE, Education.BACHELOR, Education.MASTER]),
                    "school": rng.choice(SCHOOLS),
                    "major": rng.choice(MAJORS),
                    "graduation_date": date(grad, 6, 30),
                    "desired_titles": wanted,
                    "desired_adcodes": [rng.choice(["120000", "320100", "320500"])],
                    "skills": rng.sample(family["skills"], k=3),
                    "experiences": [{"text": f"{grad - 1}.07-{grad - 1}.09 某科技公司 {wanted[0]}实习生"}],
                    "self_intro": "",
                    "groups": [],
                    "policy_facts": {},
                    # every generated résumé is findable, so N résumés are N documents
                    "open_to_recommendation": True,
                    "bureau_consent_at": now if rng.random() < 0.6 else None,
                }
            )
        db.session.execute(insert(SeekerProfile), profiles)
        db.session.commit()
    return titles


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resumes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    add_search_mode(parser)
    parser.add_argument("--occupations", type=Path, default=DEFAULT_OCCUPATIONS, help="职业分类大典 CSV")
    args = parser.parse_args()

    from sqlalchemy import select

    from tests.conftest import PASSWORD
    from webapp.extensions import db
    from webapp.models import Enterprise, Role, SeekerProfile, Tier, User, Verification
    from webapp.services import search_index, search_outbox
    from webapp.talent import index as talent_index
    from webapp.talent.documents import resume_documents
    from webapp.talent.search import FIRMS, TalentQuery, requests

    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        app, server = bench_app(tmp_path, args.hybrid)
        app.config.update(TALENT_SEARCHES_PER_DAY=10**9)
        with app.app_context():
            t0 = time.perf_counter()
            titles = generate(args.resumes, rng)
            print(f"generated {args.resumes} résumés in {time.perf_counter() - t0:.1f}s")
            if args.hybrid:
                app.config["OCCUPATIONS_CSV"] = str(args.occupations)
                t0 = time.perf_counter()
                model = search_index.train_title_model(sorted(set(titles)))
                print(
                    f"hybrid: {model.dimensions}-dimension title vectors "
                    f"(title model fitted in {time.perf_counter() - t0:.1f}s)"
                )
            t0 = time.perf_counter()
            profiles = db.session.scalars(select(SeekerProfile)).all()
            docs = []
            for start in range(0, len(profiles), 5000):
                docs += resume_documents(list(profiles[start : start + 5000]))
            print(f"built {len(docs)} documents (the raw side's input) in {time.perf_counter() - t0:.1f}s")
            db.session.expunge_all()
            raw_s = raw_indexing_seconds(docs, talent_index.wanted_settings(), tmp_path / "meili_raw")
            del docs, profiles

            gw = search_index.gateway(app)
            warm_up(gw)
            talent_index.ensure_resume_index(gw)  # a new index: every résumé is queued in the outbox
            t0 = time.perf_counter()
            result = search_outbox.drain(gw, batch_size=2000)
            ours_s = time.perf_counter() - t0
            assert not result.failed, result.error
            firm = Enterprise(
                credit_code="91120104MA05KXYZ1A",
                name="基准测试科技有限公司",
                tier=Tier.SPECIALIZED,
                industry_code="C35",
                adcode="120104",
                verification=Verification.VERIFIED,
            )
            user = User(
                account="13800000000", display_name="HR", role=Role.ENTERPRISE, is_enterprise_owner=True
            )
            user.set_password(PASSWORD)
            user.enterprise = firm
            db.session.add_all([firm, user])
            db.session.commit()

        words = sorted({t[:2] for t in titles} | {t[:4] for t in titles})
        client = app.test_client()
        assert client.post("/login", data={"account": "13800000000", "password": PASSWORD}).status_code == 302
        ours, raw, engine = [], [], []
        queries = []
        for _ in range(args.queries):
            names = rng.sample(sorted(TALENT_FILTERS), k=rng.randint(0, 3))
            queries.append((rng.choice(words), {n: [rng.choice(TALENT_FILTERS[n])] for n in names}))
        for q, filters in queries[:30]:  # warm-up
            client.get("/enterprise/talent", query_string={"q": q, **filters})
        for q, filters in queries:
            t0 = time.perf_counter()
            response = client.get("/enterprise/talent", query_string={"q": q, **filters})
            ours.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200 and "暂时不可用" not in response.text
            with app.app_context():
                vector = search_index.vectors_for([q])[0]
                asked = requests(
                    gw.uid(talent_index.RESUMES), TalentQuery(q=q, filters=filters), FIRMS, vector
                )
            t0 = time.perf_counter()
            answers = gw.client.multi_search(asked)["results"]
            raw.append((time.perf_counter() - t0) * 1000)
            engine.append(float(max(a["processingTimeMs"] for a in answers)))
        server.stop()

    n = result.upserted
    print(f"\nindexing {n} résumés ({'hybrid, vectors' if args.hybrid else 'keyword'})")
    print(f"  ours (outbox drain)   {ours_s:7.1f} s  {n / ours_s:7.0f} docs/s")
    print(f"  raw add_documents     {raw_s:7.1f} s  {n / raw_s:7.0f} docs/s")
    print(f"\nquery latency, {len(ours)} queries with 0–3 filters")
    print("  " + summary("ours GET /enterprise/talent", ours))
    print("  " + summary("raw Meilisearch multi-search", raw))
    print("  " + summary("engine processingTimeMs", engine))
    p95_ours, p95_raw = percentile(ours, 0.95), percentile(raw, 0.95)
    print("\nratios (ours / baseline)")
    print(f"  sync throughput        {raw_s / ours_s:5.2f} × raw  (target ≥ 0.7)")
    print(
        f"  page p95 latency       {p95_ours / p95_raw:5.2f} × raw  "
        f"(target ≤ 1.5 × raw + 5 ms = {1.5 * p95_raw + 5:.1f} ms; ours {p95_ours:.1f} ms)"
    )


if __name__ == "__main__":
    main()
