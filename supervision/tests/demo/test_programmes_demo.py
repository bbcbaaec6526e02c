"""The demo's seed case is enrolled on Building Better Relationships as his licence requires, through the
services: weekly sessions attended, one acceptable absence, and the last session missed (failed to attend, then
judged an unacceptable absence): the failure the recall answered. Running the demo again adds nothing."""

import pytest
from django.utils import timezone

from supervision.demo import build_demo
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, Contact, ProgrammeEnrolment, ProgrammeSession
from supervision.services.compliance import compliance_summary

pytestmark = pytest.mark.django_db

Outcome = Contact.Outcome


def test_the_seed_case_attends_building_better_relationships_until_the_session_he_missed():
    build_demo()
    case = Case.objects.get(crn=SEED_CASE_CRN)
    enrolment = case.programme_enrolments.get()

    assert enrolment.programme.code == "BBR"
    assert enrolment.licence_condition.condition_type.code == "PRG1"
    assert enrolment.status == ProgrammeEnrolment.Status.STARTED
    sessions = list(enrolment.sessions.select_related("contact").order_by("session_number"))
    outcomes = [session.contact.outcome for session in sessions]
    assert outcomes[-1] == Outcome.UNACCEPTABLE_ABSENCE
    assert sessions[-1].contact.amendments.get().changes["outcome"]["from"] == Outcome.FAILED_TO_ATTEND
    assert outcomes.count(Outcome.ACCEPTABLE_ABSENCE) == 1
    assert outcomes.count(Outcome.ATTENDED_COMPLIED) == len(sessions) - 2
    summary = compliance_summary(case, on=timezone.localdate())
    assert (summary.sessions_attended, summary.sessions_missed) == (len(sessions) - 2, 1)

    build_demo()
    assert ProgrammeSession.objects.filter(enrolment__case=case).count() == len(sessions)
