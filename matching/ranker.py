"""The match ranker: a logistic model over the pairwise features, following scikit-learn's conventions.

``MatchRanker.cold_start()`` is usable before any feedback exists (hand-set weights, documented below);
``fit(X, y)`` learns weights from interaction feedback (1 = applied / invited / hired, 0 = dismissed or
viewed without applying). ``score`` is a 0–100 number (the model's probability × 100); ``explain`` splits the
logit into per-feature contributions, so the reasons always add up to the score shown.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from matching.features import FEATURES, LABELS

# Cold start: skills and the text carry most; place and education are near-requirements; pay and freshness
# break ties. Chosen so a seeker with a matching title, half the skills, the right city and education lands
# around 70–80 and one with none of those below 20.
COLD_START = {
    "text": 2.5,
    "title": 2.0,
    "skills": 2.5,
    "region": 1.5,
    "education": 1.0,
    "experience": 0.6,
    "pay": 0.6,
    "traineeship": 0.8,
    "groups": 0.5,
    "fresh": 0.4,
}
COLD_START_INTERCEPT = -5.2


class MatchRanker(BaseEstimator):
    def __init__(self, C: float = 1.0, class_weight: str | None = "balanced") -> None:
        self.C = C
        self.class_weight = class_weight

    @classmethod
    def cold_start(cls) -> MatchRanker:
        ranker = cls()
        ranker.coef_ = np.array([COLD_START[f] for f in FEATURES])
        ranker.intercept_ = COLD_START_INTERCEPT
        ranker.n_features_in_ = len(FEATURES)
        ranker.source_ = "cold_start"
        return ranker

    def fit(self, X, y) -> MatchRanker:
        X = np.asarray(X, dtype=float)
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=1000).fit(
            X, np.asarray(y)
        )
        self.coef_ = model.coef_.ravel()
        self.intercept_ = float(model.intercept_[0])
        self.n_features_in_ = X.shape[1]
        self.source_ = "feedback"
        return self

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def score_0_100(self, X) -> np.ndarray:
        return 100.0 / (1.0 + np.exp(-self.decision_function(X)))

    def explain(self, x) -> list[tuple[str, str, float]]:
        """(feature, Chinese label, contribution to the logit) for one row, largest first."""
        check_is_fitted(self, "coef_")
        parts = np.asarray(x, dtype=float) * self.coef_
        order = np.argsort(-parts)
        return [(FEATURES[i], LABELS[FEATURES[i]], float(parts[i])) for i in order]


def top_k(
    scores: np.ndarray, ids: np.ndarray, k: int, exclude: set[int] | frozenset[int] = frozenset()
) -> list[int]:
    """Indices of the k best scores, ties broken by the smaller id (deterministic), skipping ``exclude``."""
    order = np.lexsort((ids, -scores))
    out = []
    for i in order:
        if int(ids[i]) in exclude:
            continue
        out.append(int(i))
        if len(out) == k:
            break
    return out
