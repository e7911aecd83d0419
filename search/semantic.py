"""The 职业分类大典 (2022) occupations as search reads them (synonyms, the domain dictionary, the names the
title model is fitted on). Hybrid search's title vectors come from ``matching.title_model``, the model the
recommender's title feature uses too."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Occupation:
    code: str  # e.g. 2-02-10-03
    name: str
    aliases: str
    definition: str

    @property
    def minor_code(self) -> str:  # 小类, e.g. 2-02-10
        return self.code[:7]

    @property
    def text(self) -> str:
        return f"{self.name} {self.aliases} {self.definition}"


def load_occupations(path: Path) -> list[Occupation]:
    """The 细类 (level 4) rows of the 大典 CSV (columns level, code, name, definition, alias)."""
    with path.open(encoding="utf-8") as fh:
        return [
            Occupation(row["code"], row["name"], row.get("alias", ""), row.get("definition", ""))
            for row in csv.DictReader(fh)
            if row.get("level") == "4"
        ]
