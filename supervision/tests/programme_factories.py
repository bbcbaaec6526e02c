"""Programmes made the way users make them: enrolments through the programmes service (so each holds a state the
workflow allows, with its history), on a programme-attendance licence condition."""

from datetime import timedelta

from django.utils import timezone

from supervision.models import ContactType, LicenceConditionType, Programme
from supervision.services import programmes as services
from supervision.tests.factories import ContactTypeFactory, LicenceConditionFactory, LicenceConditionTypeFactory


def bbr():
    return Programme.objects.get_or_create(
        code="BBR",
        defaults={"name": "Building Better Relationships", "kind": Programme.Kind.ACCREDITED, "number_of_sessions": 31},
    )[0]


def thinking_skills():
    return Programme.objects.get_or_create(
        code="TSP",
        defaults={"name": "Thinking Skills Programme", "kind": Programme.Kind.ACCREDITED, "number_of_sessions": 19},
    )[0]


def programme_session_type():
    return ContactTypeFactory(
        code=services.PROGRAMME_SESSION_CODE,
        name="Programme session",
        group=ContactType.Group.APPOINTMENT,
        channel=ContactType.Channel.OFFICE,
    )


def programme_condition(case):
    """A programme-attendance condition on the case from its start (the seed case's condition)."""
    condition_type = LicenceConditionTypeFactory(
        code="PRG1", category=LicenceConditionType.Category.PROGRAMME, name="Attend a programme"
    )
    return LicenceConditionFactory(case=case, condition_type=condition_type, started_on=case.started_on)


def enrol(case, *, by=None, programme=None, days_ago=10, started=True, **fields):
    programme_session_type()
    referred_on = timezone.localdate() - timedelta(days=days_ago)
    values = {
        "programme": programme or bbr(),
        "referred_on": referred_on,
        "started_on": referred_on + timedelta(days=1) if started else None,
        **fields,
    }
    if "required_because" not in fields:
        values.setdefault("licence_condition", programme_condition(case))
    return services.enrol(case, by=by or case.responsible_officer, **values)
