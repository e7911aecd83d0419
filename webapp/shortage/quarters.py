"""Quarters of the calendar in 北京时间: the catalogue's period (2026Q3 runs from 1 July 00:00 北京时间)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from werkzeug.exceptions import NotFound

from webapp import beijing


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, key: str) -> Quarter:
        """``2026Q3`` → Quarter(2026, 3); anything else is a 404 (it comes from a URL)."""
        found = re.fullmatch(r"(\d{4})Q([1-4])", key or "")
        if not found:
            raise NotFound("没有这个季度")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def last_complete(cls, today: date | None = None) -> Quarter:
        """The latest quarter already over: what a catalogue is usually published for."""
        return cls.of(today or beijing.today()).before()

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    @property
    def short(self) -> str:
        return f"{self.year % 100:02d}Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    def before(self, n: int = 1) -> Quarter:
        index = self.year * 4 + self.number - 1 - n
        return Quarter(index // 4, index % 4 + 1)

    def after(self) -> Quarter:
        return self.before(-1)

    @property
    def start(self) -> datetime:
        """Its first moment as stored (naive UTC)."""
        return beijing.at(self.first_day, 0)

    @property
    def end(self) -> datetime:
        """The first moment after it, as stored."""
        return self.after().start

    def window(self, count: int) -> list[Quarter]:
        """The ``count`` quarters ending with this one, oldest first."""
        return [self.before(n) for n in range(count - 1, -1, -1)]
