"""The live room form (the start time is typed in 北京时间)."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional

from webapp.formkit import ZoneForm, local_datetime


class LiveSessionForm(ZoneForm):
    title = StringField("直播间名称", validators=[DataRequired(message="请填写名称"), Length(max=120)])
    host = StringField("主播", validators=[Optional(), Length(max=60)])
    starts_at = local_datetime("开播时间", required=True)
    hls_url = StringField("直播流地址（HLS .m3u8）", validators=[Optional(), Length(max=500)])
    embed_url = StringField("或：直播平台嵌入地址（https）", validators=[Optional(), Length(max=500)])
