"""Skill extraction from free text against a skills vocabulary (case-insensitive, longest match first)."""

from __future__ import annotations

import re
from collections.abc import Iterable


class SkillExtractor:
    def __init__(self, vocabulary: Iterable[str]) -> None:
        words = sorted({w.strip() for w in vocabulary if len(w.strip()) >= 2}, key=len, reverse=True)
        self.canonical = {w.lower(): w for w in words}
        escaped = [re.escape(w) for w in words]
        # Latin skills need word boundaries (so "C" does not match inside "CAD"); Chinese ones do not.
        self.pattern = (
            re.compile(
                "|".join(
                    rf"(?<![A-Za-z]){e}(?![A-Za-z])" if w[0].isascii() else e
                    for w, e in zip(words, escaped, strict=True)
                ),
                re.IGNORECASE,
            )
            if words
            else None
        )

    def extract(self, text: str) -> list[str]:
        """Skills named in ``text``, in order of first appearance, each once."""
        if not self.pattern or not text:
            return []
        seen: dict[str, None] = {}
        for m in self.pattern.finditer(text):
            seen.setdefault(self.canonical[m.group(0).lower()], None)
        return list(seen)
