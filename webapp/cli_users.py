"""``flask users create|token``: staff accounts and API tokens."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Role, User
from webapp.services import ServiceError, accounts

users_group = AppGroup("users", help="Manage accounts.")


@users_group.command("create")
@click.argument("account")
@click.option("--role", type=click.Choice(["organizer", "specialist", "admin"]), required=True)
@click.option("--name", default="", help="display name")
@click.password_option()
def create(account: str, role: str, name: str, password: str) -> None:
    """Create an organizer, specialist or admin account."""
    try:
        user = accounts.create_staff(account, password, Role(role), name)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"created {user.role.value} {user.account} (id {user.id})")


@users_group.command("token")
@click.argument("account")
@click.option("--label", default="cli")
def token(account: str, label: str) -> None:
    """Issue an API bearer token for ACCOUNT (printed once)."""
    user = db.session.scalar(select(User).where(User.account == account))
    if user is None:
        raise click.ClickException(f"no account {account}")
    click.echo(accounts.issue_token(user, label))
