"""Domain vocabularies. Values are stable English codes; ``label`` is the Chinese shown to users."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa


class Labeled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[(type(self), self.value)]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class Role(Labeled):
    SEEKER = "seeker"
    ENTERPRISE = "enterprise"
    ORGANIZER = "organizer"
    SPECIALIST = "specialist"
    ADMIN = "admin"


class Tier(Labeled):
    NONE = "none"
    INNOVATIVE = "innovative"  # 创新型中小企业
    SPECIALIZED = "specialized"  # 专精特新中小企业
    LITTLE_GIANT = "little_giant"  # 专精特新"小巨人"企业


class SizeBand(Labeled):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class Verification(Labeled):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class PostStatus(Labeled):
    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    CLOSED = "closed"


class PayUnit(Labeled):
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    NEGOTIABLE = "negotiable"


class Education(Labeled):
    ANY = "any"
    JUNIOR = "junior"
    SENIOR = "senior"  # 高中/中专/技校
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTOR = "doctor"

    @property
    def rank(self) -> int:
        return list(Education).index(self)


class EmploymentType(Labeled):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    INTERNSHIP = "internship"
    TRAINEESHIP = "traineeship"  # 就业见习


class TargetGroup(Labeled):
    GRADUATE = "graduate"
    VETERAN = "veteran"
    MIGRANT = "migrant"
    DIFFICULTY = "difficulty"
    UNEMPLOYED = "unemployed"
    RURAL = "rural"


class ApplicationStatus(Labeled):
    SUBMITTED = "submitted"
    VIEWED = "viewed"
    INTERVIEW = "interview"
    UNSUITABLE = "unsuitable"
    HIRED = "hired"
    WITHDRAWN = "withdrawn"


class ApplicationSource(Labeled):
    SEARCH = "search"
    RECOMMENDATION = "recommendation"
    FAIR = "fair"
    LIVE = "live"
    API = "api"
    INVITATION = "invitation"  # a firm's 邀请投递, answered from 我的邀请


class ClaimStatus(Labeled):
    FOUND = "found"  # qualifies, not yet told
    NOTIFIED = "notified"
    CLAIMED = "claimed"
    PAID = "paid"


class FairMode(Labeled):
    OFFLINE = "offline"
    ONLINE = "online"
    LIVE = "live"
    HYBRID = "hybrid"


class FairStatus(Labeled):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class ParticipationStatus(Labeled):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class BrandLevel(Labeled):
    NATIONAL = "national"
    LOCAL = "local"


class LiveStatus(Labeled):
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"


class QuestionStatus(Labeled):
    PENDING = "pending"
    SHOWN = "shown"
    ANSWERED = "answered"
    HIDDEN = "hidden"


class InvitationStatus(Labeled):
    SENT = "sent"
    APPLIED = "applied"
    DECLINED = "declined"


class InterviewStatus(Labeled):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    RESCHEDULE = "reschedule"  # the seeker asked for another time
    DECLINED = "declined"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class ComplaintStatus(Labeled):
    OPEN = "open"
    UPHELD = "upheld"  # found true and handled (a sanction, or the post corrected)
    DISMISSED = "dismissed"


class ContactKind(Labeled):
    """How a 服务专员 was in touch with a firm (一企一档)."""

    VISIT = "visit"
    CALL = "call"
    MEETING = "meeting"
    MESSAGE = "message"


class NeedKind(Labeled):
    """What a firm asks for when it 吹哨."""

    PEOPLE = "people"
    TRAINING = "training"
    POLICY = "policy"
    FAIR = "fair"
    OTHER = "other"


class NeedStatus(Labeled):
    OPEN = "open"
    ANSWERED = "answered"  # the specialist responded and acted
    CLOSED = "closed"  # the firm confirmed it was met, or it was withdrawn


class BaseStatus(Labeled):
    """A 就业见习基地's recognition by the bureau."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVOKED = "revoked"


