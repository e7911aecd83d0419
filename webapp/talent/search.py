"""The talent-pool query path both audiences share: firms (搜人才, ``for_firms``) and the bureau (organizers
and 服务专员, ``for_bureau``). The consent filter is added here, from who asks, never from the request.

Ranking follows the jobs search: with a title model, a hybrid query ranks by the title vectors and keywords
together; résumés that contain the query's words come first (a recruiter who types 数控 expects 数控 in the
résumé), then, marked 相近, résumés close in the occupation space without the words (RELATED_MIN_SCORE).
The total and the facet counts come from a keyword-only query beside it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from meilisearch.errors import MeilisearchApiError

from search.gateway import SearchGateway, SearchUnavailable
from search.query import HL_POST, HL_PRE, RELATED_MIN_SCORE, quote, simplified, without_symbols
from search.settings import EMBEDDER, TALENT_FACETS
from webapp.models import Education, TargetGroup
from webapp.services.search_index import gateway, vectors_for
from webapp.talent.index import RESUMES

log = logging.getLogger(__name__)

FIRMS, BUREAU = "firms", "bureau"
# Firms never filter or see target groups (就业困难人员, 登记失业人员 are the bureau's to know) or job status.
AUDIENCE_FACETS = {
    FIRMS: ["city", "education", "major_category", "graduation_year", "experience", "skills"],
    BUREAU: TALENT_FACETS,
}
PER_PAGE = 20
WINDOW = 200  # hybrid: the ranking is read from the top up to here, word matches first
SEMANTIC_RATIO = 0.5


@dataclass
class TalentQuery:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    min_education: str = ""  # an Education value: that level or above
    page: int = 1

    @classmethod
    def from_args(cls, args, audience: str) -> TalentQuery:
        try:
            page = max(1, min(int(args.get("page", 1)), WINDOW // PER_PAGE))
        except ValueError:
            page = 1
        facets = AUDIENCE_FACETS[audience]
        level = args.get("min_education", "")
        query = cls(
            q=simplified(without_symbols(args.get("q", "")).strip()[:100]),
            filters={
                name: [v for v in args.getlist(name) if v][:10] for name in facets if args.getlist(name)
            },
            min_education=level if level in Education._value2member_map_ else "",
            page=page,
        )
        return query.with_facet_words(facets)

    def with_facet_words(self, facets: list[str]) -> TalentQuery:
        """Words of the free text that name a facet value become filters: "2025届 机械类 本科 天津 未就业"
        is what a bureau types, and none of those words is in a résumé's searchable text."""
        rest, filters, level = [], {k: list(v) for k, v in self.filters.items()}, self.min_education
        for word in self.q.split():
            found = facet_value(word)
            if found and found[0] == "min_education":
                level = found[1]
            elif found and found[0] in facets:
                values = filters.setdefault(found[0], [])
                if found[1] not in values:
                    values.append(found[1])
            else:
                rest.append(word)
        return TalentQuery(" ".join(rest), filters, level, self.page)

    def describe(self) -> str:
        """The query as the audit log records it."""
        parts = [self.q] if self.q else []
        parts += [f"{k}={'|'.join(v)}" for k, v in sorted(self.filters.items())]
        if self.min_education:
            parts.append(f"education>={Education(self.min_education).label}")
        return "; ".join(parts) or "(全部)"


_YEAR = re.compile(r"^(19|20)(\d\d)届?$")
_STATUS = {"未就业": "求职中", "待就业": "求职中", "求职中": "求职中", "已就业": "已就业"}
_LEVELS = {"大专及以上": "associate", "本科及以上": "bachelor", "硕士及以上": "master", "研究生": "master"}


def facet_value(word: str) -> tuple[str, str] | None:
    """(facet, value) when ``word`` names one: 2025届, 机械类, 本科, 本科及以上, 天津, 未就业, 高校毕业生 …"""
    from webapp.reference import CITIES
    from webapp.talent.documents import EXPERIENCE_BANDS, _majors

    if match := _YEAR.match(word):
        return "graduation_year", f"{match.group(1)}{match.group(2)}届"
    if word in _LEVELS:
        return "min_education", _LEVELS[word]
    if word in {e.label for e in Education if e != Education.ANY}:
        return "education", word
    if word in _STATUS:
        return "job_status", _STATUS[word]
    if word in EXPERIENCE_BANDS:
        return "experience", word
    if word in {g.label for g in TargetGroup}:
        return "target_groups", word
    cities = set(CITIES.values())
    if word in cities or f"{word}市" in cities:
        return "city", word if word in cities else f"{word}市"
    if word.endswith("类") and word in set(_majors().values()):
        return "major_category", word
    return None


