"""The production path, run as deploy/ describes it: the Procfile's processes (gunicorn with two gevent
workers, the search worker, the scheduler) on PostgreSQL, Redis and Meilisearch, each its own process.

A post committed to the database reaches search through the separate worker; the scheduler closes an
expired post; /metrics sums the request counts of both workers (Prometheus multiprocess mode); every log line
is JSON with the request id the response carried. The systemd units run the Procfile's commands."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.conftest import Factory
from webapp.extensions import db
from webapp.models import JobPost, PostStatus

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PG_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def procfile() -> dict[str, str]:
    lines = (DEPLOY / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_systemd_units_run_the_procfile_commands():
    units = {path.stem: path.read_text() for path in (DEPLOY / "systemd").glob("*.service")}
    for name, command in procfile().items():
        unit = {"web": "zone-web", "search": "zone-search-worker", "scheduler": "zone-scheduler"}[name]
        (start,) = re.findall(r"^ExecStart=/opt/zone/(.+)$", units[unit], re.MULTILINE)
        assert start == command, (unit, start, command)
        assert "EnvironmentFile=/etc/zone/zone.env" in units[unit]
    target = (DEPLOY / "systemd" / "zone.target").read_text()
    assert all(f"{unit}.service" in target for unit in units if unit != "zone-backup")
    if shutil.which("systemd-analyze"):
        # the units' syntax (paths under /opt/zone do not exist here: only syntax errors fail)
        result = subprocess.run(
            ["systemd-analyze", "verify", *map(str, (DEPLOY / "systemd").iterdir())],
            capture_output=True,
            text=True,
        )
        syntax = [line for line in result.stderr.splitlines() if "Unknown" in line or "parse" in line.lower()]
        assert syntax == [], result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def pg_database():
    try:
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"zone_prod_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class Processes:
    def __init__(self, env: dict, logs: Path) -> None:
        self.env, self.logs, self.running = env, logs, {}

    def start(self, name: str, command: str) -> None:
        with (self.logs / f"{name}.log").open("w") as out:  # the child keeps its own descriptor
            self.running[name] = subprocess.Popen(
                ["bash", "-c", f"exec {command}"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()

    def stop(self) -> dict[str, int]:
        for process in self.running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        codes = {}
        for name, process in self.running.items():
            try:
                codes[name] = process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                codes[name] = process.wait()
        return codes


def _until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.meili
@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE") == "postgres",
    reason="runs on PostgreSQL already, once in the SQLite pass",
)
def test_the_procfile_runs_the_zone_on_postgresql_redis_and_meilisearch(
    tmp_path, meili, pg_database, redis_url, title_embedder
):
    from webapp import create_app
    from webapp.config import overrides_for_tests

    instance, port, prefix = tmp_path / "instance", _free_port(), f"p{uuid.uuid4().hex[:6]}_"
    (instance / "models").mkdir(parents=True)
    shutil.copy(title_embedder, instance / "models" / title_embedder.name)
    env = {
        **os.environ,
        "DATABASE_URL": pg_database,
        "REDIS_URL": redis_url,
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": prefix,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "production-test-secret",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "SESSION_COOKIE_SECURE": "0",
        "LOG_FORMAT": "json",
    }
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True
    )
    app = create_app(
        overrides_for_tests(tmp_path)
        | {
            "SQLALCHEMY_DATABASE_URI": pg_database,
            "INSTANCE_PATH": instance,
            "MEILI_URL": meili.url,
            "MEILI_MASTER_KEY": meili.master_key,
            "MEILI_INDEX_PREFIX": prefix,
        }
    )
    make = Factory(app)
    firm = make.enterprise()
    expired = make.post(firm.id, title="过期的装配钳工", valid_until=date.today() - timedelta(days=2))

    processes = Processes(env, tmp_path)
    for name, command in procfile().items():
        processes.start(name, command)
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: _answers(base + "/healthz"), 90, "gunicorn to answer\n" + processes.log("web"))
        # The separate search worker delivers a post committed after everything started.
        posted = make.post(firm.id, title="数控磨床调试技师")
        hits = _until(
            lambda: (
                requests.get(base + "/api/v1/jobs", params={"q": "数控磨床调试技师"}, timeout=10)
                .json()
                .get("hits")
            ),
            60,
            "the search worker to index the new post\n" + processes.log("search"),
        )
        assert [hit["id"] for hit in hits] == [posted.id]

        # The scheduler (its own process) closes the expired post at its first round.
        def closed():
            with app.app_context():
                status = db.session.get(JobPost, expired.id).status
                db.session.remove()
                return status == PostStatus.CLOSED

        _until(closed, 60, "the scheduler to close the expired post\n" + processes.log("scheduler"))

        # Prometheus multiprocess mode: the scrape sums the requests both workers served.
        served = {requests.get(base + "/healthz", timeout=10).headers["X-Request-ID"] for _ in range(40)}
        scrape = requests.get(base + "/metrics", timeout=10).text
        counts = re.findall(r'zone_request_seconds_count\{endpoint="public.healthz".*?\} (\S+)', scrape)
        assert sum(float(c) for c in counts) >= 40 + 1  # the 40 and the readiness probe(s)
        assert "zone_search_outbox_pending" in scrape

        marked = requests.get(base + "/jobs", headers={"X-Request-ID": "probe42"}, timeout=10)
        assert marked.headers["X-Request-ID"] == "probe42"
    finally:
        codes = processes.stop()
        with app.app_context():
            db.engine.dispose()
        for name in ("jobs", "enterprises", "resumes"):
            requests.delete(
                f"{meili.url}/indexes/{prefix}{name}",
                headers={"Authorization": f"Bearer {meili.master_key}"},
                timeout=10,
            )
    # Every line gunicorn and the app wrote is one JSON object; access lines carry the request ids.
    lines = [line for line in processes.log("web").splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    access = [r for r in records if r["logger"] == "zone.access"]
    assert {r["request_id"] for r in access} >= served | {"probe42"}
    assert any(r["path"] == "/jobs" and r["status"] == 200 and r["ms"] > 0 for r in access)
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$", r["time"]) for r in records)
    assert any(r["logger"] == "gunicorn.error" and "Booting worker" in r["message"] for r in records)
    assert codes["web"] == 0, processes.log("web")[-2000:]


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
