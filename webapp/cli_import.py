"""``flask import KIND FILE [--dry-run] [--json]``: enterprises, posts or seekers from .xlsx / .csv."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("import")
@click.argument("kind", type=click.Choice(["enterprises", "posts", "seekers"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object (rows, valid, errors, warnings, mapping, sheets).",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="HEADER=FIELD",
    help="Correct a column mapping (FIELD empty to ignore).",
)
@click.option(
    "--enterprise",
    "enterprise_ref",
    default=None,
    help="Credit code or id of the firm for rows that name none.",
)
@click.option("--create-enterprises", is_flag=True, help="Create unknown firms as pending (posts only).")
@click.option(
    "--only-valid",
    is_flag=True,
    help="Write the rows without errors and skip the others (default: all or nothing).",
)
@click.option(
    "--merge", "merges", multiple=True, metavar="NAME=ID|new", help="Decide a similar-name firm match."
)
@click.option(
    "--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the row-level report (.xlsx)."
)
@click.option("--actor", default=None, help="Organizer account recorded in the audit log.")
@with_appcontext
def import_cmd(
    kind,
    file,
    dry_run,
    as_json,
    mapping,
    enterprise_ref,
    create_enterprises,
    only_valid,
    merges,
    report,
    actor,
):
    """Import a spreadsheet: all or nothing per file, with a row-level report."""
    from sqlalchemy import or_, select

    from importers import ImportRefused
    from webapp.exports import import_report_xlsx
    from webapp.extensions import db
    from webapp.models import Enterprise, Role, User
    from webapp.services import imports

    overrides = dict(_pair(m) for m in mapping)
    decisions = dict(_pair(m) for m in merges)
    user = db.session.scalars(
        select(User)
        .where(User.role.in_([Role.ORGANIZER, Role.ADMIN]), *([User.account == actor] if actor else []))
        .order_by(User.id)
    ).first()
    if user is None:
        raise click.ClickException("no organizer account to record the import under (flask users create …)")
    enterprise_id = None
    if enterprise_ref:
        firm = db.session.scalar(
            select(Enterprise).where(
                or_(Enterprise.credit_code == enterprise_ref, Enterprise.id == _int(enterprise_ref))
            )
        )
        if firm is None:
            raise click.ClickException(f"no enterprise {enterprise_ref}")
        enterprise_id = firm.id
    try:
        click.echo(f"reading {file.name} …", err=True)
        plan = imports.plan(file, kind, file.name, overrides)
    except ImportRefused as exc:
        raise click.ClickException(str(exc)) from exc
    with click.progressbar(
        length=len(plan.rows), label="writing" if not dry_run else "checking", file=sys.stderr
    ) as bar:
        outcome = imports.apply(
            plan,
            user,
            dry_run=dry_run,
            enterprise_id=enterprise_id,
            create_enterprises=create_enterprises,
            merges=decisions,
            progress=bar.update,
            only_valid=only_valid,
        )
    summary = imports.report(plan, outcome)
    summary["dry_run"] = dry_run
    if report:
        report.write_bytes(import_report_xlsx(plan, outcome.errors, outcome.warnings))
    if as_json:
        json.dump(summary, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        click.echo(
            f"{summary['rows']} rows, {summary['valid']} valid, {summary['rows_with_errors']} with errors "
            f"({len(summary['errors'])} messages), {summary['rows_with_warnings']} with warnings "
            f"({len(summary['warnings'])} messages); mapping: "
            + ", ".join(f"{k}→{v}" for k, v in summary["mapping"].items())
        )
        for issue in summary["errors"][:20]:
            click.echo(f"  ✗ {issue['sheet']} 第{issue['row']}行 {issue['column']}: {issue['message']}")
        if len(summary["errors"]) > 20:
            click.echo(f"  … {len(summary['errors']) - 20} more (use --report or --json)")
        if outcome.written:
            click.echo(
                f"written: {outcome.created} created, {outcome.updated} updated, "
                f"{outcome.enterprises_created} enterprises created"
            )
        else:
            click.echo("nothing written" + (" (dry run)" if dry_run else " (fix the errors and run again)"))
    if outcome.errors:
        sys.exit(1)


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise click.BadParameter(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value.strip()


def _int(text: str) -> int:
    return int(text) if text.isdigit() else -1
