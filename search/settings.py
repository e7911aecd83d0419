"""Index settings as versioned code. Bump ``JOBS_SETTINGS_VERSION`` when they change."""

from __future__ import annotations

JOBS_SETTINGS_VERSION = 7
EMBEDDER = "occupation"

# Facets offered to users, in display order.
JOB_FACETS = [
    "city",
    "district",
    "industry",
    "tier",
    "education",
    "experience",
    "pay_band",
    "employment_type",
    "target_groups",
    "fair",
    "shortage",
]

JOBS_SETTINGS: dict = {
    # Most important first: a hit in the title outranks one in the description.
    "searchableAttributes": ["title", "skills", "enterprise", "requirements", "description"],
    "filterableAttributes": [
        *JOB_FACETS,
        "id",
        "enterprise_id",
        "fair_ids",
        "valid_until_ts",
        "published_ms",
    ],
    "sortableAttributes": ["published_ms", "pay_max_month"],
    # Relevance first; "sort" only orders what the user explicitly sorts by.
    "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    "displayedAttributes": ["*"],
    "localizedAttributes": [{"attributePatterns": ["*"], "locales": ["cmn"]}],
    "typoTolerance": {
        "enabled": True,
        # Chinese words are short; typo tolerance only helps Latin terms such as "Pyhton".
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    },
    "pagination": {"maxTotalHits": 5000},
    "faceting": {"maxValuesPerFacet": 100},
    "searchCutoffMs": 150,
    # Word proximity only decides whether words share an attribute: job ads are long, and exact in-text
    # distances cost indexing time and search latency for little relevance (measured in bench/search.py).
    "proximityPrecision": "byAttribute",
}


def jobs_settings(
    embedding_dims: int | None = None,
    synonyms: dict[str, list[str]] | None = None,
    dictionary: list[str] | None = None,
    stop_words: list[str] | None = None,
    segmented: bool = False,
) -> dict:
    """The jobs index settings; with ``embedding_dims``, a user-provided embedder for hybrid search; with
    ``synonyms``, the 职业分类大典 alias groups (search/synonyms.py); with ``dictionary`` and ``stop_words``,
    the domain segmentation of search/dictionary.py."""
    settings = dict(JOBS_SETTINGS)
    if segmented:  # the jieba-segmented title ranks right after the title itself
        order = list(settings["searchableAttributes"])
        settings["searchableAttributes"] = [order[0], "title_words", *order[1:]]
    return with_analysis(settings, embedding_dims, synonyms, dictionary, stop_words)


def with_analysis(
    settings: dict,
    embedding_dims: int | None,
    synonyms: dict[str, list[str]] | None,
    dictionary: list[str] | None,
    stop_words: list[str] | None,
) -> dict:
    """``settings`` with the query analysis every title-searching index shares (jobs, résumés): 大典
    synonyms, the domain dictionary, stop words, and the user-provided title embedder."""
    if synonyms:
        settings["synonyms"] = synonyms
    if dictionary:
        settings["dictionary"] = dictionary
    if stop_words:
        settings["stopWords"] = stop_words
    if embedding_dims:
        # The default vector store (arroy). Meilisearch 1.21's experimental HNSW store (``vectorStore:
        # "experimental"``, hannoy 0.0.5) ranked better on TalentCLEF (MAP 0.410) but some searches failed
        # with an internal panic ("Links must exist") on an index built the same way, so it is not used.
        settings["embedders"] = {EMBEDDER: {"source": "userProvided", "dimensions": embedding_dims}}
    return settings


# Enterprises: found by name, industry, place or what they say about themselves; verified firms only.
ENTERPRISE_FACETS = ["tier", "city", "industry"]
ENTERPRISES_SETTINGS: dict = {
    "searchableAttributes": ["name", "industry", "city", "district", "introduction"],
    "filterableAttributes": [*ENTERPRISE_FACETS, "id"],
    "sortableAttributes": ["open_posts"],
    "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    "localizedAttributes": [{"attributePatterns": ["*"], "locales": ["cmn"]}],
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "faceting": {"maxValuesPerFacet": 100},
    "pagination": {"maxTotalHits": 2000},
    "searchCutoffMs": 150,
}


# Résumés (搜人才): what a seeker who chose to be found looks for and can do. The document holds no name,
# phone, ID number, e-mail or birth date (webapp/talent/documents.py); ``for_firms`` and ``for_bureau`` are
# the two consents, and every search filters on the one that applies to who asks.
RESUMES_SETTINGS_VERSION = 1
TALENT_FACETS = [
    "city",
    "education",
    "major_category",
    "graduation_year",
    "experience",
    "skills",
    "target_groups",
    "job_status",
]
RESUMES_SETTINGS: dict = {
    "searchableAttributes": [
        "desired_titles",
        "title_words",
        "skills",
        "major",
        "school",
        "experience_text",
        "intro",
    ],
    "filterableAttributes": [*TALENT_FACETS, "id", "for_firms", "for_bureau", "education_rank"],
    "sortableAttributes": ["updated_ms"],
    "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    "displayedAttributes": ["*"],
    "localizedAttributes": [{"attributePatterns": ["*"], "locales": ["cmn"]}],
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "pagination": {"maxTotalHits": 2000},
    "faceting": {"maxValuesPerFacet": 100},
    "searchCutoffMs": 150,
    "proximityPrecision": "byAttribute",
}


def resumes_settings(
    embedding_dims: int | None = None,
    synonyms: dict[str, list[str]] | None = None,
    dictionary: list[str] | None = None,
    stop_words: list[str] | None = None,
) -> dict:
    """The résumé index settings: the jobs index's analysis (大典 synonyms, domain dictionary, stop words)
    and the same title embedder, so a query means the same in both."""
    return with_analysis(dict(RESUMES_SETTINGS), embedding_dims, synonyms, dictionary, stop_words)
