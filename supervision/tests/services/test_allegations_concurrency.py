"""Two people acting on one allegation at the same moment (two threads, two PostgreSQL connections): the row
lock serialises them, so the allegation gets exactly one first finding and one "investigation started"."""

import threading

import pytest
from django.db import connection

from caseworks.errors import RuleBroken
from supervision.models import AllegationEvent, AllegationFinding
from supervision.services import allegations as services
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import add_account, record_allegation
from supervision.tests.factories import CaseFactory

Action = AllegationEvent.Action


def _at_once(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(index):
        try:
            barrier.wait()
            results.append(work(index))
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def case():
    team = managed_team()
    return CaseFactory(responsible_officer=team["officer"], team=team["team"])


@pytest.mark.django_db(transaction=True)
def test_two_findings_at_once_record_one_and_tell_the_other_to_revisit(case):
    allegation = record_allegation(case)
    add_account(allegation)
    outcomes = [AllegationFinding.Outcome.UNABLE_TO_DETERMINE, AllegationFinding.Outcome.SUBSTANTIATED]

    results, errors = _at_once(
        2,
        lambda index: services.record_finding(
            allegation, by=case.responsible_officer, outcome=outcomes[index], rationale=f"Decision {index}"
        ),
    )

    assert len(results) == 1
    assert [type(error) for error in errors] == [RuleBroken]
    assert errors[0].message == services.FINDING_ALREADY_MADE
    assert AllegationFinding.objects.filter(allegation=allegation).count() == 1
    assert allegation.events.filter(action=Action.FINDING_RECORDED).count() == 1
    allegation.refresh_from_db()
    assert allegation.finding == results[0].outcome


@pytest.mark.django_db(transaction=True)
def test_two_first_accounts_at_once_start_the_investigation_once(case):
    allegation = record_allegation(case)

    results, errors = _at_once(3, lambda index: add_account(allegation, account=f"Account {index}"))

    assert errors == []
    assert allegation.accounts.count() == 3
    assert allegation.events.filter(action=Action.INVESTIGATION_STARTED).count() == 1
