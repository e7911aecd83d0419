"""Calendar months as contracts count them: a term of months, and whole months elapsed."""

from __future__ import annotations

from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), at the month's end when it has no such day: 01-31 + 1 →
    02-28."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def term_months(start: date, end: date) -> int:
    """Whole months of a term with both days counted: 01-10 → 04-09 and 01-01 → 03-31 are three."""
    return months_elapsed(start, end + timedelta(days=1))


def months_elapsed(since: date, on: date) -> int:
    """Whole months from ``since`` to ``on``: 满 n 个月 once ``on`` reaches ``since`` + n months (03-31 + 3
    months is 06-30)."""
    n = max((on.year - since.year) * 12 + on.month - since.month, 0)
    while n > 0 and add_months(since, n) > on:
        n -= 1
    return n
