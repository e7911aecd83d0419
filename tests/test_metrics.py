import pytest

from search.metrics import average_precision, ndcg_at, recall_at, summarize


def test_average_precision_by_hand():
    # relevant at ranks 1 and 3 of 2 relevant: (1/1 + 2/3) / 2
    assert average_precision(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision(["x", "y"], {"a"}) == 0.0
    assert average_precision(["a"], {"a", "never-retrieved"}) == pytest.approx(0.5)


def test_ndcg_and_recall():
    assert ndcg_at(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    assert ndcg_at(["x", "a"], {"a"}) == pytest.approx(1 / 1.584962500721156)
    assert recall_at(["a", "x", "b"], {"a", "b", "c"}, k=2) == pytest.approx(1 / 3)


def test_summarize_skips_unjudged_queries():
    result = summarize({"q1": ["a"], "q2": ["b"]}, {"q1": {"a"}})
    assert result == {"map": 1.0, "ndcg@10": 1.0, "recall@10": 1.0, "queries": 1}
