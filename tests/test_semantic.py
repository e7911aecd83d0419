"""The search's title model (pure logic) and hybrid search on a real Meilisearch."""

import json
import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matching.title_model import TitleModel
from matching.training import search_title_model
from search.query import JobQuery, simplified
from search.semantic import Occupation
from tests.conftest import index_now
from webapp.services import job_search, search_index, search_sync

OCCUPATIONS = [
    Occupation("4-05-01-01", "信贷员", "贷款专员 抵押贷款经纪人", "办理个人和企业贷款、抵押贷款业务的人员"),
    Occupation("4-05-01-02", "贷款审核员", "核保员", "审核贷款申请和抵押物的人员"),
    Occupation("6-18-01-01", "车工", "数控车工", "操作车床、数控机床进行切削加工的人员"),
    Occupation("6-18-01-02", "铣工", "数控铣工", "操作铣床加工零件的人员"),
    Occupation(
        "2-02-10-03",
        "软件工程技术人员",
        "Java开发工程师 程序员",
        "从事软件需求分析、设计、编码的工程技术人员",
    ),
]
NAMES = [o.name for o in OCCUPATIONS] + [a for o in OCCUPATIONS for a in o.aliases.split()]


def fitted() -> TitleModel:
    """The search's title model as ``search_title_model`` fits it: the 大典's names and the posts' titles
    (no trained title models here; a small character block)."""
    return search_title_model(NAMES, ["抵押经纪人", "数控铣工"], lexical_features=8)


def test_estimator_conventions():
    with pytest.raises(NotFittedError):
        TitleModel().transform(["车工"])
    model = fitted()
    assert clone(model).get_params() == model.get_params()
    again = pickle.loads(pickle.dumps(model))
    assert np.allclose(again.transform(["数控车工"]), model.transform(["数控车工"]), atol=1e-6)


def test_vectors_are_unit_and_sized():
    model = fitted()
    vectors = model.transform(["信贷员", "数控车工", ""])
    assert vectors.shape == (3, model.dimensions) == (3, 8 + 512 + 384)  # the 大典 block and both encoders
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-5)
    assert not vectors[2].any()  # an empty title has no vector


def test_titles_without_shared_characters_meet():
    model = fitted()
    loan_officer, broker, lathe = model.transform(["贷款干事", "抵押经纪人", "数控车工"])
    assert loan_officer @ broker > loan_officer @ lathe


def test_traditional_queries_are_simplified():
    assert simplified("數據分析") == "数据分析"
    assert simplified("Java開發工程師") == "Java开发工程师"
    assert JobQuery(q=" 電氣工程師 ").normalized().q == "电气工程师"


@pytest.mark.meili
def test_traditional_and_mixed_queries_find_posts(app, make, client):
    make.post(title="数据分析师")
    make.post(title="Java开发工程师")
    index_now(app)
    for query, title in (("數據分析", "数据分析师"), ("Java開發", "Java开发工程师")):
        hits = client.get(f"/api/v1/jobs?q={query}").json["hits"]
        assert [h["title"] for h in hits if not h["related"]] == [title]  # the words match
        assert hits[0]["title"] == title  # any 相近岗位 come after


@pytest.mark.meili
def test_hybrid_search_and_settings_swap(app, make):
    driver = make.post(title="驾驶员")
    make.post(title="数控铣工")
    index_now(app)  # the index exists without an embedder
    with app.app_context():
        assert job_search.search_jobs(JobQuery(q="司机")).total == 0  # no shared word
        app.config["SEARCH_HYBRID"] = True
        app.extensions["title_model"].set(fitted())
        gw = search_index.gateway()
        assert search_sync.apply_settings(gw) == "rebuilt"  # new settings: built aside and swapped in
        assert search_sync.apply_settings(gw) == "unchanged"
        assert gw.index("jobs").get_settings()["embedders"]["occupation"].dimensions == 8 + 512 + 384
        result = job_search.search_jobs(JobQuery(q="司机"))
        assert [h["id"] for h in result.hits][:1] == [driver.id]
        assert all(h["related"] for h in result.hits)  # no query word in either title
        assert result.total == 0 and result.facets.get("city", {}) == {}  # counts are of word matches
        exact = job_search.search_jobs(JobQuery(q="驾驶员"))
        assert exact.total == 1 and exact.hits[0]["id"] == driver.id and not exact.hits[0]["related"]
        assert sum(exact.facets["city"].values()) == 1
        assert job_search.search_jobs(JobQuery(q="司机", sort="newest")).hits == []  # by date: matches


