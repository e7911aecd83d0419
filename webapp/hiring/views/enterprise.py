"""The firm proposes interview slots for an application, records whether the seeker came, exports the .ics."""

from datetime import datetime

from flask import Response, redirect, request, url_for
from flask_login import current_user

from webapp import beijing
from webapp.enterprise import bp
from webapp.flashes import reported
from webapp.hiring import interviews
from webapp.security import enterprise_only


def _slot(text: str) -> datetime | None:
    """A datetime-local field (北京时间) → stored UTC; blank or malformed: None."""
    try:
        return beijing.to_utc(datetime.fromisoformat(text.strip())) if text.strip() else None
    except ValueError:
        return None


@bp.post("/applications/<int:application_id>/interview")
@enterprise_only
def propose_interview(application_id: int):
    with reported("面试安排已发送给求职者", strict=True):
        interviews.propose(
            current_user,
            application_id,
            [_slot(request.form.get(f"slot{i}", "")) for i in range(1, interviews.MAX_SLOTS + 1)],
            request.form.get("mode", ""),
            place=request.form.get("place", ""),
            link=request.form.get("link", ""),
            contact=request.form.get("contact", ""),
            note=request.form.get("note", ""),
        )
    return redirect(url_for("enterprise.application_detail", application_id=application_id))


@bp.post("/interviews/<int:interview_id>/outcome")
@enterprise_only
def interview_outcome(interview_id: int):
    attended = request.form.get("attended") == "y"
    with reported("已记录：" + ("到场" if attended else "未到场")):
        interviews.record_outcome(current_user, interview_id, attended)
    interview = interviews.for_firm(current_user, interview_id)
    return redirect(url_for("enterprise.application_detail", application_id=interview.application_id))


@bp.get("/interviews/<int:interview_id>.ics")
@enterprise_only
def interview_ics(interview_id: int):
    interview = interviews.for_firm(current_user, interview_id)
    return Response(
        interviews.ics(interview, for_firm=True),
        mimetype="text/calendar",
        headers={"Content-Disposition": f"attachment; filename=interview-{interview.id}.ics"},
    )
