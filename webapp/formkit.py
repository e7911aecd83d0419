"""Helpers shared by the blueprints' forms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectChoice
from wtforms.validators import DataRequired, Optional

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # an <input type="datetime-local">, typed in 北京时间


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


def local_datetime(label: str, required: bool = False) -> DateTimeLocalField:
    """A date-and-time field typed in 北京时间 (views convert with ``beijing.to_utc`` / ``to_local``)."""
    return DateTimeLocalField(
        label,
        format=LOCAL_FORMAT,
        validators=[DataRequired(message="请填写时间")] if required else [Optional()],
    )


def posted_int(name: str, message: str = "请填写整数") -> int:
    """A whole number from the posted form (blank: 0); anything else a ``ServiceError`` saying ``message``."""
    from flask import request

    from webapp.services import ServiceError

    try:
        return int(request.form.get(name, "") or 0)
    except ValueError:
        raise ServiceError(message) from None


def posted_date(name: str) -> date:
    """A date (YYYY-MM-DD, as <input type="date"> sends it) from the posted form, or a ``ServiceError``."""
    from flask import request

    from webapp.services import ServiceError

    try:
        return date.fromisoformat(request.form.get(name, ""))
    except ValueError:
        raise ServiceError("请填写日期（如 2026-12-08）") from None
