"""Supervision owns the organisation (regions, PDUs, teams, staff), the case record and its contacts."""

from .calendar import BankHoliday
from .cases import Case, KeyIndividual, LicenceCondition, LicenceConditionType, RiskFlag, RiskFlagType
from .contacts import Contact, ContactAmendment, ContactType
from .notifications import Notification
from .organisation import PDU, Region, StaffProfile, Team
from .rules import CaseContactRequirement, ContactRule, OverdueFlag
from .workspace import AcuteRiskFactor, RelationshipDisclosure, RiskFlagReview

__all__ = [
    "AcuteRiskFactor",
    "RelationshipDisclosure",
    "RiskFlagReview",
    "BankHoliday",
    "PDU",
    "Case",
    "CaseContactRequirement",
    "Contact",
    "ContactAmendment",
    "ContactRule",
    "ContactType",
    "KeyIndividual",
    "LicenceCondition",
    "LicenceConditionType",
    "Notification",
    "OverdueFlag",
    "Region",
    "RiskFlag",
    "RiskFlagType",
    "StaffProfile",
    "Team",
]
