"""iCalendar (RFC 5545) for the 招聘月历: brands as all-day events, fairs as timed events (UTC)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from webapp.models import ActivityBrand, Fair

PRODID = "-//yangfan-zone//zhaopin-calendar//ZH"


def escape_text(value: str) -> str:
    """TEXT escaping: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold lines longer than 75 octets (UTF-8), never splitting a character."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def calendar_feed(
    brands: Iterable[ActivityBrand],
    fairs: Iterable[Fair],
    fair_url: Callable[[Fair], str],
    now: datetime | None = None,
) -> str:
    stamp = _utc(now or datetime.utcnow())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:专精特新招聘专区 · 招聘月历",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for brand in brands:
        if brand.starts_on is None:
            continue
        end = (brand.ends_on or brand.starts_on) + timedelta(days=1)  # DTEND is exclusive
        lines += [
            "BEGIN:VEVENT",
            f"UID:brand-{brand.year}-{brand.code}@yangfan-zone",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(brand.starts_on)}",
            f"DTEND;VALUE=DATE:{_day(end)}",
            f"SUMMARY:{escape_text(f'{brand.year}年{brand.name}（{brand.level.label}）')}",
            f"DESCRIPTION:{escape_text(_join(brand.period_text, brand.organizer, brand.description))}",
            "CATEGORIES:10+N",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    for fair in fairs:
        place = " ".join(x for x in (fair.venue, fair.address) if x) or fair.mode.label
        lines += [
            "BEGIN:VEVENT",
            f"UID:fair-{fair.id}@yangfan-zone",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(fair.starts_at)}",
            f"DTEND:{_utc(fair.ends_at)}",
            f"SUMMARY:{escape_text(fair.title)}",
            f"LOCATION:{escape_text(place)}",
            f"DESCRIPTION:{escape_text(((fair.brand.name + ' · ') if fair.brand else '') + fair.mode.label)}",
            f"URL:{fair_url(fair)}",
            "CATEGORIES:" + escape_text(fair.brand.name if fair.brand else "招聘会"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
