"""The escalation sweeps are set-based: the same number of statements for 2 rejected referrals as for 8, with the
same result as one at a time (each escalated once, its history and event rows written, its manager told)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mappa.models import Escalation, ReferralEvent
from mappa.services import escalations as svc
from mappa.tests.factories import RejectedMappaReferralFactory, managed_team
from supervision.models import Notification
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)
Level = Escalation.Level


def _rejected(team, n):
    for _ in range(n):
        RejectedMappaReferralFactory(case=CaseFactory(responsible_officer=team["officer"], team=team["team"]))


def _queries(sweep, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        sweep(**kwargs)
    return len(captured)


def test_escalating_takes_the_same_statements_for_2_referrals_as_for_8():
    team = managed_team()
    _rejected(team, 2)
    few = _queries(svc.escalate_rejected_referrals, on=MONDAY)
    _rejected(team, 8)
    assert _queries(svc.escalate_rejected_referrals, on=MONDAY) == few
    assert Escalation.objects.filter(level=Level.LINE_MANAGER).count() == 10
    assert Escalation.history.filter(history_type="+").count() == 10
    assert ReferralEvent.objects.filter(action=ReferralEvent.Action.ESCALATED_TO_LINE_MANAGER).count() == 10
    assert Notification.objects.filter(recipient=team["manager"], event_key__startswith="escalation:").count() == 10
    assert svc.escalate_rejected_referrals(on=MONDAY) == 0


def test_stepping_up_takes_the_same_statements_for_2_escalations_as_for_8():
    team = managed_team()
    _rejected(team, 2)
    svc.escalate_rejected_referrals(on=MONDAY)
    few = _queries(svc.step_up_overdue_escalations, on=date(2026, 3, 10))
    _rejected(team, 8)
    svc.escalate_rejected_referrals(on=MONDAY)
    assert _queries(svc.step_up_overdue_escalations, on=date(2026, 3, 10)) == few
    assert Escalation.objects.filter(level=Level.HEAD_OF_PUBLIC_PROTECTION).count() == 10
    assert Escalation.objects.filter(resolution=Escalation.Resolution.STEPPED_UP, resolved_by=None).count() == 10
    assert ReferralEvent.objects.filter(action=ReferralEvent.Action.STEPPED_UP).count() == 10
    assert Notification.objects.filter(event_key__startswith="escalation-stepped-up:").count() == 10
    assert svc.step_up_overdue_escalations(on=date(2026, 3, 11)) == 0
