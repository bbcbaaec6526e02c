"""Referrals to other agencies, the MAPPA escalation queue, and MAPPA meetings with their actions."""

from mappa.models.agencies import Agency
from mappa.models.coordinators import DisputeMeeting, MappaCoordinator, MappaDecision
from mappa.models.escalations import Escalation
from mappa.models.meetings import MappaAction, MappaMeeting
from mappa.models.referrals import Referral, ReferralEvent

__all__ = [
    "Agency",
    "DisputeMeeting",
    "Escalation",
    "MappaCoordinator",
    "MappaDecision",
    "MappaAction",
    "MappaMeeting",
    "Referral",
    "ReferralEvent",
]