@dataclass
class TalentResult:
    hits: list[dict]
    total: int
    page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    unavailable: bool = False

    @property
    def pages(self) -> int:
        return max(1, min(-(-self.total // PER_PAGE), WINDOW // PER_PAGE))


def filter_expression(query: TalentQuery, audience: str) -> list:
    expression: list = ["for_firms = true" if audience == FIRMS else "for_bureau = true"]
    for name in AUDIENCE_FACETS[audience]:
        if query.filters.get(name):
            expression.append([f"{name} = {quote(v)}" for v in query.filters[name]])
    if query.min_education:
        expression.append(f"education_rank >= {Education(query.min_education).rank}")
    return expression


def requests(uid: str, query: TalentQuery, audience: str, vector: list[float] | None) -> list[dict]:
    """The multi-search: the ranked hits, and a keyword-only query for the total and facet counts."""
    expression = filter_expression(query, audience)
    ranked = {
        "indexUid": uid,
        "q": query.q,
        "filter": expression,
        "attributesToHighlight": ["desired_titles", "skills", "major", "school"],
        "highlightPreTag": HL_PRE,
        "highlightPostTag": HL_POST,
        "showMatchesPosition": True,
        "showRankingScore": True,
    }
    if vector is not None and query.q:
        ranked.update(hybrid={"embedder": EMBEDDER, "semanticRatio": SEMANTIC_RATIO}, vector=vector)
        ranked.update(offset=0, limit=WINDOW)
    else:
        ranked.update(offset=(query.page - 1) * PER_PAGE, limit=PER_PAGE)
    counts = {
        "indexUid": uid,
        "q": query.q,
        "filter": expression,
        "facets": AUDIENCE_FACETS[audience],
        "page": 1,
        "hitsPerPage": 0,
    }
    return [ranked, counts]


def read_hits(raw: list[dict], query: TalentQuery, hybrid: bool) -> tuple[list[dict], int]:
    """The page of cards and how many related résumés follow the word matches (hybrid only)."""
    if not hybrid:
        return [_card(h, related=False) for h in raw], 0
    words = [h for h in raw if h.get("_matchesPosition")]
    related = [
        h for h in raw if not h.get("_matchesPosition") and h.get("_rankingScore", 0) >= RELATED_MIN_SCORE
    ]
    ordered = [_card(h, False) for h in words] + [_card(h, True) for h in related]
    start = (query.page - 1) * PER_PAGE
    return ordered[start : start + PER_PAGE], len(related)


def _card(hit: dict, related: bool) -> dict:
    shown = hit.get("_formatted", {})
    return {
        "id": hit["id"],
        "desired_titles": shown.get("desired_titles", hit.get("desired_titles", [])),
        "skills": shown.get("skills", hit.get("skills", [])),
        "major": shown.get("major", hit.get("major", "")),
        "school": shown.get("school", hit.get("school", "")),
        "major_category": hit.get("major_category", ""),
        "education": hit.get("education", ""),
        "graduation_year": hit.get("graduation_year", ""),
        "experience": hit.get("experience", ""),
        "city": hit.get("city", []),
        "target_groups": hit.get("target_groups", []),
        "job_status": hit.get("job_status", ""),
        "related": related,
    }


def search_talent(query: TalentQuery, audience: str, gw: SearchGateway | None = None) -> TalentResult:
    """One page of the pool for ``audience`` (FIRMS or BUREAU). Meilisearch down: an honest empty page
    (the pool is not searched in the database: its privacy rules live in the index documents). ``gw``: another
    gateway than the app's (the evaluation's temporary index)."""
    gw = gw or gateway()
    if gw is None:
        return TalentResult([], 0, query.page, unavailable=True)
    vector = vectors_for([query.q])[0] if query.q else None
    try:
        try:
            ranked, counts = gw.multi_search(asked := requests(gw.uid(RESUMES), query, audience, vector))
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found":  # nobody has been indexed yet
                return TalentResult([], 0, query.page)
            if vector is None or exc.code != "invalid_search_embedder":
                raise
            # the index was made before the title model: keywords only until ``flask search init``
            ranked, counts = gw.multi_search(asked := requests(gw.uid(RESUMES), query, audience, None))
    except SearchUnavailable as exc:
        log.warning("talent search unavailable: %s", exc)
        return TalentResult([], 0, query.page, unavailable=True)
    hits, related = read_hits(ranked["hits"], query, "hybrid" in asked[0])
    if audience == FIRMS:
        for hit in hits:
            del hit["target_groups"], hit["job_status"]
    total = counts.get("totalHits", counts.get("estimatedTotalHits", 0)) + related
    return TalentResult(hits, total, query.page, counts.get("facetDistribution", {}))
