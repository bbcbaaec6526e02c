"""Programmes' reference data and the database's own rules for enrolments: whatever a bug or the admin tries,
an enrolment's state carries exactly the dates and reasons it implies."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from supervision.models import Contact, Programme, ProgrammeEnrolment
from supervision.models.programmes import ATTENDED_OUTCOMES
from supervision.reference_data.programmes import load_programmes
from supervision.tests.factories import CaseFactory
from supervision.tests.programme_factories import bbr

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_programmes_load_once_with_building_better_relationships_among_them():
    load_programmes()
    load_programmes()

    names = set(Programme.objects.values_list("name", flat=True))
    assert {"Building Better Relationships", "Thinking Skills Programme", "Resolve", "Horizon", "Kaizen"} <= names
    assert Programme.objects.count() == len(names)


def test_attended_outcomes_are_the_contact_outcomes_in_which_the_person_attended():
    assert set(ATTENDED_OUTCOMES) == set(Contact.SEEN_OUTCOMES) - {Contact.Outcome.CONTACT_MADE}


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "STARTED"},  # no start date
        {"status": "REFERRED", "started_on": TODAY},
        {"status": "COMPLETED", "started_on": TODAY},  # no end date
        {"status": "TERMINATED", "started_on": TODAY, "ended_on": TODAY, "end_reason": "x"},  # no reason chosen
        {"status": "TERMINATED", "started_on": TODAY, "ended_on": TODAY, "termination_reason": "DESELECTED"},
        {"status": "WITHDRAWN", "ended_on": TODAY},  # no reason
        {"status": "STARTED", "started_on": TODAY - timedelta(days=30)},  # before the referral
        {"status": "PAUSED"},
        {"required_because": ""},  # nothing says why it is required
    ],
)
def test_the_database_refuses_an_enrolment_whose_state_and_dates_disagree(fields):
    case = CaseFactory()
    values = {"referred_on": TODAY - timedelta(days=7), "required_because": "Order requirement", **fields}

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeEnrolment.objects.create(case=case, programme=bbr(), created_by=case.responsible_officer, **values)
