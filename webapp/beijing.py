"""北京时间: times are stored as naive UTC; people read and type them in UTC+8 (China has one time zone and no
daylight saving)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

CST = timedelta(hours=8)


def to_local(utc: datetime | None) -> datetime | None:
    return utc + CST if utc else None


def to_utc(local: datetime | None) -> datetime | None:
    """北京时间 as typed in a form → stored naive UTC."""
    return local - CST if local else None


def now() -> datetime:
    """The wall-clock time in 北京时间 (naive), whatever the server's time zone."""
    return datetime.now(UTC).replace(tzinfo=None) + CST


def today() -> date:
    """Today's date in 北京时间: what a person means by today (valid-until dates, policy dates, defaults)."""
    return now().date()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A 北京时间 wall-clock time on ``day`` as stored (naive UTC): 09:00 on a fair's day is 01:00 UTC."""
    return datetime(day.year, day.month, day.day, hour, minute) - CST


def next_slot(after: datetime, hours: tuple[int, ...] = (10, 14, 19)) -> datetime:
    """The first of the usual 北京时间 slots (10:00, 14:00, 19:00 for a live room) after ``after`` (UTC)."""
    local = after + CST
    for days in range(0, 3):
        day = local.date() + timedelta(days=days)
        for hour in hours:
            slot = at(day, hour)
            if slot > after:
                return slot
    raise ValueError("no slot")  # unreachable: a later day always has one
