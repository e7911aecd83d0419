"""Relevance evaluation through the product's own search path (``flask search eval``).

The corpus is loaded as posts into a temporary index built with the production settings and embedder; each
query runs through ``job_search.search_jobs`` exactly as the search page runs it. Baselines are measured in
the same run: a character 1–3-gram TF-IDF ranking, and Meilisearch with its default settings.
"""

from __future__ import annotations

import csv
import json
import re
import secrets
import tomllib
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from flask import current_app
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sqlalchemy import select

from matching.training import search_title_model
from search.gateway import SearchGateway
from search.metrics import map_over_folds, summarize
from search.query import MAX_PER_PAGE, RELATED_MIN_SCORE, JobQuery
from search.semantic import load_occupations
from search.settings import EMBEDDER
from webapp.extensions import db
from webapp.models import Enterprise, JobPost
from webapp.services import job_search, search_index
from webapp.services.recommendations import title_models
from webapp.services.search_sync import searchable_clause

FAR_FUTURE_TS = 4_102_444_800  # 2100-01-01


@dataclass
class EvalSet:
    corpus: dict[str, str]
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    corpus_field: str = "title"  # "description": the corpus holds whole job ads without titles


def _tsv(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)  # header
        return {row[0]: row[1] for row in reader if len(row) >= 2}


def load_category_set(jsonl: Path, skip_labels: tuple[str, ...] = ("非数据分析岗",)) -> EvalSet:
    """Labelled job ads (``{label, text}`` per line): each category name is a query; its ads are relevant."""
    corpus, qrels = {}, defaultdict(set)
    for n, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        corpus[str(n)] = row["text"]
        if row["label"] not in skip_labels:
            qrels[row["label"]].add(str(n))
    return EvalSet(corpus, {label: label for label in qrels}, dict(qrels), corpus_field="description")


def load_eval_set(corpus: Path, queries: Path, qrels: Path) -> EvalSet:
    """TalentCLEF layout: corpus and queries TSV (id, title, with a header), TREC qrels (q 0 doc rel)."""
    judged: dict[str, set[str]] = defaultdict(set)
    for line in qrels.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and int(parts[3]) > 0:
            judged[parts[0]].add(parts[2])
    return EvalSet(_tsv(corpus), _tsv(queries), dict(judged))


def eval_document(doc_id: int, title: str, vector: list[float] | None, description: str = "") -> dict:
    """A corpus item as a post document (a title, or a description for job-ad corpora); no facets."""
    words = search_index.segmented(title)
    return {
        "id": doc_id,
        "title": title,
        **({"title_words": words} if words is not None else {}),
        "skills": [],
        "enterprise": "",
        "description": description,
        "requirements": "",
        "valid_until_ts": FAR_FUTURE_TS,
        "published_ms": 0,
        "_vectors": {EMBEDDER: vector},
    }


@contextmanager
def temporary_jobs_index(prefix: str | None = None):
    """Point the app's search at a fresh index for the duration; drop it afterwards."""
    app = current_app._get_current_object()
    live = search_index.gateway(app)
    temp = SearchGateway(live.url, live.master_key, prefix or f"eval{secrets.token_hex(3)}_", timeout=30)
    app.extensions["search_gateway"] = temp
    try:
        yield temp
    finally:
        app.extensions["search_gateway"] = live
        temp.drop("jobs")


def _load(gw: SearchGateway, data: EvalSet, with_vectors: bool) -> None:
    ids = list(data.corpus)
    titles = [data.corpus[i] for i in ids]
    vectors = search_index.vectors_for(titles) if with_vectors else [None] * len(ids)
    if data.corpus_field == "description":
        docs = [eval_document(int(i), "", None, text) for i, text in zip(ids, titles, strict=True)]
    else:
        docs = [eval_document(int(i), t, v) for i, t, v in zip(ids, titles, vectors, strict=True)]
    tasks = [gw.upsert("jobs", docs[n : n + 1000]) for n in range(0, len(docs), 1000)]
    for task in tasks:
        gw.wait(task, timeout_ms=600_000)


