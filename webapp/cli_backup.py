"""``flask backup`` and ``flask restore`` (webapp/services/backup.py)."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.services import backup


@click.command("backup")
@with_appcontext
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="folder for the archive (default: instance/backups)",
)
def backup_cmd(folder: Path | None) -> None:
    """Write the database, uploads, instance keys and fitted models to one .tar.gz (Meilisearch is
    rebuilt from the database at restore)."""
    app = current_app._get_current_object()
    folder = folder or Path(app.instance_path) / "backups"
    start = time.perf_counter()
    total = sum(backup.count_rows().values())
    with click.progressbar(length=total, label="backing up rows") as bar:
        path, manifest = backup.write_backup(app, folder, progress=bar.update)
    size = path.stat().st_size / 1e6
    click.echo(
        f"{path}: {manifest.rows} rows in {len(manifest.tables)} tables, {len(manifest.files)} files, "
        f"{size:.1f} MB, revision {manifest.revision}, {time.perf_counter() - start:.1f} s"
    )


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-search", is_flag=True, help="do not rebuild the Meilisearch indexes now")
def restore_cmd(archive: Path, skip_search: bool) -> None:
    """Restore a backup into this instance's EMPTY database, then rebuild search from it."""
    from webapp.cli_common import ensure_search

    app = current_app._get_current_object()
    start = time.perf_counter()
    try:
        manifest = backup.read_manifest(archive)
        click.echo(f"backup of {manifest.created_at_beijing}, revision {manifest.revision}")
        with click.progressbar(length=manifest.rows, label="restoring rows") as bar:
            backup.restore_backup(app, archive, progress=bar.update)
        loaded = time.perf_counter() - start
        click.echo(f"restored {manifest.rows} rows and {len(manifest.files)} files in {loaded:.1f} s")
        if skip_search:
            click.echo("search not rebuilt: run `flask search reindex` before serving")
            return
        ensure_search(app)
        drift = backup.rebuild_search()
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"search rebuilt: drift {drift}; total {time.perf_counter() - start:.1f} s. Restart the app "
        "(the instance's secret key was restored)."
    )
