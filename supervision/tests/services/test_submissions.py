"""save_once: one record per submission, whatever the repeats and races; check_version and the fingerprint."""

import threading
import time
import uuid

import pytest
from django.db import connection, transaction

from caseworks.errors import RuleBroken
from caseworks.submissions import StaleEdit, SubmissionReused, check_version, fingerprint
from supervision.models import KeyIndividual, SubmissionToken
from supervision.services.submissions import Submission, save_once
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
