"""Matching benchmark on real text: one seeker against N posts (top 20), one post against N seekers, building
the matrices for N posts, and peak memory — each beside a plain sparse dot-product baseline in the same run.

    .venv/bin/python -m bench.matching [--posts 100000] [--seekers 100000] [--queries 200]

Targets (2-core machine): seeker → posts p95 ≤ 50 ms; build ≤ 60 s; peak memory ≤ 1.5 GB.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from bench.common import percentile
from bench.corpus import DEFAULT_SHARED, load
from matching import encoders
from matching.features import Post, PostIndex, Seeker, SeekerIndex
from matching.ranker import MatchRanker, top_k
from matching.tokenizer import DomainTokenizer
from matching.training import title_encoder, train_occupation_profiles, train_title_classifier

CITIES = ["120104", "120101", "120116", "320500", "320100", "320200", "330100", "420100"]


def make_posts(text, n: int, rng: random.Random, today: date) -> list[Post]:
    posts = []
    for i in range(n):
        j = rng.randrange(len(text.titles))
        posts.append(
            Post(
                id=i + 1,
                title=text.titles[j],
                skills=rng.choice(text.skills)[:4],
                text=rng.choice(text.descriptions)[:1200],
                adcode=rng.choice(CITIES),
                education=rng.choice([0, 3, 4, 4, 5]),
                experience_min=rng.choice([0, 0, 1, 3, 5]),
                pay_max=rng.choice([None, 6000, 9000, 12000, 20000]),
                traineeship=rng.random() < 0.05,
                published=today - timedelta(days=rng.randint(0, 60)),
            )
        )
    return posts


def make_seekers(text, n: int, rng: random.Random) -> list[Seeker]:
    return [
        Seeker(
            id=i + 1,
            titles=[rng.choice(text.titles)],
            skills=rng.choice(text.skills)[:5],
            text=rng.choice(text.descriptions)[:300],
            adcodes=[rng.choice(CITIES)],
            education=rng.choice([3, 4, 4, 5]),
            graduated=date(rng.choice([2019, 2022, 2024, 2025]), 6, 30),
            pay_min=rng.choice([5000, 8000, 10000]),
        )
        for i in range(n)
    ]


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    rng, today = random.Random(7), date(2026, 11, 24)
    text = load(args.shared)
    tok = DomainTokenizer([args.shared / "taxonomies" / "THUOCL_IT.txt"])
    tok("预热 机器学习")  # jieba loads its dictionaries once
    posts, seekers = make_posts(text, args.posts, rng, today), make_seekers(text, args.seekers, rng)
    ranker = MatchRanker.cold_start()
    start = time.perf_counter()
    encoders.warm()
    load_encoders = time.perf_counter() - start
    start = time.perf_counter()
    occupations = args.shared / "occupations"
    # as `flask match train` fits them; the title feature uses both
    dadian, cases = occupations / "csco22.csv", occupations / "title_to_code_public.csv"
    encoder = title_encoder(train_title_classifier(dadian, cases), train_occupation_profiles(dadian, cases))
    train_classifier = time.perf_counter() - start

    start = time.perf_counter()
    index = PostIndex(posts, tok, today=today, title_encoder=encoder)
    build_posts = time.perf_counter() - start
    # baseline build: the same tokens into a word TF-IDF alone (the plain sparse model)
    start = time.perf_counter()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from matching.features import TEXT_CHARS, split_tokens, tokenize_many

    plain = TfidfVectorizer(analyzer=split_tokens, sublinear_tf=True)
    texts = [f"{p.title} {' '.join(p.skills)} {p.text[:TEXT_CHARS]}" for p in posts]
    plain_matrix = normalize(plain.fit_transform(tokenize_many(tok, texts)))
    build_plain = time.perf_counter() - start

    probes = rng.sample(seekers, k=min(args.queries, len(seekers)))

    def ours(s: Seeker) -> None:
        top_k(ranker.score_0_100(index.features(s)), index.ids, 20)

    def baseline(s: Seeker) -> None:
        q = normalize(
            plain.transform(
                tokenize_many(tok, [f"{' '.join(s.titles)} {' '.join(s.skills)} {s.text[:TEXT_CHARS]}"])
            )
        )
        scores = np.asarray((plain_matrix @ q.T).todense()).ravel()
        np.argpartition(-scores, 20)[:20]

    ours_ms, base_ms = timed(ours, probes), timed(baseline, probes)

    start = time.perf_counter()
    people = SeekerIndex(seekers, tok, today=today, title_encoder=encoder)
    build_seekers = time.perf_counter() - start
    post_probes = rng.sample(posts, k=min(args.queries, len(posts)))
    talent_ms = timed(lambda p: top_k(ranker.score_0_100(people.features(p)), people.ids, 20), post_probes)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def line(name, ms):
        p50, p95, p99 = (percentile(ms, q) for q in (0.5, 0.95, 0.99))
        return f"{name:<34} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms"

    print(f"posts {len(posts):,}, seekers {len(seekers):,}, probes {len(probes)}")
    print(
        f"build post matrices (ours)          {build_posts:6.1f} s   plain TF-IDF only {build_plain:6.1f} s"
    )
    print(f"build seeker matrices (ours)        {build_seekers:6.1f} s")
    print(f"fit the title classifier + profiles {train_classifier:6.1f} s (once per `flask match train`)")
    distinct = len({p.title for p in posts})
    print(
        f"load the packaged encoders          {load_encoders:6.1f} s (once per process: USE + e5); "
        f"{distinct:,} distinct post titles embedded once each"
    )
    print(line("seeker → posts, ours", ours_ms))
    print(line("seeker → posts, plain dot product", base_ms))
    print(line("post → seekers, ours", talent_ms))
    p95, base95 = percentile(ours_ms, 0.95), percentile(base_ms, 0.95)
    print(f"ratio seeker→posts p95 ours/plain = {p95 / base95:.2f} (ours {p95:.1f} ms; target ≤ 50 ms)")
    print(
        f"ratio build ours/plain = {build_posts / build_plain:.2f} (ours {build_posts:.1f} s; target ≤ 60 s)"
    )
    print(f"peak memory {peak_mb / 1024:.2f} GB (target ≤ 1.5)")


if __name__ == "__main__":
    main()
