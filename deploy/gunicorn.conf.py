"""gunicorn settings for production: gevent workers (thousands of live-room and notice streams each),
the app loaded once in the master and forked (the sentence encoders and the title model are read before the
fork, so workers share their pages), JSON logs, and Prometheus multiprocess mode."""

# gevent's monkey-patching first: with preload_app the master imports the app (ssl, urllib3, redis) before
# any worker exists, and patching after those imports is unsafe.
from gevent import monkey

monkey.patch_all()

import multiprocessing  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gevent"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "5000"))
preload_app = True
timeout = 60
graceful_timeout = 30
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None  # the app logs each request (ACCESS_LOG) with its request id
errorlog = "-"
# gunicorn's own lines go to the same handler as the app's, which webapp/logs.py formats (JSON).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "webapp.logs.ZoneJsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}
    },
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False}},
    "root": {"level": "INFO", "handlers": ["console"]},
}
os.environ.setdefault("LOG_FORMAT", "json")


def on_starting(server):
    """A fresh Prometheus multiprocess folder: samples of a previous run's workers are not this run's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def when_ready(server):
    """In the master, after the app is loaded and before the workers fork: read the encoders and the title
    model (no network: a connection opened here would be shared by every worker)."""
    from webapp.services.search_index import preload_title_model
    from wsgi import app

    preload_title_model(app)


def post_fork(server, worker):
    """Each worker opens its own database connections (none inherited from the master)."""
    from webapp.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)


def post_worker_init(worker):
    """Each worker touches the search index once so its first real search is not slow."""
    from webapp.services.job_search import warm
    from wsgi import app

    warm(app)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
