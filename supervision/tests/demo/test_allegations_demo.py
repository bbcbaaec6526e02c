"""The demo's seed case carries the case study's allegations, recorded through the services: breaches of the
exclusion zone reported by the victim and the victim liaison officer, conflicting accounts, findings of "unable
to determine", one confirmed on CCTV, a revisited finding, police intelligence of driving while disqualified,
and one allegation whose first response is late. Running the demo again adds nothing."""

import pytest
from django.utils import timezone

from supervision.demo import build_demo
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Allegation, AllegationAccount, AllegationFinding, Case
from supervision.models.allegations import open_allegations_past_due

pytestmark = pytest.mark.django_db

Outcome = AllegationFinding.Outcome


def test_the_seed_case_holds_the_case_studys_allegations_once():
    build_demo()
    case = Case.objects.get(crn=SEED_CASE_CRN)
    allegations = case.allegations.all()

    assert {a.reported_by for a in allegations} >= {Allegation.ReportedBy.VICTIM, Allegation.ReportedBy.VLO}
    assert all(a.conditions.filter(condition_type__code="EXZ1").exists() for a in allegations)
    assert allegations.filter(finding=Outcome.UNABLE_TO_DETERMINE).count() == 2
    assert allegations.filter(finding=Outcome.SUBSTANTIATED).count() == 1
    assert AllegationFinding.objects.filter(allegation__case=case, replaces__isnull=False).count() == 1
    conflicting = allegations.get(
        finding=Outcome.UNABLE_TO_DETERMINE,
        findings__replaces__isnull=True,
        accounts__given_by=AllegationAccount.GivenBy.FAMILY,
    )
    assert {account.given_by for account in conflicting.accounts.all()} >= {"VICTIM", "PERSON", "FAMILY"}
    assert case.police_intelligence.get().description.startswith("Stopped driving a car while disqualified")
    assert list(open_allegations_past_due(Case.objects.filter(pk=case.pk), on=timezone.localdate())) == [
        allegations.get(status=Allegation.Status.RECEIVED)
    ]

    build_demo()
    assert case.allegations.count() == allegations.count() == 5
