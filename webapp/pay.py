"""Pay shown the way Chinese job boards write it: "8-12K·13薪", "200-300元/天", "面议"."""

from __future__ import annotations


def _k(yuan: int) -> str:
    value = yuan / 1000
    return f"{value:.1f}".rstrip("0").rstrip(".")


def format_pay(unit: str, pay_min: int | None, pay_max: int | None, months: int = 12) -> str:
    """Format a pay range; monthly pay in thousands (K), with the months per year when not 12."""
    if unit == "negotiable" or (pay_min is None and pay_max is None):
        return "面议"
    lo, hi = pay_min or pay_max, pay_max or pay_min
    if unit == "month":
        text = f"{_k(lo)}K" if lo == hi else f"{_k(lo)}-{_k(hi)}K"
        return f"{text}·{months}薪" if months and months != 12 else text
    suffix = {"day": "元/天", "hour": "元/时"}[unit]
    return f"{lo}{suffix}" if lo == hi else f"{lo}-{hi}{suffix}"


def monthly_band(pay_min: int | None, unit: str) -> str | None:
    """The pay band (facet value) a monthly minimum falls in; None when not monthly."""
    if unit != "month" or pay_min is None:
        return None
    for upper, label in ((5000, "5K以下"), (8000, "5-8K"), (12000, "8-12K"), (20000, "12-20K")):
        if pay_min < upper:
            return label
    return "20K以上"


PAY_BANDS = ["5K以下", "5-8K", "8-12K", "12-20K", "20K以上"]