def test_hybrid_pages_are_slices_of_one_ranking():
    from search.query import WORD_MATCH_IDS, search_requests

    found, counts, everything = search_requests(
        "jobs", "车工", JobQuery(q="车工", page=3, per_page=20), 0, [0.1, 0.2]
    )
    assert (found["offset"], found["limit"]) == (0, 60)
    assert (counts["page"], counts["hitsPerPage"]) == (1, WORD_MATCH_IDS) and "hybrid" not in counts
    assert counts["attributesToRetrieve"] == ["id"]  # the word matches' ids, for word_matches_request
    assert (
        everything["q"] == "" and everything["filter"] == counts["filter"] and everything["hitsPerPage"] == 0
    )
    deeper, _, _ = search_requests("jobs", "车工", JobQuery(q="车工", page=1), 0, [0.1], window=1000)
    assert (deeper["offset"], deeper["limit"]) == (0, 1000)
    deep, _, _ = search_requests("jobs", "车工", JobQuery(q="车工", page=30, per_page=50), 0, [0.1, 0.2])
    assert (deep["offset"], deep["limit"]) == (1450, 50)  # past the consistent depth: a bounded request


def test_read_answer_slices_from_the_offset_the_engine_started_at():
    from search.query import read_answer

    hits = [{"id": i, "_matchesPosition": {}, "_rankingScore": 0.5} for i in range(3)]
    counts = {"hits": [], "totalHits": 0, "facetDistribution": {}}
    deep = read_answer([{"hits": hits, "offset": 1450}, counts], page=30, per_page=50)
    assert [h["id"] for h in deep.hits] == [0, 1, 2]  # its own hits, not cut by the top-of-list gate


def hit(i, words=True, score=0.6):
    matches = {"title": [{"start": 0, "length": 6}]} if words else {}
    return {"id": i, "_matchesPosition": matches, "_rankingScore": score}


def test_word_matches_come_before_related_posts_and_the_page_count_is_exact():
    from search.query import read_answer

    counts = {"hits": [], "totalHits": 3, "facetDistribution": {"city": {"苏州市": 3}}}
    everything = {"hits": [], "totalHits": 10}  # the filters allow 10 posts: 7 can be related
    ranking = [hit(9, words=False, score=0.7), hit(1), hit(8, words=False), hit(2), hit(3), hit(7, False)]
    answer = [{"hits": ranking, "offset": 0, "limit": 6}, counts, everything]
    first = read_answer(answer, page=1, per_page=3)
    assert [h["id"] for h in first.hits] == [1, 2, 3]  # 实习 shows internships before 实施工程师
    assert first.total == 3 and first.facets == counts["facetDistribution"]
    assert first.related_total == 7 and first.pages(3) == 4 and first.complete
    second = read_answer(answer, page=2, per_page=3)
    assert [(h["id"], h["related"]) for h in second.hits] == [(9, True), (8, True), (7, True)]
    assert second.pages(3) == first.pages(3)  # paging does not move the count


def test_a_related_post_as_close_as_a_reworded_title_keeps_its_place():
    from search.query import RELATED_FIRST_SCORE, read_answer

    counts = {"hits": [], "totalHits": 2, "facetDistribution": {}}
    ranking = [hit(5, words=False, score=RELATED_FIRST_SCORE + 0.01), hit(1), hit(6, False), hit(2)]
    page = read_answer([{"hits": ranking, "offset": 0, "limit": 20}, counts, {"totalHits": 4}], 1, 20)
    assert [h["id"] for h in page.hits] == [5, 1, 2, 6]


def test_too_few_word_matches_in_the_ranking_asks_for_a_deeper_one():
    from search.query import read_answer

    counts = {"hits": [], "totalHits": 3, "facetDistribution": {}}
    ranking = [hit(9, False), hit(8, False), hit(1)]  # two word matches lie deeper than this window
    shallow = read_answer([{"hits": ranking, "offset": 0, "limit": 3}, counts, {"totalHits": 50}], 1, 3)
    assert not shallow.complete
    exhausted = read_answer([{"hits": ranking, "offset": 0, "limit": 10}, counts, {"totalHits": 50}], 1, 3)
    assert exhausted.complete  # the engine had nothing more to give


def test_few_word_matches_are_ranked_alone_and_related_posts_follow():
    from search.query import RELATED_FIRST_SCORE, read_answer, with_word_matches, word_matches_request

    counts = {"hits": [{"id": 1}, {"id": 2}, {"id": 3}], "totalHits": 3, "facetDistribution": {}}
    close = hit(5, False, RELATED_FIRST_SCORE + 0.02)
    window = [close, hit(9, False, 0.7), hit(8, False, 0.69), hit(1, score=0.6)]
    first = read_answer([{"hits": window, "offset": 0, "limit": 4}, counts, {"totalHits": 9}], 2, 2)
    assert not first.complete and first.word_ids == [1, 2, 3]
    # the engine's ranking of the word matches alone; one of them was found by its vector (no positions)
    ranked = {"hits": [hit(2, score=0.95), {"id": 3, "_rankingScore": 0.65}, hit(1, score=0.6)]}
    pages = [with_word_matches(first, ranked, page, 2) for page in (1, 2, 3)]
    assert [[h["id"] for h in p.hits] for p in pages] == [[2, 5], [3, 1], [9, 8]]
    assert [h["related"] for h in pages[1].hits] == [False, False]
    request = word_matches_request(
        "jobs", "车工", JobQuery(q="车工", page=2, per_page=2), 0, [0.1], 0.9, [3, 1]
    )
    assert request["filter"][-1] == "id IN [3, 1]" and (request["offset"], request["limit"]) == (0, 4)
    many = {**counts, "totalHits": 300}  # more word matches than the keyword query returned: deeper rankings
    assert read_answer([{"hits": window, "limit": 4}, many, {"totalHits": 900}], 2, 2).word_ids is None


