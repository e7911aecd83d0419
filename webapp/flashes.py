"""What a page tells its user after an action: a use case's ``ServiceError`` as an error message, or the
success message, through Flask's flashed messages (shown by base.html)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import flash

from webapp.services import ServiceError


class Outcome:
    """How a use case run inside ``reported`` went: ``ok``, the error if any, and the message shown on
    success (a view may set ``success`` inside the block when it depends on the result)."""

    def __init__(self, success: str) -> None:
        self.ok = True
        self.success = success
        self.error: ServiceError | None = None


@contextmanager
def reported(success: str = "", category: str = "success", strict: bool = False) -> Iterator[Outcome]:
    """Run a use case for a page: a ``ServiceError`` becomes its Chinese message as an error flash and the
    page goes on (``outcome.ok`` is False); otherwise ``success`` (or ``outcome.success``) is flashed. With
    ``strict``, "not yours" and "not there" stay errors (403 / 404 pages) instead of a flash.

        with reported("成员已移除"):
            enterprise_admin.remove_member(current_user, member_id)
        return redirect(url_for("enterprise.profile"))
    """
    outcome = Outcome(success)
    try:
        yield outcome
    except ServiceError as exc:
        if strict and exc.code in ("forbidden", "not_found"):
            raise
        outcome.ok, outcome.error = False, exc
        flash(exc.message, "error")
    else:
        if outcome.success:
            flash(outcome.success, category)
