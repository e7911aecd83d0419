"""Shortage catalogue benchmark: the review's figures and its page at 100,000 posts, 100,000 seekers and
100,000 applications (hires) vs a plain SQL aggregate of the same quarter's figures in the same run, and
whether the ranking holds up at that scale.

    .venv/bin/python -m bench.shortage [--posts 100000] [--seekers 100000] [--postgres] [--requests 40]

Targets: ours ≤ 2 × the plain aggregate; page p95 ≤ 300 ms on PostgreSQL.

Posts carry real titles from ../shared/data (BOSS直聘 postings and the TalentCLEF title corpus); seekers want
real titles from the TalentCLEF queries and corpus and the labelled posting titles (a different mix of the
same market). Both are coded to 大典 细类 by the product's own path (``shortage.coding``, the trained title
classifier), timed. Places, headcounts and dates are drawn at random over 2025.

The ranking check: the catalogue is worth publishing only if it says something about the market rather than
about which rows happened to be drawn. The run splits posts and seekers at random into two halves, ranks the
occupations in each, and reports the rank correlation of the two rankings and the overlap of the two proposed
lists (thresholds halved with the data), over several splits; and the share of openings whose title the
classifier could code. It prints the top of the proposed list with sample titles for a person to read.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import insert

from bench import corpus
from bench.common import drop_scratch_database, percentile, scratch_database, timed
from webapp.shortage.ratios import lower_ratio

# The same figures written by hand — openings per occupation and quarter, and seekers per occupation and
# quarter who were active then and want a place covering 江苏 — over the four quarters the review shows (the
# floor any implementation pays). {q} is the quarter of a timestamp column, as a CASE over the bounds.
PLAIN_OPENINGS = """
    SELECT p.occupation_code, {q_post} AS q,
           SUM(COALESCE(p.headcount, 1)), COUNT(*), COUNT(DISTINCT p.enterprise_id)
    FROM job_posts p
    WHERE p.published_at >= :q0 AND p.published_at < :q4 AND p.adcode LIKE '32%'
      AND p.occupation_code != '' AND p.employment_type NOT IN ('internship', 'traineeship')
    GROUP BY p.occupation_code, q"""
PLAIN_SEEKERS = """
    SELECT o.occupation_code, a.q, COUNT(DISTINCT o.seeker_id)
    FROM seeker_occupations o
    JOIN (SELECT id AS sid, {q_profile} AS q FROM seeker_profiles WHERE created_at >= :q0 AND created_at < :q4
          UNION SELECT seeker_id, {q_application} FROM applications
                WHERE created_at >= :q0 AND created_at < :q4) a
      ON a.sid = o.seeker_id
    WHERE o.place IN ('', '32') OR o.place LIKE '32%'
    GROUP BY o.occupation_code, a.q"""


def _quarter_case(column: str) -> str:
    return "CASE " + " ".join(f"WHEN {column} < :q{i + 1} THEN {i}" for i in range(4)) + " END"


# the rows behind those figures, for the split-half check
EACH_OPENING = """
    SELECT p.occupation_code, p.id, COALESCE(p.headcount, 1), p.enterprise_id
    FROM job_posts p
    WHERE p.published_at >= :start AND p.published_at < :end AND p.adcode LIKE '32%'
      AND p.occupation_code != '' AND p.employment_type NOT IN ('internship', 'traineeship')"""
EACH_SEEKER = """
    SELECT DISTINCT o.occupation_code, o.seeker_id
    FROM seeker_occupations o
    JOIN (SELECT id AS sid FROM seeker_profiles WHERE created_at >= :start AND created_at < :end
          UNION SELECT seeker_id FROM applications WHERE created_at >= :start AND created_at < :end) a
      ON a.sid = o.seeker_id
    WHERE o.place IN ('', '32') OR o.place LIKE '32%'"""
PLACES = ["320100", "320200", "320500", "320505", "320583", "321000", "120104", "120116"]


def _seeker_titles(shared: Path, text: corpus.RealText) -> list[str]:
    """Titles people type as the job they want: TalentCLEF queries and corpus, labelled posting titles."""
    titles = list(text.queries) + text.titles[2117:]
    with (shared / "occupations" / "title_to_code_public.csv").open(encoding="utf-8") as fh:
        titles += [row["job_name"] for row in csv.DictReader(fh)]
    return [t for t in titles if t]


def _populate(session, posts: int, seekers: int, shared: Path, rng: random.Random) -> dict[str, float]:
    from webapp.models import Application, ApplicationStatus, Enterprise, JobPost, Role, SeekerProfile, User
    from webapp.shortage.coding import code_posts, code_seekers

    text = corpus.load(shared)
    firms = corpus.insert_firms(session, rng)
    for i, firm_id in enumerate(firms):
        session.execute(
            sa.update(Enterprise).where(Enterprise.id == firm_id).values(adcode=PLACES[i % len(PLACES)])
        )
    start, span = datetime(2025, 1, 1) - timedelta(hours=8), 365 * 86400
    rows = corpus.post_rows(text, posts, firms, rng)
    place_of_firm = {firm_id: PLACES[i % len(PLACES)] for i, firm_id in enumerate(firms)}
    for row in rows:
        row["published_at"] = start + timedelta(seconds=rng.random() * span)
        row["adcode"] = place_of_firm[row["enterprise_id"]]
        row["headcount"] = rng.choice([None, 1, 1, 2, 2, 3, 5, 10])
    for chunk in range(0, len(rows), 10_000):
        session.execute(insert(JobPost), rows[chunk : chunk + 10_000])
    wanted = _seeker_titles(shared, text)
    session.execute(
        insert(User),
        [{"account": f"139{n:08d}", "display_name": f"求职者{n}", "password_hash": "x", "role": Role.SEEKER}
         for n in range(seekers)],
    )  # fmt: skip
    users = session.execute(sa.select(User.id, User.account).where(User.role == Role.SEEKER)).all()
    profiles = []
    for user_id, account in users:
        at = start + timedelta(seconds=rng.random() * span)
        profiles.append({
            "user_id": user_id, "name": f"求职者{account[-4:]}", "phone": account,
            "desired_titles": rng.sample(wanted, k=rng.choice([1, 1, 2])),
            "desired_adcodes": [rng.choice([*PLACES, "320000", ""])],
            "created_at": at, "updated_at": at,
        })  # fmt: skip
    for chunk in range(0, len(profiles), 10_000):
        session.execute(insert(SeekerProfile), profiles[chunk : chunk + 10_000])
    profile_ids = list(session.scalars(sa.select(SeekerProfile.id)))
    post_ids = list(session.scalars(sa.select(JobPost.id)))
    applications = [
        {"seeker_id": seeker_id, "post_id": rng.choice(post_ids),  # one each: (seeker, post) is unique
         "status": ApplicationStatus.HIRED, "created_at": start + timedelta(seconds=rng.random() * span)}
        for seeker_id in profile_ids
    ]  # fmt: skip
    for chunk in range(0, len(applications), 10_000):
        session.execute(insert(Application), applications[chunk : chunk + 10_000])
    session.commit()
    took = {}
    started = time.perf_counter()
    code_posts()
    took["code_posts_s"] = time.perf_counter() - started
    started = time.perf_counter()
    code_seekers()
    took["code_seekers_s"] = time.perf_counter() - started
    return took


def _spearman(a: list[float], b: list[float]) -> float:
    def ranks(values):
        order = sorted(range(len(values)), key=values.__getitem__)
        out = [0.0] * len(values)
        for r, i in enumerate(order):
            out[i] = r
        return out

    ra, rb = ranks(a), ranks(b)
    n = len(a)
    mean = (n - 1) / 2
    cov = sum((x - mean) * (y - mean) for x, y in zip(ra, rb, strict=True))
    var = sum((x - mean) ** 2 for x in ra)
    return cov / var if var else 0.0


# The rankings compared: the plain ratio (no seeker counted as one) and the product's 稳健倍率.
METHODS = {
    "ratio": lambda openings, seekers: openings / max(seekers, 1),
    "bound": lambda openings, seekers: lower_ratio(openings, seekers),
}


def split_half(
    quarter, splits: int, rng: random.Random, thresholds
) -> dict[str, list[tuple[float, float, int]]]:
    """Per ranking method: (Spearman of the two halves' scores over occupations with openings in both, Jaccard
    of the two proposed lists, the proposed lists' mean size) for ``splits`` random halvings of posts and
    seekers (thresholds as the review's, openings halved)."""
    from webapp.extensions import db

    bounds = {"start": quarter.start, "end": quarter.end}
    posts = db.session.execute(sa.text(EACH_OPENING), bounds).all()
    seekers = db.session.execute(sa.text(EACH_SEEKER), bounds).all()
    min_openings = max(1, thresholds.min_openings // 2)
    out: dict[str, list[tuple]] = {name: [] for name in METHODS}
    for _ in range(splits):
        side: dict = {}
        halves = []
        for h in (0, 1):
            openings, firms, wanted = Counter(), {}, Counter()
            for code, post_id, headcount, firm in posts:
                if side.setdefault(("p", post_id), rng.random() < 0.5) == h:
                    openings[code] += headcount
                    firms.setdefault(code, set()).add(firm)
            for code, seeker_id in seekers:
                if side.setdefault(("s", seeker_id), rng.random() < 0.5) == h:
                    wanted[code] += 1
            halves.append((openings, firms, wanted))
        for name, score in METHODS.items():
            ranked = []
            for openings, firms, wanted in halves:
                scores = {c: score(openings[c], wanted[c]) for c in openings}
                proposed = {
                    c for c in openings
                    if openings[c] >= min_openings and len(firms[c]) >= thresholds.min_firms
                    and scores[c] >= thresholds.min_ratio
                }  # fmt: skip
                ranked.append((scores, proposed))
            (r0, p0), (r1, p1) = ranked
            shared = sorted(set(r0) & set(r1))
            rho = _spearman([r0[c] for c in shared], [r1[c] for c in shared]) if len(shared) > 2 else 0.0
            jaccard = len(p0 & p1) / len(p0 | p1) if p0 | p1 else 1.0
            top0, top1 = (set(sorted(r, key=r.__getitem__, reverse=True)[:10]) for r in (r0, r1))
            out[name].append((rho, jaccard, (len(p0) + len(p1)) // 2, len(top0 & top1) / 10))
    return out


def _title_models(app, tmp_path: Path) -> None:
    """The trained title classifier in the bench app's instance: the checkout's (``make setup`` saved it), or
    trained now."""
    saved = Path(__file__).resolve().parent.parent / "instance" / "models"
    target = tmp_path / "instance" / "models"
    target.mkdir(parents=True, exist_ok=True)
    from webapp.services.recommendations import PROFILES_MODEL, TITLE_MODEL

    for name in (TITLE_MODEL, PROFILES_MODEL):
        if (saved / name).exists():
            shutil.copy(saved / name, target / name)
    if not (target / TITLE_MODEL).exists():
        import joblib

        from webapp.cli_match import title_models

        with app.app_context():
            for name, model in zip((TITLE_MODEL, PROFILES_MODEL), title_models(retrain=True), strict=True):
                joblib.dump(model, target / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--splits", type=int, default=10)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (TEST_POSTGRES_URL), not SQLite")
    parser.add_argument("--shared", type=Path, default=corpus.DEFAULT_SHARED)
    args = parser.parse_args()

    from webapp import create_app
    from webapp.config import overrides_for_tests
    from webapp.extensions import db
    from webapp.models import JobPost, Role, User
    from webapp.shortage import services
    from webapp.shortage.quarters import Quarter

    rng = random.Random(11)
    quarter = Quarter(2025, 4)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = scratch_database(tmp_path, args.postgres, "shortage")
        config = overrides_for_tests(tmp_path) | {
            "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": tmp_path / "instance", "MEILI_URL": "http://127.0.0.1:9",
            "SHARED_DATA_DIR": str(args.shared),
            "OCCUPATIONS_CSV": str(args.shared / "occupations" / "csco22.csv"),
        }  # fmt: skip
        app = create_app(config)
        _title_models(app, tmp_path)
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            coding = _populate(db.session, args.posts, args.seekers, args.shared, rng)
            if db.engine.dialect.name == "postgresql":  # statistics, as autovacuum keeps on a live database
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(sa.text("ANALYZE"))
            organizer = User(account="bench-organizer", display_name="bench", role=Role.ORGANIZER)
            organizer.set_password("bench-password-1")
            db.session.add(organizer)
            db.session.commit()
            took = time.perf_counter() - started
            print(
                f"populated {args.posts:,} posts, {args.seekers:,} seekers and applications in {took:.1f} s "
                f"({db.engine.dialect.name}); coded posts in {coding['code_posts_s']:.1f} s, seekers in "
                f"{coding['code_seekers_s']:.1f} s"
            )
            window = quarter.window(services.WINDOW)
            bounds = {f"q{i}": q.start for i, q in enumerate(window)} | {"q4": quarter.end}
            plain = [
                sa.text(PLAIN_OPENINGS.format(q_post=_quarter_case("p.published_at"))),
                sa.text(
                    PLAIN_SEEKERS.format(
                        q_profile=_quarter_case("created_at"), q_application=_quarter_case("created_at")
                    )
                ),
            ]

            def raw() -> None:
                with db.engine.connect() as conn:
                    for stmt in plain:
                        conn.execute(stmt, bounds).all()

            def ours() -> None:  # counted afresh, as publishing does (the page keeps past quarters a while)
                services.review("320000", quarter, fresh=True)
                db.session.remove()

            board = services.review("320000", quarter)
            with db.engine.connect() as conn:  # both sides count the same rows, quarter by quarter
                openings = {(row[0], row[1]): row[2] for row in conn.execute(plain[0], bounds)}
                wanted = {(row[0], row[1]): row[2] for row in conn.execute(plain[1], bounds)}
            for o in board.occupations:
                assert o.openings == [openings.get((o.code, i), 0) for i in range(4)], o.code
                assert o.seekers == [wanted.get((o.code, i), 0) for i in range(4)], o.code
            for fn in (raw, ours):  # warm both: the first query of a run reads the pages from disk
                fn()
            raw_ms, ours_ms = [], []
            for _ in range(args.requests):  # interleaved, so both see the same machine
                raw_ms += timed(raw, 1)
                ours_ms += timed(ours, 1)
            one = {f"q{i}": quarter.start for i in range(4)} | {"q4": quarter.end}
            one_ms = timed(lambda: [db.session.execute(stmt, one).all() for stmt in plain], args.requests)
            halves = split_half(quarter, args.splits, rng, board.thresholds)
            coded_share = db.session.scalar(
                sa.select(sa.func.avg(sa.case((JobPost.occupation_code != "", 1.0), else_=0.0)))
            )
            samples = {}
            for o in board.proposed[:15]:
                samples[o.code] = list(
                    db.session.scalars(
                        sa.select(JobPost.title).where(JobPost.occupation_code == o.code).limit(200)
                    )
                )
        client = app.test_client()
        client.post("/login", data={"account": "bench-organizer", "password": "bench-password-1"})
        page = f"/organizer/shortage?region=320000&quarter={quarter.key}"
        assert client.get(page).status_code == 200

        def cold_page() -> None:
            services._cache.clear()
            client.get(page)

        cold_ms = timed(cold_page, args.requests)
        page_ms = timed(lambda: client.get(page), args.requests)
        with app.app_context():
            db.engine.dispose()
        drop_scratch_database(url)

    print(f"{quarter.label}, 江苏: {len(board.occupations)} occupations with openings, "
          f"{board.totals['openings']:,} openings, {len(board.proposed)} proposed "
          f"(稳健倍率 ≥ {board.thresholds.min_ratio:g}, openings ≥ {board.thresholds.min_openings}, "
          f"firms ≥ {board.thresholds.min_firms}); posts coded {100 * coded_share:.1f}%")  # fmt: skip
    print(f"plain SQL aggregate (2 queries, 4 quarters)  p50 {percentile(raw_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(raw_ms, 0.95):7.1f} ms")  # fmt: skip
    print(f"our review figures (4 quarters)             p50 {percentile(ours_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(ours_ms, 0.95):7.1f} ms")  # fmt: skip
    ratio = percentile(ours_ms, 0.5) / percentile(raw_ms, 0.5)
    print(f"ratio ours / plain (p50) = {ratio:.2f} (target ≤ 2); "
          f"the chosen quarter alone by hand: p50 {percentile(one_ms, 0.5):.1f} ms")  # fmt: skip
    print(f"review page, figures counted afresh         p50 {percentile(cold_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(cold_ms, 0.95):7.1f} ms (the first view of a window in ten minutes)")  # fmt: skip
    print(f"review page, past quarters' figures kept    p50 {percentile(page_ms, 0.5):7.1f} ms  "
          f"p95 {percentile(page_ms, 0.95):7.1f} ms (target ≤ 300 ms on PostgreSQL)")  # fmt: skip
    for name, runs in halves.items():
        rhos, jaccards, sizes, tops = zip(*runs, strict=True)
        rho, jac, size = sum(rhos) / len(rhos), sum(jaccards) / len(jaccards), sum(sizes) // len(sizes)
        print(f"split-half, {len(runs)} random halvings, ranked by {name:5}: Spearman {rho:.3f} "
              f"({min(rhos):.3f}–{max(rhos):.3f}); proposed lists' Jaccard {jac:.3f} "
              f"({min(jaccards):.3f}–{max(jaccards):.3f}), ~{size} proposed per half; top ten shared "
              f"{sum(tops) / len(tops):.2f} ({min(tops):.1f}–{max(tops):.1f})")  # fmt: skip
    print("top of the proposed list (稳健倍率, openings/seekers, firms; sample titles coded to it):")
    for o in board.proposed[:15]:
        titles = Counter(samples[o.code]).most_common(4)
        shown = "、".join(t for t, _ in titles)
        figures = f"{o.rank_key[0]:6.2f}  {o.openings[-1]:>6}/{o.seekers[-1]:<6} {o.firms[-1]:>4}"
        print(f"  {figures}  {o.name}（{o.code}）: {shown}")


if __name__ == "__main__":
    main()
