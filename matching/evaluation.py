"""Evaluations through the matching code: title → occupation accuracy (k-fold, so no case is scored by a
model that saw it) and TalentCLEF-style title retrieval (MAP, nDCG@10, recall@10), each with its baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import KFold

from matching.occupations import (
    NameSimilarityBaseline,
    TitleOccupationClassifier,
    clean_title,
    dadian_examples,
    load_cases,
    training_set,
)
from matching.profiles import OccupationProfiles
from matching.titles import TitleEncoder
from matching.training import dadian_profiles, title_encoder
from search.metrics import map_over_folds, summarize


def occupation_accuracy(cases: Path, dadian: Path, folds: int = 5, seed: int = 0) -> dict:
    """top1 (细类) and top1_minor (小类) of the classifier, k-fold over the cases (each fold trained on the
    other folds plus every 大典 name and alias), beside the name-similarity baseline on all cases."""
    titles, codes = load_cases(cases)
    examples = dadian_examples(dadian)
    profiles = dadian_profiles(dadian)  # the 大典's own text: no case, so none of a test fold
    ex_titles, ex_codes = [t for t, _ in examples], [c for _, c in examples]
    titles_a, codes_a = np.array(titles, dtype=object), np.array(codes)
    predicted = np.empty(len(titles), dtype=object)
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(titles_a):
        texts, labels, weights = training_set(list(titles_a[train]), list(codes_a[train]), examples)
        model = TitleOccupationClassifier(profiles=profiles).fit(texts, labels, sample_weight=weights)
        predicted[test] = model.predict(list(titles_a[test]))
    baseline = NameSimilarityBaseline().fit(ex_titles, ex_codes).predict([clean_title(t) for t in titles])

    def score(pred) -> dict:
        return {
            "top1": round(float(np.mean([p == g for p, g in zip(pred, codes, strict=True)])), 4),
            "top1_minor": round(
                float(np.mean([p[:7] == g[:7] for p, g in zip(pred, codes, strict=True)])), 4
            ),
        }

    return score(predicted) | {"cases": len(titles), "folds": folds, "baseline": score(baseline)}


def read_tsv(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        next(fh)
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in fh if "\t" in line]  # type: ignore[misc]


def read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def title_retrieval(corpus: Path, queries: Path, qrels: Path, classifier: TitleOccupationClassifier | None,
                    profiles: OccupationProfiles | None = None, depth: int = 1000) -> dict:  # fmt: skip
    """MAP, nDCG@10, recall@10 of the title model (``matching.title_model``, fitted on the corpus as the
    recommender fits it on the open posts) beside the plain character 1–3-gram TF-IDF baseline; each with
    MAP's mean and spread over query folds."""
    docs, qs, judged = read_tsv(corpus), read_tsv(queries), read_qrels(qrels)
    doc_ids, doc_titles = [d[0] for d in docs], [d[1] for d in docs]
    q_ids, q_titles = [q[0] for q in qs], [q[1] for q in qs]

    def run(encoder) -> dict:
        encoder.fit(doc_titles)
        matrix = encoder.transform(q_titles) @ encoder.transform(doc_titles).T
        matrix = matrix.toarray() if sp.issparse(matrix) else matrix
        runs = {q: [doc_ids[j] for j in np.argsort(-matrix[i])[:depth]] for i, q in enumerate(q_ids)}
        return summarize(runs, judged) | {"map_folds": map_over_folds(runs, judged)}

    ours = run(title_encoder(classifier, profiles))
    baseline = run(TitleEncoder(None, ngram_range=(1, 3)))  # the reference: character 1–3-grams
    return ours | {"baseline": baseline}
