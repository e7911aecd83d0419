from datetime import timedelta

from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp import beijing
from webapp.formkit import ZoneForm, choices
from webapp.models import Education, EmploymentType, PayUnit, SizeBand, TargetGroup, Tier
from webapp.reference import INDUSTRIES, place_choices


class EnterpriseProfileForm(ZoneForm):
    name = StringField("企业名称", validators=[DataRequired("请输入企业名称"), Length(max=128)])
    tier = SelectField("企业梯度", choices=choices(Tier.choices()))
    industry_code = SelectField("所属行业（GB/T 4754）", choices=choices(INDUSTRIES.items(), blank="请选择"))
    adcode = SelectField("所在地区", choices=choices(place_choices(), blank="请选择"))
    address = StringField("详细地址", validators=[Optional(), Length(max=200)])
    size_band = SelectField("企业规模", choices=choices(SizeBand.choices()))
    introduction = TextAreaField("企业简介", validators=[Optional(), Length(max=3000)])
    # 公共招聘 is set by organizers (a bureau's own account); a firm says whether it is an agency.
    account_label = SelectField(
        "账号类型",
        choices=choices(
            [("employer", "用人单位（只发布本单位岗位）"), ("agency", "人力资源服务机构（代招）")]
        ),
    )
    agency_licence_no = StringField(
        "人力资源服务许可证编号（人力资源服务机构填写）", validators=[Optional(), Length(max=64)]
    )
    agency_fees = TextAreaField(
        "收费项目与标准（人力资源服务机构填写，向用人单位收取）", validators=[Optional(), Length(max=2000)]
    )


class PostForm(ZoneForm):
    title = StringField("岗位名称", validators=[DataRequired("请填写岗位名称"), Length(max=100)])
    description = TextAreaField(
        "工作内容",
        validators=[DataRequired("请填写工作内容"), Length(min=10, max=5000, message="工作内容10到5000字")],
    )
    requirements = TextAreaField("任职要求", validators=[DataRequired("请填写任职要求"), Length(max=5000)])
    skills = StringField("技能关键词（用逗号分隔）", validators=[Optional(), Length(max=300)])
    adcode = SelectField(
        "工作地点",
        choices=choices(place_choices(), blank="请选择"),
        validators=[DataRequired("请选择工作地点")],
    )
    address = StringField("详细地址", validators=[Optional(), Length(max=200)])
    pay_unit = SelectField("薪酬方式", choices=choices(PayUnit.choices()))
    pay_min = IntegerField(
        "最低（元）", validators=[Optional(), NumberRange(min=1, max=10_000_000, message="请输入合理的金额")]
    )
    pay_max = IntegerField(
        "最高（元）", validators=[Optional(), NumberRange(min=1, max=10_000_000, message="请输入合理的金额")]
    )
    pay_months = IntegerField(
        "每年发薪月数", default=12, validators=[NumberRange(min=1, max=24, message="1到24个月")]
    )
    education = SelectField("学历要求", choices=choices(Education.choices()))
    experience_min_years = IntegerField(
        "最少工作年限", default=0, validators=[Optional(), NumberRange(min=0, max=40)]
    )
    experience_max_years = IntegerField(
        "最多工作年限（可空）", validators=[Optional(), NumberRange(min=0, max=40)]
    )
    headcount = IntegerField(
        "招聘人数（空为“若干”）",
        validators=[Optional(), NumberRange(min=1, max=10000, message="招聘人数应为正整数")],
    )
    employment_type = SelectField("工作性质", choices=choices(EmploymentType.choices()))
    target_groups = SelectMultipleField(
        "面向群体",
        choices=choices(TargetGroup.choices()),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    client_name = StringField("委托招聘的用人单位", validators=[Optional(), Length(max=128)])
    client_authorisation_id = SelectField("委托招聘授权书", coerce=int, choices=[], validate_choice=False)
    valid_until = DateField(
        "有效期至",
        default=lambda: beijing.today() + timedelta(days=60),
        validators=[DataRequired("请选择有效期")],
    )
