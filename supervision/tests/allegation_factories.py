"""Allegations made the way users make them: through the allegations service, so every one holds a state the
workflow allows (its "recorded" history row, conditions in force on the date, a finding only after an account)."""

from datetime import timedelta

from django.utils import timezone

from supervision.models import Allegation, AllegationAccount, AllegationFinding, LicenceConditionType
from supervision.services import allegations as services
from supervision.tests.factories import LicenceConditionFactory, LicenceConditionTypeFactory


def exclusion_zone(case):
    """An exclusion zone condition on the case from its start (the seed case's condition)."""
    condition_type = LicenceConditionTypeFactory(
        code="EXZ1", category=LicenceConditionType.Category.EXCLUSION_ZONE, name="Exclusion zone"
    )
    return LicenceConditionFactory(case=case, condition_type=condition_type, started_on=case.started_on)


def record_allegation(case, *, by=None, conditions=None, days_ago=2, **fields) -> Allegation:
    received_on = timezone.localdate() - timedelta(days=days_ago)
    values = {
        "received_on": received_on,
        "reported_by": Allegation.ReportedBy.VICTIM,
        "channel": Allegation.Channel.PHONE,
        "description": "Seen on the Eastfield estate on Saturday afternoon.",
        "alleged_on": received_on - timedelta(days=1),
        "urgency": Allegation.Urgency.URGENT,
        "location": "Eastfield estate",
        **fields,
    }
    return services.record_allegation(
        case,
        by=by or case.responsible_officer,
        conditions=conditions if conditions is not None else [exclusion_zone(case)],
        **values,
    )


def add_account(allegation, *, by=None, **fields) -> AllegationAccount:
    values = {
        "given_by": AllegationAccount.GivenBy.PERSON,
        "given_on": timezone.localdate(),
        "account": "I was at my mother's all afternoon.",
        **fields,
    }
    return services.add_account(allegation, by=by or allegation.case.responsible_officer, **values)


def decided_allegation(case, *, outcome=AllegationFinding.Outcome.UNABLE_TO_DETERMINE, **fields) -> Allegation:
    allegation = record_allegation(case, **fields)
    add_account(allegation)
    services.record_finding(
        allegation, by=case.responsible_officer, outcome=outcome, rationale="The accounts conflict; no CCTV."
    )
    allegation.refresh_from_db()
    return allegation