def product_runs(data: EvalSet, depth: int, semantic_ratio: float) -> dict[str, list[str]]:
    """Rankings from the search page's own code path, ``depth`` results deep."""
    runs = {}
    pages = max(1, depth // MAX_PER_PAGE)
    for qid, text in data.queries.items():
        ranked: list[str] = []
        for page in range(1, pages + 1):
            result = job_search.search_jobs(
                JobQuery(q=text, page=page, per_page=MAX_PER_PAGE), semantic_ratio=semantic_ratio
            )
            if result.degraded:
                raise RuntimeError("search fell back to the database during the evaluation")
            ranked += [str(h["id"]) for h in result.hits]
            if page >= result.pages:
                break
        runs[qid] = ranked[:depth]
    return runs


def tfidf_runs(data: EvalSet, depth: int | None = None) -> dict[str, list[str]]:
    """Baseline: cosine over character 1–3-gram TF-IDF of the titles (the issue's reference method)."""
    ids = list(data.corpus)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    docs = normalize(vectorizer.fit_transform([data.corpus[i] for i in ids]))
    qids = list(data.queries)
    scores = (normalize(vectorizer.transform([data.queries[q] for q in qids])) @ docs.T).toarray()
    order = np.argsort(-scores, axis=1, kind="stable")
    return {q: [ids[j] for j in order[n][: depth or len(ids)]] for n, q in enumerate(qids)}


def plain_meili_runs(gw: SearchGateway, data: EvalSet, depth: int) -> dict[str, list[str]]:
    """Baseline: the same titles in an index with Meilisearch's default settings."""
    uid = gw.uid("plain")
    gw.wait(gw.client.create_index(uid, {"primaryKey": "id"}).task_uid)
    try:
        index = gw.client.index(uid)
        docs = [{"id": int(i), "title": t} for i, t in data.corpus.items()]
        gw.wait(index.add_documents(docs).task_uid, timeout_ms=600_000)
        return {
            q: [str(h["id"]) for h in index.search(text, {"limit": depth})["hits"]]
            for q, text in data.queries.items()
        }
    finally:
        gw.wait(gw.client.delete_index(uid).task_uid)


def evaluate(
    data: EvalSet, depth: int = 100, semantic_ratio: float | None = None, occupations_csv: Path | None = None
) -> dict:
    """Our search vs the baselines on one labelled set; returns the JSON the CLI prints.

    With the 大典 available the top-level figures are hybrid search (the embedder trained as
    ``flask search init`` trains it, on the 大典 and the corpus titles); ``keyword_only`` reports the
    same search path with vectors off.
    """
    from search.query import SEMANTIC_RATIO

    ratio = SEMANTIC_RATIO if semantic_ratio is None else semantic_ratio
    app = current_app._get_current_object()
    model_file = app.extensions["title_model"]
    saved = (app.config.get("SEARCH_HYBRID"), model_file.get())
    try:
        app.config["SEARCH_HYBRID"] = False
        keyword, plain = _evaluate(data, depth, ratio, with_plain=True)
        hybrid = None
        if occupations_csv is not None:
            app.config["SEARCH_HYBRID"] = True
            names = [o.name for o in load_occupations(occupations_csv)]
            model_file.set(search_title_model(names, list(data.corpus.values()), *title_models()))
            hybrid, _ = _evaluate(data, depth, ratio, with_plain=False)
            hybrid["title_scores"] = title_score_percentiles(data, model_file.get())
    finally:
        app.config["SEARCH_HYBRID"], _ = saved
        model_file.set(saved[1])
    return {
        **(hybrid or keyword),
        "depth": depth,
        "mode": "hybrid" if hybrid else "keyword",
        "semantic_ratio": ratio if hybrid else 0.0,
        "keyword_only": keyword,
        "baselines": {
            "tfidf_char_1_3_full_ranking": summarize(tfidf_runs(data), data.qrels),
            f"tfidf_char_1_3_top{depth}": summarize(tfidf_runs(data, depth), data.qrels),
            "meilisearch_default_settings": plain,
        },
    }


def title_score_percentiles(data: EvalSet, model) -> dict[str, float]:
    """Meilisearch's score of a vector hit ((1 + cosine) / 2 of the title vectors) for the set's unrelated
    and relevant query-title pairs: what the related-post gates in ``search.query`` are read from."""
    ids = list(data.corpus)
    queries = [q for q in data.queries if data.qrels.get(q)]
    scores = (
        1
        + model.transform([data.queries[q] for q in queries])
        @ model.transform([data.corpus[i] for i in ids]).T
    ) / 2
    relevant = np.array([[i in data.qrels[q] for i in ids] for q in queries])
    best_unrelated = np.where(relevant, -1.0, scores).max(axis=1)
    return {
        "unrelated_p50": round(float(np.percentile(scores[~relevant], 50)), 3),
        "unrelated_p99": round(float(np.percentile(scores[~relevant], 99)), 3),
        "unrelated_p99_99": round(float(np.percentile(scores[~relevant], 99.99)), 3),
        "relevant_p50": round(float(np.percentile(scores[relevant], 50)), 3),
        "queries_whose_best_unrelated_passes_related_min": round(
            float((best_unrelated >= RELATED_MIN_SCORE).mean()), 3
        ),
    }


def _evaluate(data: EvalSet, depth: int, ratio: float, with_plain: bool) -> tuple[dict, dict | None]:
    has_model = search_index.embedder() is not None
    with temporary_jobs_index() as gw:
        search_index.ensure_index(gw)
        _load(gw, data, with_vectors=has_model)
        runs = product_runs(data, depth, ratio)
        ours = summarize(runs, data.qrels) | {"map_folds": map_over_folds(runs, data.qrels)}
        plain = summarize(plain_meili_runs(gw, data, depth), data.qrels) if with_plain else None
    return ours, plain


EVERYDAY_QUERIES = Path(__file__).resolve().parents[2] / "search" / "everyday_queries.toml"


def evaluate_everyday(path: Path = EVERYDAY_QUERIES, per_page: int = 20) -> dict:
    """Everyday queries over the zone as it is (the demo zone; ``search/everyday_queries.toml``) through the
    search page's own path: per query, the share of the first page that is what the user expects (out of
    the expected posts that fit on it), and how many related posts (相近岗位) stand above a word match."""
    specs = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    titles = dict(
        db.session.execute(
            select(JobPost.id, JobPost.title).join(Enterprise).where(*searchable_clause())
        ).all()
    )
    rows = []
    for spec in specs:
        expected = {i for i, t in titles.items() if re.search(spec["expect"], t)}
        result = job_search.search_jobs(JobQuery(q=spec["q"], per_page=per_page))
        hits = result.hits
        found = sum(1 for h in hits if h["id"] in expected)
        last_word = max((n for n, h in enumerate(hits) if not h.get("related")), default=0)
        rows.append(
            {
                "q": spec["q"],
                "expected_posts": len(expected),
                "first_page_precision": round(found / min(per_page, len(expected)), 3) if expected else None,
                "related_above_word_matches": sum(1 for h in hits[:last_word] if h.get("related")),
                "word_matches": result.total,
                "listed": result.total + result.related_total,
            }
        )
    scored = [r["first_page_precision"] for r in rows if r["first_page_precision"] is not None]
    return {
        "queries": rows,
        "mean_first_page_precision": round(sum(scored) / len(scored), 3) if scored else None,
        "related_above_word_matches": sum(r["related_above_word_matches"] for r in rows),
        "mode": "hybrid" if search_index.embedder() is not None else "keyword",
    }
