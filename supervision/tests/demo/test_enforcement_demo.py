"""The demo's seed case carries the case study's enforcement, recorded through the enforcement service: a warning
for entering the exclusion zone and failing to disclose a relationship (the allegation confirmed on CCTV), then a
final warning for driving while disqualified (the police intelligence), both in force today; then the recall
recommended for the Building Better Relationships session he missed, waiting for the line manager's endorsement.
Running the demo again adds nothing."""

import pytest
from django.utils import timezone

from supervision.demo import build_demo
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import AllegationFinding, Case, EnforcementDecision, Recall

pytestmark = pytest.mark.django_db

Kind = EnforcementDecision.Kind


def test_the_seed_case_holds_its_warning_and_final_warning_once():
    build_demo()
    case = Case.objects.get(crn=SEED_CASE_CRN)
    warning = case.enforcement_decisions.get(kind=Kind.WARNING)
    final = case.enforcement_decisions.get(kind=Kind.FINAL_WARNING)

    assert warning.decided_on < final.decided_on
    assert [a.finding for a in warning.allegations.all()] == [AllegationFinding.Outcome.SUBSTANTIATED]
    assert set(warning.allegations.get().conditions.values_list("condition_type__code", flat=True)) == {
        "EXZ1",
        "REL1",
    }
    assert final.police_intelligence.get().description.startswith("Stopped driving a car while disqualified")
    assert set(case.enforcement_decisions.warnings_in_force(on=timezone.localdate())) == {warning, final}
    assert warning.decided_by.username == final.decided_by.username == "priya.shah"
    recall = case.recalls.get()
    assert recall.status == Recall.Status.RECOMMENDED
    assert recall.decision.contacts.get().programme_session.enrolment.programme.code == "BBR"
    assert recall.decision.alternatives_considered

    build_demo()
    assert case.enforcement_decisions.count() == 3 and case.recalls.count() == 1
