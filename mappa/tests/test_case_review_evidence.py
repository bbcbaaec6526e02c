"""Referrals and MAPPA meetings as evidence for the "keeping people safe" review: registered from MappaConfig.ready()
under "other agencies were involved and coordinated", so supervision's review page shows them without importing
mappa."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mappa.models import Referral
from mappa.tests.factories import AgencyFactory, MappaMeetingFactory, ReferralFactory
from supervision.case_review import Window, gather_evidence
from supervision.models.case_reviews import Prompt
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_referrals_in_the_window_and_those_still_waiting_are_evidence_of_agencies_involved():
    case = CaseFactory()
    agency = AgencyFactory(name="Avonford children's services")
    ReferralFactory(case=case, agency=agency)
    ReferralFactory(case=case, agency=agency, sent_on=TODAY - timedelta(days=400))  # still waiting
    ReferralFactory(
        case=case,
        agency=agency,
        status=Referral.Status.RESPONDED,
        sent_on=TODAY - timedelta(days=400),
        response_due_on=TODAY - timedelta(days=386),
    )  # answered long before the window
    MappaMeetingFactory(case=case)

    evidence = gather_evidence(case, Window(TODAY - timedelta(days=30), TODAY, TODAY))

    figures = {figure.label: figure for figure in evidence[Prompt.AGENCIES]}
    assert figures["Referrals to other agencies"].value == "2"
    assert figures["Referrals awaiting a response"].value == "2"
    assert figures["Referrals awaiting a response"].items == ["Response overdue: 1"]
    assert figures["MAPPA meetings held"].value == "1"
    assert figures["MAPPA"].value == "Not MAPPA-managed"
