"""Two line managers endorsing one recall at the same moment (two threads, two PostgreSQL connections): the row
lock serialises them, so the recall has exactly one endorsement and the Head of Public Protection is asked once."""

import threading

import pytest
from django.db import connection

from supervision.models import Notification, Recall, RecallEvent
from supervision.services import recalls as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory
from supervision.tests.recall_factories import recommend_recall


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
def test_two_line_managers_endorsing_at_once_record_one_endorsement():
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    recall = recommend_recall(case)
    managers = [team["manager"], team["deputy"]]

    results, errors = _at_once(2, lambda index: services.endorse_recall(recall, by=managers[index]))

    assert errors == []
    assert len(results) == 2
    recall.refresh_from_db()
    assert recall.status == Recall.Status.ENDORSED
    assert recall.endorsed_by in managers
    assert recall.events.filter(action=RecallEvent.Action.ENDORSED).count() == 1
    assert (
        Notification.objects.filter(recipient=team["head"], event_key=f"recall-countersignature:{recall.pk}").count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_an_endorsement_and_a_withdrawal_at_once_leave_one_of_them():
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    recall = recommend_recall(case)

    def act(index):
        if index == 0:
            return services.endorse_recall(recall, by=team["manager"])
        return services.withdraw_recall(recall, by=team["officer"], reason="New evidence")

    results, errors = _at_once(2, act)

    # Whichever came first, the withdrawal stands: after an endorsement it is still allowed; before one, the
    # endorsement is refused with the reason. Each step is recorded once, in the order it happened.
    recall.refresh_from_db()
    assert recall.status == Recall.Status.WITHDRAWN
    actions = list(recall.events.values_list("action", flat=True))
    assert actions in (
        [RecallEvent.Action.RECOMMENDED, RecallEvent.Action.ENDORSED, RecallEvent.Action.WITHDRAWN],
        [RecallEvent.Action.RECOMMENDED, RecallEvent.Action.WITHDRAWN],
    )
    if len(actions) == 3:
        assert errors == []
    else:
        assert [error.message for error in errors] == ["This recall is withdrawn: nothing more can be done on it"]
