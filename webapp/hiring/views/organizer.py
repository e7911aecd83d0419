"""Organizers read a conversation only through a report (audited)."""

from flask import render_template, request
from flask_login import current_user

from webapp.hiring import messages
from webapp.organizer import bp
from webapp.security import organizer_only


@bp.get("/conversations")
@organizer_only
def reported_conversations():
    return render_template("organizer/reported_conversations.html", rows=messages.reported_conversations())


@bp.get("/conversations/<int:application_id>")
@organizer_only
def reported_conversation(application_id: int):
    conversation = messages.organizer_view(current_user, application_id, ip=request.remote_addr or "")
    return render_template("organizer/conversation.html", conversation=conversation)
