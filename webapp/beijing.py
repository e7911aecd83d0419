"""北京时间: times are stored as naive UTC; people read and type them in UTC+8 (China has one time zone and no
daylight saving)."""

from __future__ import annotations

from datetime import datetime, timedelta

CST = timedelta(hours=8)


def to_local(utc: datetime | None) -> datetime | None:
    return utc + CST if utc else None


def to_utc(local: datetime | None) -> datetime | None:
    """北京时间 as typed in a form → stored naive UTC."""
    return local - CST if local else None
