"""Forms for fairs and activity brands (times are typed in 北京时间)."""

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.formkit import ZoneForm, choices, local_datetime
from webapp.models import FairMode, TargetGroup
from webapp.reference import INDUSTRIES, place_choices


class CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class FairForm(ZoneForm):
    title = StringField("招聘会名称", validators=[DataRequired(message="请填写名称"), Length(max=120)])
    brand_id = SelectField("活动品牌", validate_choice=False)
    mode = SelectField("形式", choices=choices(FairMode.choices()))
    description = TextAreaField("简介", validators=[Optional(), Length(max=5000)])
    target_groups = CheckboxList("面向群体", choices=choices(TargetGroup.choices()), validate_choice=False)
    industries = CheckboxList("行业", choices=choices(INDUSTRIES.items()), validate_choice=False)
    adcode = SelectField("地区", choices=choices(place_choices(), blank="请选择"), validators=[Optional()])
    venue = StringField("场馆", validators=[Optional(), Length(max=120)])
    address = StringField("地址", validators=[Optional(), Length(max=200)])
    booth_count = IntegerField("展位数", default=0, validators=[Optional(), NumberRange(min=0, max=2000)])
    capacity = IntegerField(
        "求职者报名上限（空 = 不限）", validators=[Optional(), NumberRange(min=1, max=1_000_000)]
    )
    starts_at = local_datetime("开始时间", required=True)
    ends_at = local_datetime("结束时间", required=True)
    enterprise_signup_from = local_datetime("企业报名开始")
    enterprise_signup_until = local_datetime("企业报名截止")
    seeker_signup_from = local_datetime("求职者报名开始")
    seeker_signup_until = local_datetime("求职者报名截止")


class BrandForm(ZoneForm):
    year = IntegerField("年份", validators=[Optional(), NumberRange(min=2020, max=2100)])
    name = StringField("活动名称", validators=[DataRequired(message="请填写名称"), Length(max=100)])
    organizer = StringField("主办单位", validators=[Optional(), Length(max=100)])
    starts_on = DateField("开始日期", validators=[Optional()])
    ends_on = DateField("结束日期", validators=[Optional()])
    period_text = StringField("时间说明", validators=[Optional(), Length(max=60)])
    target_groups = CheckboxList("面向群体", choices=choices(TargetGroup.choices()), validate_choice=False)
    description = TextAreaField("说明", validators=[Optional(), Length(max=2000)])
    active = BooleanField("启用", default=True)
