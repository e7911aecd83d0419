"""`flask fairs …`: the "10+N" activity brands."""

from pathlib import Path

import click
from flask.cli import AppGroup

fairs_group = AppGroup("fairs", help="“10+N” activity brands and fairs.")


@fairs_group.command("load-brands")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_brands_cmd(files: tuple[Path, ...]) -> None:
    """Add the brands of webapp/fairs/activities/brands_*.toml (or FILES); existing ones keep their edits."""
    from webapp.fairs import brands

    for path in files or brands.brand_files():
        added, kept = brands.load_brands(path)
        click.echo(f"{path.name}: {added} added, {kept} already present")


@fairs_group.command("remind")
def remind_cmd() -> None:
    """Remind seekers of fairs starting within a day (hourly under serve)."""
    from webapp.fairs import attendance

    click.echo(f"reminded {attendance.remind_registrants()} registrations")


@fairs_group.command("list")
def list_cmd() -> None:
    """Fairs with their status, participation and registrations."""
    from webapp.fairs import attendance
    from webapp.fairs import services as fairs

    for fair in fairs.all_fairs():
        registered, checked = attendance.registrations_at(fair.id)
        approved = sum(1 for p in fair.participations if p.status.value == "approved")
        click.echo(
            f"{fair.id:>4}  {fair.status.value:<9} {fair.mode.value:<7} {fair.starts_at:%Y-%m-%d}  "
            f"{approved:>3} firms  {registered:>4} registered  {checked:>4} checked in  {fair.title}"
        )
