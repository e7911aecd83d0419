"""稳健倍率: how far a 求人倍率 can be trusted given how many people it rests on."""

from __future__ import annotations

Z = 1.645  # one-sided 95 %


def lower_ratio(openings: int, seekers: int, z: float = Z) -> float:
    """The 95 % lower bound of openings ÷ seekers: Wilson's bound on the share p of openings among openings
    and seekers, as p ÷ (1 − p). With no seekers it is openings ÷ z² (10 openings → 3.7), not infinite."""
    n = openings + seekers
    if not openings:
        return 0.0
    p = openings / n
    centre = p + z * z / (2 * n)
    spread = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    low = (centre - spread) / (1 + z * z / n)
    return low / (1 - low)