class AgreementStatus(Labeled):
    """Where a 就业见习协议 stands."""

    ACTIVE = "active"  # in the traineeship
    RETAINED = "retained"  # 留用: the firm kept the trainee on
    COMPLETED = "completed"  # ran its term, not kept
    ENDED = "ended"  # ended early, not kept


class SharingKind(Labeled):
    """用工余缺调剂: a firm with people to spare, or one short of them."""

    SURPLUS = "surplus"
    SHORTAGE = "shortage"


class PlacementStatus(Labeled):
    AGREED = "agreed"  # both firms agreed through the specialist
    PLACED = "placed"  # the workers started
    ENDED = "ended"  # the sharing ran out or was ended


class SanctionLevel(Labeled):
    """The 2026 notice's graded handling, mildest first."""

    WARNING = "warning"
    THROTTLE = "throttle"  # a posting limit for a period
    TAKEDOWN = "takedown"  # posts taken down
    CLOSURE = "closure"  # the account closed; its identifiers go on the abnormal-entity list


class AccountLabel(Labeled):
    """What kind of recruiter an enterprise account is (2026 notice: shown on every post)."""

    EMPLOYER = "employer"  # 用人单位
    PUBLIC = "public"  # 公共就业服务机构
    AGENCY = "agency"  # 经营性人力资源服务机构


# Members of different enums can share a value ("live", "rejected"): as str-enums they would collide as dict
# keys, so labels are written as (member, text) pairs and looked up by (enum class, value).
class SkillLevel(Labeled):
    """国家职业资格 / 职业技能等级 of a hire; 高级工 and above are 高技能人才."""

    NONE = "none"
    JUNIOR = "junior"  # 五级 / 初级工
    INTERMEDIATE = "intermediate"  # 四级 / 中级工
    SENIOR = "senior"  # 三级 / 高级工
    TECHNICIAN = "technician"  # 二级 / 技师
    SENIOR_TECHNICIAN = "senior_technician"  # 一级 / 高级技师


HIGH_SKILL_LEVELS = (SkillLevel.SENIOR, SkillLevel.TECHNICIAN, SkillLevel.SENIOR_TECHNICIAN)


class TitleLevel(Labeled):
    """专业技术职称 of a hire; 副高级 and 正高级 are the senior titles the 江苏 targets count."""

    NONE = "none"
    JUNIOR = "junior"  # 初级（员级、助理级）
    INTERMEDIATE = "intermediate"  # 中级
    ASSOCIATE_SENIOR = "associate_senior"  # 副高级
    SENIOR = "senior"  # 正高级


SENIOR_TITLE_LEVELS = (TitleLevel.ASSOCIATE_SENIOR, TitleLevel.SENIOR)


class TargetMetric(Labeled):
    INSURED_HIRES = "insured_hires"
    GRADUATE_SHARE = "graduate_share"
    HIGH_SKILL_SHARE = "high_skill_share"
    SENIOR_TITLE_SHARE = "senior_title_share"
    FAIRS = "fairs"
    POSTS = "posts"


