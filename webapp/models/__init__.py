"""SQLAlchemy 2.0 typed models, one module per area. Import from here."""

from webapp.models.accounts import ApiToken, User
from webapp.models.application import Application, ApplicationEvent
from webapp.models.enterprise import Enterprise
from webapp.models.enums import (
    ApplicationSource,
    ApplicationStatus,
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
from webapp.models.records import AuditLog, SearchOutbox
from webapp.models.seeker import SavedSearch, SeekerProfile

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "ApplicationSource",
    "ApplicationStatus",
    "AuditLog",
    "Education",
    "EmploymentType",
    "Enterprise",
    "JobPost",
    "PayUnit",
    "PostStatus",
    "Role",
    "SavedSearch",
    "SearchOutbox",
    "SeekerProfile",
    "SizeBand",
    "TargetGroup",
    "Tier",
    "User",
    "Verification",
]
