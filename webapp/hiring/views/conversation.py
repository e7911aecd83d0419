"""Messages inside an application, for the seeker (/me/…) and the firm (/enterprise/…) alike: the same page,
the same use cases, a different side of the conversation."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.enterprise import bp as enterprise_bp
from webapp.extensions import limiter
from webapp.flashes import reported
from webapp.hiring import messages
from webapp.ids import record_id
from webapp.security import enterprise_only, message_limit, seeker_only, user_or_ip
from webapp.seeker import bp as seeker_bp


def _page(application_id: int, side: str):
    conversation = messages.open_conversation(current_user, application_id)
    template = "_messages.html" if request.args.get("fragment") else "conversation.html"
    return render_template(template, conversation=conversation, side=side)


def _send(application_id: int, side: str):
    with reported(strict=True) as outcome:
        message = messages.send(current_user, application_id, request.form.get("body", ""))
        if message.risks:
            outcome.success = "消息已发送。其中含有需要警惕的内容，平台已向对方提示风险。"
    return redirect(url_for(f"{side}.conversation", application_id=application_id, _anchor="compose"))


def _exchange(application_id: int, side: str):
    with reported("已同意交换电话，对方也同意后双方可见", strict=True):
        messages.agree_to_exchange(current_user, application_id, request.form.get("phone", ""))
    return redirect(url_for(f"{side}.conversation", application_id=application_id))


def _report(message_id: int, side: str):
    application_id = request.form.get("application_id", type=record_id)
    if application_id is None:
        abort(400)
    with reported("已举报，工作人员会查看这段沟通记录并处理", strict=True):
        messages.report(current_user, message_id, request.form.get("reason", ""))
    return redirect(url_for(f"{side}.conversation", application_id=application_id))


@seeker_bp.get("/applications/<int:application_id>/messages")
@seeker_only
def conversation(application_id: int):
    return _page(application_id, "seeker")


@seeker_bp.post("/applications/<int:application_id>/messages")
@limiter.limit(message_limit, key_func=user_or_ip)
@seeker_only
def send_message(application_id: int):
    return _send(application_id, "seeker")


@seeker_bp.post("/applications/<int:application_id>/exchange")
@seeker_only
def exchange_phone(application_id: int):
    return _exchange(application_id, "seeker")


@seeker_bp.post("/messages/<int:message_id>/report")
@seeker_only
def report_message(message_id: int):
    return _report(message_id, "seeker")


@enterprise_bp.get("/applications/<int:application_id>/messages", endpoint="conversation")
@enterprise_only
def conversation_firm(application_id: int):
    return _page(application_id, "enterprise")


@enterprise_bp.post("/applications/<int:application_id>/messages", endpoint="send_message")
@limiter.limit(message_limit, key_func=user_or_ip)
@enterprise_only
def send_message_firm(application_id: int):
    return _send(application_id, "enterprise")


@enterprise_bp.post("/applications/<int:application_id>/exchange", endpoint="exchange_phone")
@enterprise_only
def exchange_phone_firm(application_id: int):
    return _exchange(application_id, "enterprise")


@enterprise_bp.post("/messages/<int:message_id>/report", endpoint="report_message")
@enterprise_only
def report_message_firm(message_id: int):
    return _report(message_id, "enterprise")
