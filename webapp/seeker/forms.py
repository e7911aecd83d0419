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
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from importers.identifiers import is_phone
from webapp.formkit import ZoneForm, choices
from webapp.models import Education, TargetGroup


class ProfileForm(ZoneForm):
    name = StringField("姓名", validators=[DataRequired("请输入姓名"), Length(max=32)])
    phone = StringField("手机号", validators=[DataRequired("请输入手机号")])
    education = SelectField("最高学历", choices=choices(Education.choices()))
    school = StringField("毕业院校", validators=[Optional(), Length(max=100)])
    major = StringField("专业", validators=[Optional(), Length(max=100)])
    graduation_date = DateField("毕业时间", validators=[Optional()])
    desired_titles = StringField("期望职位（用逗号分隔）", validators=[Optional(), Length(max=200)])
    desired_cities = StringField("期望城市（用逗号分隔）", validators=[Optional(), Length(max=200)])
    desired_pay_min = IntegerField(
        "期望月薪下限（元）",
        validators=[Optional(), NumberRange(min=0, max=1_000_000, message="请输入合理的月薪")],
    )
    skills = StringField("技能（用逗号分隔）", validators=[Optional(), Length(max=500)])
    experiences = TextAreaField(
        "工作/实习经历（每行一段，如：2025.07-2025.09 天津某科技公司 数据分析实习生）",
        validators=[Optional(), Length(max=3000)],
    )
    groups = SelectMultipleField(
        "我属于（用于匹配就业见习和扶持政策，可不填）",
        choices=choices(TargetGroup.choices()),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    self_intro = TextAreaField("自我介绍", validators=[Optional(), Length(max=2000)])
    open_to_recommendation = BooleanField("允许招聘企业在“推荐人才”“搜人才”中看到我的脱敏简历并邀请我投递")
    bureau_consent = BooleanField(
        "接受人社部门的就业服务：工作人员可查看我的脱敏简历，邀请我参加招聘会、见习和政策"
    )

    def validate_phone(self, field) -> None:
        if not is_phone(field.data.strip()):
            raise ValidationError("请输入正确的11位手机号")
