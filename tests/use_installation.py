"""Use an installation the way people do between two `make setup` runs (CI calls it; so can you).

``python -m tests.use_installation`` closes a post, sends one back to review, withdraws a firm's verification
and applies as the demo seeker, through the same services the pages use, on the instance's database.
``python -m tests.use_installation --check`` then drains the outbox and fails when the index and the
database differ (what a second `make setup` must leave behind)."""

from __future__ import annotations

import sys

from sqlalchemy import select


def use() -> None:
    from webapp.extensions import db
    from webapp.models import JobPost, PostStatus, Role, User
    from webapp.services import applications, jobs
    from webapp.services.enterprises import review_enterprise

    owner = db.session.scalar(select(User).where(User.account == "13800000001"))  # the demo firm's owner
    own = db.session.scalars(
        select(JobPost).where(
            JobPost.enterprise_id == owner.enterprise_id, JobPost.status == PostStatus.PUBLISHED
        )
    ).all()
    closed, to_review, applied = own[0], own[1], own[2]
    jobs.close_post(owner, closed.id)
    to_review.status = PostStatus.PENDING  # as an edit that needs review again leaves it
    db.session.commit()
    seeker = db.session.scalar(select(User).where(User.account == "13900000000"))
    applications.apply(seeker, applied.id, consent=True)
    organizer = db.session.scalar(select(User).where(User.role == Role.ORGANIZER))
    other = db.session.scalar(
        select(JobPost).where(
            JobPost.enterprise_id != owner.enterprise_id, JobPost.status == PostStatus.PUBLISHED
        )
    )
    review_enterprise(organizer, other.enterprise_id, approve=False, reason="CI: 复核未通过")
    print(
        f"closed post {closed.id}, post {to_review.id} back to review, applied to {applied.id}, "
        f"firm {other.enterprise_id} unverified"
    )


def check() -> int:
    from flask import current_app

    from webapp.cli import ensure_search
    from webapp.services import search_index, search_outbox, search_sync

    ensure_search(current_app._get_current_object())
    gw = search_index.gateway()
    result = search_outbox.drain(gw)
    drift = search_sync.find_drift(gw)
    status = search_outbox.queue_status()
    print(f"drained {result.rows}; drift {drift.total}; pending {status.pending}; parked {status.parked}")
    return 0 if drift.total == 0 and status.pending == 0 and status.parked == 0 and not result.failed else 1


def main(argv: list[str]) -> int:
    from webapp import create_app

    app = create_app()
    with app.app_context():
        if "--check" in argv:
            return check()
        use()
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
