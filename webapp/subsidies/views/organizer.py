"""组织方: subsidy rules (view, edit with history), 政策找人 batches, notices and the claim list export."""

import json
from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from policy.regions import NAMES
from webapp import beijing
from webapp.exports import xlsx_bytes
from webapp.flashes import reported
from webapp.models import ClaimStatus
from webapp.organizer import bp
from webapp.security import organizer_only, staff_only
from webapp.services import ServiceError
from webapp.subsidies import claims as policy_claims
from webapp.subsidies import services as policy


@bp.get("/policy/rules")
@staff_only
def policy_rules():
    region = request.args.get("region", "")
    rows = policy.rule_rows(region)
    rules, params = policy.active_rules()
    parsed = {r.id: r for r in rules}
    return render_template(
        "organizer/policy_rules.html",
        rows=rows,
        parsed=parsed,
        params=params,
        regions=NAMES,
        region=region,
        today=beijing.today(),
    )


@bp.get("/policy/rules/<rule_id>")
@staff_only
def policy_rule(rule_id: str):
    history = policy.rule_history(rule_id)
    current = next(r for r in history if r.current)
    text = json.dumps(current.data, ensure_ascii=False, indent=2)
    return _rule_page(history, current, text)


def _rule_page(history, current, text: str, status: int = 200):
    from policy import parse_rule
    from policy.conditions import describe

    rule = parse_rule(current.data)
    return (
        render_template(
            "organizer/policy_rule.html",
            history=history,
            current=current,
            text=text,
            rule=rule,
            conditions=describe(rule.condition),
        ),
        status,
    )


@bp.post("/policy/rules/<rule_id>")
@organizer_only
def save_policy_rule(rule_id: str):
    history = policy.rule_history(rule_id)
    current = next(r for r in history if r.current)
    text = request.form.get("data", "")
    try:
        data = json.loads(text) if text else _simple_edit(current.data, request.form)
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        flash("金额应为数字、规则数据应为 JSON 对象，未保存", "error")
    else:
        with reported() as outcome:
            row = policy.edit_rule(
                current_user, rule_id, data, request.form.get("active") == "on", request.form.get("note", "")
            )
            outcome.success = f"已保存为第 {row.version} 版"
        if outcome.ok:
            return redirect(url_for("organizer.policy_rule", rule_id=rule_id))
    # Show the organizer's text again with the message: nothing typed is lost.
    return _rule_page(history, current, text or json.dumps(current.data, ensure_ascii=False, indent=2), 400)


def _simple_edit(data: dict, form) -> dict:
    """The everyday edits (amount, end date) without touching the JSON; a bad number raises ValueError."""
    data = json.loads(json.dumps(data))
    if form.get("value", "").strip() and "value" in data.get("amount", {}):
        data["amount"]["value"] = float(form["value"])
    if "valid_until" in form:
        data["valid_until"] = form["valid_until"].strip() or None
    return data


@bp.get("/policy/claims")
@staff_only
def policy_claims_page():
    status = request.args.get("status", "")
    items = policy_claims.claims(ClaimStatus(status) if status in ClaimStatus._value2member_map_ else None)
    counts = {s: 0 for s in ClaimStatus}
    totals = {s: 0.0 for s in ClaimStatus}
    for c in policy_claims.claims():
        counts[c.status] += 1
        totals[c.status] += c.term_total or 0
    return render_template(
        "organizer/policy_claims.html",
        items=items,
        status=status,
        counts=counts,
        totals=totals,
        ClaimStatus=ClaimStatus,
        today=beijing.today(),
    )


@bp.post("/policy/find")
@organizer_only
def policy_find():
    try:
        on = date.fromisoformat(request.form.get("on") or beijing.today().isoformat())
    except ValueError:
        flash("测算日期格式应为 年-月-日", "error")
        return redirect(url_for("organizer.policy_claims_page"))
    run = policy_claims.find_qualifying(current_user, on)
    flash(f"已测算 {run.evaluated} 名录用人员：符合条件 {run.found} 项，其中新发现 {run.new} 项", "success")
    return redirect(url_for("organizer.policy_claims_page"))


@bp.post("/policy/notify")
@organizer_only
def policy_notify():
    n = policy_claims.notify_found(current_user)
    flash(f"已向 {n} 项待告知的受益方发送站内通知" if n else "没有待告知的申领", "success" if n else "info")
    return redirect(url_for("organizer.policy_claims_page"))


@bp.post("/policy/claims/<int:claim_id>/status")
@organizer_only
def policy_claim_status(claim_id: int):
    try:
        policy_claims.set_status(current_user, claim_id, ClaimStatus(request.form.get("status", "")))
    except (ServiceError, ValueError) as exc:
        flash(getattr(exc, "message", "状态无效"), "error")
    return redirect(url_for("organizer.policy_claims_page", status=request.args.get("status", "")))


@bp.get("/policy/claims.xlsx")
@organizer_only
def policy_claims_export():
    rows = policy_claims.export_rows(current_user, ip=request.remote_addr or "")
    filename = f"subsidy-claims-{beijing.today().isoformat()}.xlsx"
    return Response(
        xlsx_bytes(rows, "补贴申领清单"),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )
