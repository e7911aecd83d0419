"""``flask search eval-talent``: the talent pool's relevance on seekers whose truth is known.

Seekers are generated from public data nobody here wrote: for a sample of 大典 细类 occupations that real
postings are labelled with (``title_to_code_public.csv``), each real posting title becomes one seeker's
desired title, their skills are distinctive words of that occupation's 主要工作任务 text, their major and
experience vary at random. Queries are what recruiters and bureaus type: the occupation's name, one of its
aliases, and a skill phrase from its definition. The seekers of the query's occupation are the relevant ones.

The résumés go through the product's document builder (``resume_document``) into a temporary index with the
production settings, and every query through ``search_talent`` as the 搜人才 page runs it (hybrid with the
shipped title model when there is one); a character 1–3-gram TF-IDF ranking over the same résumé text is the
baseline in the same run. Several generation seeds give the spread. The labels are silver (about 4 in 5 of
the title → code labels are right), equally for every method.
"""

from __future__ import annotations

import csv
import random
import re
import secrets
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jieba
import numpy as np
from flask import current_app
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from search.gateway import SearchGateway
from search.metrics import summarize
from webapp.models import Education, SeekerProfile
from webapp.services import search_index
from webapp.talent.documents import resume_document
from webapp.talent.index import RESUMES, wanted_settings
from webapp.talent.search import FIRMS, PER_PAGE, TalentQuery, search_talent

_SUFFIX = re.compile(r"[LS/]+$")
_STOP = set("负责进行相关工作开展使用以及其他组织管理实施运用有关根据各种各类人员从事从业者提供按照")


@dataclass
class Occupation:
    code: str
    name: str
    aliases: list[str]
    definition: str
    tasks: str


@dataclass
class TalentSet:
    seekers: list[SeekerProfile]
    queries: dict[str, str]  # query id → text ("name:1-01-…", "alias:…", "skill:…")
    qrels: dict[str, set[str]]


def _occupations(path: Path) -> dict[str, Occupation]:
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("level") == "4"]
    found = {}
    for r in rows:
        name = _SUFFIX.sub("", r["name"])
        aliases = [_SUFFIX.sub("", a.strip()) for a in r.get("alias", "").split(",")]
        found[r["code"]] = Occupation(
            r["code"], name, [a for a in aliases if a and a != name], r["definition"], r["tasks"]
        )
    return found


def _titles(path: Path) -> dict[str, list[str]]:
    by_code: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_code[row["expected_code"]].append(row["job_name"].strip())
    return by_code


def _words(text: str) -> list[str]:
    return [w for w in jieba.lcut(text) if len(w) >= 2 and not set(w) <= _STOP and not w.isdigit()]


def _distinctive(texts: dict[str, str], k: int) -> dict[str, list[str]]:
    """Each occupation's ``k`` words that set it apart (TF-IDF over the occupations' texts)."""
    df: Counter[str] = Counter()
    words = {code: _words(text) for code, text in texts.items()}
    for ws in words.values():
        df.update(set(ws))
    n = len(texts)
    out = {}
    for code, ws in words.items():
        tf = Counter(ws)
        ranked = sorted(tf, key=lambda w: (-tf[w] * np.log(n / df[w]), w))
        out[code] = ranked[:k]
    return out


def generate(
    occupations_csv: Path, titles_csv: Path, seed: int, codes: int = 120, per_code: int = 6
) -> TalentSet:
    """Seekers and queries for one seed (see the module docstring)."""
    rng = random.Random(seed)
    occupations = _occupations(occupations_csv)
    titles = {
        c: sorted(set(t)) for c, t in _titles(titles_csv).items() if c in occupations and len(set(t)) >= 3
    }
    chosen = rng.sample(sorted(titles), min(codes, len(titles)))
    skills = _distinctive({c: occupations[c].tasks for c in occupations}, 8)
    defining = _distinctive({c: occupations[c].definition for c in occupations}, 3)
    majors = [m for m in _major_names() if m] or ["机械设计制造及其自动化"]
    seekers, queries, qrels = [], {}, {}
    next_id = 1
    for code in chosen:
        occupation = occupations[code]
        relevant = set()
        for title in rng.sample(titles[code], min(per_code, len(titles[code]))):
            have = skills[code]
            profile = SeekerProfile(
                id=next_id,
                name="",
                desired_titles=[title],
                skills=rng.sample(have, min(3, len(have))),
                major=rng.choice(majors),
                education=rng.choice([Education.ASSOCIATE, Education.BACHELOR, Education.MASTER]),
                graduation_date=date(rng.choice([2022, 2024, 2025]), 7, 1),
                experiences=[{"text": f"2023.07-2025.06 某公司 {title}"}] if rng.random() < 0.5 else [],
                self_intro="",
                groups=[],
                desired_adcodes=[],
                open_to_recommendation=True,
            )
            seekers.append(profile)
            relevant.add(str(next_id))
            next_id += 1
        queries[f"name:{code}"] = occupation.name
        if occupation.aliases:
            queries[f"alias:{code}"] = rng.choice(occupation.aliases)
        if len(defining[code]) >= 2:
            queries[f"skill:{code}"] = " ".join(defining[code][:2])
        for kind in ("name", "alias", "skill"):
            if f"{kind}:{code}" in queries:
                qrels[f"{kind}:{code}"] = relevant
    return TalentSet(seekers, queries, qrels)


