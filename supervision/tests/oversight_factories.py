"""Oversight records and case reviews made through the services, as a manager would make them."""

from datetime import timedelta

from django.utils import timezone

from supervision.models.case_reviews import Prompt
from supervision.services import case_reviews as review_services
from supervision.services import oversight as services


def record_oversight(case, manager, *, actions=(), reviewed_on=None, **extra):
    reviewed_on = reviewed_on or timezone.localdate()
    return services.record_oversight(
        case,
        by=manager,
        reviewed_on=reviewed_on,
        what_was_reviewed=extra.pop("what_was_reviewed", "Contacts and the risk management plan"),
        decision=extra.pop("decision", "Keep contact weekly; refer to children's social care"),
        actions=[services.NewAction(text, reviewed_on + timedelta(days=days)) for text, days in actions],
        **extra,
    )


def judgements(*, not_sufficient=()):
    return {
        prompt.value: review_services.Judgement(
            prompt.value not in not_sufficient, "Not enough" if prompt.value in not_sufficient else ""
        )
        for prompt in Prompt
    }


def record_case_review(case, manager, *, not_sufficient=(), days=180):
    today = timezone.localdate()
    return review_services.record_case_review(
        case,
        by=manager,
        window_from=today - timedelta(days=days),
        window_to=today,
        judgements=judgements(not_sufficient=not_sufficient),
    )
