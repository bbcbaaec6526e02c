"""Two people acting on one case's programme at the same moment (threads, each with its own PostgreSQL
connection): the row locks serialise them, so the case gets one enrolment in progress and one termination."""

import pytest
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision.models import ProgrammeEnrolment, ProgrammeEnrolmentEvent
from supervision.services import programmes as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory
from supervision.tests.programme_factories import bbr, enrol, programme_condition, programme_session_type
from supervision.tests.services.test_allegations_concurrency import _at_once

TODAY = timezone.localdate()


@pytest.fixture
def case():
    team = managed_team()
    return CaseFactory(responsible_officer=team["officer"], team=team["team"])


@pytest.mark.django_db(transaction=True)
def test_two_enrolments_on_one_programme_at_once_record_one(case):
    condition = programme_condition(case)
    programme = bbr()

    results, errors = _at_once(
        2,
        lambda index: services.enrol(
            case, by=case.responsible_officer, programme=programme, referred_on=TODAY, licence_condition=condition
        ),
    )

    assert len(results) == 1
    assert [type(error) for error in errors] == [RuleBroken]
    assert "already enrolled" in errors[0].message
    assert ProgrammeEnrolment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_terminations_at_once_record_one(case):
    programme_session_type()
    enrolment = enrol(case)

    results, errors = _at_once(
        3,
        lambda index: services.terminate_enrolment(
            enrolment, by=case.responsible_officer, ended_on=TODAY, reason="NON_ATTENDANCE", details=f"Said {index}"
        ),
    )

    assert errors == [] and len(results) == 3
    assert enrolment.events.filter(action=ProgrammeEnrolmentEvent.Action.TERMINATED).count() == 1
