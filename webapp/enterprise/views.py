from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from webapp import beijing
from webapp.enterprise import bp
from webapp.enterprise.forms import EnterpriseProfileForm, PostForm
from webapp.flashes import reported
from webapp.formkit import split_list
from webapp.ids import record_id
from webapp.models import AccountLabel, ApplicationStatus, Education, EmploymentType, PayUnit, SizeBand, Tier
from webapp.security import enterprise_only
from webapp.services import ServiceError, applications, compliance, enterprises, jobs
from webapp.services.applications import ENTERPRISE_TRANSITIONS
from webapp.trust import sanctions


@bp.get("/")
@enterprise_only
def dashboard():
    return render_template(
        "enterprise/dashboard.html",
        enterprise=current_user.enterprise,
        posts=jobs.enterprise_posts(current_user.enterprise_id),
        sanctions=[s for s in sanctions.of_enterprise(current_user.enterprise_id) if s.active],
    )


@bp.route("/profile", methods=["GET", "POST"])
@enterprise_only
def profile():
    enterprise = current_user.enterprise
    form = EnterpriseProfileForm(obj=enterprise)
    if request.method == "GET":
        form.tier.data, form.size_band.data = enterprise.tier.value, enterprise.size_band.value
        form.account_label.data = enterprise.account_label.value
    if form.validate_on_submit():
        public = enterprise.account_label == AccountLabel.PUBLIC  # set by organizers; the form leaves it
        with reported("企业信息已保存") as outcome:
            enterprises.update_profile(
                current_user,
                name=form.name.data,
                tier=Tier(form.tier.data),
                industry_code=form.industry_code.data,
                adcode=form.adcode.data,
                address=form.address.data or "",
                size_band=SizeBand(form.size_band.data),
                introduction=form.introduction.data or "",
                account_label=None if public else form.account_label.data,
                agency_licence_no=form.agency_licence_no.data or "",
                agency_fees=form.agency_fees.data or "",
            )
        if outcome.ok:
            return redirect(url_for("enterprise.profile"))
    return profile_page(form)


def profile_page(form: EnterpriseProfileForm, **extra):
    """企业信息 with its documents and members (also rendered after adding a member)."""
    from webapp.services import enterprise_admin

    return render_template(
        "enterprise/profile.html",
        form=form,
        enterprise=current_user.enterprise,
        members=enterprise_admin.members(current_user),
        document_kinds=enterprise_admin.KINDS,
        **extra,
    )


def _draft_from(form: PostForm) -> jobs.PostDraft:
    return jobs.PostDraft(
        title=form.title.data,
        description=form.description.data,
        requirements=form.requirements.data,
        skills=split_list(form.skills.data),
        adcode=form.adcode.data,
        address=form.address.data or "",
        pay_unit=PayUnit(form.pay_unit.data),
        pay_min=form.pay_min.data,
        pay_max=form.pay_max.data,
        pay_months=form.pay_months.data or 12,
        education=Education(form.education.data),
        experience_min_years=form.experience_min_years.data or 0,
        experience_max_years=form.experience_max_years.data,
        headcount=form.headcount.data,
        employment_type=EmploymentType(form.employment_type.data),
        target_groups=form.target_groups.data or [],
        valid_until=form.valid_until.data,
        client_name=form.client_name.data or "",
        client_authorisation_id=form.client_authorisation_id.data or None,
    )


@bp.route("/posts/new", methods=["GET", "POST"], defaults={"post_id": None})
@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@enterprise_only
def edit_post(post_id: int | None):
    post = jobs.own_post(current_user, post_id) if post_id is not None else None
    form = PostForm(obj=post)
    authorisations = [d for d in current_user.enterprise.documents if d.kind == "authorisation"]
    form.client_authorisation_id.choices = [SelectChoice(0, "请选择已上传的授权书")] + [
        SelectChoice(d.id, f"{d.filename}（{beijing.to_local(d.uploaded_at):%Y-%m-%d} 上传）")
        for d in authorisations
    ]
    if request.method == "GET" and post is not None:
        form.skills.data = "，".join(post.skills or [])
        for name in ("pay_unit", "education", "employment_type"):
            getattr(form, name).data = getattr(post, name).value
    if form.validate_on_submit():
        with reported() as outcome:
            saved, after = jobs.save_post(
                current_user, _draft_from(form), post_id, submit=request.form.get("action") != "draft"
            )
            outcome.success = "岗位已提交审核" if saved.status == "pending" else "草稿已保存"
        if outcome.ok:
            for f in after.warnings:
                flash(f"提示：{f.message}（“{f.excerpt}”）", "info")
            if after.duplicates:
                flash("提示：与本企业岗位「" + after.duplicates[0].title + "」高度相似，请勿重复发布", "info")
            return redirect(url_for("enterprise.dashboard"))
    check = compliance.check_draft(
        current_user.enterprise_id,
        form.title.data or "",
        form.description.data or "",
        form.requirements.data or "",
        post_id,
    )
    return render_template("enterprise/post_form.html", form=form, post=post, check=check)


@bp.post("/posts/check")
@enterprise_only
def check_post_draft():
    """The drafting page's live compliance check (htmx): discrimination, duplicates, occupation."""
    post_id = request.args.get("post_id", type=record_id)
    check = compliance.check_draft(
        current_user.enterprise_id,
        request.form.get("title", ""),
        request.form.get("description", ""),
        request.form.get("requirements", ""),
        post_id,
    )
    return render_template("enterprise/_compliance.html", check=check)


@bp.post("/posts/<int:post_id>/close")
@enterprise_only
def close_post(post_id: int):
    jobs.close_post(current_user, post_id)
    flash("岗位已关闭", "info")
    return redirect(url_for("enterprise.dashboard"))


@bp.get("/posts/<int:post_id>/applications")
@enterprise_only
def post_applications(post_id: int):
    post, items = applications.for_post(current_user, post_id)
    return render_template("enterprise/applications.html", post=post, applications=items)


@bp.get("/applications/<int:application_id>")
@enterprise_only
def application_detail(application_id: int):
    from webapp.hiring.interviews import open_for
    from webapp.hiring.messages import phone_visible_to_firm

    application = applications.open_resume(current_user, application_id, ip=request.remote_addr or "")
    return render_template(
        "enterprise/application_detail.html",
        application=application,
        interview=open_for([application.id]).get(application.id),
        phone_shared=phone_visible_to_firm(application.id),
        next_statuses=sorted(ENTERPRISE_TRANSITIONS[application.status], key=list(ApplicationStatus).index),
    )


@bp.post("/applications/<int:application_id>/status")
@enterprise_only
def change_status(application_id: int):
    try:
        status = ApplicationStatus(request.form.get("status", ""))
        applications.change_status(current_user, application_id, status, request.form.get("note", ""))
    except ValueError:
        flash("无效的状态", "error")
    except ServiceError as exc:
        flash(exc.message, "error")
    else:
        flash(f"已更新为“{status.label}”", "success")
    return redirect(url_for("enterprise.application_detail", application_id=application_id))
