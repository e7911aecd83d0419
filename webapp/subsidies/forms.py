"""Forms shared by the 政策计算器 pages: the facts about a person and a hire that subsidy rules test.

The enterprise (hire records, hypothetical hires) and seeker (own support) areas both use them, so they live
beside ``formkit`` rather than in one blueprint.
"""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, widgets
from wtforms.validators import NumberRange, Optional

from webapp.formkit import ZoneForm, choices
from webapp.models import SkillLevel, TitleLevel
from webapp.subsidies.services import CERTIFICATES, POLICY_GROUPS, SECTORS

CHECKBOXES = {"option_widget": widgets.CheckboxInput(), "widget": widgets.ListWidget(prefix_label=False)}
MONTHS = [Optional(), NumberRange(min=0, max=600, message="请输入0到600之间的月数")]


class PersonFactsForm(ZoneForm):
    """Facts about a person; blank means "unknown" (the calculator then says what to add)."""

    groups = SelectMultipleField("人员类别", choices=choices((g, g) for g in POLICY_GROUPS), **CHECKBOXES)
    gender = SelectField("性别", default="", choices=choices([("男", "男"), ("女", "女")], blank="未填写"))
    age = IntegerField(
        "年龄", validators=[Optional(), NumberRange(min=14, max=80, message="年龄应在14到80岁")]
    )
    graduation_date = DateField("毕业时间", validators=[Optional()])
    registered_unemployed_months = IntegerField("登记失业时长（月）", validators=MONTHS)
    local_hukou = BooleanField("本市户籍")
    local_graduate = BooleanField("本市高校毕业生")

    PERSON_FIELDS = (
        "groups",
        "gender",
        "age",
        "graduation_date",
        "registered_unemployed_months",
        "local_hukou",
        "local_graduate",
    )

    def person_facts(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.PERSON_FIELDS:
            value = getattr(self, name).data
            if value in (None, "", []) or value is False:
                continue
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return out

    def fill_person(self, facts: dict[str, Any]) -> None:
        from datetime import date

        for name in self.PERSON_FIELDS:
            if name in facts:
                value = facts[name]
                if name == "graduation_date" and isinstance(value, str):
                    value = date.fromisoformat(value)
                getattr(self, name).data = value


class HireFactsForm(PersonFactsForm):
    """A hire: the person plus contract, insurance and traineeship."""

    contract_months = IntegerField("劳动合同期限（月）", default=12, validators=MONTHS)
    insured_months = IntegerField("已缴纳社会保险（月）", default=0, validators=MONTHS)
    employment_type = SelectField(
        "用工形式", default="全职", choices=choices([("全职", "全职"), ("就业见习", "就业见习")])
    )
    traineeship_months = IntegerField("见习期（月）", validators=MONTHS)
    served_traineeship_months = IntegerField("已见习（月）", validators=MONTHS)
    retained = BooleanField("见习后留用")
    apprentice_certificate = SelectField(
        "学徒培训取得证书", default="", choices=choices(((c, c) for c in CERTIFICATES), blank="无")
    )
    start_date = DateField("入职日期", validators=[Optional()])
    # what the bureau's targets count, not what subsidy rules test (so not among HIRE_FIELDS)
    skill_level = SelectField(
        "职业技能等级", default=SkillLevel.NONE.value, choices=choices(SkillLevel.choices())
    )
    title_level = SelectField(
        "专业技术职称", default=TitleLevel.NONE.value, choices=choices(TitleLevel.choices())
    )

    HIRE_FIELDS = (
        "contract_months",
        "insured_months",
        "employment_type",
        "traineeship_months",
        "served_traineeship_months",
        "retained",
        "apprentice_certificate",
    )

    def hire_facts(self) -> dict[str, Any]:
        out = self.person_facts()
        for name in self.HIRE_FIELDS:
            value = getattr(self, name).data
            if value not in (None, ""):
                out[name] = value
        return out


class HypotheticalHireForm(HireFactsForm):
    class Meta:
        csrf = False  # a GET form that changes nothing


class SeekerPolicyForm(PersonFactsForm):
    adcode = SelectField("所在区", choices=[])
    in_training = BooleanField("正在参加补贴类职业培训")
    flexible_employment = BooleanField("从事个体经营或灵活就业")
    starting_business = BooleanField("准备在本区创业")
    first_business = BooleanField("首次创办企业")
    employed = BooleanField("在职职工")
    credential = SelectField(
        "在职期间新取得",
        default="",
        choices=choices([("学历", "学历"), ("职称", "职称"), ("技能证书", "技能证书")], blank="无"),
    )

    EXTRA = (
        "in_training",
        "flexible_employment",
        "starting_business",
        "first_business",
        "employed",
        "credential",
    )

    def facts(self) -> dict[str, Any]:
        out = self.person_facts()
        for name in self.EXTRA:
            value = getattr(self, name).data
            if value not in (None, "", False):
                out[name] = value
        return out


class EnterprisePolicyForm(ZoneForm):
    employees = IntegerField("在职职工人数", validators=[Optional(), NumberRange(min=0, max=1_000_000)])
    sectors = SelectMultipleField("企业类型", choices=choices((s, s) for s in SECTORS), **CHECKBOXES)
