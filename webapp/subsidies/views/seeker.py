"""求职者的政策页: support open to the seeker (见习, 培训补贴, 创业担保贷款 …)."""

from datetime import date

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from policy.regions import TIANJIN_DISTRICTS
from webapp import beijing
from webapp.flashes import reported
from webapp.security import seeker_only
from webapp.seeker import bp
from webapp.subsidies import claims as policy_claims
from webapp.subsidies import services as policy
from webapp.subsidies.forms import SeekerPolicyForm

REGIONS = [(code, "天津市" + name) for code, name in TIANJIN_DISTRICTS.items()]


def _region(profile) -> str:
    known = dict(REGIONS)
    for code in [(profile.policy_facts or {}).get("adcode", ""), *(profile.desired_adcodes or [])]:
        if code in known:
            return code
    return "120104"


@bp.route("/policy", methods=["GET", "POST"])
@seeker_only
def policy_page():
    profile = current_user.profile
    form = SeekerPolicyForm()
    form.adcode.choices = REGIONS
    if request.method == "GET":
        saved = policy.person_facts(profile, beijing.today())
        form.fill_person({k: v for k, v in (profile.policy_facts or {}).items()})
        for name in SeekerPolicyForm.EXTRA:
            if name in (profile.policy_facts or {}):
                getattr(form, name).data = profile.policy_facts[name]
        if not form.graduation_date.data and saved.get("graduation_date"):
            form.graduation_date.data = date.fromisoformat(saved["graduation_date"])
        # What the ID number tells (性别, 年龄) is shown, not asked again.
        if not form.gender.data and saved.get("gender"):
            form.gender.data = saved["gender"]
        if form.age.data is None and saved.get("birth_date"):
            born = date.fromisoformat(saved["birth_date"])
            today = beijing.today()
            form.age.data = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        form.adcode.data = _region(profile)
    elif form.validate_on_submit():
        with reported("已更新，测算结果如下") as outcome:
            policy.update_seeker_policy_facts(current_user, {**form.facts(), "adcode": form.adcode.data})
        if outcome.ok:
            return redirect(url_for("seeker.policy_page"))
    adcode = form.adcode.data or _region(profile)
    answer = policy.evaluate_case(policy.seeker_case(profile, adcode, beijing.today()))
    return render_template(
        "seeker/policy.html",
        form=form,
        answer=answer,
        region=dict(REGIONS).get(adcode, adcode),
        claims=policy_claims.claims(seeker_id=profile.id),
    )