def test_no_word_matches_lists_related_posts_only_when_one_is_close():
    from search.query import read_answer

    far = {"id": 7, "_matchesPosition": {}, "_rankingScore": 0.52}
    near = {"id": 6, "_matchesPosition": {}, "_rankingScore": 0.8}
    nothing = {"hits": [], "totalHits": 0, "facetDistribution": {}}
    related = read_answer([{"hits": [near, far], "limit": 2}, nothing, {"totalHits": 2}], page=1, per_page=2)
    assert [h["id"] for h in related.hits] == [6, 7] and related.related_total == 2
    empty = read_answer([{"hits": [far], "limit": 2}, nothing, {"totalHits": 2}], page=1, per_page=2)
    assert empty.hits == [] and empty.related_total == 0 and empty.pages(2) == 1
    keyword_only = read_answer([{"hits": [hit(1)], "totalHits": 1, "facetDistribution": {}}], 1, 20)
    assert (
        keyword_only.total == 1 and keyword_only.related_total == 0 and "related" not in keyword_only.hits[0]
    )


@pytest.mark.meili
def test_eval_command_reports_ours_and_baselines(app, runner, tmp_path):
    (tmp_path / "c.tsv").write_text(
        "c_id\tjobtitle\n1\t数控车工\n2\t信贷员\n3\t抵押贷款经纪人\n4\t数控铣工\n"
    )
    (tmp_path / "q.tsv").write_text("q_id\tjobtitle\n1\t车工\n2\t贷款专员\n")
    (tmp_path / "r.tsv").write_text("1 0 1 1\n1 0 4 1\n2 0 2 1\n2 0 3 1\n")
    args = ["search", "eval", "--corpus", tmp_path / "c.tsv", "--queries", tmp_path / "q.tsv"]
    result = runner.invoke(args=[*map(str, args), "--qrels", str(tmp_path / "r.tsv"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["queries"] == 2 and 0 < figures["map"] <= 1
    assert set(figures["baselines"]) >= {"tfidf_char_1_3_full_ranking", "meilisearch_default_settings"}
    assert figures["keyword_only"]["queries"] == 2


@pytest.mark.meili
def test_category_eval_on_labelled_ads(runner, tmp_path):
    ads = [
        {"label": "数据分析师", "text": "负责业务数据分析，搭建数据分析报表"},
        {"label": "数据分析师", "text": "数据分析师：用SQL做数据分析"},
        {"label": "数据治理工程师", "text": "负责数据治理、元数据管理与数据质量"},
        {"label": "非数据分析岗", "text": "负责前台接待"},
    ]
    path = tmp_path / "ads.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ads))
    result = runner.invoke(args=["search", "eval-categories", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["queries"] == 2  # 非数据分析岗 is not a query
    assert figures["map"] > 0.5


@pytest.mark.meili
def test_search_init_trains_the_embedder_and_indexes_vectors(tmp_path, meili):
    from tests.conftest import Factory, make_app

    app = make_app(tmp_path, meili, SEARCH_HYBRID=False)  # a new installation: no embedder trained yet
    make, runner = Factory(app), app.test_cli_runner()
    rows = ["level,code,name,definition,alias"] + [
        f"4,{o.code},{o.name},{o.definition},{o.aliases}" for o in OCCUPATIONS
    ]
    (tmp_path / "dadian.csv").write_text("\n".join(rows), encoding="utf-8")
    app.config.update(SEARCH_HYBRID=True, OCCUPATIONS_CSV=str(tmp_path / "dadian.csv"))
    driver = make.post(title="驾驶员")
    result = runner.invoke(args=["search", "init"])
    assert result.exit_code == 0, result.output
    assert "fitted the title model (1152 dimensions)" in result.output
    retrained = runner.invoke(args=["search", "init", "--retrain"])
    assert "1 posts and résumés queued to be embedded again" in retrained.output  # the old vectors go
    with app.app_context():
        model = search_index.embedder()
        assert model is not None
        index_now(app)
        settings = search_index.gateway().index("jobs").get_settings()
        assert settings["embedders"]["occupation"].dimensions == model.dimensions
        assert job_search.search_jobs(JobQuery(q="司机")).hits[0]["id"] == driver.id