LABELS: list[tuple[Labeled, str]] = [
    (Role.SEEKER, "求职者"),
    (Role.ENTERPRISE, "企业用户"),
    (Role.ORGANIZER, "组织方（人社局）"),
    (Role.SPECIALIST, "人社服务专员"),
    (Role.ADMIN, "管理员"),
    (Tier.NONE, "其他企业"),
    (Tier.INNOVATIVE, "创新型中小企业"),
    (Tier.SPECIALIZED, "专精特新中小企业"),
    (Tier.LITTLE_GIANT, "专精特新“小巨人”企业"),
    (SizeBand.MICRO, "微型"),
    (SizeBand.SMALL, "小型"),
    (SizeBand.MEDIUM, "中型"),
    (SizeBand.LARGE, "大型"),
    (Verification.PENDING, "待审核"),
    (Verification.VERIFIED, "已认证"),
    (Verification.REJECTED, "未通过"),
    (PostStatus.DRAFT, "草稿"),
    (PostStatus.PENDING, "待审核"),
    (PostStatus.PUBLISHED, "已发布"),
    (PostStatus.REJECTED, "已驳回"),
    (PostStatus.CLOSED, "已关闭"),
    (PayUnit.MONTH, "月薪"),
    (PayUnit.DAY, "日薪"),
    (PayUnit.HOUR, "时薪"),
    (PayUnit.NEGOTIABLE, "面议"),
    (Education.ANY, "学历不限"),
    (Education.JUNIOR, "初中及以下"),
    (Education.SENIOR, "高中/中专"),
    (Education.ASSOCIATE, "大专"),
    (Education.BACHELOR, "本科"),
    (Education.MASTER, "硕士"),
    (Education.DOCTOR, "博士"),
    (EmploymentType.FULL_TIME, "全职"),
    (EmploymentType.PART_TIME, "兼职"),
    (EmploymentType.INTERNSHIP, "实习"),
    (EmploymentType.TRAINEESHIP, "就业见习"),
    (TargetGroup.GRADUATE, "高校毕业生"),
    (TargetGroup.VETERAN, "退役军人"),
    (TargetGroup.MIGRANT, "农民工"),
    (TargetGroup.DIFFICULTY, "就业困难人员"),
    (TargetGroup.UNEMPLOYED, "登记失业人员"),
    (TargetGroup.RURAL, "农村劳动力"),
    (ApplicationStatus.SUBMITTED, "已投递"),
    (ApplicationStatus.VIEWED, "被查看"),
    (ApplicationStatus.INTERVIEW, "邀面试"),
    (ApplicationStatus.UNSUITABLE, "不合适"),
    (ApplicationStatus.HIRED, "录用"),
    (ApplicationStatus.WITHDRAWN, "已撤回"),
    (ApplicationSource.SEARCH, "搜索"),
    (ApplicationSource.RECOMMENDATION, "推荐"),
    (ApplicationSource.FAIR, "招聘会"),
    (ApplicationSource.LIVE, "直播带岗"),
    (ApplicationSource.API, "开放接口"),
    (ApplicationSource.INVITATION, "企业邀请"),
    (ClaimStatus.FOUND, "待告知"),
    (ClaimStatus.NOTIFIED, "已告知"),
    (ClaimStatus.CLAIMED, "已申领"),
    (ClaimStatus.PAID, "已发放"),
    (FairMode.OFFLINE, "线下"),
    (FairMode.ONLINE, "网络"),
    (FairMode.LIVE, "直播"),
    (FairMode.HYBRID, "线上线下混合"),
    (FairStatus.DRAFT, "未发布"),
    (FairStatus.PUBLISHED, "已发布"),
    (FairStatus.CANCELLED, "已取消"),
    (ParticipationStatus.PENDING, "待审核"),
    (ParticipationStatus.APPROVED, "已通过"),
    (ParticipationStatus.REJECTED, "未通过"),
    (ParticipationStatus.WITHDRAWN, "已退出"),
    (BrandLevel.NATIONAL, "全国"),
    (BrandLevel.LOCAL, "地方"),
    (LiveStatus.SCHEDULED, "未开始"),
    (LiveStatus.LIVE, "直播中"),
    (LiveStatus.ENDED, "已结束"),
    (QuestionStatus.PENDING, "待审核"),
    (QuestionStatus.SHOWN, "已展示"),
    (QuestionStatus.ANSWERED, "已回答"),
    (QuestionStatus.HIDDEN, "已隐藏"),
    (InvitationStatus.SENT, "待回复"),
    (InvitationStatus.APPLIED, "已投递"),
    (InvitationStatus.DECLINED, "已婉拒"),
    (InterviewStatus.PROPOSED, "待确认"),
    (InterviewStatus.ACCEPTED, "已确认"),
    (InterviewStatus.RESCHEDULE, "求职者申请改期"),
    (InterviewStatus.DECLINED, "求职者已婉拒"),
    (InterviewStatus.CANCELLED, "已取消"),
    (InterviewStatus.ATTENDED, "已到场"),
    (InterviewStatus.NO_SHOW, "未到场"),
    (ContactKind.VISIT, "走访"),
    (ContactKind.CALL, "电话"),
    (ContactKind.MEETING, "座谈/会议"),
    (ContactKind.MESSAGE, "线上沟通"),
    (SharingKind.SURPLUS, "富余员工"),
    (SharingKind.SHORTAGE, "缺工"),
    (PlacementStatus.AGREED, "已达成"),
    (PlacementStatus.PLACED, "已到岗"),
    (PlacementStatus.ENDED, "已结束"),
    (BaseStatus.PENDING, "待认定"),
    (BaseStatus.APPROVED, "已认定"),
    (BaseStatus.REJECTED, "未通过"),
    (BaseStatus.REVOKED, "已撤销"),
    (AgreementStatus.ACTIVE, "见习中"),
    (AgreementStatus.RETAINED, "已留用"),
    (AgreementStatus.COMPLETED, "期满未留用"),
    (AgreementStatus.ENDED, "提前结束"),
    (NeedKind.PEOPLE, "招人（推荐人才）"),
    (NeedKind.TRAINING, "培训"),
    (NeedKind.POLICY, "政策咨询与申领"),
    (NeedKind.FAIR, "招聘会展位"),
    (NeedKind.OTHER, "其他"),
    (NeedStatus.OPEN, "待响应"),
    (NeedStatus.ANSWERED, "已响应"),
    (NeedStatus.CLOSED, "已办结"),
    (ComplaintStatus.OPEN, "待处理"),
    (ComplaintStatus.UPHELD, "属实，已处理"),
    (ComplaintStatus.DISMISSED, "不成立"),
    (SanctionLevel.WARNING, "警告"),
    (SanctionLevel.THROTTLE, "限制发布"),
    (SanctionLevel.TAKEDOWN, "下架岗位"),
    (SanctionLevel.CLOSURE, "关闭账号"),
    (AccountLabel.EMPLOYER, "用人单位"),
    (AccountLabel.PUBLIC, "公共招聘"),
    (AccountLabel.AGENCY, "人力资源服务机构"),
    (SkillLevel.NONE, "无"),
    (SkillLevel.JUNIOR, "初级工（五级）"),
    (SkillLevel.INTERMEDIATE, "中级工（四级）"),
    (SkillLevel.SENIOR, "高级工（三级）"),
    (SkillLevel.TECHNICIAN, "技师（二级）"),
    (SkillLevel.SENIOR_TECHNICIAN, "高级技师（一级）"),
    (TitleLevel.NONE, "无"),
    (TitleLevel.JUNIOR, "初级"),
    (TitleLevel.INTERMEDIATE, "中级"),
    (TitleLevel.ASSOCIATE_SENIOR, "副高级"),
    (TitleLevel.SENIOR, "正高级"),
    (TargetMetric.INSURED_HIRES, "专精特新企业吸纳就业参保人数"),
    (TargetMetric.GRADUATE_SHARE, "其中高校毕业生占比"),
    (TargetMetric.HIGH_SKILL_SHARE, "其中高技能人才占比"),
    (TargetMetric.SENIOR_TITLE_SHARE, "其中副高级以上专业技术人才占比"),
    (TargetMetric.FAIRS, "举办专精特新专场招聘会"),
    (TargetMetric.POSTS, "发布岗位信息"),
]
_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in LABELS}


def enum_column(enum_cls: type[Labeled]) -> sa.Enum:
    """A portable VARCHAR column type storing the enum's value (no native DB enum to migrate)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=24,
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )
