"""The demo's seed case carries one management oversight record (one action done, one open in the officer's My
work) and one "keeping people safe" review, recorded through the services. Running the demo again adds nothing."""

import pytest
from django.utils import timezone

from supervision.demo import build_demo
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, CaseReview, OversightAction, OversightRecord
from supervision.models.case_reviews import Prompt
from supervision.models.oversight import open_oversight_actions

pytestmark = pytest.mark.django_db


def test_the_seed_case_holds_one_oversight_record_and_one_case_review_once():
    build_demo()
    build_demo()
    case = Case.objects.get(crn=SEED_CASE_CRN)

    record = OversightRecord.objects.get(case=case)
    assert record.recorded_by.username == "helen.carter"
    assert sorted(record.actions.values_list("status", flat=True)) == [
        OversightAction.Status.DONE,
        OversightAction.Status.OPEN,
    ]
    assert open_oversight_actions(Case.objects.filter(pk=case.pk), on=timezone.localdate()).count() == 1
    review = CaseReview.objects.get(case=case)
    assert review.judgements.count() == len(Prompt)
    assert not review.judgements.get(prompt=Prompt.KEY_INDIVIDUALS).is_sufficient
    assert review.evidence[Prompt.AGENCIES.value]  # mappa's referrals are part of the snapshot
