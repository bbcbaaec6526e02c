"""The MAPPA sweeps are set-based: the same number of statements for 2 items as for 8, with the same result as
one at a time (each escalated, chased or flagged once, its history and event rows written, the right people
told)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mappa.models import Escalation, ReferralEvent
from mappa.services import escalations as svc
from mappa.services.meetings import flag_overdue_mappa_actions
from mappa.services.referrals import chase_late_referrals
from mappa.tests.factories import (
    MappaActionFactory,
    MappaMeetingFactory,
    ReferralFactory,
    RejectedMappaReferralFactory,
    managed_team,
)
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


def test_chasing_late_referrals_takes_the_same_statements_for_2_as_for_8():
    team = managed_team()

    def late(n):
        for _ in range(n):
            case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
            ReferralFactory(case=case, sent_on=date(2026, 2, 1), response_due_on=date(2026, 2, 10))

    late(2)
    few = _queries(chase_late_referrals, on=date(2026, 2, 11))
    late(8)
    assert _queries(chase_late_referrals, on=date(2026, 2, 11)) == few
    assert ReferralEvent.objects.filter(action=ReferralEvent.Action.CHASED).count() == 10
    assert Notification.objects.filter(recipient=team["officer"], event_key__startswith="referral-late:").count() == 10
    assert chase_late_referrals(on=date(2026, 2, 12)) == 0


def test_flagging_overdue_mappa_actions_takes_the_same_statements_for_2_as_for_8():
    team = managed_team()

    def overdue(n):
        case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
        meeting = MappaMeetingFactory(case=case)
        MappaActionFactory.create_batch(n, meeting=meeting, due_on=date(2026, 3, 1))

    overdue(2)
    few = _queries(flag_overdue_mappa_actions, on=date(2026, 3, 5))
    overdue(8)
    assert _queries(flag_overdue_mappa_actions, on=date(2026, 3, 5)) == few
    assert Notification.objects.filter(recipient=team["manager"], event_key__startswith="mappa-action").count() == 10
    assert flag_overdue_mappa_actions(on=date(2026, 3, 6)) == 0
