"""How well ``importers.compliance.check_post`` (rules + the phrase classifier) finds unlawful and doubtful
phrasing, measured the way it runs: on a held-out quarter of the labelled phrases and on clauses of real job
ads it never saw.

- per category: precision and recall on the held-out phrases (a phrase counts as found when a finding of its
  category comes back);
- unlawful recall: the share of held-out phrases of a ``block`` category that get any blocking finding
  (target ≥ 0.95);
- ordinary blocked: the share of ordinary sentences (held-out ``ok`` phrases and real ad clauses) that get a
  blocking finding (target ≤ 2 %), with the clauses blocked so a person can see whether they are real
  violations (real ads do say 男性优先);
- the same two rates over 5 stratified folds of the training part, for their spread.

Real ad sentences come from ``postings/`` in the shared data: the clauses of half of them train the model as
``ok`` examples, the other half are only ever evaluated, whole, as the detector sees a post.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold, train_test_split

from matching.compliance_model import (
    CATEGORIES,
    OK,
    PhraseClassifier,
    fragments,
    load_phrases,
    with_ok_clauses,
)

SEED = 17
_SENTENCE = re.compile(r"[。；;！!？?\n\r]+")


def real_ads(shared: Path) -> list[str]:
    """Real job ads (智联/51job IT texts, BOSS直聘 descriptions), whole, shuffled with a fixed seed."""
    texts: list[str] = []
    for path in sorted((shared / "postings" / "jd_texts_it").glob("*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) >= 20]
    workbook = shared / "postings" / "boss_data_analyst_jobs.xlsx"
    if workbook.exists():
        from openpyxl import load_workbook

        book = load_workbook(workbook, read_only=True)  # read-only keeps the file open until closed
        try:
            rows = book.worksheets[0].iter_rows(values_only=True)
            header = list(next(rows))
            column = header.index("职位描述") if "职位描述" in header else len(header) - 1
            texts += [str(row[column]) for row in rows if row[column]]
        finally:
            book.close()
    random.Random(SEED).shuffle(texts)
    return texts


def split_ads(ads: list[str]) -> tuple[list[str], list[str]]:
    """Half the ads train (as ``ok`` clauses), the other half are only evaluated: split by ad, so no
    sentence of an evaluated ad was seen in training."""
    return ads[: len(ads) // 2], ads[len(ads) // 2 :]


def sentences_of(ads: list[str], limit: int) -> list[str]:
    found = sorted({s.strip() for ad in ads for s in _SENTENCE.split(ad) if len(s.strip()) >= 4})
    random.Random(SEED).shuffle(found)
    return found[:limit]


def clauses_of(ads: list[str], limit: int = 60_000) -> list[str]:
    """The clauses the model is shown as ``ok`` examples (as the detector cuts a post)."""
    found = sorted({c for ad in ads for c in fragments(ad) if len(c) >= 4})
    random.Random(SEED).shuffle(found)
    return found[:limit]


@dataclass
class Scores:
    per_category: dict[str, tuple[float, float, int]] = field(default_factory=dict)  # precision, recall, n
    unlawful_recall: float = 0.0
    ordinary_blocked: float = 0.0
    ordinary_count: int = 0
    blocked_examples: list[str] = field(default_factory=list)
    flagged_recall: float = 0.0  # unlawful phrases with any finding (blocked, or sent to the reviewer)
    posts_blocked: float = 0.0  # real ads (whole) that could not be published
    posts_count: int = 0


def score(model, texts: list[str], labels: list[str], ordinary: list[str], posts: list[str] = ()) -> Scores:
    from importers.compliance import check_post

    checked = [check_post(t, model=model) for t in texts]
    found = [{f.code for f in findings} for findings in checked]
    result = Scores()
    for code in CATEGORIES:
        truth = [label == code for label in labels]
        predicted = [code in codes for codes in found]
        tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
        fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
        n = sum(truth)
        precision = tp / (tp + fp) if tp + fp else 1.0
        result.per_category[code] = (precision, tp / n if n else 1.0, n)
    unlawful = [i for i, label in enumerate(labels) if label != OK and CATEGORIES[label].severity == "block"]
    blocks = [{f.code for f in findings if f.severity == "block"} for findings in checked]
    result.unlawful_recall = sum(bool(blocks[i]) for i in unlawful) / len(unlawful) if unlawful else 1.0
    result.flagged_recall = sum(bool(found[i]) for i in unlawful) / len(unlawful) if unlawful else 1.0
    blocked_posts = [p for p in posts if any(f.severity == "block" for f in check_post(p, model=model))]
    result.posts_blocked = len(blocked_posts) / len(posts) if posts else 0.0
    result.posts_count = len(posts)
    plain = [t for t, label in zip(texts, labels, strict=True) if label == OK] + ordinary
    blocked = [t for t in plain if any(f.severity == "block" for f in check_post(t, model=model))]
    result.ordinary_blocked = len(blocked) / len(plain) if plain else 0.0
    result.ordinary_count = len(plain)
    result.blocked_examples = blocked[:30]
    return result


@dataclass
class Evaluation:
    held_out: Scores
    folds_unlawful_recall: list[float]
    folds_ordinary_blocked: list[float]
    phrases: int
    train_phrases: int
    real_train: int
    real_test: int
    counts: dict[str, int]


def evaluate(
    shared: Path | None, folds: int = 5, real_limit: int = 3000, posts_limit: int = 600
) -> Evaluation:
    texts, labels = load_phrases()
    train_x, test_x, train_y, test_y = train_test_split(
        texts, labels, test_size=0.25, stratify=labels, random_state=SEED
    )
    train_ads, test_ads = split_ads(real_ads(shared)) if shared is not None else ([], [])
    real_train, real_test = clauses_of(train_ads), sentences_of(test_ads, real_limit)
    test_posts = test_ads[:posts_limit]

    def fit(x: list[str], y: list[str]) -> PhraseClassifier:
        x, y = with_ok_clauses(x, y)
        return PhraseClassifier().fit(x + real_train, y + [OK] * len(real_train))

    held_out = score(fit(train_x, train_y), test_x, test_y, real_test, test_posts)
    recalls, blocked = [], []
    x, y = np.array(train_x, dtype=object), np.array(train_y, dtype=object)
    fold_real = real_test[:500]
    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED).split(x, y) if folds > 1 else []
    for fit_idx, test_idx in splits:
        fold = score(fit(list(x[fit_idx]), list(y[fit_idx])), list(x[test_idx]), list(y[test_idx]), fold_real)
        recalls.append(fold.unlawful_recall)
        blocked.append(fold.ordinary_blocked)
    return Evaluation(
        held_out, recalls, blocked, len(texts), len(train_x), len(real_train), len(real_test), Counter(labels)
    )


def train_shipped(shared: Path | None) -> PhraseClassifier:
    """The model a deployment uses: every labelled phrase plus the clauses of the training half of the real
    ads as ``ok`` (the evaluated half stays unseen, so ``flask compliance eval`` stays honest)."""
    texts, labels = with_ok_clauses(*load_phrases())
    real_train = clauses_of(split_ads(real_ads(shared))[0]) if shared is not None else []
    return PhraseClassifier().fit(texts + real_train, labels + [OK] * len(real_train))
