"""``flask policy load | evaluate | find``: rule files into the database, one case, a 政策找人 batch."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from policy.rules import RULES_DIR, RuleError
from webapp import beijing

policy_group = AppGroup("policy", help="Subsidy rules: load, evaluate a case, find who qualifies.")


@policy_group.command("load")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=RULES_DIR)
def load(directory: Path) -> None:
    """Load rule files (new rules and raised versions) into the database."""
    from webapp.subsidies import services as policy

    try:
        counts = policy.load_rule_files_into_db(directory)
    except RuleError as exc:
        raise click.ClickException(f"rule files not loaded: {exc}") from exc
    click.echo(
        f"rules: {counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged; "
        f"parameters: {counts['parameters']} added"
    )


@policy_group.command("evaluate")
@click.option("--case", "case_file", required=True, type=click.File("r", encoding="utf-8"))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_cmd(case_file, as_json: bool) -> None:
    """Evaluate one case (JSON) against the rules in effect."""
    from webapp.services import ServiceError
    from webapp.subsidies import services as policy

    try:
        data = json.load(case_file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"case file is not JSON: {exc}") from exc
    try:
        answer = policy.evaluate_case(data)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    result = answer.to_dict()
    if as_json:
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for s in result["subsidies"]:
        amount = f"{s['amount']:,} {s['unit']}" if s["amount"] is not None else s["unit"]
        months = f" × {s['months']} 个月" if s["months"] else ""
        if s["months"] and s["period"] == "yearly":
            months = f" × {s['months'] // 12} 年"
        elif s["months"] and s["period"] == "limit":
            months = f"，期限最长 {s['months']} 个月"
        click.echo(
            f"✓ {s['title']}（{s['beneficiary_label']}）：{amount}{months}\n"
            f"    {s['reason']}\n    依据：{s['source']}"
        )
    for m in result["missing"]:
        click.echo(f"… {m['title']}：{m['missing']}")
    for d in result["not_combined"]:
        click.echo(f"✗ {d['title']}：{d['because']}")
    click.echo(f"一次性合计 {result['one_time_total']:,} 元；按月合计 {result['monthly_total']:,} 元/月")


@policy_group.command("find")
@click.option("--on", "on", default=None, help="Evaluation date (YYYY-MM-DD), today by default.")
@click.option("--actor", default=None, help="Organizer username recorded as running the batch.")
def find(on: str | None, actor: str | None) -> None:
    """政策找人: evaluate every recorded hire and add the claims not yet on record."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Role, User
    from webapp.subsidies import claims as policy_claims

    stmt = select(User).where(User.role.in_([Role.ORGANIZER, Role.ADMIN]))
    if actor:
        stmt = stmt.where(User.username == actor)
    user = db.session.scalars(stmt.order_by(User.id)).first()
    if user is None:
        raise click.ClickException("no organizer account to record the batch under (flask users create …)")
    run = policy_claims.find_qualifying(user, date.fromisoformat(on) if on else beijing.today())
    click.echo(f"evaluated {run.evaluated} hires: {run.found} qualifying subsidies, {run.new} new claims")
