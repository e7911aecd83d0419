"""The title models ``flask match train`` saves, trained from the 大典 CSV and the labelled posting titles.

Two profile sets are built with the same estimator: the classifier's holds the 大典's own text only (the
classifier is fitted on the labelled titles, see ``TitleOccupationClassifier``); the title encoder's adds the
labelled titles, which measured better for title-to-title similarity (TalentCLEF public half, MAP 0.444
without them, 0.454 with them).
"""

from __future__ import annotations

from pathlib import Path

from sklearn.frozen import FrozenEstimator

from matching.occupations import (
    TitleOccupationClassifier,
    dadian_descriptions,
    dadian_examples,
    load_cases,
    training_set,
)
from matching.profiles import OccupationProfiles
from matching.title_model import TitleModel


def frozen(model):
    """A fitted model as a parameter of another estimator: ``clone`` keeps it fitted (None stays None)."""
    return None if model is None or isinstance(model, FrozenEstimator) else FrozenEstimator(model)


def title_encoder(classifier=None, profiles=None) -> TitleModel:
    """The title model (unfitted) over the trained classifier and profiles (either may be None): the
    recommender's title feature and hybrid search's vectors (``matching.title_model``)."""
    return TitleModel(frozen(classifier), frozen(profiles))


def search_title_model(
    occupation_names: list[str], titles: list[str], classifier=None, profiles=None, **params
) -> TitleModel:
    """The title model hybrid search indexes with, fitted on the 大典's occupation names and the titles being
    indexed (so the character SVD and the encoders' centre know both), over the trained title models
    (``params``: the model's other parameters, e.g. a smaller ``lexical_features`` in tests)."""
    return title_encoder(classifier, profiles).set_params(**params).fit([*occupation_names, *titles])


def dadian_profiles(dadian_csv: Path) -> FrozenEstimator:
    """Profiles of the 大典's own text: every 细类's name, aliases, definition and tasks (fitted, frozen)."""
    examples = dadian_examples(dadian_csv) + dadian_descriptions(dadian_csv)
    return frozen(OccupationProfiles().fit([t for t, _ in examples], [c for _, c in examples]))


def train_title_classifier(dadian_csv: Path, cases_csv: Path) -> TitleOccupationClassifier:
    """The labelled titles plus every 大典 name and alias, with the 大典 profiles as features."""
    titles, codes = load_cases(cases_csv)
    texts, labels, weights = training_set(titles, codes, dadian_examples(dadian_csv))
    classifier = TitleOccupationClassifier(profiles=dadian_profiles(dadian_csv))
    return classifier.fit(texts, labels, sample_weight=weights)


def train_occupation_profiles(dadian_csv: Path, cases_csv: Path) -> OccupationProfiles:
    """The title encoder's profiles: the 大典's text and the labelled titles of those occupations. Titles
    labelled only with a coarser group (…-00-00, 8-00-00-00) or with no code make no profile: a profile of
    titles alone, with no description, drew unrelated titles together (TalentCLEF public half: MAP 0.423 with
    them, 0.454 without)."""
    examples = dadian_examples(dadian_csv) + dadian_descriptions(dadian_csv)
    described = {c for _, c in examples}
    examples += [(t, c) for t, c in zip(*load_cases(cases_csv), strict=True) if c in described]
    return OccupationProfiles().fit([t for t, _ in examples], [c for _, c in examples])
