"""A transfer takes mappa's work with the case (mappa/services/transfers.py, a step registered with
supervision.services.allocation): the outgoing officer's open MAPPA actions go to the receiving officer, and an
open escalation held by a manager who can no longer see the case is re-routed and its new holder told."""

import pytest
from django.utils import timezone

from mappa.models import Escalation
from mappa.tests.factories import (
    EscalationFactory,
    MappaActionFactory,
    MappaMeetingFactory,
    RejectedMappaReferralFactory,
)
from supervision import roles
from supervision.models import Notification
from supervision.services import allocation
from supervision.services.intake import open_case
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import StaffFactory, TeamFactory
from supervision.tests.intake_helpers import opening

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = open_case(opening(people["team"]), by=people["manager"])
    return people


def test_open_mappa_actions_of_the_old_officer_move_to_the_new_one(team):
    allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    meeting = MappaMeetingFactory(case=team["case"], recorded_by=team["manager"])
    open_action = MappaActionFactory(meeting=meeting, owner_user=team["officer"])
    done = MappaActionFactory(meeting=meeting, owner_user=team["officer"], done_on=timezone.localdate())

    allocation.transfer_case(
        team["case"], team=team["team"], officer=team["colleague"], reason="Two.", by=team["manager"]
    )

    open_action.refresh_from_db()
    done.refresh_from_db()
    assert open_action.owner_user == team["colleague"]
    assert done.owner_user == team["officer"]


def test_an_open_escalation_follows_the_case_to_the_receiving_team(team):
    allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    escalation = EscalationFactory(
        referral=RejectedMappaReferralFactory(case=team["case"], created_by=team["officer"]),
        assigned_to=team["manager"],
    )
    receiving = TeamFactory(pdu=team["team"].pdu)
    their_manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=receiving)
    officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=receiving)
    officer.profile.line_manager = their_manager
    officer.profile.save()

    allocation.transfer_case(team["case"], team=receiving, officer=officer, reason="Moved.", by=team["head"])

    escalation = Escalation.objects.get(pk=escalation.pk)
    assert escalation.assigned_to == their_manager
    assert Notification.objects.filter(recipient=their_manager, subject__contains="escalation").exists()
