"""``flask match train | eval-titles | eval-occupations``: the matching models and their evaluations."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
import joblib
from flask import current_app
from flask.cli import AppGroup

match_group = AppGroup("match", help="Matching models: train them, evaluate them on the real data.")


def _paths() -> tuple[Path, Path]:
    return Path(current_app.config["OCCUPATIONS_CSV"]), Path(current_app.config["TITLE_CASES_CSV"])


def model_dir() -> Path:
    path = Path(current_app.instance_path) / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def title_models(retrain: bool = False):
    """(title → 大典 classifier, occupation profiles): the ones saved under instance/models, each trained now
    when absent (or when ``retrain``)."""
    from matching.training import train_occupation_profiles, train_title_classifier
    from webapp.services.recommendations import PROFILES_MODEL, TITLE_MODEL

    models = []
    trainers = ((TITLE_MODEL, train_title_classifier), (PROFILES_MODEL, train_occupation_profiles))
    for filename, trainer in trainers:
        path = model_dir() / filename
        models.append(joblib.load(path) if path.exists() and not retrain else trainer(*_paths()))
    return tuple(models)


@match_group.command("train")
@click.option("--if-missing", is_flag=True, help="do nothing when the title models are already saved")
def train(if_missing: bool) -> None:
    """Train the title → 大典 classifier, the occupation profiles and (given feedback) the ranker; save them
    under instance/models."""
    from webapp.services import recommendations

    names = (recommendations.TITLE_MODEL, recommendations.PROFILES_MODEL)
    if if_missing and all((model_dir() / name).exists() for name in names):
        return
    start = time.perf_counter()
    missing = [str(p) for p in _paths() if not p.is_file()]
    if missing:
        click.echo(f"no title models: {', '.join(missing)} not found (titles compared by characters)")
    else:
        for name, model in zip(names, title_models(retrain=True), strict=True):
            joblib.dump(model, model_dir() / name)
            click.echo(f"{name}: {len(model.classes_)} occupations")
        click.echo(f"title models → {model_dir()} ({time.perf_counter() - start:.1f} s)")
    result = recommendations.train_ranker(model_dir() / "match-ranker.joblib")
    click.echo(result)


@match_group.command("eval-occupations")
@click.option("--cases", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--folds", default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def eval_occupations(cases: Path, folds: int, as_json: bool) -> None:
    """top1 (细类) and top1_minor (小类) by k-fold over CASES, beside the name-similarity baseline."""
    from matching.evaluation import occupation_accuracy

    result = occupation_accuracy(cases, _paths()[0], folds=folds)
    if as_json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
    else:
        b = result["baseline"]
        click.echo(
            f"top1 {result['top1']:.4f} (baseline {b['top1']:.4f}); top1_minor {result['top1_minor']:.4f} "
            f"(baseline {b['top1_minor']:.4f}); {result['cases']} cases"
        )


@match_group.command("eval-titles")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--queries", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--qrels", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--json", "as_json", is_flag=True)
def eval_titles(corpus: Path, queries: Path, qrels: Path, as_json: bool) -> None:
    """MAP, nDCG@10, recall@10 of the recommender's title similarity, beside char 1–3-gram TF-IDF."""
    from matching.evaluation import title_retrieval

    result = title_retrieval(corpus, queries, qrels, *title_models())
    if as_json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
    else:
        b = result["baseline"]
        folds = result["map_folds"]
        click.echo(
            f"map {result['map']:.4f} (baseline {b['map']:.4f}); ndcg@10 {result['ndcg@10']:.4f} "
            f"(baseline {b['ndcg@10']:.4f}); recall@10 {result['recall@10']:.4f}; {result['queries']} "
            f"queries; map over {folds['folds']} query folds {folds['mean']:.4f} ± {folds['spread']:.4f}"
        )


@match_group.command("classify-posts")
@click.option("--all", "every", is_flag=True, help="classify posts that have a code too")
def classify_posts(every: bool) -> None:
    """Give posts without one their 职业分类大典 code (the title classifier's, as the post form does): pay
    comparisons (虚假高薪) and occupation reports group posts by it."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import JobPost
    from webapp.services.compliance import suggest_occupation

    stmt = select(JobPost) if every else select(JobPost).where(JobPost.occupation_code == "")
    posts = db.session.scalars(stmt).all()
    coded = 0
    with click.progressbar(posts, label="classifying post titles") as bar:
        for post in bar:
            found = suggest_occupation(post.title)
            if found is not None and found[0] != post.occupation_code:
                post.occupation_code, coded = found[0], coded + 1
    db.session.commit()
    click.echo(f"{coded} of {len(posts)} posts given a 大典 code")


@match_group.command("classify-seekers")
def classify_seekers() -> None:
    """Derive the 大典 occupations every seeker wants from their desired titles and places (the shortage
    catalogue counts seekers by them; the scheduler does this every ten minutes for what changed)."""
    from webapp.shortage.coding import code_seekers

    click.echo(f"{code_seekers()} seekers' wanted occupations derived")
