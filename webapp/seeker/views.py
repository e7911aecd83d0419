import json
from urllib.parse import parse_qsl

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from importers.resumes import MAX_RESUME_BYTES
from webapp.auth_loaders import sign_out
from webapp.extensions import limiter
from webapp.fairs import signups
from webapp.flashes import reported
from webapp.formkit import split_list
from webapp.ids import record_id
from webapp.models import Education, Role
from webapp.reference import CITIES
from webapp.security import apply_limit, roles_required, user_or_ip
from webapp.seeker import bp
from webapp.seeker.forms import ProfileForm
from webapp.services import ServiceError, seekers
from webapp.services import applications as application_service
from webapp.services import saved_searches as saved_search_service


@bp.route("/profile", methods=["GET", "POST"])
@roles_required(Role.SEEKER)
def profile():
    p = current_user.profile
    # Posted forms read only what was posted: a list field left out is empty, never the stored list (which
    # WTForms would otherwise take from ``obj`` and hand to the text parsers).
    form = _stored_form(p) if request.method == "GET" else ProfileForm()
    if form.validate_on_submit():
        with reported("简历已保存") as outcome:
            seekers.update_profile(
                current_user,
                name=form.name.data,
                phone=form.phone.data,
                education=Education(form.education.data),
                school=form.school.data or "",
                major=form.major.data or "",
                graduation_date=form.graduation_date.data,
                desired_titles=split_list(form.desired_titles.data),
                desired_cities=split_list(form.desired_cities.data),
                desired_pay_min=form.desired_pay_min.data,
                skills=split_list(form.skills.data),
                self_intro=form.self_intro.data or "",
                experiences=(form.experiences.data or "").splitlines(),
                groups=form.groups.data or [],
                open_to_recommendation=form.open_to_recommendation.data,
                bureau_consent=form.bureau_consent.data,
            )
        if outcome.ok:
            return redirect(url_for("seeker.profile"))
    return render_template("seeker/profile.html", form=form, profile=p)


@bp.post("/profile/resume-file")
@roles_required(Role.SEEKER)
@limiter.limit("20 per hour", key_func=user_or_ip)
def resume_file():
    """A PDF or DOCX résumé read into the form as a draft: nothing is saved until the seeker presses 保存, and
    the file itself is not kept."""
    from importers.resumes import ResumeRefused
    from webapp.services.resume_files import draft_from_file

    upload = request.files.get("file")
    p = current_user.profile
    if upload is None or not upload.filename:
        flash("请选择简历文件", "error")
        return redirect(url_for("seeker.profile"))
    try:
        draft = draft_from_file(upload.stream.read(MAX_RESUME_BYTES + 1), upload.filename)
    except ResumeRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("seeker.profile"))
    form = _stored_form(p)
    filled = _fill_from_draft(form, draft)
    return render_template("seeker/profile.html", form=form, profile=p, filled=filled)


def _stored_form(p) -> ProfileForm:
    """The résumé form holding what is saved; list fields are edited as comma- or line-separated text."""
    form = ProfileForm(obj=p)
    form.desired_titles.data = "，".join(p.desired_titles or [])
    form.desired_cities.data = "，".join(CITIES.get(c, c) for c in p.desired_adcodes or [])
    form.skills.data = "，".join(p.skills or [])
    form.experiences.data = "\n".join(e.get("text", "") for e in p.experiences or [])
    form.education.data = p.education.value
    form.bureau_consent.data = p.bureau_consent_at is not None
    return form


def _fill_from_draft(form: ProfileForm, draft) -> list[str]:
    """The draft's values over the saved ones where the draft found something; the labels it filled."""
    filled = []
    for name, value in (
        ("name", draft.name),
        ("phone", draft.phone),
        ("education", draft.education),
        ("school", draft.school),
        ("major", draft.major),
        ("graduation_date", draft.graduation_date),
        ("skills", "，".join(draft.skills)),
        ("experiences", "\n".join(draft.experiences)),
    ):
        if value:
            getattr(form, name).data = value
            filled.append(str(getattr(form, name).label.text).split("（")[0])
    return filled


@bp.get("/applications")
@roles_required(Role.SEEKER)
def applications():
    from webapp.hiring.interviews import open_for

    mine = application_service.for_seeker(current_user)
    return render_template(
        "seeker/applications.html", applications=mine, interviews=open_for([a.id for a in mine])
    )


@bp.post("/apply/<int:post_id>")
@limiter.limit(apply_limit, key_func=user_or_ip)
@roles_required(Role.SEEKER)
def apply(post_id: int):
    fair_id = request.form.get("fair_id", type=record_id)
    try:
        source, origin = signups.application_source(fair_id, post_id)
        _, created = application_service.apply(
            current_user,
            post_id,
            source=source,
            origin=origin,
            consent=request.form.get("consent") == "y",
        )
    except ServiceError as exc:
        flash(exc.message, "error")
        if exc.code == "profile_incomplete":
            return redirect(url_for("seeker.profile"))
        return redirect(url_for("public.job_detail", post_id=post_id))
    flash("投递成功！可在“我的投递”查看进度" if created else "您已投递过该岗位", "success")
    return redirect(url_for("public.job_detail", post_id=post_id))


@bp.post("/applications/<int:application_id>/withdraw")
@roles_required(Role.SEEKER)
def withdraw(application_id: int):
    with reported("已撤回投递", "info"):
        application_service.withdraw(current_user, application_id)
    return redirect(url_for("seeker.applications"))


@bp.get("/searches")
@roles_required(Role.SEEKER)
def saved_searches():
    return render_template("seeker/searches.html", items=saved_search_service.with_new_matches(current_user))


@bp.post("/searches")
@roles_required(Role.SEEKER)
def save_search():
    args = MultiDict(parse_qsl(request.form.get("query", ""), keep_blank_values=False))
    with reported() as outcome:
        saved = saved_search_service.save(current_user, args)
        outcome.success = f"已订阅：{saved.name}。有新岗位时，下次访问“我的订阅”即可看到"
    return redirect(url_for("public.search") + "?" + request.form.get("query", ""))


@bp.get("/searches/<int:search_id>")
@roles_required(Role.SEEKER)
def open_saved_search(search_id: int):
    return redirect(
        url_for("public.search") + "?" + saved_search_service.open_search(current_user, search_id)
    )


@bp.post("/searches/<int:search_id>/delete")
@roles_required(Role.SEEKER)
def delete_saved_search(search_id: int):
    saved_search_service.delete(current_user, search_id)
    flash("已取消订阅", "info")
    return redirect(url_for("seeker.saved_searches"))


@bp.get("/data")
@roles_required(Role.SEEKER)
def export_data():
    data = seekers.export_data(current_user, ip=request.remote_addr or "")
    response = current_app.response_class(
        json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = "attachment; filename=my-data.json"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/delete")
@roles_required(Role.SEEKER)
def delete_account():
    with reported() as outcome:
        seekers.delete_account(current_user, request.form.get("password", ""), ip=request.remote_addr or "")
    if not outcome.ok:
        return redirect(url_for("seeker.profile"))
    sign_out()
    flash("账号及全部个人数据已删除", "info")
    return redirect(url_for("public.home"))
