"""Build Meilisearch search parameters from a job query, and read the response back."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

from search.settings import EMBEDDER, JOB_FACETS

# Highlight markers that cannot occur in ordinary text; the template escapes first, then marks.
HL_PRE, HL_POST = "\ue000", "\ue001"
SORTS = {
    "relevance": None,
    "newest": ["published_ms:desc"],
    "pay": ["pay_max_month:desc"],
}
MAX_PER_PAGE = 50
HYBRID_CONSISTENT_DEPTH = 1000  # hybrid pages up to this many hits are slices of one ranking (search_params)


@dataclass
class JobQuery:
    """What a user asks for: free text, facet filters (each a set of accepted values), sort, page."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    published_after: int | None = None  # epoch ms: only posts published then or later (saved-search news)
    fair_id: int | None = None  # only posts brought to this fair
    published_before: int | None = None  # epoch ms: only posts published earlier (notification rounds)

    @classmethod
    def from_args(cls, args) -> JobQuery:
        """A normalized query from query-string arguments (a MultiDict: the search page, a fair's posts
        and the API read them alike)."""
        try:
            page = int(args.get("page", 1))
            per_page = int(args.get("per_page", 20))
        except ValueError:
            page, per_page = 1, 20
        return cls(
            q=args.get("q", ""),
            filters={name: args.getlist(name) for name in JOB_FACETS if args.getlist(name)},
            sort=args.get("sort", "relevance"),
            page=page,
            per_page=per_page,
        ).normalized()

    def normalized(self) -> JobQuery:
        return JobQuery(
            q=simplified(without_symbols(self.q).strip()[:200]),
            filters={
                k: [v for v in map(without_symbols, vs) if v][:20]
                for k, vs in self.filters.items()
                if k in JOB_FACETS
            },
            sort=self.sort if self.sort in SORTS else "relevance",
            page=max(1, min(self.page, 250)),
            per_page=max(1, min(self.per_page, MAX_PER_PAGE)),
            published_after=self.published_after,
            fair_id=self.fair_id,
            published_before=self.published_before,
        )


