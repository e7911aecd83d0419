"""A seeker saves a search and, on the next visit, sees the posts published since."""

from datetime import timedelta

from sqlalchemy import select, update

from tests.conftest import index_now
from webapp.extensions import db
from webapp.models import JobPost, Role, SavedSearch
from webapp.models.mixins import utcnow


def test_save_then_see_new_matches(app, make, login_as):
    old = make.post(title="嵌入式软件工程师", adcode="320505")
    make.post(title="嵌入式硬件工程师", adcode="120104")
    index_now(app)
    client = login_as(make.user(Role.SEEKER))
    results = client.get("/jobs?q=嵌入式&city=苏州市").text
    assert "订阅此搜索" in results
    saved = client.post("/me/searches", data={"query": "q=嵌入式&city=苏州市&page=2"}, follow_redirects=True)
    assert "已订阅：“嵌入式” · 苏州市" in saved.text
    client.post("/me/searches", data={"query": "city=苏州市&q=嵌入式"})  # same search, other order
    with app.app_context():
        rows = db.session.scalars(select(SavedSearch)).all()
        assert [r.query_string for r in rows] == [
            "q=%E5%B5%8C%E5%85%A5%E5%BC%8F&city=%E8%8B%8F%E5%B7%9E%E5%B8%82"
        ]
        # pretend the search was saved (and last seen) a day ago, before the old post was published
        db.session.execute(update(SavedSearch).values(last_seen_at=utcnow() - timedelta(days=1)))
        db.session.get(JobPost, old.id).published_at = utcnow() - timedelta(days=2)  # through the outbox
        db.session.commit()
        search_id = rows[0].id
    make.post(title="嵌入式测试工程师", adcode="320505")  # new, matching
    make.post(title="嵌入式测试工程师", adcode="120104")  # new, other city
    index_now(app)
    page = client.get("/me/searches").text
    assert "1 个新岗位" in page
    opened = client.get(f"/me/searches/{search_id}")
    assert opened.status_code == 302 and "city=" in opened.headers["Location"]
    assert "暂无新岗位" in client.get("/me/searches").text  # seen now


def test_saved_searches_are_private(app, make, login_as):
    owner = make.user(Role.SEEKER)
    login_as(owner).post("/me/searches", data={"query": "q=焊工"})
    with app.app_context():
        search_id = db.session.scalar(select(SavedSearch.id))
    other = app.test_client()
    from tests.conftest import login

    login(other, make.user(Role.SEEKER).account)
    assert other.get(f"/me/searches/{search_id}").status_code == 404
    assert other.post(f"/me/searches/{search_id}/delete").status_code == 404


def test_new_matches_are_sent_through_the_channels_once(app, make, login_as, runner):
    from webapp.models import Notice

    seeker = make.user(Role.SEEKER)
    client = login_as(seeker)
    client.post("/me/searches", data={"query": "q=焊工&city=苏州市"})
    with app.app_context():
        db.session.execute(update(SavedSearch).values(last_seen_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    make.post(title="氩弧焊工", adcode="320505")
    make.post(title="焊工", adcode="120104")  # other city: not a match
    index_now(app)
    result = runner.invoke(args=["notify-searches"])
    assert result.exit_code == 0 and "notified 1 saved searches" in result.output
    with app.app_context():
        notices = db.session.scalars(select(Notice).where(Notice.user_id == seeker.id)).all()
        assert [n.title for n in notices] == ["订阅““焊工” · 苏州市”有 1 个新岗位"]
        assert notices[0].link.startswith("/me/searches/")
    again = runner.invoke(args=["notify-searches"])
    assert "notified 0 saved searches" in again.output  # told once, not every hour
    make.post(title="焊工学徒", adcode="320506")
    index_now(app)
    assert "notified 1 saved searches" in runner.invoke(args=["notify-searches"]).output
