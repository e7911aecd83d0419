"""Operations: a Prometheus endpoint and a request id on every request and log line.

``/metrics`` (prometheus_client's text format) serves request latency by endpoint, method and status, and,
read from the database and the broker at scrape time, the search outbox (pending rows, the oldest one's age,
parked rows), live-room viewers online and import jobs by status. It answers scrapes from loopback, or with
``Authorization: Bearer <METRICS_TOKEN>`` when that is set. Under several gunicorn workers set
``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode) so the latency histogram sums them.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
import uuid

from flask import Flask, Response, abort, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from webapp import logs

REQUEST_SECONDS = Histogram(
    "zone_request_seconds",
    "Time to answer a request, by endpoint",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class ZoneCollector:
    """Gauges read when Prometheus scrapes (no background thread keeps them)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):
        from sqlalchemy import func, select

        from webapp.extensions import db
        from webapp.live.models import LiveSession
        from webapp.live.rooms import broker, channel
        from webapp.models import ImportJob, LiveStatus
        from webapp.services.search_outbox import queue_status

        with self.app.app_context():
            status = queue_status(parked_limit=0)
            age = status.oldest_age()
            live_ids = db.session.scalars(select(LiveSession.id).where(LiveSession.status == LiveStatus.LIVE))
            viewers = sum(broker().online(channel(i)) for i in live_ids)
            imports = db.session.execute(
                select(ImportJob.status, func.count()).group_by(ImportJob.status)
            ).all()
            db.session.remove()
        yield GaugeMetricFamily(
            "zone_search_outbox_pending", "Search changes not yet delivered", status.pending
        )
        yield GaugeMetricFamily(
            "zone_search_outbox_oldest_seconds",
            "Age of the oldest undelivered search change",
            age.total_seconds() if age else 0.0,
        )
        yield GaugeMetricFamily(
            "zone_search_outbox_parked", "Search changes parked after failing", status.parked
        )
        yield GaugeMetricFamily("zone_live_viewers", "Viewers online in live rooms (all workers)", viewers)
        jobs = GaugeMetricFamily("zone_import_jobs", "Import jobs by status", labels=["status"])
        for name, count in imports:
            jobs.add_metric([name], count)
        yield jobs


def init_app(app: Flask) -> None:
    registry = CollectorRegistry()
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        # Several worker processes: each writes its samples under that folder and a scrape sums them all
        # (deploy/gunicorn.conf.py clears it at start and marks dead workers).
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(ZoneCollector(app))
    logs.init_app(app)

    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if given.isalnum() and len(given) <= 64 else uuid.uuid4().hex

    @app.after_request
    def observe(response):
        if "request_started" in g:
            endpoint = request.endpoint or "unmatched"
            elapsed = time.perf_counter() - g.request_started
            REQUEST_SECONDS.labels(endpoint, request.method, str(response.status_code)).observe(elapsed)
        response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
        return response

    def metrics():
        token = app.config.get("METRICS_TOKEN") or ""
        header = request.headers.get("Authorization", "")
        if token:
            allowed = hmac.compare_digest(header, f"Bearer {token}")
        else:
            allowed = ipaddress.ip_address(request.remote_addr or "0.0.0.0").is_loopback
        if not allowed:
            abort(404)  # not advertised to the outside
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)

    metrics.required_roles = "public"  # the access matrix: guarded by address or token, not by a role
    app.add_url_rule("/metrics", "metrics", metrics)
