"""Supervision owns the organisation (regions, PDUs, teams, staff), the case record and its contacts."""

from supervision.models.access import CaseAccessLimit
from supervision.models.allegations import (
    Allegation,
    AllegationAccount,
    AllegationEvent,
    AllegationFinding,
    PoliceIntelligence,
    VerificationStep,
)
from supervision.models.audit import AuditEvent
from supervision.models.calendar import BankHoliday
from supervision.models.case_changes import CaseAddress, CaseChange
from supervision.models.case_reviews import CaseReview, CaseReviewJudgement
from supervision.models.cases import Case, KeyIndividual, LicenceCondition, LicenceConditionType
from supervision.models.contacts import Contact, ContactAmendment, ContactType
from supervision.models.enforcement import AbsenceDecisionFlag, EnforcementDecision, EnforcementPolicy
from supervision.models.flag_runs import OverdueFlagRun
from supervision.models.intake import CaseAllocation
from supervision.models.notifications import Notification
from supervision.models.organisation import PDU, Region, StaffProfile, Team
from supervision.models.outbox import OutboxEmail
from supervision.models.oversight import OversightAction, OversightActionEvent, OversightRecord
from supervision.models.programmes import Programme, ProgrammeEnrolment, ProgrammeEnrolmentEvent, ProgrammeSession
from supervision.models.recalls import Recall, RecallEvent
from supervision.models.risk_flags import RiskFlag, RiskFlagType
from supervision.models.risk_records import AcuteRiskFactor, RelationshipDisclosure, RiskFlagReview
from supervision.models.routing import UnroutedItem
from supervision.models.rules import CaseContactRequirement, ContactRule, OverdueFlag
from supervision.models.submissions import SubmissionToken

__all__ = [
    "Allegation",
    "AllegationAccount",
    "AllegationEvent",
    "AllegationFinding",
    "PoliceIntelligence",
    "VerificationStep",
    "AcuteRiskFactor",
    "AuditEvent",
    "AbsenceDecisionFlag",
    "EnforcementDecision",
    "EnforcementPolicy",
    "Recall",
    "RecallEvent",
    "RelationshipDisclosure",
    "RiskFlagReview",
    "BankHoliday",
    "CaseReview",
    "CaseReviewJudgement",
    "OversightAction",
    "OversightActionEvent",
    "OversightRecord",
    "PDU",
    "Programme",
    "ProgrammeEnrolment",
    "ProgrammeEnrolmentEvent",
    "ProgrammeSession",
    "Case",
    "CaseAccessLimit",
    "CaseAllocation",
    "CaseAddress",
    "CaseChange",
    "CaseContactRequirement",
    "Contact",
    "ContactAmendment",
    "ContactRule",
    "ContactType",
    "KeyIndividual",
    "LicenceCondition",
    "LicenceConditionType",
    "Notification",
    "OutboxEmail",
    "OverdueFlag",
    "OverdueFlagRun",
    "Region",
    "RiskFlag",
    "RiskFlagType",
    "StaffProfile",
    "SubmissionToken",
    "Team",
    "UnroutedItem",
]
