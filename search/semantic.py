"""Job titles embedded in the 职业分类大典 (2022) occupation space, for Meilisearch hybrid search.

A title is compared, with character n-gram TF-IDF, to every 细类 occupation's name, aliases and definition;
its ``top_k`` nearest occupations, softmax-weighted, are summed into their 小类 (minor group). The vector is a
soft "which occupations is this" distribution: titles that share no characters (贷款干事 / 抵押贷款经纪人)
still land near each other when the 大典 puts them in the same minor group. The 小类 space has a few
hundred dimensions. Follows scikit-learn's estimator conventions.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

MODEL_VERSION = 3
MODEL_FILENAME = f"occupation_space_v{MODEL_VERSION}.joblib"


@dataclass(frozen=True)
class Occupation:
    code: str  # e.g. 2-02-10-03
    name: str
    aliases: str
    definition: str

    @property
    def minor_code(self) -> str:  # 小类, e.g. 2-02-10
        return self.code[:7]

    @property
    def text(self) -> str:
        return f"{self.name} {self.aliases} {self.definition}"


def load_occupations(path: Path) -> list[Occupation]:
    """The 细类 (level 4) rows of the 大典 CSV (columns level, code, name, definition, alias)."""
    with path.open(encoding="utf-8") as fh:
        return [
            Occupation(row["code"], row["name"], row.get("alias", ""), row.get("definition", ""))
            for row in csv.DictReader(fh)
            if row.get("level") == "4"
        ]


class OccupationSpaceEmbedder(TransformerMixin, BaseEstimator):
    """Fit on a list of ``Occupation`` (and optionally the titles to be indexed); transform job titles.

    The output concatenates two unit blocks, so that a cosine between two outputs is
    ``(1 - semantic_weight) × lexical cosine + semantic_weight × occupation-space cosine``:
    - lexical: character 1–2-gram TF-IDF reduced by truncated SVD (LSA) to ``lexical_features`` dimensions,
      both learnt from the 大典's names and aliases and from ``titles`` passed to ``fit`` (the titles being
      indexed), so exact wording still counts. LSA keeps more of the title-to-title similarity per dimension
      than feature hashing did (TalentCLEF public half, vector cosine only: hashed 2,048 dims MAP 0.359,
      LSA 512 dims 0.382), which makes vectors small enough for Meilisearch to search 100k posts quickly.
    - semantic: the soft 小类 distribution described above.
    """

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 3),
        top_k: int = 10,
        temperature: float = 0.1,
        lexical_features: int = 512,
        semantic_weight: float = 0.3,
    ):
        self.ngram_range = ngram_range
        self.top_k = top_k
        self.temperature = temperature
        self.lexical_features = lexical_features
        self.semantic_weight = semantic_weight

    def fit(self, occupations: list[Occupation], titles: list[str] | None = None) -> OccupationSpaceEmbedder:
        texts = [o.text for o in occupations]
        lexical_texts = [f"{o.name} {o.aliases}" for o in occupations] + list(titles or [])
        self.lexical_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
        )
        counts = self.lexical_vectorizer_.fit_transform(lexical_texts)
        # As many components as the texts allow (a tiny vocabulary in tests); the rest stay zero.
        components = max(1, min(self.lexical_features, counts.shape[0] - 1, counts.shape[1] - 1))
        self.lexical_svd_ = TruncatedSVD(components, n_iter=7, random_state=0).fit(counts)
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True, dtype=np.float32
        ).fit(texts)
        self.occupation_matrix_ = normalize(
            self.vectorizer_.transform(texts)
        ).T.tocsr()  # vocab × occupations
        self.minor_codes_ = sorted({o.minor_code for o in occupations})
        index = {code: i for i, code in enumerate(self.minor_codes_)}
        self.occupation_minor_ = np.array([index[o.minor_code] for o in occupations], dtype=np.int32)
        self.occupation_codes_ = [o.code for o in occupations]
        return self

    @property
    def dimensions(self) -> int:
        check_is_fitted(self)
        return self.lexical_features + len(self.minor_codes_)

    def occupation_scores(self, titles: list[str]) -> np.ndarray:
        """Cosine similarity of each title to every 细类 occupation (titles × occupations)."""
        check_is_fitted(self)
        query = normalize(self.vectorizer_.transform([t or "" for t in titles]))
        return (query @ self.occupation_matrix_).toarray()

    def transform(self, titles: list[str]) -> np.ndarray:
        check_is_fitted(self)
        titles = [t or "" for t in titles]
        lexical = np.zeros((len(titles), self.lexical_features), dtype=np.float32)
        reduced = self.lexical_vectorizer_.transform(titles) @ self._lexical_projection()
        lexical[:, : reduced.shape[1]] = normalize(reduced)
        semantic = self.occupation_space(titles)
        w = self.semantic_weight
        return np.hstack([np.sqrt(1 - w) * lexical, np.sqrt(w) * semantic]).astype(np.float32)

    def _lexical_projection(self) -> np.ndarray:
        """The SVD's components as a C-ordered (vocabulary × components) matrix. ``TruncatedSVD.transform``
        multiplies by ``components_.T``, a Fortran-ordered view that scipy copies (17 MB) on every call: 8 of
        the 10 ms a one-title search query spent here. Kept per process, not in the saved model."""
        projection = self.__dict__.get("_projection")
        if projection is None:
            projection = np.ascontiguousarray(self.lexical_svd_.components_.T, dtype=np.float32)
            self.__dict__["_projection"] = projection
        return projection

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_projection", None)
        return state

    def occupation_space(self, titles: list[str]) -> np.ndarray:
        """The soft 小类 distribution of each title (unit rows; zero when nothing matches)."""
        scores = self.occupation_scores(list(titles))
        k = min(self.top_k, scores.shape[1])
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        out = np.zeros((len(scores), len(self.minor_codes_)), dtype=np.float32)
        for row, cols in enumerate(top):
            weights = np.exp((scores[row, cols] - scores[row, cols].max()) / self.temperature)
            if scores[row, cols].max() <= 0:
                continue  # nothing in common with any occupation: leave the zero vector
            np.add.at(out[row], self.occupation_minor_[cols], weights / weights.sum())
        return normalize(out)


def model_path(instance_path: Path) -> Path:
    return instance_path / "models" / MODEL_FILENAME


def train_and_save(
    occupations_csv: Path, instance_path: Path, titles: list[str] | None = None
) -> OccupationSpaceEmbedder:
    """Fit on the 大典 CSV (and the titles being indexed) and persist under instance/models/."""
    embedder = OccupationSpaceEmbedder().fit(load_occupations(occupations_csv), titles)
    path = model_path(instance_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(embedder, path)
    return embedder


def load(instance_path: Path) -> OccupationSpaceEmbedder | None:
    path = model_path(instance_path)
    return joblib.load(path) if path.exists() else None


class ModelFile:
    """The persisted embedder, reloaded when ``flask search init`` writes a new one (checked every few s)."""

    def __init__(self, instance_path: Path, check_every: float = 5.0) -> None:
        self.path = model_path(instance_path)
        self.check_every = check_every
        self._model: OccupationSpaceEmbedder | None = None
        self._mtime: float | None = None
        self._checked = -float("inf")

    def get(self) -> OccupationSpaceEmbedder | None:
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            self._checked = now
            mtime = self.path.stat().st_mtime if self.path.exists() else None
            if mtime != self._mtime:
                self._model, self._mtime = (joblib.load(self.path) if mtime else None), mtime
        return self._model

    def set(self, model: OccupationSpaceEmbedder | None) -> None:
        """Use this model now (training and evaluation swap models in and out)."""
        self._model, self._checked = model, time.monotonic()
        self._mtime = self.path.stat().st_mtime if model is not None and self.path.exists() else None
