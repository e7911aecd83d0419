"""/metrics for Prometheus: request latency by endpoint, the search outbox, live viewers, import jobs; a
request id on every response; loopback or a token only."""

from tests.conftest import make_app
from webapp.extensions import db
from webapp.models import SearchOutbox
from webapp.models.mixins import utcnow


def _value(text: str, name: str) -> float:
    line = next(ln for ln in text.splitlines() if ln.startswith(name + " ") or ln.startswith(name + "{"))
    return float(line.rsplit(" ", 1)[1])


def test_metrics_report_requests_and_the_search_queue(app, make):
    client = app.test_client()
    assert client.get("/jobs?q=数控").status_code == 200
    with app.app_context():
        now = utcnow()
        db.session.add(SearchOutbox(index="jobs", entity_id=10**6, created_at=now, next_attempt_at=now))
        db.session.add(
            SearchOutbox(
                index="jobs", entity_id=10**6 + 1, created_at=now, next_attempt_at=now, parked_at=now
            )
        )
        db.session.commit()
    scraped = client.get("/metrics")
    assert scraped.status_code == 200 and scraped.mimetype == "text/plain"
    text = scraped.text
    assert 'zone_request_seconds_count{endpoint="public.search",method="GET",status="200"}' in text
    assert _value(text, "zone_search_outbox_pending") >= 1 and _value(text, "zone_search_outbox_parked") == 1
    assert "zone_live_viewers" in text and "zone_import_jobs" in text


def test_metrics_are_not_served_to_the_outside(tmp_path, meili):
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    app = make_app(tmp_path / "a", meili)
    assert app.test_client().get("/metrics", environ_base=outside).status_code == 404
    token_app = make_app(tmp_path / "b", meili, METRICS_TOKEN="s3cr3t-scrape")
    client = token_app.test_client()
    assert client.get("/metrics", environ_base=outside).status_code == 404
    ok = client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer s3cr3t-scrape"})
    assert ok.status_code == 200


def test_every_response_carries_a_request_id(app):
    client = app.test_client()
    first, second = client.get("/"), client.get("/")
    assert (
        len(first.headers["X-Request-ID"]) == 32
        and first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    )
    assert client.get("/", headers={"X-Request-ID": "abc123"}).headers["X-Request-ID"] == "abc123"
