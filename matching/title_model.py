"""The one title model: dense vectors that both hybrid search (Meilisearch user-provided embeddings) and the
recommender's title feature compare, so ``flask search eval`` and ``flask match eval-titles`` measure the same
thing and move together.

A title's vector is three unit blocks with equal shares, so the cosine of two vectors is the mean of three
cosines:

- 大典: ``TitleEncoder`` (character 1–2-gram TF-IDF, the title classifier's 小类 space and the
  occupation profiles; ``matching.titles``) reduced by truncated SVD to ``lexical_features`` dimensions, so
  the vector has a fixed, small size;
- ``use`` and ``e5``: the packaged multilingual sentence encoders (``matching.encoders``), e5 centred.

Equal shares are not tuned. On the TalentCLEF public half, weights chosen by 5-fold cross-validation over the
queries (5 repetitions) scored 0.494 ± 0.055 against 0.498 for equal shares: the spread across folds is ten
times any gain, so there is nothing to tune. Per-query min-max fusion of the three scores was no better than
this sum (0.498 vs 0.499 with e5 centred), and a sum is what a single vector gives.
"""

from __future__ import annotations

import time
from pathlib import Path

import joblib
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from matching.encoders import SentenceEncoder
from matching.titles import TitleEncoder

MODEL_VERSION = 1
MODEL_FILENAME = f"title_model_v{MODEL_VERSION}.joblib"


class TitleModel(TransformerMixin, BaseEstimator):
    """``fit(titles)`` fits every block on the titles to be compared; ``transform(titles)`` → unit float32
    rows (see module). ``classifier`` and ``profiles`` are the trained title models (frozen; either may be
    None, then the 大典 block is characters alone); ``encoders`` names the packaged encoders to add."""

    def __init__(
        self,
        classifier=None,
        profiles=None,
        encoders: tuple[str, ...] = ("use", "e5"),
        lexical_features: int = 256,
    ) -> None:
        self.classifier = classifier
        self.profiles = profiles
        self.encoders = encoders
        self.lexical_features = lexical_features

    def fit(self, titles, y=None) -> TitleModel:
        distinct = list(dict.fromkeys(t or "" for t in titles))
        self.titles_ = TitleEncoder(self.classifier, self.profiles).fit(distinct)
        # an empty zone (or one title) still gets a projection: two sentinel rows, as TitleEncoder keeps one
        rows = distinct if len(distinct) >= 2 else [*distinct, "占位", "placeholder"]
        matrix = self.titles_.transform(rows)
        # as many components as the titles allow (a handful in tests); the other dimensions stay zero
        components = max(1, min(self.lexical_features, matrix.shape[0] - 1, matrix.shape[1] - 1))
        with np.errstate(invalid="ignore", divide="ignore"):  # explained variance of a few equal titles: 0/0
            svd = TruncatedSVD(components, n_iter=7, random_state=0).fit(matrix)
        # only the projection is kept (C-ordered float32), not the SVD object with a float64 copy of it
        self.projection_ = np.ascontiguousarray(svd.components_.T, dtype=np.float32)
        self.encoders_ = [clone(SentenceEncoder(name)).fit(distinct) for name in self.encoders]
        return self

    @property
    def dimensions(self) -> int:
        check_is_fitted(self, "encoders_")
        return self.lexical_features + sum(e.dimensions for e in self.encoders_)

    def transform(self, titles) -> np.ndarray:
        check_is_fitted(self, "encoders_")
        # titles repeat (posts of one firm, a zone's 普工 and 销售代表): each distinct one is encoded once
        distinct, row = np.unique(np.array([t or "" for t in titles], dtype=object), return_inverse=True)
        distinct = list(distinct)
        lexical = np.zeros((len(distinct), self.lexical_features), dtype=np.float32)
        reduced = self.titles_.transform(distinct) @ self.projection_
        lexical[:, : reduced.shape[1]] = normalize(np.asarray(reduced))
        blocks = [lexical, *(e.transform(distinct) for e in self.encoders_)]
        share = np.float32(np.sqrt(1.0 / len(blocks)))
        return (np.hstack(blocks) * share)[row].astype(np.float32)


def model_path(instance_path: Path) -> Path:
    return instance_path / "models" / MODEL_FILENAME


def save(model: TitleModel, instance_path: Path) -> Path:
    path = model_path(instance_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path)
    return path


class ModelFile:
    """The saved title model, reloaded when ``flask search init`` writes a new one (checked every few s)."""

    def __init__(self, instance_path: Path, check_every: float = 5.0) -> None:
        self.path = model_path(instance_path)
        self.check_every = check_every
        self._model: TitleModel | None = None
        self._mtime: float | None = None
        self._checked = -float("inf")

    def get(self) -> TitleModel | None:
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            self._checked = now
            mtime = self.path.stat().st_mtime if self.path.exists() else None
            if mtime != self._mtime:
                self._model, self._mtime = (joblib.load(self.path) if mtime else None), mtime
        return self._model

    def set(self, model: TitleModel | None) -> None:
        """Use this model now (training and evaluation swap models in and out)."""
        self._model, self._checked = model, time.monotonic()
        self._mtime = self.path.stat().st_mtime if model is not None and self.path.exists() else None
