from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.auth import bp
from webapp.auth.forms import (
    EnterpriseRegistrationForm,
    LoginForm,
    PasswordResetForm,
    SeekerRegistrationForm,
)
from webapp.auth_loaders import current_session, sign_in, sign_out
from webapp.extensions import limiter
from webapp.flashes import reported
from webapp.models import Role
from webapp.security import account_and_address, login_required, public
from webapp.services import ServiceError, accounts, verification

HOME_BY_ROLE = {
    Role.SEEKER: "seeker.applications",
    Role.ENTERPRISE: "enterprise.dashboard",
    Role.ORGANIZER: "organizer.dashboard",
    Role.SPECIALIST: "organizer.dashboard",
    Role.ADMIN: "organizer.dashboard",
}


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _login_address_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_PER_ADDRESS"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=account_and_address)
@limiter.limit(_login_address_limit, methods=["POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.account.data, form.password.data)
        if user is None:
            flash("账号或密码不正确", "error")
        else:
            sign_in(user)
            return redirect(_safe_next(url_for(HOME_BY_ROLE[user.role])))
    return render_template("auth/login.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_address_limit, methods=["POST"])
@public
def forgot_password():
    """找回密码: a 验证码 to the account's phone, then a new password; every session of the account ends."""
    form = PasswordResetForm()
    if _code_asked(form, "reset"):
        return render_template("auth/forgot_password.html", form=form)
    if form.validate_on_submit():
        try:
            accounts.reset_password(form.phone.data, form.code.data, form.new.data)
        except ServiceError as exc:
            if exc.code == "code":
                form.code.errors = [*form.code.errors, exc.message]
            else:
                form.new.errors = [*form.new.errors, exc.message]
        else:
            flash("密码已重置，请用新密码登录", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    sign_out()
    flash("已退出登录", "info")
    return redirect(url_for("public.home"))


def _code_asked(form, purpose: str) -> bool:
    """The form's 获取验证码 button was pressed: send the code for its phone field (the same answer for
    registered and unregistered numbers) and show the form again, keeping what was typed."""
    if request.method != "POST" or "send_code" not in request.form:
        return False
    if form.phone.validate(form):  # CSRFProtect has checked the token already
        try:
            sent = verification.request_code(form.phone.data.strip(), purpose)
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash(sent.notice, "info")
            if sent.on_screen:
                flash(f"演示环境未接短信网关，短信内容：{sent.on_screen}", "warning")
    form.code.data = ""
    return True


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def register_seeker():
    form = SeekerRegistrationForm()
    if _code_asked(form, "register"):
        return render_template("auth/register_seeker.html", form=form)
    if form.validate_on_submit():
        with reported() as outcome:
            user = accounts.register_seeker(
                form.phone.data, form.password.data, form.name.data, form.code.data
            )
        if outcome.ok:
            sign_in(user)
            flash("注册成功，请完善您的简历", "success")
            return redirect(url_for("seeker.profile"))
    return render_template("auth/register_seeker.html", form=form)


@bp.route("/register/enterprise", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def register_enterprise():
    if current_user.is_authenticated and current_user.enterprise_id:
        return redirect(url_for("enterprise.dashboard"))
    form = EnterpriseRegistrationForm()
    if _code_asked(form, "register"):
        return render_template("auth/register_enterprise.html", form=form)
    if form.validate_on_submit():
        try:
            user = accounts.register_enterprise(
                form.phone.data,
                form.password.data,
                form.name.data,
                form.enterprise_name.data,
                form.credit_code.data,
                form.code.data,
            )
        except ServiceError as exc:
            target = {"credit_code": form.credit_code, "code": form.code}.get(exc.code)
            if target is not None:
                target.errors = [*target.errors, exc.message]
            else:
                flash(exc.message, "error")
        else:
            sign_in(user)
            flash("企业注册已提交，组织方审核通过后即可发布岗位", "success")
            return redirect(url_for("enterprise.profile"))
    return render_template("auth/register_enterprise.html", form=form)


@bp.get("/notices")
@login_required
def notices():
    from webapp.services import notices as notice_service

    items = notice_service.for_user(current_user)
    notice_service.mark_read(current_user)
    return render_template("auth/notices.html", items=items)


@bp.get("/notices/stream")
@login_required
def notice_stream():
    """Server-Sent Events for the header's unread badge: the count now, then again whenever a notice for this
    user is committed (by any worker: the live broker); a comment every 25 s keeps proxies from closing it."""
    import json

    from webapp.extensions import db
    from webapp.services import notices as notice_service

    app, user_id = current_app._get_current_object(), current_user.id
    subscription = app.extensions["live_broker"].subscribe(notice_service.USER_CHANNEL.format(user_id))

    def summary(new: bool) -> str:
        with app.app_context():
            try:
                data = {**notice_service.unread_summary(user_id), "new": new}
            finally:
                db.session.remove()
        return f"event: unread\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"

    def stream():
        yield "retry: 10000\n\n"
        yield summary(False)
        while True:
            event = subscription.get(timeout=25)
            yield summary(True) if event else ": ping\n\n"

    db.session.remove()  # hand the connection back: the stream may stay open for hours
    response = app.response_class(stream(), mimetype="text/event-stream")
    response.call_on_close(subscription.close)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def notification_settings():
    """通知设置: which kinds reach the user outside the site, through which configured channels, and when
    not (quiet hours)."""
    from webapp.services import channels, notify

    settings = notify.settings_of(current_user)
    if request.method == "POST":

        def hour(name: str) -> int | None:
            value = request.form.get(name, "").strip()
            return int(value) if value.isdigit() else None

        chosen = {kind: request.form.getlist(f"kind-{kind}") for kind in notify.KINDS}
        quiet = request.form.get("quiet") == "y"
        with reported("通知设置已保存") as outcome:
            notify.save_settings(
                current_user,
                request.form.get("email", ""),
                chosen,
                hour("quiet_start") if quiet else None,
                hour("quiet_end") if quiet else None,
            )
        if outcome.ok:
            return redirect(url_for("auth.notification_settings"))
    return render_template(
        "auth/notification_settings.html",
        settings=settings,
        kinds=notify.KINDS,
        channels=[(name, channels.LABELS[name]) for name in channels.offered_to(current_user)],
    )


@bp.app_context_processor
def unread_notices() -> dict:
    if not current_user.is_authenticated:
        return {"unread_notices": 0}
    from webapp.services import notices as notice_service

    return {"unread_notices": notice_service.unread_count(current_user)}


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    from webapp.auth.forms import PasswordChangeForm

    form = PasswordChangeForm()
    if form.validate_on_submit():
        with reported("密码已修改") as outcome:
            accounts.change_password(current_user, form.current.data, form.new.data, keep=current_session())
        if outcome.ok:
            return redirect(url_for(HOME_BY_ROLE[current_user.role]))
    return render_template("auth/password.html", form=form)
