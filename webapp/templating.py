"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request, url_for
from markupsafe import Markup, escape

from importers.identifiers import mask_id_number, mask_name, mask_phone
from search.query import HL_POST, HL_PRE
from webapp import beijing, display
from webapp.beijing import to_local
from webapp.models import TargetGroup
from webapp.models.mixins import utcnow
from webapp.reference import industry_name, place_name


def highlight(text: str | None) -> Markup:
    """Escape text from data, then turn the search engine's private markers into <mark>."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(HL_PRE, "<mark>").replace(HL_POST, "</mark>"))


def group_label(value: str) -> str:
    try:
        return TargetGroup(value).label
    except ValueError:
        return value


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Stored UTC → 北京时间 for display."""
    return to_local(value).strftime(fmt) if value else ""


def interview_time(iso: str) -> str:
    """A stored interview slot (ISO, UTC) as people read it: 12月02日 周三 14:00 (北京时间)."""
    from webapp.hiring.interviews import slot_text

    return slot_text(datetime.fromisoformat(iso))


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (None removes one); keeps shareable URLs."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def compliance_flags(post) -> list:
    """The checker's findings on a post, and a 虚假高薪 comparison with its peers, for the review queue."""
    from importers.compliance import check_post
    from webapp.services.pay_check import post_pay_finding

    findings = check_post(post.title, post.description, post.requirements)
    high_pay = post_pay_finding(post)
    return [*findings, high_pay] if high_pay is not None else findings


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        compliance_flags=compliance_flags,
        highlight=highlight,
        mask_phone=mask_phone,
        mask_name=mask_name,
        mask_id=mask_id_number,
        local_time=local_time,
        place=place_name,
        industry=industry_name,
        group_label=group_label,
        field_value=display.field_value,
        duration=display.duration,
        audit_action=display.audit_action,
        interview_time=interview_time,
    )
    app.jinja_env.globals.update(
        url_with=url_with,
        today=beijing.today,
        audit_subject=display.audit_subject,
        facet_items=display.facet_items,
        utcnow=utcnow,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