def _major_names() -> list[str]:
    from webapp.talent.documents import _majors

    return sorted(_majors())


def _text(profile: SeekerProfile) -> str:
    experiences = " ".join(e["text"] for e in profile.experiences)
    return f"{' '.join(profile.desired_titles)} {' '.join(profile.skills)} {profile.major} {experiences}"


def tfidf_runs(data: TalentSet, depth: int) -> dict[str, list[str]]:
    ids = [str(p.id) for p in data.seekers]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    docs = normalize(vectorizer.fit_transform([_text(p) for p in data.seekers]))
    qids = list(data.queries)
    scores = (normalize(vectorizer.transform([data.queries[q] for q in qids])) @ docs.T).toarray()
    order = np.argsort(-scores, axis=1, kind="stable")
    return {q: [ids[j] for j in order[n][:depth]] for n, q in enumerate(qids)}


def product_runs(gw: SearchGateway, data: TalentSet, depth: int) -> dict[str, list[str]]:
    runs = {}
    for qid, text in data.queries.items():
        ranked: list[str] = []
        for page in range(1, depth // PER_PAGE + 1):
            result = search_talent(TalentQuery(q=text, page=page), FIRMS, gw=gw)
            if result.unavailable:
                raise RuntimeError("Meilisearch did not answer during the evaluation")
            ranked += [str(h["id"]) for h in result.hits]
            if page >= result.pages:
                break
        runs[qid] = ranked[:depth]
    return runs


def _load(gw: SearchGateway, data: TalentSet) -> None:
    vectors = search_index.vectors_for([" ".join(p.desired_titles) for p in data.seekers])
    documents = [resume_document(p, v, False) for p, v in zip(data.seekers, vectors, strict=True)]
    gw.ensure_named_index(RESUMES, wanted_settings())
    for start in range(0, len(documents), 1000):
        gw.wait(gw.upsert(RESUMES, documents[start : start + 1000]), timeout_ms=600_000)


def _by_kind(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, dict]:
    kinds = sorted({q.split(":")[0] for q in runs})
    return {
        "all": summarize(runs, qrels),
        **{k: summarize({q: r for q, r in runs.items() if q.startswith(k + ":")}, qrels) for k in kinds},
    }


def evaluate(occupations_csv: Path, titles_csv: Path, seeds: list[int], codes: int, depth: int = 100) -> dict:
    """Per seed: ours (hybrid as shipped), ours with keywords only, TF-IDF; then mean and spread."""
    app = current_app._get_current_object()
    live = search_index.gateway(app)
    hybrid = search_index.embedder() is not None
    per_seed = []
    for seed in seeds:
        data = generate(occupations_csv, titles_csv, seed, codes)
        gw = SearchGateway(live.url, live.master_key, f"evaltalent{secrets.token_hex(3)}_", timeout=30)
        try:
            _load(gw, data)
            figures = {"ours": _by_kind(product_runs(gw, data, depth), data.qrels)}
            if hybrid:
                app.config["SEARCH_HYBRID"] = False
                try:
                    figures["ours_keyword_only"] = _by_kind(product_runs(gw, data, depth), data.qrels)
                finally:
                    app.config["SEARCH_HYBRID"] = True
            figures["tfidf_char_1_3"] = _by_kind(tfidf_runs(data, depth), data.qrels)
        finally:
            gw.drop(RESUMES)
        per_seed.append({"seed": seed, "seekers": len(data.seekers), "queries": len(data.queries), **figures})
    methods = [m for m in per_seed[0] if isinstance(per_seed[0][m], dict)]
    summary = {}
    for method in methods:
        summary[method] = {}
        for kind in per_seed[0][method]:
            for metric in ("map", "ndcg@10"):
                values = [run[method][kind][metric] for run in per_seed]
                summary[method][f"{kind} {metric}"] = {
                    "mean": round(statistics.fmean(values), 4),
                    "sd": round(statistics.pstdev(values), 4),
                }
    return {"mode": "hybrid" if hybrid else "keyword", "depth": depth, "runs": per_seed, "summary": summary}
