"""save_once: one record per submission, whatever the repeats and races; check_version and the fingerprint."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.submissions import (
    StaleEdit,
    SubmissionReused,
    check_version,
    fingerprint,
    is_expired,
    issue_submission_token,
    issued_at,
)
from supervision.models import KeyIndividual, SubmissionToken
from supervision.services.submissions import Submission, prune_submission_tokens, save_once
from supervision.tests.factories import CaseFactory, KeyIndividualFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _adder(case, name="Kerry Hollis"):
    def save():
        return KeyIndividualFactory(case=case, name=name)

    return save


def test_the_first_post_saves_and_a_repeat_answers_with_its_record_without_saving_again():
    case = CaseFactory()
    submission = Submission(token=uuid.uuid4(), fingerprint="same", by=case.responsible_officer)
    first = save_once(submission, _adder(case))
    second = save_once(submission, _adder(case, name="never saved"))
    assert not first.is_repeat and second.is_repeat
    assert second.record == first.record
    assert KeyIndividual.objects.filter(case=case).count() == 1
    assert SubmissionToken.objects.get().saved == first.record


def test_the_same_token_with_different_content_or_from_another_user_is_refused():
    case = CaseFactory()
    token = uuid.uuid4()
    save_once(Submission(token=token, fingerprint="typed once", by=case.responsible_officer), _adder(case))
    with pytest.raises(SubmissionReused):
        save_once(Submission(token=token, fingerprint="typed again", by=case.responsible_officer), _adder(case))
    with pytest.raises(SubmissionReused):
        save_once(Submission(token=token, fingerprint="typed once", by=StaffFactory()), _adder(case))
    assert KeyIndividual.objects.filter(case=case).count() == 1


def test_a_refused_save_keeps_no_token_so_the_corrected_form_can_be_sent_again():
    case = CaseFactory()
    token = uuid.uuid4()

    def refused():
        KeyIndividualFactory(case=case)
        raise RuleBroken("Enter their name", field="name")

    with pytest.raises(RuleBroken):
        save_once(Submission(token=token, fingerprint="first try", by=case.responsible_officer), refused)
    assert not SubmissionToken.objects.exists() and not KeyIndividual.objects.filter(case=case).exists()
    saved = save_once(Submission(token=token, fingerprint="corrected", by=case.responsible_officer), _adder(case))
    assert not saved.is_repeat and saved.record.case == case


@pytest.mark.django_db(transaction=True)
def test_a_second_post_while_the_first_is_still_saving_waits_and_answers_with_the_first_ones_record():
    """The race itself, made certain: the first post holds its transaction open until the second has sent its
    INSERT of the same token; the second waits on the unique index, then fails inside its savepoint and is
    answered from the first's row. No IntegrityError reaches the user."""
    case = CaseFactory()
    submission = Submission(token=uuid.uuid4(), fingerprint="same", by=case.responsible_officer)
    first_saved, second_started = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = save_once(submission, _adder(case))
                first_saved.set()
                second_started.wait(timeout=5)
                time.sleep(0.3)  # long enough for the second's INSERT to be waiting on the unique index
        finally:
            connection.close()

    def second():
        try:
            first_saved.wait(timeout=5)
            second_started.set()
            results["second"] = save_once(submission, _adder(case, name="never saved"))
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["second"].is_repeat
    assert results["second"].record == results["first"].record
    assert KeyIndividual.objects.filter(case=case).count() == 1


def test_check_version_refuses_a_stale_copy_and_counts_a_current_one():
    person = KeyIndividualFactory()
    assert person.version == 1
    check_version(person, 1)
    assert person.version == 2
    with pytest.raises(StaleEdit) as refused:
        check_version(person, 1)
    assert refused.value.current is person and refused.value.loaded_version == 1
    check_version(person, None)  # not from a form: whatever is current
    assert person.version == 3


def test_the_fingerprint_is_equal_for_equal_content_and_different_otherwise():
    first, second = KeyIndividualFactory(), KeyIndividualFactory()
    assert fingerprint({"people": {first, second}, "note": "x"}) == fingerprint(
        {"note": "x", "people": {second, first}}
    )
    assert fingerprint({"person": first}) != fingerprint({"person": second})
    assert fingerprint({"note": "x"}) != fingerprint({"note": "y"})


def test_a_token_says_when_its_form_was_drawn_and_expires_after_the_days_tokens_are_kept(settings):
    settings.SUBMISSION_TOKEN_DAYS = 30
    now = timezone.now()
    token = issue_submission_token(at=now - timedelta(days=3))
    assert token.version == 1
    assert abs(issued_at(token) - (now - timedelta(days=3))) < timedelta(milliseconds=1)
    assert not is_expired(token, now=now)
    assert is_expired(issue_submission_token(at=now - timedelta(days=31)), now=now)
    assert not is_expired(uuid.uuid4(), now=now)  # a random token from before says nothing of its age
    assert issue_submission_token() != issue_submission_token()


def test_pruning_forgets_only_tokens_older_than_forms_may_be_posted(settings):
    settings.SUBMISSION_TOKEN_DAYS = 30
    user = StaffFactory()
    now = timezone.now()
    rows = [SubmissionToken.objects.create(token=uuid.uuid4(), fingerprint="x", submitted_by=user) for _ in range(3)]
    SubmissionToken.objects.filter(pk=rows[0].pk).update(created_at=now - timedelta(days=32))
    SubmissionToken.objects.filter(pk=rows[1].pk).update(created_at=now - timedelta(days=30))
    assert prune_submission_tokens(now=now) == 1
    assert prune_submission_tokens(now=now) == 0  # a second run finds nothing more
    assert set(SubmissionToken.objects.values_list("pk", flat=True)) == {rows[1].pk, rows[2].pk}
