"""``flask compliance eval | train``: the post-compliance detector (importers/compliance.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
import joblib
from flask import current_app
from flask.cli import AppGroup

from webapp.services.compliance import model_path

compliance_group = AppGroup("compliance", help="The detector of unlawful and doubtful post phrasing.")


def _shared() -> Path | None:
    shared = Path(current_app.config["SHARED_DATA_DIR"])
    if (shared / "postings").is_dir():
        return shared
    click.echo(f"real job ads not found under {shared}: labelled phrases only (set SHARED_DATA_DIR)")
    return None


@compliance_group.command("eval")
@click.option("--folds", default=5, show_default=True, help="folds for the spread (0: held-out part only)")
@click.option("--json", "as_json", is_flag=True)
def evaluate(folds: int, as_json: bool) -> None:
    """Precision and recall per category on held-out phrases, unlawful recall, ordinary sentences blocked
    (held-out phrases and real ad clauses), and their spread over 5 folds."""
    from matching.compliance_eval import evaluate as run

    start = time.perf_counter()
    result = run(_shared(), folds=folds)
    scores = result.held_out
    report = {
        "phrases": result.phrases,
        "train_phrases": result.train_phrases,
        "real_clauses_train": result.real_train,
        "real_clauses_test": result.real_test,
        "unlawful_recall": round(scores.unlawful_recall, 3),
        "unlawful_flagged": round(scores.flagged_recall, 3),
        "real_posts_blocked": round(scores.posts_blocked, 4),
        "real_posts": scores.posts_count,
        "ordinary_blocked": round(scores.ordinary_blocked, 4),
        "ordinary_sentences": scores.ordinary_count,
        "folds_unlawful_recall": [round(v, 3) for v in result.folds_unlawful_recall],
        "folds_ordinary_blocked": [round(v, 4) for v in result.folds_ordinary_blocked],
        "per_category": {
            code: {"precision": round(p, 3), "recall": round(r, 3), "n": n}
            for code, (p, r, n) in scores.per_category.items()
        },
    }
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    click.echo(f"{'category':<14} {'precision':>9} {'recall':>7} {'n':>4}")
    for code, values in report["per_category"].items():
        click.echo(f"{code:<14} {values['precision']:>9.3f} {values['recall']:>7.3f} {values['n']:>4}")
    folds_r, folds_b = result.folds_unlawful_recall, result.folds_ordinary_blocked
    spread_r = f" ({len(folds_r)} folds: {min(folds_r):.3f}–{max(folds_r):.3f})" if folds_r else ""
    spread_b = f" ({len(folds_b)} folds: {min(folds_b):.2%}–{max(folds_b):.2%})" if folds_b else ""
    click.echo(
        f"unlawful recall {scores.unlawful_recall:.3f}{spread_r}; "
        f"ordinary sentences blocked {scores.ordinary_blocked:.2%} of {scores.ordinary_count}{spread_b}; "
        f"{time.perf_counter() - start:.1f} s"
    )
    click.echo(
        f"unlawful phrases flagged at all (blocked or sent to the reviewer) {scores.flagged_recall:.3f}; "
        f"real ads that could not be published {scores.posts_blocked:.2%} of {scores.posts_count}"
    )
    for example in scores.blocked_examples[:15]:
        click.echo(f"  blocked: {example}")


@compliance_group.command("train")
@click.option("--if-missing", is_flag=True, help="do nothing when a model exists")
def train(if_missing: bool) -> None:
    """Fit the deployment's detector model (every labelled phrase and half of the real ad clauses) into
    instance/models; every process uses it from its next start."""
    from matching.compliance_eval import train_shipped

    path = model_path(current_app.instance_path)
    if if_missing and path.exists():
        click.echo(f"{path} exists")
        return
    model = train_shipped(_shared())
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path)
    click.echo(f"saved {path}")