# zero-width joiner, emoji variation selectors and skin-tone modifiers
_INVISIBLE = {"\u200d", "\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400))}
_PICTOGRAPHS = {"So", "Cs", "Co", "Cn"}


def without_controls(text: str) -> str:
    """A facet value without control characters (a value people pick never has one; NUL breaks PostgreSQL)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def without_symbols(text: str) -> str:
    """Drop emoji and other pictographs (Unicode So, private-use, surrogates) from a query: a 🙂 typed after
    数控 must not stop 数控 from matching. Control characters (NUL, which PostgreSQL refuses in text, among
    them) separate words like spaces. Letters, digits, CJK and punctuation stay."""
    kept = (
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in text
        if ch not in _INVISIBLE and unicodedata.category(ch) not in _PICTOGRAPHS
    )
    return " ".join("".join(kept).split())


def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # Meilisearch accepts JSON-style quoted strings


def filter_expression(filters: dict[str, list[str]], today_ts: int) -> list:
    """AND across facets, OR within one facet; expired posts never match."""
    expression: list = [f"valid_until_ts >= {today_ts}"]
    for name in JOB_FACETS:
        values = filters.get(name)
        if values:
            expression.append([f"{name} = {quote(v)}" for v in values])
    return expression


SEMANTIC_RATIO = 0.9  # share of the title-vector ranking in hybrid search (measured by `flask search eval`)
# Hybrid search: the keywords decide what counts as a match (the total and the facet counts, from a second,
# keyword-only query); the title vectors decide the order and add posts that share no word with the query but
# sit near it in the occupation space, marked as such ("related"), after the closer ones. There is no
# rankingScoreThreshold: it made the engine keep scanning vectors until it had counted every post above it
# (p95 181 ms at 100k posts on this machine, 42 ms without). Related posts are never cut one by one; doing
# so always lowered MAP (TalentCLEF public half: no cut 0.403, a cut at 0.55 0.387), since many relevant
# titles sit barely above unrelated ones.
# When no post has the query's words, related posts are listed only if the closest one reaches this
# score; otherwise a query the zone has nothing for gets the empty-state help rather than arbitrary posts.
# Meilisearch's score of a vector hit is (1 + cosine) / 2. 0.68: above 99 % of the unrelated query-title
# pairs of the TalentCLEF public half under the title model (matching.title_model; their median is 0.498, the
# relevant ones' 0.701). Gating the list on its best post, rather than cutting every post below it, keeps the
# order the same as when some posts match. It is a weak gate: in a zone of 2,500 titles the best unrelated
# title passes it for nearly every query (96 % on that half; `flask search eval` prints these figures), so
# it keeps the empty state for small zones and odd queries, not for a large zone.
RELATED_MIN_SCORE = 0.68
# Related posts come after every post with the query's words (a user who types 实习 expects internships
# first), at most RELATED_MAX of them (the page count is then exact). Only a related post as close as a
# reworded title of the same job keeps its place among the word matches: 0.9 is above 99.99 % of the
# unrelated pairs of the TalentCLEF public half (0.896).
RELATED_MAX = 100
RELATED_FIRST_SCORE = 0.9
_TO_SIMPLIFIED = None


def simplified(text: str) -> str:
    """Traditional characters → simplified (數據分析 → 数据分析); Latin and simplified text pass unchanged."""
    global _TO_SIMPLIFIED
    if _TO_SIMPLIFIED is None:
        from opencc import OpenCC

        _TO_SIMPLIFIED = OpenCC("t2s")
    return _TO_SIMPLIFIED.convert(text)


def uses_vector(query: JobQuery) -> bool:
    """Hybrid search applies to free text ranked by relevance; sorted by date or pay, matches only."""
    return bool(query.q) and not SORTS[query.sort]


def search_params(
    query: JobQuery,
    today_ts: int,
    vector: list[float] | None = None,
    semantic_ratio: float = SEMANTIC_RATIO,
    window: int = 0,
) -> dict:
    expression = filter_expression(query.filters, today_ts)
    if query.published_after is not None:
        expression.append(f"published_ms >= {int(query.published_after)}")
    if query.published_before is not None:
        expression.append(f"published_ms < {int(query.published_before)}")
    if query.fair_id is not None:
        expression.append(f"fair_ids = {int(query.fair_id)}")
    params = {
        "filter": expression,
        "facets": JOB_FACETS,
        "page": query.page,
        "hitsPerPage": query.per_page,
        "attributesToHighlight": ["title", "enterprise"],
        "attributesToCrop": ["description"],
        "cropLength": 40,
        "highlightPreTag": HL_PRE,
        "highlightPostTag": HL_POST,
    }
    if SORTS[query.sort]:
        params["sort"] = SORTS[query.sort]
    if vector is not None and uses_vector(query):
        params["hybrid"] = {"embedder": EMBEDDER, "semanticRatio": semantic_ratio}
        params["vector"] = vector
        params["showMatchesPosition"] = True
        params["showRankingScore"] = True
        # The keyword query beside it counts exactly; this one need not (offset/limit: estimated totals).
        # Every page within the first HYBRID_CONSISTENT_DEPTH hits asks for the ranking from the top and
        # keeps its own slice (read_answer): the vector search is approximate, and asked for "hits 21–40"
        # alone it ranks a little differently than for "hits 1–40", so a post could show on two pages or on
        # none. Deeper pages (rarely visited) ask for their own hits only, so a request stays bounded.
        # ``window``: a deeper ranking from the top when the first held too few word matches (read_answer).
        del params["facets"], params["page"], params["hitsPerPage"]
        end = query.page * query.per_page
        start = 0 if end <= HYBRID_CONSISTENT_DEPTH else end - query.per_page
        limit = min(max(end, window), HYBRID_CONSISTENT_DEPTH) if start == 0 else query.per_page
        params.update(offset=start, limit=limit)
    return params


def search_requests(
    index_uid: str,
    q: str,
    query: JobQuery,
    today_ts: int,
    vector: list[float] | None = None,
    semantic_ratio: float = SEMANTIC_RATIO,
    window: int = 0,
) -> list[dict]:
    """The multi-search queries for one job query: the search itself, and with a vector (hybrid) a second,
    keyword-only query for the total and the facet counts, and a third counting every post the filters
    allow (how many related posts there can be); the last two return no hits."""
    params = search_params(query, today_ts, vector, semantic_ratio, window)
    requests = [{"indexUid": index_uid, "q": q, **params}]
    if "hybrid" in params:
        counts = search_params(query, today_ts)
        # the word matches' ids too, when they are few (word_matches_request)
        counts.update(page=1, hitsPerPage=WORD_MATCH_IDS, attributesToRetrieve=["id"])
        for key in ("attributesToHighlight", "attributesToCrop", "cropLength", "sort"):
            counts.pop(key, None)
        requests.append({"indexUid": index_uid, "q": q, **counts})
        requests.append(
            {"indexUid": index_uid, "q": "", "filter": counts["filter"], "page": 1, "hitsPerPage": 0}
        )
    return requests


# The keyword query beside a hybrid search returns the ids of up to this many word matches. When the hybrid
# ranking's first window holds too few word matches to fill the page (related posts outrank them), and the
# query has at most this many, one more request ranks just those posts (word_matches_request). On the search
# benchmark every such query had at most 203 word matches: few word matches are why related posts crowd them.
WORD_MATCH_IDS = 250
DEEP_WINDOWS = (100, HYBRID_CONSISTENT_DEPTH)  # tried in turn; a 1,000-deep vector search is the slow one


def ids_filter(ids: list[int]) -> str:
    """A Meilisearch filter for these post ids."""
    return f"id IN [{', '.join(str(int(i)) for i in ids)}]"


def word_matches_request(
    index_uid: str,
    q: str,
    query: JobQuery,
    today_ts: int,
    vector: list[float],
    semantic_ratio: float,
    ids: list[int],
) -> dict:
    """The hybrid ranking of the query's word matches alone (``id IN ids``), from the top to the page's end,
    with the shown documents. A post's hybrid score does not depend on which others the filter lets in, so
    these come in the order they have in the full ranking, without ranking the related posts above them
    (the 100- and 1,000-deep rankings it replaces cost 3 and 4 round trips, p50 62 and 147 ms)."""
    params = search_params(query, today_ts, vector, semantic_ratio)
    params["filter"] = [*params["filter"], ids_filter(ids)]
    return {"indexUid": index_uid, "q": q, **params}


def deep_ranking_request(
    index_uid: str,
    q: str,
    query: JobQuery,
    today_ts: int,
    vector: list[float],
    semantic_ratio: float,
    window: int = HYBRID_CONSISTENT_DEPTH,
) -> dict:
    """The hybrid ranking from the top, ``window`` deep, ids only (no highlighting, cropping or documents):
    asked when the first window held too few word matches to fill the page (read_answer). The top word
    matches by score are the same in any deeper window, so pages stay slices of one list."""
    params = search_params(query, today_ts, vector, semantic_ratio, window=window)
    for key in (
        "attributesToHighlight",
        "attributesToCrop",
        "cropLength",
        "highlightPreTag",
        "highlightPostTag",
    ):
        params.pop(key, None)
    return {"indexUid": index_uid, "q": q, **params, "attributesToRetrieve": ["id"]}


def page_documents_requests(index_uid: str, q: str, ids: list[int]) -> list[dict]:
    """The documents of one page's posts by id: highlighted where the query's words match, plain otherwise
    (a related post has none of them, so the words query does not return it)."""
    by_id = [ids_filter(ids)]
    shown = {
        "attributesToHighlight": ["title", "enterprise"],
        "attributesToCrop": ["description"],
        "cropLength": 40,
        "highlightPreTag": HL_PRE,
        "highlightPostTag": HL_POST,
    }
    return [
        {"indexUid": index_uid, "q": q, "filter": by_id, "limit": len(ids), **shown},
        {"indexUid": index_uid, "q": "", "filter": by_id, "limit": len(ids)},
    ]


def related_only(hit: dict) -> bool:
    """Found by its title vector alone: no query word in any searchable field."""
    return not hit.get("_matchesPosition")


@dataclass
class Answer:
    hits: list[dict]
    total: int  # posts matching the query's words (and the filters)
    facets: dict[str, dict[str, int]]
    took_ms: int | None
    related_total: int = 0  # related posts listed after the word matches (hybrid search)
    complete: bool = True  # False: the ranking fetched held too few word matches; ask again deeper
    word_ids: list[int] | None = None  # every word match's id, when the keyword query returned them all
    ranked: list[dict] = field(default_factory=list)  # the hybrid window, marked (for with_word_matches)

    def pages(self, per_page: int) -> int:
        return max(1, -(-(self.total + self.related_total) // per_page))


def _score(hit: dict) -> float:
    return hit.get("_rankingScore", 0.0)


def read_answer(results: list[dict], page: int, per_page: int) -> Answer:
    """One ``Answer`` from the responses to ``search_requests`` (same order).

    Hybrid: posts with the query's words come first, in the hybrid order; related posts (found through the
    title vector alone) follow, up to ``RELATED_MAX``, except those so close (``RELATED_FIRST_SCORE``) that
    they keep their place among the word matches. Every page is a slice of that one list, whose length is
    known from the counts, so the page count does not move as the user pages.
    """
    found = results[0]
    if len(results) == 1:
        return Answer(
            found["hits"], found.get("totalHits", 0), found.get("facetDistribution", {}),
            found.get("processingTimeMs"),
        )  # fmt: skip
    counts = results[1]
    available = results[2].get("totalHits", 0) if len(results) > 2 else 0
    ranked, total = found["hits"], counts.get("totalHits", 0)
    offset = found.get("offset", 0)  # 0: a ranking from the top; deep pages start at their own hits
    marked = [{**h, "related": related_only(h)} for h in ranked]
    took = max(found.get("processingTimeMs") or 0, counts.get("processingTimeMs") or 0)
    facets = counts.get("facetDistribution", {})
    nothing_close = total == 0 and (not ranked or _score(ranked[0]) < RELATED_MIN_SCORE)
    related_total = 0 if nothing_close and offset == 0 else min(RELATED_MAX, max(0, available - total))
    if offset:  # past the consistent depth: the engine's own slice
        return Answer(marked, total, facets, took, related_total)
    first = [h for h in marked if not h["related"] or _score(h) >= RELATED_FIRST_SCORE]
    after = [h for h in marked if h["related"] and _score(h) < RELATED_FIRST_SCORE]
    listed = (first + after)[: total + related_total]
    word_matches = len(marked) - sum(h["related"] for h in marked)
    exhausted = (
        len(ranked) < found.get("limit", len(ranked) + 1) or found.get("limit", 0) >= HYBRID_CONSISTENT_DEPTH
    )
    complete = exhausted or word_matches >= min(total, page * per_page)
    word_ids = [h["id"] for h in counts.get("hits", [])]
    return Answer(
        listed[(page - 1) * per_page : page * per_page],
        total,
        facets,
        took,
        related_total,
        complete,
        word_ids if len(word_ids) == total else None,
        marked,
    )


def with_word_matches(answer: Answer, ranked: dict, page: int, per_page: int) -> Answer:
    """The page from ``word_matches_request``'s ranking of every word match, and the related posts of the
    first window after them (that window reached the page's end, so it holds enough of them); a related
    post close enough (``RELATED_FIRST_SCORE``) keeps its place by score, as in ``read_answer``."""
    words = [{**h, "related": False} for h in ranked["hits"]]  # all have the words, whichever side found them
    close = [h for h in answer.ranked if h["related"] and _score(h) >= RELATED_FIRST_SCORE]
    after = [h for h in answer.ranked if h["related"] and _score(h) < RELATED_FIRST_SCORE]
    first = sorted(words + close, key=_score, reverse=True) if close else words
    listed = (first + after)[: answer.total + answer.related_total]
    took = max(answer.took_ms or 0, ranked.get("processingTimeMs") or 0)
    return Answer(
        listed[(page - 1) * per_page : page * per_page],
        answer.total,
        answer.facets,
        took,
        answer.related_total,
    )
