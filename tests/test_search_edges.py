"""Search as a new user meets it, in the shipped hybrid mode against a real Meilisearch: word matches
before related posts, an emoji in the query, a page past the end, a page count that does not move."""

import pytest

from search.query import JobQuery
from tests.conftest import index_now
from webapp.services import job_search

pytestmark = pytest.mark.meili


@pytest.fixture
def zone(app, make):
    for i in range(7):
        make.post(title=f"{['机械设计', '数据分析', '行政', '电气', '软件测试', '财务', '销售'][i]}实习生")
    for i in range(3):
        make.post(title=f"实施工程师{'一二三'[i]}")
    for title in ("数控车工", "数控铣工", "焊工", "叉车司机"):
        make.post(title=title)
    index_now(app)
    return app


def search(app, q, **kw):
    with app.app_context():
        result = job_search.search_jobs(JobQuery(q=q, **kw))
        assert not result.degraded
        return result


def test_posts_with_the_words_come_before_related_ones(zone):
    result = search(zone, "实习", per_page=20)
    flags = [h["related"] for h in result.hits]
    assert flags[: result.total] == [False] * result.total  # every 实习 post first
    assert all(flags[result.total :])
    assert {h["title"] for h in result.hits[: result.total]} >= {"机械设计实习生", "财务实习生"}


def test_the_page_count_does_not_move_while_paging(zone):
    first = search(zone, "实习", per_page=3)
    counts = {search(zone, "实习", per_page=3, page=p).pages for p in range(1, first.pages + 1)}
    assert counts == {first.pages}
    seen = [h["id"] for p in range(1, first.pages + 1) for h in search(zone, "实习", per_page=3, page=p).hits]
    assert len(seen) == len(set(seen))  # no post on two pages


def test_an_emoji_in_the_query_keeps_the_word_matches(zone):
    plain = search(zone, "数控")
    assert plain.total == 2
    for q in ("数控🙂", "🔥数控 👍🏻", "数控❤️"):
        assert search(zone, q).total == 2, q


def test_control_characters_separate_words_and_the_database_fallback_takes_them(zone):
    query = JobQuery(q="数控\x00车工\x01", filters={"city": ["天津市\x00"]}).normalized()
    assert query.q == "数控 车工" and query.filters == {"city": ["天津市"]}
    assert search(zone, "数控\x00车工").total >= 1
    with zone.app_context():  # Meilisearch down: the LIKE query must not carry a NUL to the database
        result = job_search.fallback_search(JobQuery(q="数控\x00车工").normalized())
        assert result.degraded and [h["title"] for h in result.hits] == ["数控车工"]


def test_a_page_past_the_end_shows_the_last_page(zone, client):
    last = search(zone, "实习", per_page=20).pages
    response = client.get("/jobs?q=实习&page=999")
    assert response.status_code == 302 and f"page={last}" in response.location
    page = client.get(response.location).text
    assert f"第 {last} / {last} 页" in page or last == 1
    assert "没有找到符合条件的岗位" not in page and "<mark>实习</mark>生" in page


@pytest.mark.parametrize("word_match_ids", [250, 3], ids=["ranked-alone", "deeper-rankings"])
def test_word_matches_deep_in_the_ranking_still_come_first_on_every_page(
    app, make, monkeypatch, word_match_ids
):
    """Posts that match only through their firm's name (河海) have titles far from the query, so related posts
    outrank them in the hybrid ranking; each page must still list every word match before any related post,
    each post on one page only. With few word matches they are ranked alone (word_matches_request); with more
    than the keyword query returns ids for, deeper rankings are asked for and the page fetched by id."""
    monkeypatch.setattr("search.query.WORD_MATCH_IDS", word_match_ids)
    firm = make.enterprise(name="天津河海机械有限公司")
    titles = ["焊工", "钳工", "叉车司机", "仓库管理员", "质检员", "电工"]
    for title in titles:
        make.post(firm.id, title=title)
    for title in ["数据分析师", "Java开发工程师", "行政专员", "会计", "销售代表", "平面设计师"] * 3:
        make.post(title=title)
    index_now(app)
    seen = []
    with app.app_context():
        first = job_search.search_jobs(JobQuery(q="河海", per_page=2))
        assert first.total == len(titles)
        for page in range(1, first.pages + 1):
            result = job_search.search_jobs(JobQuery(q="河海", per_page=2, page=page))
            assert result.pages == first.pages
            seen += [(h["id"], h["related"], h["enterprise_hl"]) for h in result.hits]
    flags = [related for _, related, _ in seen]
    assert flags[: len(titles)] == [False] * len(titles) and all(flags[len(titles) :])
    assert len({i for i, _, _ in seen}) == len(seen)  # no post on two pages
    assert all("\ue000河海\ue001" in hl for _, related, hl in seen if not related)  # highlighted as usual
