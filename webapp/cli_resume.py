"""``flask resume eval | parse``: the résumé-file parser (importers/resumes.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask.cli import AppGroup

resume_group = AppGroup("resume", help="Résumés as files: text extraction and the draft parser.")
KINDS = ("NAME", "EDU", "ORG", "TITLE", "PRO")


@resume_group.command("eval")
@click.option(
    "--data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A BMES file (default: ResumeNER dev.char.bmes under SHARED_DATA_DIR/resumes).",
)
@click.option("--json", "as_json", is_flag=True)
def evaluate_cmd(data: Path | None, as_json: bool) -> None:
    """Exact-span precision, recall and F1 of the parser's entities (NAME, EDU, ORG, TITLE, PRO) on ResumeNER
    (evaluation only: that set has no licence, nothing is learned from it)."""
    from importers.resumes import evaluate, read_bmes
    from webapp.services.resume_files import parser

    data = data or _shared() / "resumes" / "dev.char.bmes"
    if not data.is_file():
        raise click.ClickException(f"{data} not found (set SHARED_DATA_DIR or pass --data)")
    sentences = read_bmes(data)
    start = time.perf_counter()
    scores = evaluate(parser(), sentences, KINDS)
    elapsed = time.perf_counter() - start
    if as_json:
        out = {k: {"precision": p, "recall": r, "f1": f, "n": n} for k, (p, r, f, n) in scores.items()}
        click.echo(json.dumps({"sentences": len(sentences), "scores": out}, ensure_ascii=False))
        return
    click.echo(
        f"{'entity':8} precision  recall     F1      n   ({len(sentences)} sentences, {elapsed:.1f} s)"
    )
    for kind, (p, r, f, n) in scores.items():
        click.echo(f"{kind:8} {p:9.3f} {r:7.3f} {f:6.3f} {n:6d}")


@resume_group.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def parse_cmd(file: Path) -> None:
    """The draft résumé parsed from a PDF or DOCX file, as JSON (nothing is saved)."""
    from importers.resumes import ResumeRefused
    from webapp.services.resume_files import draft_from_file

    try:
        draft = draft_from_file(file.read_bytes(), file.name)
    except ResumeRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(draft.__dict__, ensure_ascii=False, default=str, indent=1))


def _shared() -> Path:
    from flask import current_app

    return Path(current_app.config["SHARED_DATA_DIR"])
