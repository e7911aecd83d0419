"""Every row that names a person, in one place: what deleting a seeker's account removes or anonymises.

``REFERENCES`` lists every foreign key to ``users.id`` and ``seeker_profiles.id`` with what happens to the
rows that hold it when the person goes: ``DELETE`` (the row is the person's: their résumé, applications,
questions, registrations …) or ``FORGET`` (someone else's record the person only touched, such as an audit
entry or a review they made: the reference is cleared, the record stays). A test fails when a model gains
such a key without an entry here, and another deletes a seeker who has a row in most of these tables and
finds none left pointing at them.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select, update

from webapp.extensions import db
from webapp.live.models import LiveMessage, LivePostView, LiveViewer
from webapp.models import (
    ApiToken,
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ContactExchange,
    FairRegistration,
    Interview,
    MatchFeedback,
    Notice,
    NotificationSettings,
    OutboundMessage,
    SavedSearch,
    SeekerOccupation,
    SeekerProfile,
    TalentInvitation,
    TraineeAgreement,
    User,
    UserSession,
    VerificationCode,
)
from webapp.subsidies.models import HireRecord, SubsidyClaim
from webapp.talent.index import enqueue_resumes

DELETE, FORGET = "delete", "forget"
REFERENCES: dict[tuple[str, str], str] = {
    # the person's own rows
    ("seeker_profiles", "user_id"): DELETE,
    ("api_tokens", "user_id"): DELETE,
    ("user_sessions", "user_id"): DELETE,
    ("saved_searches", "user_id"): DELETE,
    ("notices", "user_id"): DELETE,
    ("applications", "seeker_id"): DELETE,
    ("match_feedback", "seeker_id"): DELETE,
    ("fair_registrations", "seeker_id"): DELETE,
    ("hire_records", "seeker_id"): DELETE,
    ("subsidy_claims", "seeker_id"): DELETE,
    ("live_messages", "user_id"): DELETE,
    ("talent_invitations", "seeker_id"): DELETE,
    ("notification_settings", "user_id"): DELETE,
    ("outbound_messages", "user_id"): DELETE,
    ("seeker_occupations", "seeker_id"): DELETE,  # what they want, derived from their résumé
    ("trainee_agreements", "seeker_id"): DELETE,
    # others' records the person appears in: the reference is cleared, the record stays
    ("live_viewers", "user_id"): FORGET,  # the funnel's count stays; the viewer key is replaced too
    ("application_events", "actor_id"): FORGET,
    ("audit_log", "actor_id"): FORGET,
    ("live_messages", "moderated_by_id"): FORGET,
    ("fair_registrations", "checked_in_by_id"): FORGET,
    ("fair_participations", "decided_by_id"): FORGET,
    ("fairs", "created_by_id"): FORGET,
    ("job_posts", "created_by_id"): FORGET,
    ("job_posts", "reviewed_by_id"): FORGET,
    ("enterprises", "verified_by_id"): FORGET,
    ("enterprises", "specialist_id"): FORGET,
    ("enterprise_documents", "uploaded_by_id"): FORGET,
    ("import_jobs", "created_by_id"): FORGET,
    ("policy_runs", "actor_id"): FORGET,
    ("subsidy_rules", "created_by_id"): FORGET,
    ("talent_invitations", "invited_by_id"): FORGET,
    ("interviews", "proposed_by_id"): FORGET,
    ("application_messages", "sender_id"): FORGET,  # the seeker's messages go with their applications
    ("application_messages", "reported_by_id"): FORGET,
    # a complaint is the bureau's record: the person who filed it is forgotten, the case stays
    ("complaints", "complainant_id"): FORGET,
    ("complaints", "handled_by_id"): FORGET,
    ("sanctions", "created_by_id"): FORGET,
    ("sanctions", "lifted_by_id"): FORGET,
    ("abnormal_entities", "created_by_id"): FORGET,
    ("abnormal_entities", "removed_by_id"): FORGET,
    # 一企一档 and 企业吹哨: the bureau's record of its service to a firm
    ("service_records", "specialist_id"): FORGET,
    ("enterprise_needs", "raised_by_id"): FORGET,
    ("enterprise_needs", "answered_by_id"): FORGET,
    # the bureau's targets: who last changed one is forgotten, the figure stays (the audit log keeps it)
    ("monitoring_targets", "updated_by_id"): FORGET,
    # a published shortage catalogue stays; who published it is in the audit log
    ("shortage_catalogues", "published_by_id"): FORGET,
    # 见习基地 and 协议: who applied, reviewed or signed is forgotten, the records stay
    ("traineeship_bases", "applied_by_id"): FORGET,
    ("traineeship_bases", "reviewed_by_id"): FORGET,
    ("trainee_agreements", "created_by_id"): FORGET,
    # 用工余缺调剂: the firm's declaration and the specialist's placement stay
    ("staffing_declarations", "created_by_id"): FORGET,
    ("sharing_placements", "brokered_by_id"): FORGET,
}


def erase_seeker(user: User) -> None:
    """Remove the seeker's own rows and clear their id from everyone else's, in the caller's transaction."""
    user_id, profile_id = user.id, user.profile.id
    applications = select(Application.id).where(Application.seeker_id == profile_id)
    hires = select(HireRecord.id).where(HireRecord.seeker_id == profile_id)
    s = db.session
    s.execute(
        delete(SubsidyClaim).where((SubsidyClaim.seeker_id == profile_id) | SubsidyClaim.hire_id.in_(hires))
    )
    s.execute(delete(HireRecord).where(HireRecord.seeker_id == profile_id))
    s.execute(delete(ApplicationEvent).where(ApplicationEvent.application_id.in_(applications)))
    s.execute(delete(Interview).where(Interview.application_id.in_(applications)))
    s.execute(delete(ApplicationMessage).where(ApplicationMessage.application_id.in_(applications)))
    s.execute(delete(ContactExchange).where(ContactExchange.application_id.in_(applications)))
    s.execute(delete(Application).where(Application.seeker_id == profile_id))
    s.execute(delete(MatchFeedback).where(MatchFeedback.seeker_id == profile_id))
    s.execute(delete(FairRegistration).where(FairRegistration.seeker_id == profile_id))
    s.execute(delete(TalentInvitation).where(TalentInvitation.seeker_id == profile_id))
    s.execute(delete(LiveMessage).where(LiveMessage.user_id == user_id))
    s.execute(delete(Notice).where(Notice.user_id == user_id))
    s.execute(delete(OutboundMessage).where(OutboundMessage.user_id == user_id))
    s.execute(delete(NotificationSettings).where(NotificationSettings.user_id == user_id))
    s.execute(delete(SavedSearch).where(SavedSearch.user_id == user_id))
    s.execute(delete(SeekerOccupation).where(SeekerOccupation.seeker_id == profile_id))
    s.execute(delete(TraineeAgreement).where(TraineeAgreement.seeker_id == profile_id))
    s.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
    s.execute(delete(UserSession).where(UserSession.user_id == user_id))
    phones = {user.account, user.profile.phone}
    s.execute(delete(VerificationCode).where(VerificationCode.phone.in_(phones)))
    # Live-room counts keep the visit, not who it was: one new random key stands for this person everywhere.
    key, anonymous = f"u{user_id}", f"x{secrets.token_hex(8)}"
    s.execute(update(LiveViewer).where(LiveViewer.viewer_key == key).values(viewer_key=anonymous))
    s.execute(update(LivePostView).where(LivePostView.viewer_key == key).values(viewer_key=anonymous))
    for (table, column), action in REFERENCES.items():
        if action == FORGET:
            target = db.metadata.tables[table]
            value = profile_id if _points_at(table, column) == "seeker_profiles" else user_id
            s.execute(update(target).where(target.c[column] == value).values({column: None}))
    s.execute(delete(SeekerProfile).where(SeekerProfile.id == profile_id))
    enqueue_resumes([profile_id])  # a bulk delete passes by the outbox hook: the résumé leaves the index
    s.execute(delete(User).where(User.id == user_id))


def _points_at(table: str, column: str) -> str:
    (fk,) = db.metadata.tables[table].c[column].foreign_keys
    return fk.column.table.name
