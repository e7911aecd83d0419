"""SQLAlchemy 2.0 typed models, one module per area. Import from here."""

from webapp.fairs.models import ActivityBrand, Fair, FairParticipation, FairPost, FairRegistration
from webapp.hiring.models import ApplicationMessage, ContactExchange, Interview
from webapp.live.models import LiveMessage, LivePostView, LiveSegment, LiveSession, LiveViewer
from webapp.models.accounts import ApiToken, User, UserSession, VerificationCode
from webapp.models.application import Application, ApplicationEvent
from webapp.models.enterprise import Enterprise, EnterpriseDocument
from webapp.models.enums import (
    AccountLabel,
    ApplicationSource,
    ApplicationStatus,
    BrandLevel,
    ClaimStatus,
    ComplaintStatus,
    Education,
    EmploymentType,
    FairMode,
    FairStatus,
    InterviewStatus,
    InvitationStatus,
    LiveStatus,
    ParticipationStatus,
    PayUnit,
    PostStatus,
    QuestionStatus,
    Role,
    SanctionLevel,
    SizeBand,
    TargetGroup,
    Tier,
    Verification,
)
from webapp.models.job import JobPost
from webapp.models.matching import MatchFeedback
from webapp.models.notice import Notice, NotificationSettings, OutboundMessage
from webapp.models.records import AuditLog, ImportJob, SearchOutbox
from webapp.models.seeker import SavedSearch, SeekerProfile
from webapp.subsidies.models import HireRecord, PolicyParameter, PolicyRun, SubsidyClaim, SubsidyRuleVersion
from webapp.talent.models import TalentInvitation
from webapp.trust.models import AbnormalEntity, Complaint, Sanction

__all__ = [
    "AbnormalEntity",
    "AccountLabel",
    "ActivityBrand",
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "ApplicationMessage",
    "ApplicationSource",
    "ApplicationStatus",
    "AuditLog",
    "BrandLevel",
    "ClaimStatus",
    "Complaint",
    "ComplaintStatus",
    "ContactExchange",
    "Education",
    "EmploymentType",
    "Enterprise",
    "EnterpriseDocument",
    "Fair",
    "FairMode",
    "FairParticipation",
    "FairPost",
    "FairRegistration",
    "FairStatus",
    "HireRecord",
    "ImportJob",
    "Interview",
    "InterviewStatus",
    "InvitationStatus",
    "JobPost",
    "LiveMessage",
    "LivePostView",
    "LiveSegment",
    "LiveSession",
    "LiveStatus",
    "LiveViewer",
    "MatchFeedback",
    "Notice",
    "NotificationSettings",
    "OutboundMessage",
    "ParticipationStatus",
    "PayUnit",
    "PolicyParameter",
    "PolicyRun",
    "PostStatus",
    "QuestionStatus",
    "Role",
    "Sanction",
    "SanctionLevel",
    "SavedSearch",
    "SearchOutbox",
    "SeekerProfile",
    "SizeBand",
    "SubsidyClaim",
    "SubsidyRuleVersion",
    "TalentInvitation",
    "TargetGroup",
    "Tier",
    "User",
    "UserSession",
    "Verification",
    "VerificationCode",
]
