"""What a person reads instead of stored codes: enum values as their Chinese labels, lists joined, no "None".

Used by organizer screens that show records as data (the import preview) and by the audit log, whose actions
and subjects are stored as stable English codes and shown with the labels below.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from webapp.beijing import to_local
from webapp.models.enums import (
    Education,
    EmploymentType,
    PayUnit,
    SizeBand,
    TargetGroup,
    Tier,
)

FIELD_ENUMS = {
    "education": Education,
    "employment_type": EmploymentType,
    "pay_unit": PayUnit,
    "company_size": SizeBand,
    "size_band": SizeBand,
    "tier": Tier,
    "target_groups": TargetGroup,
    "groups": TargetGroup,
}


def _label(enum_cls, value: Any) -> str:
    try:
        return enum_cls(value).label
    except ValueError:
        return str(value)


def field_value(field: str, value: Any) -> str:
    """A record's value as a person reads it: 本科 for bachelor, 全职 for full_time, "" for None."""
    if value is None or value == "" or value == []:
        return ""
    enum_cls = FIELD_ENUMS.get(field)
    if isinstance(value, list | tuple | set):
        return "、".join(field_value(field, v) for v in value if v not in (None, ""))
    if enum_cls is not None:
        return _label(enum_cls, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return f"{to_local(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def duration(seconds: float) -> str:
    """How long, as people say it: 12 秒, 3 分钟, 2 小时 5 分钟, 3 天."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} 秒"
    if seconds < 3600:
        return f"{seconds // 60} 分钟"
    if seconds < 86400:
        hours, minutes = divmod(seconds // 60, 60)
        return f"{hours} 小时" + (f" {minutes} 分钟" if minutes else "")
    return f"{seconds // 86400} 天"


def facet_items(name: str, counts: dict[str, int]) -> list[tuple[str, int]]:
    """A facet's values in the order people compare them: pay bands and education levels low to high,
    everything else most common first."""
    from webapp.pay import PAY_BANDS

    scales = {"pay_band": PAY_BANDS, "education": [e.label for e in Education]}
    if name in scales:
        rank = {label: i for i, label in enumerate(scales[name])}
        return sorted(counts.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


ACTIONS = {
    "add_live_segment": "添加直播企业时段",
    "add_member": "添加企业成员",
    "assign_specialist": "指派服务专员",
    "service_record": "记入一企一档",
    "raise_need": "提出企业需求",
    "answer_need": "答复企业需求",
    "auto_close_posts": "到期自动下线岗位",
    "change_password": "修改密码",
    "reset_password": "找回密码（短信验证码）",
    "compliance_override": "合规提示确认后提交",
    "delete_account": "注销账号",
    "export_applicants": "导出投递名单",
    "export_claims": "导出补贴申领清单",
    "export_fair_report": "导出招聘会报告",
    "export_import_report": "导出导入报告",
    "export_import_errors": "导出待修正的导入行",
    "export_own_data": "导出本人数据",
    "fair_approve": "通过企业参会申请",
    "fair_booth": "分配展位",
    "fair_cancelled": "取消招聘会",
    "fair_check_in": "现场签到",
    "fair_draft": "招聘会转为草稿",
    "fair_published": "发布招聘会",
    "fair_reject": "驳回企业参会申请",
    "fair_signup": "企业报名参会",
    "fair_withdraw": "企业撤回参会",
    "hire_record_save": "保存录用信息",
    "import": "批量导入",
    "live_end": "结束直播",
    "live_start": "开始直播",
    "policy_claim_status": "更新补贴申领状态",
    "policy_find": "政策找人",
    "policy_notify": "发送政策告知",
    "policy_rule_edit": "修改补贴规则",
    "reject_enterprise": "驳回企业认证",
    "report_message": "举报消息",
    "view_conversation": "查看被举报的沟通",
    "remove_member": "移除企业成员",
    "save_brand": "保存活动品牌",
    "save_fair": "保存招聘会",
    "save_live_session": "保存直播间",
    "talent_fair_invite": "人才库邀请参会",
    "talent_invite": "邀请投递",
    "talent_search": "企业搜人才",
    "talent_search_bureau": "查询求职者",
    "talent_view": "企业查看人才",
    "talent_view_bureau": "查看求职者",
    "transfer_owner": "转让企业管理员",
    "upload_document": "上传认证材料",
    "verify_enterprise": "通过企业认证",
    "view_document": "查看认证材料",
    "view_resume": "查看简历",
    "account_label": "设置账号类型",
    "complaint_file": "提交举报",
    "complaint_upheld": "举报属实结案",
    "complaint_dismissed": "举报不成立结案",
    "complaint_review": "多人举报转人工复核",
    "view_complaint_evidence": "查看举报证据",
    "sanction_warning": "违规处理：警告",
    "sanction_throttle": "违规处理：限制发布",
    "sanction_takedown": "违规处理：下架岗位",
    "sanction_closure": "违规处理：关闭账号",
    "sanction_lift": "撤销违规处理",
    "sanction_appeal": "企业申诉",
    "blocklist_add": "列入异常名录",
    "blocklist_remove": "移出异常名录",
    "blocklist_stop": "异常名录拦截注册",
    "target_set": "设定监测目标",
    "target_remove": "删除监测目标",
    "target_seed": "载入监测目标",
    "export_target_records": "导出目标监测的记录",
    "shortage_publish": "发布急需紧缺职业目录",
    "shortage_withdraw": "撤回急需紧缺职业目录",
    "traineeship_base_apply": "申请就业见习基地",
    "traineeship_base_approve": "认定就业见习基地",
    "traineeship_base_reject": "不予认定就业见习基地",
    "traineeship_base_revoke": "撤销就业见习基地",
    "trainee_agreement_sign": "签订见习协议",
    "trainee_agreement_end": "记录见习结果",
    "trainee_retention_confirm": "确认留用在岗情况",
    "sharing_declare": "登记用工余缺",
    "sharing_close": "关闭用工余缺登记",
    "sharing_place": "记录用工调剂",
    "sharing_status": "更新用工调剂状态",
}

SUBJECTS = {
    "account": "账号",
    "activity_brand": "活动品牌",
    "application": "投递",
    "abnormal_entity": "异常名录条目",
    "application_message": "沟通消息",
    "complaint": "举报",
    "enterprise": "企业",
    "enterprises": "企业",
    "fair": "招聘会",
    "fair_participation": "参会申请",
    "fair_registration": "求职者报名",
    "hire_records": "录用记录",
    "import_job": "导入任务",
    "job_post": "岗位",
    "live_session": "直播间",
    "policy_run": "政策找人批次",
    "posts": "岗位",
    "seeker_profile": "简历",
    "seekers": "求职者",
    "sharing_placement": "用工调剂",
    "shortage_catalogue": "急需紧缺职业目录",
    "staffing_declaration": "用工余缺登记",
    "subsidy_claim": "补贴申领",
    "subsidy_rule": "补贴规则",
    "talent_pool": "人才库",
    "target": "监测目标",
    "traineeship_base": "就业见习基地",
    "user": "用户",
}


def audit_action(code: str) -> str:
    return ACTIONS.get(code, code)


def audit_subject(kind: str, subject_id: int | None) -> str:
    """岗位 #12; a batch (no single id) is just its kind: 批量导入 of 岗位."""
    label = SUBJECTS.get(kind, kind)
    return f"{label} #{subject_id}" if subject_id is not None else label


DOCUMENT_KINDS = {
    "licence": "营业执照",
    "tier_evidence": "梯度认定证明",
    "authorisation": "委托招聘授权书",
}


# Facet names on the search page, in the order shown.
FACET_TITLES = {
    "city": "城市",
    "district": "区县",
    "industry": "行业",
    "tier": "企业梯度",
    "education": "学历要求",
    "experience": "经验要求",
    "pay_band": "月薪",
    "employment_type": "工作性质",
    "target_groups": "面向群体",
    "fair": "招聘会",
    "shortage": "急需紧缺职业",
}
