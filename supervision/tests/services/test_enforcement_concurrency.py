"""Two people recommending a recall on one case at the same moment (two threads, two PostgreSQL connections): the
case row lock serialises them, so the case gets exactly one recall in progress and the other is told why."""

import threading

import pytest
from django.db import connection

from caseworks.errors import RuleBroken
from supervision.models import EnforcementDecision, Recall, RecallEvent
from supervision.services import enforcement as services
from supervision.tests.access_factories import managed_team
from supervision.tests.enforcement_factories import decide, unacceptable_absence
from supervision.tests.factories import CaseFactory

Kind = EnforcementDecision.Kind


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


@pytest.mark.django_db(transaction=True)
def test_two_recall_recommendations_at_once_record_one_and_tell_the_other(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    absence = unacceptable_absence(case)
    people = [team["officer"], team["manager"]]
    kinds = [Kind.RECALL_STANDARD, Kind.RECALL_EMERGENCY]

    results, errors = _at_once(
        2, lambda index: decide(case, kinds[index], by=people[index], evidence={"contacts": [absence]})
    )

    assert len(results) == 1
    assert [type(error) for error in errors] == [RuleBroken]
    assert errors[0].message == services.RECALL_IN_PROGRESS
    assert EnforcementDecision.objects.count() == Recall.objects.count() == RecallEvent.objects.count() == 1
