"""The seeker answers an interview proposal and takes it into their calendar."""

from flask import Response, redirect, request, url_for
from flask_login import current_user

from webapp.flashes import reported
from webapp.hiring import interviews
from webapp.security import seeker_only
from webapp.seeker import bp

ANSWERED = {
    "accept": "已确认面试时间，企业会收到通知",
    "decline": "已婉拒面试",
    "reschedule": "已申请改期，等待企业重新安排",
}


@bp.post("/interviews/<int:interview_id>/answer")
@seeker_only
def answer_interview(interview_id: int):
    choice = request.form.get("choice", "")
    with reported(ANSWERED.get(choice, "")):
        interviews.answer(
            current_user,
            interview_id,
            choice,
            request.form.get("slot", type=int),
            request.form.get("note", ""),
        )
    interview = interviews.for_seeker(current_user, interview_id)
    return redirect(url_for("seeker.applications", _anchor=f"application-{interview.application_id}"))


@bp.get("/interviews/<int:interview_id>.ics")
@seeker_only
def interview_ics(interview_id: int):
    interview = interviews.for_seeker(current_user, interview_id)
    return Response(
        interviews.ics(interview, for_firm=False),
        mimetype="text/calendar",
        headers={"Content-Disposition": f"attachment; filename=interview-{interview.id}.ics"},
    )
