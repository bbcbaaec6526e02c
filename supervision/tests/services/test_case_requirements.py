"""Case-level contact requirements: only a line manager or Head of Public Protection sets or ends one, and
ending one is recorded once, with who and why."""

from datetime import timedelta

import pytest
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision import roles
from supervision.models import CaseContactRequirement
from supervision.services.case_requirements import (
    CONTACTS_DO_NOT_FIT,
    ENDS_IN_THE_PAST,
    ONLY_MANAGERS_MAY_END,
    REASON_REQUIRED,
    CaseRequirementDetails,
    end_case_requirement,
    set_case_requirement,
)
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    HomeVisitTypeFactory()
    return CaseFactory(crn="D482913", first_name="Damien", last_name="Hollis")


@pytest.fixture
def manager(case):
    return StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team, first_name="Helen", last_name="Carter")


def test_ending_twice_changes_nothing(case, manager):
    requirement = CaseContactRequirementFactory(case=case)
    end_case_requirement(requirement, by=manager, reason="Reviewed")
    again = end_case_requirement(
        requirement, by=StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team), reason="Twice"
    )
    assert again.ended_by == manager and again.end_reason == "Reviewed"


def test_the_service_refuses_an_officer_even_without_the_page(case):
    requirement = CaseContactRequirementFactory(case=case)
    with pytest.raises(RuleBroken, match=ONLY_MANAGERS_MAY_END):
        end_case_requirement(requirement, by=case.responsible_officer, reason="Mine")


def _details(**overrides):
    today = timezone.localdate()
    fields = {
        "contact_description": "Home visit",
        "contact_types": [],
        "counts_home_visits": True,
        "contacts_needed": 1,
        "every_days": 7,
        "starts_on": today,
        "ends_on": today + timedelta(days=56),
        "reason": "New relationship with a vulnerable, pregnant partner.",
    }
    return CaseRequirementDetails(**{**fields, **overrides})


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"contacts_needed": 9}, CONTACTS_DO_NOT_FIT.format(contacts_needed=9, every_days=7), "contacts_needed"),
        ({"ends_on": timezone.localdate() - timedelta(days=1)}, ENDS_IN_THE_PAST, "ends_on"),
    ],
)
def test_a_broken_rule_names_the_field_it_belongs_to_and_sets_nothing(case, manager, overrides, message, field):
    with pytest.raises(RuleBroken) as refused:
        set_case_requirement(case, _details(**overrides), by=manager)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert not CaseContactRequirement.objects.exists()


def test_every_broken_rule_about_the_requirement_is_reported_together(case, manager):
    with pytest.raises(RuleBroken) as refused:
        set_case_requirement(
            case,
            _details(reason=" ", contacts_needed=9, ends_on=timezone.localdate() - timedelta(days=1)),
            by=manager,
        )
    assert [(rule.message, rule.field) for rule in refused.value.every_rule] == [
        (REASON_REQUIRED, "reason"),
        (CONTACTS_DO_NOT_FIT.format(contacts_needed=9, every_days=7), "contacts_needed"),
        (ENDS_IN_THE_PAST, "ends_on"),
    ]
    assert not CaseContactRequirement.objects.exists()
