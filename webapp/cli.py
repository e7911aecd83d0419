"""Flask CLI: ``flask --app wsgi serve | seed-demo | users … | search …``."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

import click
from flask import Flask, current_app

from webapp.cli_common import ensure_search

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    from webapp.cli_backup import backup_cmd, restore_cmd
    from webapp.cli_compliance import compliance_group
    from webapp.cli_import import import_cmd
    from webapp.cli_match import match_group
    from webapp.cli_resume import resume_group
    from webapp.cli_search import search_group
    from webapp.cli_users import users_group
    from webapp.fairs.cli import fairs_group
    from webapp.subsidies.cli import policy_group

    app.cli.add_command(backup_cmd)
    app.cli.add_command(restore_cmd)
    app.cli.add_command(compliance_group)
    app.cli.add_command(fairs_group)
    app.cli.add_command(import_cmd)
    app.cli.add_command(match_group)
    app.cli.add_command(policy_group)
    app.cli.add_command(resume_group)
    app.cli.add_command(search_group)
    app.cli.add_command(users_group)

    @app.cli.command("scheduler")
    def scheduler_cmd() -> None:
        """Run the periodic jobs in the foreground (production: one such process)."""
        from webapp.scheduler import Scheduler

        ensure_search(current_app._get_current_object())
        scheduler = Scheduler(current_app._get_current_object())
        click.echo("scheduler running: " + ", ".join(job.name for job in scheduler.jobs))
        try:
            scheduler.run()
        except KeyboardInterrupt:
            scheduler.stop()

    @app.cli.command("close-expired")
    def close_expired_cmd() -> None:
        """Close published posts past their valid-until date (the scheduler does it hourly)."""
        from webapp.services.compliance import close_expired

        click.echo(f"closed {close_expired()} expired posts")

    @app.cli.command("notify-searches")
    def notify_searches_cmd() -> None:
        """Tell seekers about new matches of their saved searches (hourly under serve)."""
        from webapp.services.saved_searches import notify_new_matches

        ensure_search(current_app._get_current_object())
        click.echo(f"notified {notify_new_matches()} saved searches")

    @app.cli.command("reverify-remind")
    def reverify_remind_cmd() -> None:
        """Remind enterprises whose six-monthly re-verification is near or overdue (hourly under serve)."""
        from webapp.services.enterprise_admin import send_reverify_reminders

        click.echo(f"reminded {send_reverify_reminders()} enterprises")

    @app.cli.command("serve")
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=5000, show_default=True)
    def serve(host: str, port: int) -> None:
        """Serve the app with Meilisearch and the search-sync worker (Ctrl-C stops all)."""
        from werkzeug.serving import run_simple

        from webapp.scheduler import Scheduler
        from webapp.services import job_search
        from webapp.services.search_outbox import SyncWorker
        from webapp.serving import QuietRequestHandler

        app_ = current_app._get_current_object()
        server = ensure_search(app_)
        if ipaddress.ip_address(host).is_loopback and app_.config["SESSION_COOKIE_SECURE"]:
            # Plain http on loopback only: a Secure cookie would never come back from the browser.
            app_.config["SESSION_COOKIE_SECURE"] = app_.config["REMEMBER_COOKIE_SECURE"] = False
            log.info("serving plain http on loopback: session cookie without the Secure flag")
            if not app_.config["NOTIFY_SMS_URL"]:
                app_.config["VERIFICATION_CODES_ON_SCREEN"] = True
                log.info("no SMS gateway on a loopback demo: verification codes are shown on the page")
        worker, scheduler = SyncWorker(app_), Scheduler(app_)
        worker.start()
        scheduler.start()
        job_search.warm(app_)
        click.echo(f"Meilisearch: {server.url} ({'started' if server.owned else 'reused'})")
        click.echo(f"专精特新招聘专区: http://{host}:{port}/  (Ctrl-C to stop)")
        try:
            run_simple(
                host, port, app_, threaded=True, use_reloader=False, request_handler=QuietRequestHandler
            )
        finally:
            worker.stop()
            scheduler.stop()
            server.stop()

    @app.cli.command("seed-demo")
    @click.option("--once", is_flag=True, help="do nothing (but print credentials) if already seeded")
    def seed_demo_command(once: bool) -> None:
        """Generate the demo zone and index it."""
        from webapp.demo.seed import seed_demo
        from webapp.services.search_index import ensure_index, gateway
        from webapp.services.search_outbox import drain
        from webapp.services.search_sync import ensure_enterprise_index

        instance = Path(current_app.instance_path)
        report = seed_demo(instance)
        if report.created:
            click.echo(
                f"demo zone created: {report.enterprises} enterprises, {report.posts} posts, "
                f"{report.seekers} seekers, {report.applications} applications"
            )
        elif not once:
            click.echo("demo data already present: nothing added")
        ensure_search(current_app._get_current_object())
        gw = gateway()
        ensure_index(gw)
        ensure_enterprise_index(gw)
        result = drain(gw)
        if result.rows:
            click.echo(f"search index: {result.upserted} posts indexed, {result.deleted} removed")
        if result.failed:
            click.echo(f"search sync will retry: {result.error}", err=True)
        click.echo("demo accounts (also in instance/demo_credentials.json):")
        for item in report.credentials.values():
            click.echo(f"  {item['role']:<28} {item['account']:<14} {item['password']}")
