"""The 专精特新 招聘专区 web application. ``create_app`` is the only place an app is made."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from webapp.config import Config
from webapp.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides environment settings (tests pass theirs here)."""
    config = dict(config or {})
    instance_path = Path(config.pop("INSTANCE_PATH", os.environ.get("INSTANCE_PATH", ROOT / "instance")))
    app = Flask(
        __name__,
        instance_path=str(instance_path.resolve()),
        static_folder=str(ROOT / "static"),
        static_url_path="/static",
    )
    app.config.from_mapping(vars(Config(instance_path)))
    app.config.update(config)
    if app.config["PROXY_FIX_X_FOR"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    _private_database_file(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    from webapp.services.search_index import configure_search

    configure_search(app)
    from webapp.services.compliance import use_deployment_model

    use_deployment_model(app)
    from webapp.live.broker import make_broker

    app.extensions.setdefault("live_broker", make_broker(app.config.get("REDIS_URL")))

    from webapp import models  # noqa: F401  (register tables)
    from webapp.services.search_sync import install_outbox_hook

    install_outbox_hook()
    from webapp.services.notices import install_notice_push

    install_notice_push()
    _register_blueprints(app)

    from webapp import auth_loaders, cli, errors, headers, metrics, templating

    auth_loaders.init_app(app)
    headers.init_app(app)
    metrics.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    _private_responses_not_cached(app)
    return app


def _private_database_file(app: Flask) -> None:
    """A SQLite database holds everyone's résumé: readable by its owner only (0600), whatever the umask; in
    WAL mode, so readers are not locked out while an import writes."""
    from sqlalchemy import event
    from sqlalchemy.engine import make_url

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(url.database)

    def restrict(dbapi_connection, _record) -> None:
        # WAL: pages read while a long write runs (a 10,000-row import's transaction outgrows SQLite's page
        # cache and, in the default rollback journal, takes an exclusive lock that stopped every reader —
        # the import's own progress page failed with "database is locked"). Kept in the file once set.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if file.exists() and file.stat().st_mode & 0o077:
                file.chmod(0o600)

    with app.app_context():
        event.listen(db.engine, "connect", restrict)


def _private_responses_not_cached(app: Flask) -> None:
    """A page rendered for a signed-in user (résumé, applications, phone numbers) is never stored by the
    browser: Back after 退出 on a shared campus computer must not show it again."""
    from flask import request, session

    @app.after_request
    def no_store(response):
        # Signed in by the session (Flask-Login's _user_id) or a bearer token; read without touching the
        # user row, which a view may have detached (account deletion, streams that end their DB session).
        signed_in = "_user_id" in session or request.headers.get("Authorization", "").startswith("Bearer ")
        if signed_in and not response.direct_passthrough:
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        return response


# The modules whose routes join the audience blueprints: each audience's generic views, then each domain's
# views package (which imports its views per audience). Imported before the blueprints are registered.
VIEW_MODULES = (
    "webapp.public.views",
    "webapp.auth.views",
    "webapp.seeker.views",
    "webapp.seeker.match_views",
    "webapp.enterprise.views",
    "webapp.enterprise.admin_views",
    "webapp.enterprise.match_views",
    "webapp.organizer.views",
    "webapp.organizer.import_views",
    "webapp.api.views",
    "webapp.fairs.views",
    "webapp.live.views",
    "webapp.subsidies.views",
    "webapp.talent.views",
    "webapp.hiring.views",
    "webapp.trust.views",
    "webapp.casework.views",
    "webapp.targets.views",
    "webapp.shortage.views",
    "webapp.traineeship.views",
    "webapp.sharing.views",
)


def _register_blueprints(app: Flask) -> None:
    """The audience blueprints with every view's routes; a domain's templates come through a template-only
    blueprint of its own (``templates`` in its views package)."""
    from importlib import import_module

    from webapp.api import bp as api_bp
    from webapp.auth import bp as auth_bp
    from webapp.enterprise import bp as enterprise_bp
    from webapp.ids import RecordIdConverter
    from webapp.organizer import bp as organizer_bp
    from webapp.public import bp as public_bp
    from webapp.seeker import bp as seeker_bp

    app.url_map.converters["int"] = RecordIdConverter  # before any rule is bound
    modules = [import_module(name) for name in VIEW_MODULES]
    domain_templates = [m.templates for m in modules if hasattr(m, "templates")]
    for bp in (public_bp, auth_bp, seeker_bp, enterprise_bp, organizer_bp, api_bp, *domain_templates):
        app.register_blueprint(bp)
    from webapp.api import contract

    contract.init_app(app)
