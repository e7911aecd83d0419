"""Ranking metrics for the evaluations (TREC conventions: binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def average_precision(ranked: Sequence[str], relevant: set[str]) -> float:
    """AP over the ranked list; relevant items never retrieved count as misses."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked, 1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    gain = sum(1 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], 1) if item in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return gain / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def summarize(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """Mean AP, nDCG@10 and recall@10 over the queries that have relevance judgements."""
    judged = [q for q in runs if qrels.get(q)]
    n = len(judged) or 1
    return {
        "map": round(sum(average_precision(runs[q], qrels[q]) for q in judged) / n, 4),
        "ndcg@10": round(sum(ndcg_at(runs[q], qrels[q]) for q in judged) / n, 4),
        "recall@10": round(sum(recall_at(runs[q], qrels[q]) for q in judged) / n, 4),
        "queries": len(judged),
    }


def map_over_folds(
    runs: dict[str, list[str]], qrels: dict[str, set[str]], folds: int = 5, repeats: int = 5
) -> dict[str, float]:
    """MAP on each of ``folds`` random query folds, ``repeats`` times: its mean and standard deviation. The
    spread is how much MAP moves with the choice of queries alone; a change smaller than it is not a
    measured gain (the labelled sets here have about 50 queries)."""
    import random
    import statistics

    judged = sorted(q for q in runs if qrels.get(q))
    scores = []
    for seed in range(repeats):
        order = judged[:]
        random.Random(seed).shuffle(order)
        for k in range(folds):
            part = order[k::folds]
            if part:
                scores.append(sum(average_precision(runs[q], qrels[q]) for q in part) / len(part))
    if len(scores) < 2:
        return {"mean": round(scores[0], 4) if scores else 0.0, "spread": 0.0, "folds": len(scores)}
    return {
        "mean": round(statistics.fmean(scores), 4),
        "spread": round(statistics.stdev(scores), 4),
        "folds": len(scores),
    }
