"""SQLAlchemy 2.0 typed models, one module per area. Import from here."""

from webapp.models.accounts import ApiToken, User
from webapp.models.application import Application, ApplicationEvent
from webapp.models.enterprise import Enterprise, EnterpriseDocument
from webapp.models.enums import (
    ApplicationSource,
    ApplicationStatus,
    ClaimStatus,
    Education,
    EmploymentType,
    PayUnit,
    PostStatus,
    Role,
    SizeBand,
    TargetGroup,
    Tier,
    Verification,
)
from webapp.models.job import JobPost
from webapp.models.matching import MatchFeedback
from webapp.models.policy import (
    HireRecord,
    Notice,
    PolicyParameter,
    PolicyRun,
    SubsidyClaim,
    SubsidyRuleVersion,
)
from webapp.models.records import AuditLog, ImportJob, SearchOutbox
from webapp.models.seeker import SavedSearch, SeekerProfile

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "ApplicationSource",
    "ApplicationStatus",
    "AuditLog",
    "ClaimStatus",
    "Education",
    "EmploymentType",
    "Enterprise",
    "EnterpriseDocument",
    "HireRecord",
    "ImportJob",
    "JobPost",
    "MatchFeedback",
    "Notice",
    "PayUnit",
    "PolicyParameter",
    "PolicyRun",
    "PostStatus",
    "Role",
    "SavedSearch",
    "SearchOutbox",
    "SeekerProfile",
    "SizeBand",
    "SubsidyClaim",
    "SubsidyRuleVersion",
    "TargetGroup",
    "Tier",
    "User",
    "Verification",
]
