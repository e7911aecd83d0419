"""企业端政策计算器: what the enterprise's hires bring, the data each hire needs, and "what if" hires."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp import beijing
from webapp.enterprise import bp
from webapp.flashes import reported
from webapp.models import ClaimStatus, SkillLevel, TitleLevel
from webapp.security import enterprise_only
from webapp.subsidies import claims as policy_claims
from webapp.subsidies import services as policy
from webapp.subsidies.forms import EnterprisePolicyForm, HireFactsForm, HypotheticalHireForm


@bp.get("/policy")
@enterprise_only
def policy_calculator():
    enterprise = current_user.enterprise
    today = beijing.today()
    hired = policy.hired_applications(current_user)
    records = [record for _, record in hired if record is not None]
    answer = policy.evaluate_case(policy.enterprise_case(enterprise, records, today)) if records else None
    facts_form = EnterprisePolicyForm(obj=enterprise)
    if not facts_form.is_submitted():
        facts_form.sectors.data = list(enterprise.policy_sectors or [])
    what_if = HypotheticalHireForm(request.args)
    what_if_answer = None
    if request.args and what_if.validate():
        case = policy.enterprise_case(enterprise, [], today)
        case["hires"] = [what_if.hire_facts()]
        with reported():
            what_if_answer = policy.evaluate_case(case)
    return render_template(
        "enterprise/policy.html",
        enterprise=enterprise,
        hired=hired,
        records=records,
        answer=answer,
        facts_form=facts_form,
        what_if=what_if,
        what_if_answer=what_if_answer,
        claims=policy_claims.claims(enterprise_id=enterprise.id),
        ClaimStatus=ClaimStatus,
    )


@bp.post("/policy/facts")
@enterprise_only
def policy_facts():
    form = EnterprisePolicyForm()
    if form.validate_on_submit():
        with reported("企业情况已保存"):
            policy.update_enterprise_policy_facts(current_user, form.employees.data, form.sectors.data or [])
    else:
        flash("；".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for("enterprise.policy_calculator"))


@bp.route("/hires/<int:application_id>", methods=["GET", "POST"])
@enterprise_only
def hire_record(application_id: int):
    application = policy.own_hired_application(current_user, application_id)
    record = policy.hire_record_for(application)
    form = HireFactsForm(obj=record)
    if request.method == "GET":
        start = dict(policy.person_facts(application.seeker, beijing.today()))
        start.update((record.person_facts or {}) if record else {})
        form.fill_person(start)
    if form.validate_on_submit():
        with reported("用工信息已保存，补贴测算已更新") as outcome:
            policy.save_hire_record(
                current_user,
                application_id,
                {
                    "start_date": form.start_date.data,
                    "contract_months": form.contract_months.data or 0,
                    "insured_months": form.insured_months.data or 0,
                    "employment_type": form.employment_type.data,
                    "traineeship_months": form.traineeship_months.data,
                    "served_traineeship_months": form.served_traineeship_months.data,
                    "retained": form.retained.data,
                    "apprentice_certificate": form.apprentice_certificate.data or "",
                    "skill_level": SkillLevel(form.skill_level.data),
                    "title_level": TitleLevel(form.title_level.data),
                    "person_facts": form.person_facts(),
                },
            )
        if outcome.ok:
            return redirect(url_for("enterprise.policy_calculator"))
    return render_template("enterprise/hire_record.html", application=application, form=form)
