"""Job title → closeness to each 职业分类大典 (2022) occupation's *profile*: all the text known for the
occupation — its name and aliases, its definition and main tasks from the 大典, and the posting titles
labelled with it — as one character-TF-IDF document.

Where the title classifier (``matching.occupations``) learns from names and titles only, a profile also holds
the words the 大典 uses to describe the work, so 筹款人 comes near 捐赠者关系经理 and 新闻主播 near 电视主持人
through the occupations whose definitions mention both. The vector of a title is its cosine to every profile,
cut to the ``top`` closest occupations (a title is a handful of occupations, not a faint mix of all of them).
This is explicit semantic analysis (ESA) with the 大典 occupations as the concepts.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from matching.occupations import clean_title

BATCH = 1024  # titles scored at a time: a dense titles × occupations block (bounds peak memory)


class OccupationProfiles(TransformerMixin, BaseEstimator):
    """``fit(texts, codes)``: every text (a title, a name, an alias, a definition, a task list) with its 细类
    code; the texts of one code form its profile. ``transform(titles)`` → sparse unit rows over ``classes_``
    (cosine to the ``top`` closest profiles); ``decision_function(titles)`` → the full cosine matrix."""

    def __init__(self, top: int = 20, ngram_range: tuple[int, int] = (1, 2)) -> None:
        self.top = top
        self.ngram_range = ngram_range

    def fit(self, X, y) -> OccupationProfiles:
        texts, codes = [t or "" for t in X], np.asarray(y)
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char", ngram_range=self.ngram_range, sublinear_tf=True, dtype=np.float32
        ).fit(texts)
        self.classes_, column = np.unique(codes, return_inverse=True)
        joined = [[] for _ in self.classes_]
        for text, c in zip(texts, column, strict=True):
            joined[c].append(text)
        # n-grams × occupations, unit columns: one title's n-grams pick their rows only
        self.profiles_ = normalize(self.vectorizer_.transform([" ".join(j) for j in joined])).T.tocsr()
        return self

    def decision_function(self, titles) -> np.ndarray:
        """Cosine of each (cleaned) title to every occupation's profile: titles × ``classes_``."""
        check_is_fitted(self, "profiles_")
        query = normalize(self.vectorizer_.transform([clean_title(t or "") for t in titles]))
        return (query @ self.profiles_).toarray()

    def transform(self, titles) -> sp.csr_matrix:
        titles = list(titles)
        parts = [self._nearest(titles[n : n + BATCH]) for n in range(0, len(titles), BATCH)]
        if not parts:
            check_is_fitted(self, "profiles_")
            return sp.csr_matrix((0, len(self.classes_)), dtype=np.float32)
        return sp.vstack(parts, format="csr")

    def _nearest(self, titles: list[str]) -> sp.csr_matrix:
        scores = self.decision_function(titles).astype(np.float32)
        k = min(self.top, scores.shape[1])
        cutoff = np.partition(scores, -k, axis=1)[:, -k : -k + 1]
        kept = np.where((scores >= cutoff) & (scores > 0), scores, 0.0)
        return normalize(sp.csr_matrix(kept, dtype=np.float32))
