"""Job title ↔ job title similarity: the one the recommender's "title" feature uses and the one
``flask match eval-titles`` measures.

``TitleEncoder`` turns titles into sparse unit rows whose dot product is a weighted sum of three cosines:
- lexical: character 1–2-gram TF-IDF (fitted on the titles being compared);
- occupation (``occupation_weight``): closeness in the 大典 小类 space from the title → 细类 classifier: its
  scores, softened (``temperature``) and cut to the ``top`` best 细类, summed into their 小类, so 贷款干事 and
  抵押贷款经纪人 meet although they share only two characters (suits labels often right only to the 小类);
- profile (``profile_weight``): closeness to the 大典 occupations' profiles (``matching.profiles``: names,
  aliases, definitions, tasks and labelled titles), bringing in the words the 大典 describes the work with.
The lexical block takes what the other two leave; a block without its model drops out and the others are
scaled up to keep the same proportions.

TalentCLEF public half, MAP (``flask match eval-titles``): lexical 1–3-grams 0.376; lexical 1–2-grams and
occupation 0.426; all three 0.454.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

BATCH = 1024  # titles scored by the classifier at a time (1,702 code columns each; bounds peak memory)


class TitleEncoder(TransformerMixin, BaseEstimator):
    """``fit(titles)`` learns the character IDF; ``transform(titles)`` → sparse unit rows (see module)."""

    def __init__(
        self,
        classifier=None,
        profiles=None,
        occupation_weight: float = 0.1,
        profile_weight: float = 0.5,
        temperature: float = 0.2,
        top: int = 30,
        ngram_range: tuple[int, int] = (1, 2),
    ) -> None:
        self.classifier = classifier
        self.profiles = profiles
        self.occupation_weight = occupation_weight
        self.profile_weight = profile_weight
        self.temperature = temperature
        self.top = top
        self.ngram_range = ngram_range

    def fit(self, titles, y=None) -> TitleEncoder:
        self.chars_ = TfidfVectorizer(
            analyzer="char", ngram_range=self.ngram_range, sublinear_tf=True, dtype=np.float32
        ).fit([*titles, "placeholder"])  # a sentinel keeps the vocabulary non-empty for blank titles
        if self.classifier is not None:
            minor_codes, column = np.unique([c[:7] for c in self.classifier.classes_], return_inverse=True)
            self.minor_codes_ = minor_codes
            self.to_minor_ = sp.csr_matrix(
                (np.ones(len(column), dtype=np.float32), (np.arange(len(column)), column)),
                shape=(len(column), len(minor_codes)),
            )
        return self

    def block_weights(self) -> tuple[float, float, float]:
        """(lexical, occupation, profile) shares of the cosine, 0 for a block without its model."""
        occupation = self.occupation_weight if self.classifier is not None else 0.0
        profile = self.profile_weight if self.profiles is not None else 0.0
        lexical = max(0.0, 1.0 - self.occupation_weight - self.profile_weight)
        total = lexical + occupation + profile
        if total == 0:  # every share given to blocks without a model: characters alone
            return 1.0, 0.0, 0.0
        return lexical / total, occupation / total, profile / total

    def transform(self, titles) -> sp.csr_matrix:
        check_is_fitted(self, "chars_")
        # Posts repeat titles (销售代表, 普工 …): each distinct title is encoded once, then its row repeated.
        distinct, row = np.unique(np.array([t or "" for t in titles], dtype=object), return_inverse=True)
        if not len(distinct):
            return self.transform([""])[:0]
        lexical_w, occupation_w, profile_w = self.block_weights()
        blocks = [np.sqrt(lexical_w) * normalize(self.chars_.transform(distinct))]
        if occupation_w:
            batches = range(0, len(distinct), BATCH)
            parts = [self.occupation_space(list(distinct[n : n + BATCH])) for n in batches]
            blocks.append(np.sqrt(occupation_w) * sp.vstack(parts))
        if profile_w:  # a blank title is close to no profile: a zero row
            blocks.append(np.sqrt(profile_w) * self.profiles.transform(list(distinct)))
        return sp.hstack(blocks, format="csr", dtype=np.float32)[row]

    def occupation_space(self, titles: list[str]) -> sp.csr_matrix:
        """Unit rows over 小类: the softened scores of each title's ``top`` best 细类, summed per 小类."""
        if not titles:
            return sp.csr_matrix((0, len(self.minor_codes_)), dtype=np.float32)
        scores = self.classifier.decision_function(titles).astype(np.float32)
        if scores.ndim == 1:  # two classes: one signed score for classes_[1]
            scores = np.column_stack([-scores, scores])
        weights = np.exp((scores - scores.max(axis=1, keepdims=True)) / self.temperature)
        k = min(self.top, weights.shape[1])
        cutoff = np.partition(weights, -k, axis=1)[:, -k : -k + 1]
        kept = sp.csr_matrix(np.where(weights >= cutoff, weights, 0.0).astype(np.float32))
        blank = np.array([not t.strip() for t in titles])
        space = normalize(kept @ self.to_minor_)
        if blank.any():  # an empty title has no occupation
            space = sp.diags((~blank).astype(np.float32)) @ space
        return space.tocsr()
