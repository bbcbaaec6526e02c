"""The demo's seed case carries the case study's enforcement, recorded through the enforcement service: a warning
for entering the exclusion zone and failing to disclose a relationship (the allegation confirmed on CCTV), then a
final warning for driving while disqualified (the police intelligence), both in force today. No recall: that is
the recall workflow's demo. Running the demo again adds nothing."""

import pytest
from django.utils import timezone

from supervision.demo import build_demo
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import AllegationFinding, Case, EnforcementDecision

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
    assert not case.enforcement_decisions.recalls().exists()
    assert warning.decided_by.username == final.decided_by.username == "priya.shah"

    build_demo()
    assert case.enforcement_decisions.count() == 2
