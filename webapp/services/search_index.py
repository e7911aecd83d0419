"""The search indexes as the app holds them: the gateway, the title embedder, the jobs index's settings
(synonyms from the 大典, the domain dictionary, stop words, the embedder) and the query-side analysis (jieba
segmentation, title vectors) that must match what was indexed."""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app

from matching import title_model
from matching.title_model import TitleModel
from search.gateway import SearchGateway
from search.settings import jobs_settings

JOBS = "jobs"
ENTERPRISES = "enterprises"


def configure_search(app: Flask) -> None:
    """Bind a search gateway: MEILI_URL if set, else the instance's own running Meilisearch, else none."""
    from search.local_server import discover

    url, key = app.config.get("MEILI_URL"), app.config.get("MEILI_MASTER_KEY")
    if not url:
        local = discover(Path(app.instance_path) / "meili")
        if local:
            url, key = local.url, local.master_key
    if "title_model" not in app.extensions:
        app.extensions["title_model"] = title_model.ModelFile(Path(app.instance_path))
    app.extensions["search_gateway"] = (
        SearchGateway(url, key, app.config["MEILI_INDEX_PREFIX"], app.config["MEILI_TIMEOUT"])
        if url
        else None
    )


def set_search_server(app: Flask, url: str, key: str | None) -> None:
    """Point a running app at a Meilisearch server (the CLI does this after starting one)."""
    app.config["MEILI_URL"], app.config["MEILI_MASTER_KEY"] = url, key
    configure_search(app)


def gateway(app: Flask | None = None) -> SearchGateway | None:
    """The app's search gateway, or None when no Meilisearch is configured."""
    app = app or current_app
    return app.extensions.get("search_gateway")


def embedder(app: Flask | None = None) -> TitleModel | None:
    """The fitted title model (``matching.title_model``), or None (then search is keyword-only)."""
    app = app or current_app
    model_file = app.extensions.get("title_model")
    if not app.config.get("SEARCH_HYBRID") or model_file is None:
        return None
    return model_file.get()


def preload_title_model(app: Flask) -> bool:
    """Read the title model and its sentence encoders now (a gunicorn master before it forks its workers:
    they then share the pages instead of each reading 300 MB). No network. True when there was a model."""
    with app.app_context():
        model = embedder(app)
        if model is None:
            return False
        model.transform(["机械设计工程师"])
        return True


def ensure_index(gw: SearchGateway) -> bool:
    """Create the jobs index with the settings ``flask search init`` would apply, if it does not exist yet."""
    return gw.ensure_jobs_index(wanted_settings())


def synonyms(app: Flask | None = None) -> dict[str, list[str]] | None:
    """The 职业分类大典 alias groups as search synonyms, when OCCUPATIONS_CSV is there (read once)."""
    app = app or current_app
    if "occupation_synonyms" not in app.extensions:
        from pathlib import Path

        from search.semantic import load_occupations
        from search.synonyms import occupation_synonyms

        path = Path(app.config.get("OCCUPATIONS_CSV") or "")
        found = occupation_synonyms(load_occupations(path)) if path.is_file() else None
        app.extensions["occupation_synonyms"] = found
    return app.extensions["occupation_synonyms"]


def dictionary(app: Flask | None = None) -> list[str] | None:
    """The domain dictionary (THUOCL IT terms + 大典 names) when SEARCH_DICTIONARY is on (read once)."""
    app = app or current_app
    if not app.config.get("SEARCH_DICTIONARY"):
        return None
    if "search_dictionary" not in app.extensions:
        from pathlib import Path

        from search.dictionary import domain_words
        from search.semantic import load_occupations

        occupations_csv = Path(app.config.get("OCCUPATIONS_CSV") or "")
        occupations = load_occupations(occupations_csv) if occupations_csv.is_file() else []
        thuocl = Path(app.config["SHARED_DATA_DIR"]) / "taxonomies" / "THUOCL_IT.txt"
        app.extensions["search_dictionary"] = domain_words(thuocl, occupations) or None
    return app.extensions["search_dictionary"]


def wanted_settings() -> dict:
    from search.dictionary import STOP_WORDS

    model = embedder()
    stop_words = STOP_WORDS if current_app.config.get("SEARCH_STOP_WORDS") else None
    return jobs_settings(
        model.dimensions if model else None,
        synonyms(),
        dictionary(),
        stop_words,
        segmented=bool(current_app.config.get("SEARCH_JIEBA_FIELD")),
    )


def segmented(text: str) -> str | None:
    """``text`` cut by jieba with the domain dictionaries, joined by spaces (if SEARCH_JIEBA_FIELD)."""
    if not current_app.config.get("SEARCH_JIEBA_FIELD"):
        return None
    return _cut(text)


@lru_cache(maxsize=65536)
def _cut(text: str) -> str:
    """Titles repeat (posts of one firm, résumés wanting the same job): each is cut once per process."""
    from webapp.services.recommendations import tokenizer

    return " ".join(tokenizer()(text))


def train_title_model(titles: list[str], app: Flask | None = None) -> TitleModel:
    """Fit the title model on the 大典's names and ``titles`` (the posts to be indexed) over the title models
    ``flask match train`` saved (characters and the encoders alone until then), save it under
    instance/models and use it from now on."""
    from matching.training import search_title_model
    from search.semantic import load_occupations
    from webapp.services.recommendations import title_models

    app = app or current_app
    occupations = Path(app.config.get("OCCUPATIONS_CSV") or "")
    names = [o.name for o in load_occupations(occupations)] if occupations.is_file() else []
    model = search_title_model(names, titles, *title_models())
    title_model.save(model, Path(app.instance_path))
    app.extensions["title_model"].set(model)
    return model


VECTOR_CACHE_SIZE = 20_000  # distinct titles and queries whose vectors a process keeps
_vector_lock = threading.Lock()


def vectors_for(titles: list[str]) -> list[list[float] | None]:
    """Title-model vectors for titles (None for a blank title, or when there is no model). Titles and
    queries repeat (a firm's posts, 销售 typed by many): the last ``VECTOR_CACHE_SIZE`` distinct ones are kept
    per process and model, so a repeated query costs no embedding (a title's vector takes 4 ms when the
    encoders have seen it, the 大典 block's classifier being most of it, and about 20 ms when e5 has not)."""
    model = embedder()
    if model is None or not titles:  # scikit-learn refuses an empty batch
        return [None] * len(titles)
    app = current_app._get_current_object()
    with _vector_lock:
        owner, cache = app.extensions.get("title_vectors", (None, None))
        if owner is not model:  # a refitted model: its vectors differ
            owner, cache = app.extensions["title_vectors"] = (model, OrderedDict())
        found = {}
        for t in dict.fromkeys(titles):
            if t in cache:
                cache.move_to_end(t)
                found[t] = cache[t]
    missing = [t for t in dict.fromkeys(titles) if t not in found]
    if missing:
        matrix = model.transform(missing)
        fresh = {t: (row.tolist() if row.any() else None) for t, row in zip(missing, matrix, strict=True)}
        found.update(fresh)
        with _vector_lock:
            cache.update(fresh)
            while len(cache) > VECTOR_CACHE_SIZE:
                cache.popitem(last=False)
    return [found[t] for t in titles]
