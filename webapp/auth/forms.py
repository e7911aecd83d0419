from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from importers.identifiers import is_phone, uscc_error
from webapp.formkit import ZoneForm


def phone_number(form, field) -> None:
    if not is_phone(field.data.strip()):
        raise ValidationError("请输入正确的11位手机号")


class LoginForm(ZoneForm):
    account = StringField("手机号/账号", validators=[DataRequired("请输入手机号或账号"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=128)])


class SeekerRegistrationForm(ZoneForm):
    name = StringField("姓名", validators=[DataRequired("请输入姓名"), Length(max=32)])
    phone = StringField("手机号", validators=[DataRequired("请输入手机号"), phone_number])
    code = StringField("短信验证码", validators=[DataRequired("请输入短信验证码"), Length(max=6)])
    password = PasswordField(
        "密码", validators=[DataRequired("请设置密码"), Length(min=8, max=128, message="密码至少8位")]
    )
    confirm = PasswordField("确认密码", validators=[EqualTo("password", message="两次输入的密码不一致")])


class EnterpriseRegistrationForm(SeekerRegistrationForm):
    name = StringField("经办人姓名", validators=[DataRequired("请输入经办人姓名"), Length(max=32)])
    enterprise_name = StringField("企业名称", validators=[DataRequired("请输入企业名称"), Length(max=128)])
    credit_code = StringField(
        "统一社会信用代码", validators=[DataRequired("请输入统一社会信用代码"), Length(max=24)]
    )

    def validate_credit_code(self, field) -> None:
        error = uscc_error(field.data)
        if error:
            raise ValidationError(error)


class NewPasswordForm(ZoneForm):
    """A new password typed twice (changing it, or resetting it with a 验证码)."""

    new = PasswordField(
        "新密码（至少8位）",
        validators=[DataRequired("请输入新密码"), Length(min=8, max=128, message="新密码8到128位")],
    )
    confirm = PasswordField(
        "再次输入新密码",
        validators=[DataRequired("请再次输入新密码"), EqualTo("new", message="两次输入的新密码不一致")],
    )


class PasswordChangeForm(NewPasswordForm):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码"), Length(max=128)])


class PasswordResetForm(NewPasswordForm):
    phone = StringField("手机号", validators=[DataRequired("请输入注册时的手机号"), phone_number])
    code = StringField("短信验证码", validators=[DataRequired("请输入短信验证码"), Length(max=6)])
