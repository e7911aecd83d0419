"""Record ids from the outside world: a path, a query string or a JSON body. Ids are INTEGER columns, so a
value past 2**31 - 1 cannot name a record; it is answered 404 (paths) or treated as missing / refused (400)
before it reaches the database, where SQLite (past 2**63) and PostgreSQL (past 2**31) would raise."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def in_range(value: object) -> bool:
    """A JSON value that can be a record id: an int (not a bool) from 1 to MAX_ID."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def json_record_id(value: object) -> int | None:
    """A JSON body's id as an int, or None. JSON Schema's "integer" includes numbers such as 42.0, which
    the OpenAPI document allows, so they are ids too."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if in_range(value) else None


def record_id(text: str) -> int:
    """For ``request.args.get(name, type=record_id)``: a ValueError makes the argument count as absent."""
    value = int(text)
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"id out of range: {text}")
    return value


def year_number(text: str) -> int:
    value = int(text)
    if not 1900 <= value <= 2200:
        raise ValueError(f"year out of range: {text}")
    return value


class RecordIdConverter(IntegerConverter):
    """``<int:…>`` in every route: only values an id column can hold match (others are 404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
