"""Helpers shared by the blueprints' forms."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import SelectChoice


class ZoneForm(FlaskForm):
    """Base form: WTForms' own messages ("Not a valid choice" …) in Simplified Chinese."""

    class Meta:
        locales = ("zh",)


def choices(pairs: Iterable[tuple[str, str]], blank: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices, optionally led by an empty "please choose" option."""
    items = [SelectChoice("", blank)] if blank is not None else []
    return items + [SelectChoice(value, label) for value, label in pairs]


def split_list(text: str | None) -> list[str]:
    """ "Python，数据分析, SQL" → ["Python", "数据分析", "SQL"]."""
    items = (text or "").replace("，", ",").replace("、", ",").split(",")
    return [item.strip() for item in items if item.strip()][:30]
